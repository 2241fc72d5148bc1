"""Messaging through the HTTP API (chalice test client over moto): SPEC.md section 2."""
import pytest


@pytest.fixture
def people(api):
    return {
        "cara": api.sign_up("Cara Casting", "casting"),
        "tom": api.sign_up("Tom Talent"),
        "uma": api.sign_up("Uma Understudy"),
    }


def start(api, sender, recipients, subject="Callback", body="Hello there", **extra):
    status, data = api.post("/threads", sender["token"], {
        "recipient_ids": [r["user_id"] for r in recipients], "subject": subject, "body": body, **extra})
    assert status == 201, data
    return data


def folder(api, user, name="inbox", **params):
    query = "&".join(f"{k}={v}" for k, v in {"folder": name, **params}.items())
    status, data = api.get(f"/threads?{query}", user["token"])
    assert status == 200, data
    return data


def ids(page):
    return [t["thread_id"] for t in page["items"]]


def unread(api, user):
    status, data = api.get("/threads/unread-count", user["token"])
    assert status == 200
    return data["unread"]


def act(api, user, action, thread_ids):
    status, data = api.post("/threads/actions", user["token"], {"action": action, "thread_ids": thread_ids})
    assert status == 200, data
    return data


def test_folders_follow_the_spec_across_two_users(api, people):
    cara, tom = people["cara"], people["tom"]
    thread = start(api, cara, [tom])
    tid = thread["thread_id"]
    assert thread["messages"][0]["body"] == "Hello there" and thread["messages"][0]["via"] == "web"

    assert ids(folder(api, tom)) == [tid] and folder(api, tom)["items"][0]["unread"] is True
    assert ids(folder(api, tom, "sent")) == []
    assert ids(folder(api, cara, "sent")) == [tid] and ids(folder(api, cara)) == []
    assert unread(api, tom) == 1 and unread(api, cara) == 0

    status, opened = api.get(f"/threads/{tid}", tom["token"])
    assert status == 200 and opened["unread"] is False
    assert unread(api, tom) == 0 and folder(api, tom)["items"][0]["unread"] is False

    status, reply = api.post(f"/threads/{tid}/messages", tom["token"], {"body": "Thanks!"})
    assert status == 201 and reply["sender"]["user_id"] == tom["user_id"]
    assert ids(folder(api, cara)) == [tid] and unread(api, cara) == 1
    assert ids(folder(api, tom, "sent")) == [tid]

    act(api, tom, "archive", [tid])
    assert ids(folder(api, tom)) == [] and ids(folder(api, tom, "archive")) == [tid]
    assert ids(folder(api, tom, "sent")) == [tid], "archiving does not hide what you sent"

    api.post(f"/threads/{tid}/messages", cara["token"], {"body": "One more thing"})
    assert ids(folder(api, tom)) == [tid] and ids(folder(api, tom, "archive")) == []
    assert folder(api, tom)["items"][0]["unread"] is True and unread(api, tom) == 1

    act(api, tom, "delete", [tid])
    for name in ("inbox", "sent", "archive"):
        assert ids(folder(api, tom, name)) == []
    assert api.get(f"/threads/{tid}", tom["token"])[0] == 404
    assert unread(api, tom) == 0
    status, still = api.get(f"/threads/{tid}", cara["token"])
    assert status == 200 and [m["body"] for m in still["messages"]] == ["Hello there", "Thanks!", "One more thing"]


def test_outsiders_get_404_everywhere(api, people):
    tid = start(api, people["cara"], [people["tom"]])["thread_id"]
    uma = people["uma"]
    assert api.get(f"/threads/{tid}", uma["token"])[0] == 404
    assert api.post(f"/threads/{tid}/messages", uma["token"], {"body": "hi"})[0] == 404
    status, data = api.post("/threads/actions", uma["token"], {"action": "archive", "thread_ids": [tid]})
    assert status == 404 and data["error"]["code"] == "thread_not_found"
    assert api.get("/threads/thr_doesnotexist", uma["token"])[0] == 404


def test_mark_unread_and_read_move_the_counter_once(api, people):
    cara, tom = people["cara"], people["tom"]
    tids = [start(api, cara, [tom], subject=f"S{i}")["thread_id"] for i in range(3)]
    assert unread(api, tom) == 3
    assert act(api, tom, "mark_read", tids)["updated"] == 3 and unread(api, tom) == 0
    act(api, tom, "mark_read", tids)
    assert unread(api, tom) == 0
    act(api, tom, "mark_unread", tids[:2])
    act(api, tom, "mark_unread", tids[:2])
    assert unread(api, tom) == 2
    assert ids(folder(api, tom, unread="true")) == list(reversed(tids[:2]))


def test_unarchive_returns_thread_to_inbox(api, people):
    tid = start(api, people["cara"], [people["tom"]])["thread_id"]
    act(api, people["tom"], "archive", [tid])
    act(api, people["tom"], "unarchive", [tid])
    assert ids(folder(api, people["tom"])) == [tid]


def test_lists_are_newest_first_and_page_with_a_cursor(api, people):
    cara, tom = people["cara"], people["tom"]
    tids = [start(api, cara, [tom], subject=f"S{i}")["thread_id"] for i in range(5)]
    api.post(f"/threads/{tids[0]}/messages", cara["token"], {"body": "bump"})
    expected = [tids[0], tids[4], tids[3], tids[2], tids[1]]
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = folder(api, tom, **params)
        seen += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == expected
    assert page["next_cursor"] is None


def test_cursor_from_another_list_or_user_is_refused(api, people):
    cara, tom = people["cara"], people["tom"]
    for i in range(3):
        start(api, cara, [tom], subject=f"S{i}")
    cursor = folder(api, tom, limit=1)["next_cursor"]
    status, data = api.get(f"/threads?folder=sent&cursor={cursor}", tom["token"])
    assert status == 400 and data["error"]["code"] == "invalid_cursor"
    status, _ = api.get(f"/threads?cursor={cursor}", cara["token"])
    assert status == 400


def test_group_thread_reaches_everyone(api, people):
    cara, tom, uma = people["cara"], people["tom"], people["uma"]
    tid = start(api, cara, [tom, uma])["thread_id"]
    api.post(f"/threads/{tid}/messages", tom["token"], {"body": "Reply all"})
    assert ids(folder(api, uma)) == [tid] and ids(folder(api, cara)) == [tid]
    names = {p["name"] for p in folder(api, uma)["items"][0]["participants"]}
    assert names == {"Cara Casting", "Tom Talent", "Uma Understudy"}


def test_production_and_role_are_carried(api, people):
    from tests.api.test_notices import publish

    editor = api.sign_up("Edda Editor", "editor")
    pid = publish(api, {"cd": people["cara"], "ed": editor})
    role_id = api.get(f"/notices/{pid}")[1]["roles"][0]["role_id"]
    thread = start(api, people["cara"], [people["tom"]], production_id=pid, role_id=role_id)
    item = folder(api, people["tom"])["items"][0]
    assert item["production"]["id"] == pid and item["role"]["id"] == role_id
    assert item["production"]["name"] and item["role"]["name"]
    assert thread["production"]["id"] == pid


def test_unicode_round_trips_exactly(api, people):
    text = "Bravo 🎭👏🏽 — שלום עולם, e\u0301toile, 東京, Z\u0351\u036b\u0343a\u0313lgo"
    tid = start(api, people["cara"], [people["tom"]], subject=text, body=text)["thread_id"]
    _, opened = api.get(f"/threads/{tid}", people["tom"]["token"])
    assert opened["subject"] == text and opened["messages"][0]["body"] == text


def test_open_thread_pages_older_messages(api, people):
    cara, tom = people["cara"], people["tom"]
    tid = start(api, cara, [tom], body="m0")["thread_id"]
    for i in range(1, 5):
        api.post(f"/threads/{tid}/messages", cara["token"], {"body": f"m{i}"})
    _, latest = api.get(f"/threads/{tid}?limit=2", tom["token"])
    assert [m["body"] for m in latest["messages"]] == ["m3", "m4"]
    _, older = api.get(f"/threads/{tid}?limit=3&cursor={latest['older_messages_cursor']}", tom["token"])
    assert [m["body"] for m in older["messages"]] == ["m0", "m1", "m2"] and older["older_messages_cursor"] is None


def test_blocked_sender_cannot_message_until_unblocked(api, people):
    cara, tom = people["cara"], people["tom"]
    tid = start(api, cara, [tom])["thread_id"]
    assert api.post(f"/users/{cara['user_id']}/block", tom["token"])[0] == 200
    status, data = api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "s", "body": "b"})
    assert status == 403 and data["error"]["code"] == "blocked"
    assert api.post(f"/threads/{tid}/messages", cara["token"], {"body": "hello?"})[0] == 403
    assert api.post(f"/threads/{tid}/messages", tom["token"], {"body": "I can still write"})[0] == 201
    assert api.delete(f"/users/{cara['user_id']}/block", tom["token"])[0] == 200
    assert api.post(f"/threads/{tid}/messages", cara["token"], {"body": "hello again"})[0] == 201


def test_suspended_user_cannot_send(api, people):
    from chalicelib.container import services

    services().accounts.users.update(people["cara"]["user_id"], suspended=True)
    status, data = api.post("/threads", people["cara"]["token"],
                            {"recipient_ids": [people["tom"]["user_id"]], "subject": "s", "body": "b"})
    assert status == 403 and data["error"]["code"] == "suspended"


def test_attachments_limit_and_unknown_ids(api, people):
    body = {"recipient_ids": [people["tom"]["user_id"]], "subject": "s", "body": "b"}
    five = [f"att_{i}" for i in range(5)]
    status, data = api.post("/threads", people["cara"]["token"], {**body, "attachment_ids": five})
    assert status == 422 and data["error"]["code"] == "too_many_attachments"
    status, data = api.post("/threads", people["cara"]["token"], {**body, "attachment_ids": ["att_nope"]})
    assert status == 422 and "att_nope" in data["error"]["message"]
    assert folder(api, people["tom"])["items"] == []


def test_no_response_carries_another_users_email(api, people):
    cara, tom = people["cara"], people["tom"]
    tid = start(api, cara, [tom])["thread_id"]
    api.post(f"/threads/{tid}/messages", tom["token"], {"body": "hi"})
    seen_by_tom = [api.get(p, tom["token"])[1] for p in
                   ("/threads", "/threads?folder=sent", f"/threads/{tid}", f"/users/{cara['user_id']}")]
    assert cara["email"] not in repr(seen_by_tom)
    assert api.get("/me", tom["token"])[1]["email"] == tom["email"]


def test_sent_unread_lists_threads_you_sent_in_that_are_unread(api, people):
    cara, tom = people["cara"], people["tom"]
    quiet = start(api, cara, [tom], subject="No answer yet")["thread_id"]
    answered = start(api, cara, [tom], subject="Answered")["thread_id"]
    api.post(f"/threads/{answered}/messages", tom["token"], {"body": "Yes!"})
    assert ids(folder(api, cara, "sent", unread="true")) == [answered]
    api.get(f"/threads/{answered}", cara["token"])
    assert ids(folder(api, cara, "sent", unread="true")) == []
    assert set(ids(folder(api, cara, "sent"))) == {quiet, answered}


def test_the_message_count_adds_a_thread_from_before_to_what_its_views_counted_since(api):
    """Counts moved from the thread's item to each view: a thread started before keeps its item's
    count, and each view adds the messages it saw since."""
    from chalicelib.storage.models import ThreadItem, thread_key

    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    thread = start(api, cara, [tom])["thread_id"]
    assert api.get(f"/threads/{thread}", tom["token"])[1]["message_count"] == 1
    assert api.post(f"/threads/{thread}/messages", tom["token"], {"body": "Thanks"})[0] == 201
    assert api.get(f"/threads/{thread}", cara["token"])[1]["message_count"] == 2
    # As a thread written before the change: its item counted 10, its views counted nothing yet.
    ThreadItem(thread_key(thread), "META").update(actions=[ThreadItem.message_count.set(10)])
    assert api.get(f"/threads/{thread}", cara["token"])[1]["message_count"] == 12
