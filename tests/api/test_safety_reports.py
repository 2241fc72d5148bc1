"""Reports through the API (docs/SAFETY.md): one person counts once, a notice is hidden only by
several people, reports carry a category and (for messages) the message, editors see a queue."""
import pytest

from chalicelib import container
from tests.api.test_notices import publish


@pytest.fixture
def people(api):
    return {"cd": api.sign_up("Cara Casting", "casting"), "ed": api.sign_up("Edda Editor", "editor"),
            "tom": api.sign_up("Tom Talent"), "tia": api.sign_up("Tia Talent"), "ted": api.sign_up("Ted Talent"),
            "sam": api.sign_up("Sam Scammer", "casting")}


def report(api, user, kind, target_id, category=None, reason="This looks wrong"):
    body = {"kind": kind, "target_id": target_id, "reason": reason, **({"category": category} if category else {})}
    return api.post("/reports", user["token"], body)


def queue(api, editor):
    status, data = api.get("/moderation/queue", editor["token"])
    assert status == 200, data
    return data["items"]


def history(api, editor, kind, target_id):
    status, data = api.get(f"/moderation/history?kind={kind}&target_id={target_id}", editor["token"])
    assert status == 200, data
    return data["items"]


def message_from(api, sender, recipient, body="Hello, are you free next week?"):
    status, thread = api.post("/threads", sender["token"], {"recipient_ids": [recipient["user_id"]],
                                                             "subject": "Hi", "body": body})
    assert status == 201, thread
    return thread["messages"][0]["message_id"]


def test_one_person_reporting_a_notice_again_and_again_counts_once_and_never_hides_it(api, people):
    pid = publish(api, people)
    status, first = report(api, people["tom"], "notice", pid, "misleading_notice")
    assert status == 201 and first["report_id"] and first["category"] == "misleading_notice"
    for _ in range(4):
        status, again = report(api, people["tom"], "notice", pid, "scam", reason="Reporting again")
        assert status == 200 and again["report_id"] == first["report_id"]
        assert again["category"] == "misleading_notice", "a repeat changes nothing"
    assert api.get(f"/notices/{pid}")[0] == 200, "one person cannot hide a notice"
    [case] = queue(api, people["ed"])
    assert case["kind"] == "notice" and case["target_id"] == pid and case["reporters"] == 1


def test_a_notice_is_hidden_once_three_different_people_report_it(api, people):
    pid = publish(api, people)
    for index, who in enumerate(("tom", "tia", "ted")):
        assert report(api, people[who], "notice", pid, "scam")[0] == 201
        assert api.get(f"/notices/{pid}")[0] == (200 if index < 2 else 404)
    reported = api.get("/moderation/notices?status=reported", people["ed"]["token"])[1]["items"]
    assert [n["production_id"] for n in reported] == [pid]
    [case] = queue(api, people["ed"])
    assert case["reporters"] == 3 and case["categories"] == ["scam"] and len(case["reasons"]) == 3
    # The editor approves it again: the case closes, the reporters' count starts again.
    assert api.post(f"/moderation/notices/{pid}/decision", people["ed"]["token"],
                    {"decision": "approve", "reason": "Checked with the production: genuine"})[0] == 200
    assert queue(api, people["ed"]) == [] and api.get(f"/notices/{pid}")[0] == 200
    events = [e["event"] for e in history(api, people["ed"], "notice", pid)]
    assert events == ["vetted", "approve", "report", "report", "report", "approve"]


def test_a_message_report_carries_the_message_for_the_editor(api, people):
    message_id = message_from(api, people["sam"], people["tom"], "Loved your reel, add me on WhatsApp to talk")
    status, made = report(api, people["tom"], "message", message_id, "asks_for_money", reason="Wants money")
    assert status == 201 and made["kind"] == "message"
    [case] = queue(api, people["ed"])
    assert case["target_id"] == message_id and case["subject_user_id"] == people["sam"]["user_id"]
    assert case["context"]["message"]["body"] == "Loved your reel, add me on WhatsApp to talk"
    assert case["context"]["message"]["warning"]["code"] == "off_platform_contact"
    assert case["reasons"] == ["Wants money"] and case["severity"] == 3
    assert people["tom"]["email"] not in str(case) and people["sam"]["email"] not in str(case)


def test_what_the_reporter_cannot_see_cannot_be_reported(api, people):
    message_id = message_from(api, people["sam"], people["tom"])
    assert report(api, people["tia"], "message", message_id)[0] == 404, "not in that thread"
    assert report(api, people["sam"], "message", message_id)[0] == 400, "your own message"
    assert report(api, people["tom"], "message", "thr_nope.msg_nope")[0] == 404
    assert report(api, people["tom"], "user", people["tom"]["user_id"])[0] == 404
    assert report(api, people["tom"], "user", "usr_nobody")[0] == 404
    status, error = report(api, people["tom"], "user", people["sam"]["user_id"], "bribery")
    assert status == 400 and error["error"]["code"] == "invalid_field"
    assert queue(api, people["ed"]) == []


def test_the_queue_puts_the_most_urgent_first(api, people):
    pid = publish(api, people)
    report(api, people["tom"], "notice", pid, "other")
    report(api, people["tia"], "notice", pid, "other")
    report(api, people["tom"], "user", people["cd"]["user_id"], "other")
    report(api, people["tia"], "user", people["sam"]["user_id"], "scam")
    order = [(c["kind"], c["target_id"]) for c in queue(api, people["ed"])]
    assert order == [("user", people["sam"]["user_id"]), ("notice", pid), ("user", people["cd"]["user_id"])]
    assert api.get("/moderation/queue", people["tom"]["token"])[0] == 403
    assert api.get(f"/moderation/history?kind=user&target_id={people['sam']['user_id']}",
                   people["tom"]["token"])[0] == 403


def test_reports_are_limited_per_minute(api, people, monkeypatch):
    monkeypatch.setenv("CALLBOARD_SAFETY_REPORTS_PER_MINUTE", "2")
    container.reset()
    limits = container.services().action_limits
    monkeypatch.setattr(limits, "clock", lambda: 1_800_000_030.0)  # mid-minute: no window boundary
    targets = [people[w]["user_id"] for w in ("cd", "tia", "ted")]
    assert [report(api, people["tom"], "user", t)[0] for t in targets[:2]] == [201, 201]
    status, error = report(api, people["tom"], "user", targets[2])
    assert status == 429 and error["error"]["code"] == "rate_limited"
    assert [c["target_id"] for c in queue(api, people["ed"])].count(targets[2]) == 0, "nothing written"


def test_dismiss_warn_and_suspend_are_recorded_with_who_and_why(api, people, pump):
    sam, ed = people["sam"], people["ed"]
    report(api, people["tom"], "user", sam["user_id"], "harassment")
    bad = api.post(f"/moderation/users/{sam['user_id']}/decision", ed["token"], {"decision": "warn", "reason": ""})
    assert bad[0] == 400
    assert api.post(f"/moderation/users/{sam['user_id']}/decision", ed["token"],
                    {"decision": "warn", "reason": "Keep it professional"})[0] == 200
    assert queue(api, ed) == []
    warned = api.get("/threads", sam["token"])[1]["items"]
    assert warned and warned[0]["subject"] == "A warning from Callboard's editors"

    report(api, people["tia"], "user", sam["user_id"], "scam")
    status, result = api.post(f"/moderation/users/{sam['user_id']}/decision", ed["token"],
                              {"decision": "suspend", "reason": "Asked three talents for fees"})
    assert status == 200 and result["suspended"] is True
    assert api.get("/me", sam["token"])[1]["suspended"] is True
    events = history(api, ed, "user", sam["user_id"])
    assert [e["event"] for e in events] == ["report", "warn", "report", "suspend"]
    assert events[-1]["actor_id"] == ed["user_id"] and events[-1]["reason"] == "Asked three talents for fees"
    assert all(e["at"] for e in events)


def test_blocked_users_are_listed_with_names(api, people):
    tom = people["tom"]
    for who in ("sam", "cd"):
        assert api.post(f"/users/{people[who]['user_id']}/block", tom["token"])[0] == 200
    status, page = api.get("/me/blocks", tom["token"])
    assert status == 200 and page["next_cursor"] is None
    assert sorted(page["items"], key=lambda i: i["name"]) == [
        {"user_id": people["cd"]["user_id"], "name": "Cara Casting"},
        {"user_id": people["sam"]["user_id"], "name": "Sam Scammer"}]
    api.delete(f"/users/{people['sam']['user_id']}/block", tom["token"])
    assert [i["user_id"] for i in api.get("/me/blocks", tom["token"])[1]["items"]] == [people["cd"]["user_id"]]
    first = api.get("/me/blocks?limit=1", people["tia"]["token"])[1]
    assert first == {"items": [], "next_cursor": None}
