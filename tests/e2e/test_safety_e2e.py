"""Safety end to end over the local stack (HTTP, the event pump, the outbox): a stranger's scam is
held until an editor releases it, then arrives with its warning and a report link that works; a new
account's cold contacts stop at the day's number with a 429 and Retry-After."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid

from tests.e2e.test_email_e2e import mails_to, wait_for
from tests.e2e.test_messaging_e2e import ok

from .conftest import Http

RELEASE_WAIT = 60.0  # the stream's MODIFY record, the alert delay, the pump's rounds (a busy machine is slow)


def distinct_text() -> str:
    """A note in words no other note shares."""
    return "Hello! " + " ".join("".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:6]) for _ in range(12))


SCAM = "You got the part! Send the $75 registration fee by Zelle today to hold your spot."


def test_a_held_scam_is_released_by_an_editor_and_reported_from_its_alert(stack: Http) -> None:
    scammer, talent = stack.sign_up("Stan Stranger", "casting"), stack.sign_up("Tess Talent")
    editor = stack.sign_up("Eda Editor", "editor")
    thread = ok(stack.post("/threads", scammer["token"], {"recipient_ids": [talent["user_id"]],
                                                          "subject": "Your role", "body": SCAM}), 201)
    message_id = thread["messages"][0]["message_id"]
    assert thread["status"] == "held" and "warning" not in thread["messages"][0]
    assert ok(stack.get("/threads", talent["token"]))["items"] == []
    assert stack.get(f"/threads/{thread['thread_id']}", talent["token"]).status == 404

    queue = ok(stack.get("/moderation/queue?limit=100", editor["token"]))["items"]
    [case] = [c for c in queue if c["target_id"] == message_id]
    assert case["held"] is True and case["context"]["message"]["body"] == SCAM
    ok(stack.post(f"/moderation/messages/{message_id}/decision", editor["token"],
                  {"decision": "release", "reason": "Released to test the flow"}))

    [alert] = wait_for(lambda: mails_to(stack, talent["email"]), "the released message's alert", RELEASE_WAIT)
    assert "Callboard safety warning" in alert["text"] and scammer["email"] not in alert["raw"]
    [opened] = ok(stack.get(f"/threads/{thread['thread_id']}", talent["token"]))["messages"]
    assert opened["warning"]["code"] == "asks_for_money"

    link = re.search(r"https?://\S+/reports/email\?token=[A-Za-z0-9_.-]+", alert["text"]).group(0)
    path = link[len(stack.base_url):] if link.startswith(stack.base_url) else link[link.index("/reports/"):]
    assert "Report this message?" in stack.get(path).text
    for _ in range(2):
        report = ok(stack.post(path, raw=b""))
        assert report["kind"] == "message" and report["target_id"] == message_id
    queue = ok(stack.get("/moderation/queue?limit=100", editor["token"]))["items"]
    [case] = [c for c in queue if c["target_id"] == message_id]
    assert case["reporters"] == 1 and case["held"] is False
    history = ok(stack.get(f"/moderation/history?kind=message&target_id={message_id}", editor["token"]))["items"]
    assert [e["event"] for e in history] == ["held", "release", "report"]


def test_a_new_accounts_cold_contacts_stop_at_the_days_number(stack: Http) -> None:
    sender = stack.sign_up("Nell Newcomer", "casting")
    people = [stack.sign_up(f"Talent {index}") for index in range(21)]
    for person in people[:20]:  # each text its own (the same text to many strangers would be held)
        sent = ok(stack.post("/threads", sender["token"], {"recipient_ids": [person["user_id"]], "subject": "Hello",
                                                            "body": distinct_text()}), 201)
        assert sent["status"] == "delivered"
    request = urllib.request.Request(
        stack.base_url + "/threads", method="POST",
        data=json.dumps({"recipient_ids": [people[20]["user_id"]], "subject": "Hello",
                         "body": "Would you like to read for a student short?"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {sender['token']}"})
    try:
        urllib.request.urlopen(request, timeout=15)
        raise AssertionError("the 21st new person of the day was not refused")
    except urllib.error.HTTPError as refused:
        assert refused.code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 86_400
        assert json.loads(refused.read())["error"]["code"] == "rate_limited"
    assert ok(stack.get("/threads", people[20]["token"]))["items"] == []
