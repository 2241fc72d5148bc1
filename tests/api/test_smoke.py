def test_signup_and_message(api, pump):
    casting = api.sign_up("Cara Casting", "casting")
    talent = api.sign_up("Tom Talent")
    status, thread = api.post("/threads", casting["token"], {"recipient_ids": [talent["user_id"]],
                                                              "subject": "Callback", "body": "Hello Tom"})
    assert status == 201, thread
    pump.drain()
    status, page = api.get("/threads?q=hello", talent["token"])
    assert status == 200, page
    assert [t["thread_id"] for t in page["items"]] == [thread["thread_id"]]
