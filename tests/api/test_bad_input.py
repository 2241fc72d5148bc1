"""Bad input gets a clear 4xx in the API.md error shape, names what is wrong, writes nothing."""
import json

import pytest


@pytest.fixture
def two(api):
    return api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")


def assert_error(status, data, expected_status, code=None, mentions=None):
    assert status == expected_status, data
    assert set(data) == {"error"} and {"code", "message"} <= set(data["error"]) <= {"code", "message", "field"}, data
    if code:
        assert data["error"]["code"] == code, data
    if mentions:
        assert mentions in data["error"]["message"], data


def inbox_of(api, user):
    return api.get("/threads?folder=inbox", user["token"])[1]["items"] + \
        api.get("/threads?folder=sent", user["token"])[1]["items"]


BAD_THREAD_BODIES = [
    ({"subject": "s", "body": "b"}, "recipient_ids"),
    ({"recipient_ids": "usr_x", "subject": "s", "body": "b"}, "recipient_ids"),
    ({"recipient_ids": [], "subject": "s", "body": "b"}, "recipient_ids"),
    ({"recipient_ids": [123], "subject": "s", "body": "b"}, "recipient_ids"),
    ({"recipient_ids": ["TOM"], "body": "b"}, "subject"),
    ({"recipient_ids": ["TOM"], "subject": "", "body": "b"}, "subject"),
    ({"recipient_ids": ["TOM"], "subject": "   ", "body": "b"}, "subject"),
    ({"recipient_ids": ["TOM"], "subject": "x" * 201, "body": "b"}, "subject"),
    ({"recipient_ids": ["TOM"], "subject": 5, "body": "b"}, "subject"),
    ({"recipient_ids": ["TOM"], "subject": "s"}, "body"),
    ({"recipient_ids": ["TOM"], "subject": "s", "body": ""}, "body"),
    ({"recipient_ids": ["TOM"], "subject": "s", "body": " \n "}, "body"),
    ({"recipient_ids": ["TOM"], "subject": "s", "body": "x" * 20_001}, "body"),
    ({"recipient_ids": ["TOM"], "subject": "s", "body": None}, "body"),
    ({"recipient_ids": ["TOM"], "subject": "s", "body": "b", "colour": "red"}, "colour"),
    ({"recipient_ids": ["TOM"], "subject": "s", "body": "b", "attachment_ids": "att_1"}, "attachment_ids"),
]


@pytest.mark.parametrize(("body", "field"), BAD_THREAD_BODIES)
def test_bad_new_thread_is_400_naming_the_field(api, two, body, field):
    cara, tom = two
    body = json.loads(json.dumps(body).replace('"TOM"', json.dumps(tom["user_id"])))
    status, data = api.post("/threads", cara["token"], body)
    assert_error(status, data, 400)
    error = data["error"]
    assert field in error["message"] or field in error["code"] or error.get("field", "").startswith(field), data
    assert inbox_of(api, tom) == [] and inbox_of(api, cara) == []


@pytest.mark.parametrize(
    ("raw", "code"),
    [("{not json", "invalid_json"), ("[1, 2]", "invalid_json"), ('"text"', "invalid_json"), ("", "invalid_json"),
     (b"\xff\xfe\x00", "invalid_json")],
)
def test_malformed_bodies(api, two, raw, code):
    status, data = api.post("/threads", two[0]["token"], raw=raw)
    assert_error(status, data, 400, code)


def test_wrong_content_type_still_gets_our_error_shape(api, two):
    status, data = api.post("/threads", two[0]["token"], raw="x=1", headers={"Content-Type": "image/png"})
    assert 400 <= status < 500 and "error" in data


def test_limits_are_accepted_at_the_boundary(api, two):
    cara, tom = two
    status, data = api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "s" * 200,
                                                         "body": "b" * 20_000})
    assert status == 201, data


def new_thread(api, sender, recipient_ids):
    return api.post("/threads", sender["token"], {"recipient_ids": recipient_ids, "subject": "s", "body": "b"})


def test_unknown_recipient_and_yourself(api, two):
    cara, _ = two
    status, data = new_thread(api, cara, ["usr_nobody"])
    assert_error(status, data, 404, "recipient_not_found")
    status, data = new_thread(api, cara, [cara["user_id"]])
    assert_error(status, data, 400, "invalid_recipients", "yourself")
    assert inbox_of(api, cara) == []


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=abc", "limit=-1", "limit=1.5", "folder=spam", "unread=maybe",
     "cursor=garbage", "cursor=" + "A" * 3000, "q=" + "x" * 201],
)
def test_bad_list_parameters(api, two, query):
    status, data = api.get(f"/threads?{query}", two[1]["token"])
    assert_error(status, data, 400)


@pytest.mark.parametrize(
    "body",
    [{}, {"action": "explode", "thread_ids": ["thr_1"]}, {"action": "archive"}, {"action": "archive", "thread_ids": []},
     {"action": "archive", "thread_ids": [f"thr_{i}" for i in range(101)]},
     {"action": "archive", "all": True, "thread_ids": ["thr_1"]}, {"action": "archive", "all": True, "folder": "spam"},
     {"action": "archive", "thread_ids": "thr_1"}],
)
def test_bad_bulk_actions(api, two, body):
    status, data = api.post("/threads/actions", two[1]["token"], body)
    assert_error(status, data, 400)


def test_reply_validation(api, two):
    cara, tom = two
    status, thread = new_thread(api, cara, [tom["user_id"]])
    tid = thread["thread_id"]
    for body in ({}, {"body": ""}, {"body": "x" * 20_001}, {"body": 42}):
        status, data = api.post(f"/threads/{tid}/messages", tom["token"], body)
        assert_error(status, data, 400)
    status, opened = api.get(f"/threads/{tid}", cara["token"])
    assert len(opened["messages"]) == 1


def test_patch_me_validation(api, two):
    for body in ({"notifications": "hourly"}, {"name": ""}, {"name": "x" * 101}, {"email": "new@x.com"}):
        status, data = api.patch("/me", two[0]["token"], body)
        assert_error(status, data, 400)
    assert api.get("/me", two[0]["token"])[1]["name"] == "Cara Casting"


def test_dev_token_validation(api):
    for body in ({"email": "no-at-sign", "name": "A", "role": "talent"},
                 {"email": "a@b.co", "name": "A", "role": "admin"},
                 {"email": "a@b.co", "role": "talent"},
                 {"email": "a@b.co", "name": "   ", "role": "talent"}):
        status, data = api.post("/dev/token", body=body)
        assert_error(status, data, 400)


def test_reports(api, two):
    cara, tom = two
    status, thread = new_thread(api, cara, [tom["user_id"]])
    message_id = thread["messages"][0]["message_id"]
    status, report = api.post("/reports", tom["token"], {"kind": "message", "target_id": message_id,
                                                          "reason": "Asked me to pay for headshots"})
    assert status == 201 and report["status"] == "open"
    status, report = api.post("/reports", tom["token"], {"kind": "user", "target_id": cara["user_id"],
                                                          "reason": "scam"})
    assert status == 201
    outsider = api.sign_up("Olly Outsider")
    status, data = api.post("/reports", outsider["token"], {"kind": "message", "target_id": message_id, "reason": "x"})
    assert_error(status, data, 404, "message_not_found")
    for body in ({"kind": "thing", "target_id": "x", "reason": "r"}, {"kind": "user", "target_id": "x", "reason": ""},
                 {"kind": "user", "target_id": cara["user_id"], "reason": " "}):
        status, data = api.post("/reports", tom["token"], body)
        assert_error(status, data, 400)
    status, data = api.post("/reports", tom["token"], {"kind": "notice", "target_id": "ntc_1", "reason": "scam"})
    assert_error(status, data, 404, "notice_not_found")


def test_block_validation(api, two):
    cara, _ = two
    assert_error(*api.post(f"/users/{cara['user_id']}/block", cara["token"]), 400, "invalid_block")
    assert_error(*api.post("/users/usr_nobody/block", cara["token"]), 404, "user_not_found")
    assert_error(*api.get("/users/usr_nobody", cara["token"]), 404)


@pytest.mark.parametrize("thread_id", ["x" * 3000, "thr_1%23META", "%E2%9C%A8", "a%20b"])
def test_odd_path_ids_are_404_not_500(api, two, thread_id):
    assert_error(*api.get(f"/threads/{thread_id}", two[1]["token"]), 404)
    assert_error(*api.post(f"/threads/{thread_id}/messages", two[1]["token"], {"body": "x"}), 404)
    assert_error(*api.get(f"/users/{thread_id}", two[1]["token"]), 404)


def test_deeply_nested_json_is_a_400(api, two):
    status, data = api.post("/threads", two[0]["token"], raw="[" * 100_000 + "]" * 100_000)
    assert_error(status, data, 400, "invalid_json")


def test_ids_with_key_separators_are_refused(api, two):
    status, data = new_thread(api, two[0], ["USER#x#PROFILE"])
    assert_error(status, data, 400)


@pytest.mark.parametrize("query", ["limit=²", "limit=٣", "limit=１０"])
def test_non_ascii_digits_in_limit_are_a_400(api, two, query):
    assert_error(*api.get(f"/threads?{query}", two[1]["token"]), 400, "invalid_limit")


def test_lone_surrogates_are_a_400_and_write_nothing(api, two):
    cara, tom = two
    raw = '{"recipient_ids": ["' + tom["user_id"] + '"], "subject": "Hi \\ud800", "body": "x"}'
    assert_error(*api.post("/threads", cara["token"], raw=raw), 400, "invalid_json")
    assert_error(*api.patch("/me", cara["token"], raw='{"name": "\\ud83d"}'), 400, "invalid_json")
    assert inbox_of(api, tom) == []


def test_control_characters_never_reach_a_display_name(api, two):
    status, me = api.patch("/me", two[0]["token"], {"name": "Cara\u0000\u0007\u001b[31m Casting"})
    assert status == 200 and me["name"] == "Cara [31m Casting"
