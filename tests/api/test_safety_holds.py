"""Scam checks in messaging through the API and the email path (docs/SAFETY.md): a warning for the
recipients only, a held message that reaches nobody until an editor releases it, repeated holds
suspend the sender, near-identical cold text is held; the sender is never told which rule fired."""
import re
import time

import pytest

from chalicelib import container
from tests.api.test_alerts import outbox
from tests.api.test_inbound_replies import deliver, mail_from

SCAM = "Congratulations, you got the role! Send the $50 registration fee by Zelle today to confirm your spot."
CHAT = "Loved your reel. Add me on WhatsApp so we can talk about the part."


@pytest.fixture
def people(api):
    return {"sam": api.sign_up("Sam Stranger", "casting"), "tom": api.sign_up("Tom Talent"),
            "tia": api.sign_up("Tia Talent"), "ed": api.sign_up("Edda Editor", "editor"),
            "cara": api.sign_up("Cara Casting", "casting")}


def start(api, sender, recipients, body, subject="A role for you"):
    status, thread = api.post("/threads", sender["token"], {"recipient_ids": [r["user_id"] for r in recipients],
                                                             "subject": subject, "body": body})
    assert status == 201, thread
    return thread


def inbox(api, user):
    return api.get("/threads", user["token"])[1]["items"]


def unread(api, user):
    return api.get("/threads/unread-count", user["token"])[1]["unread"]


def decide(api, editor, message_id, decision, reason="Checked"):
    return api.post(f"/moderation/messages/{message_id}/decision", editor["token"],
                    {"decision": decision, "reason": reason})


def test_a_held_message_reaches_nobody_until_an_editor_releases_it(api, pump, people):
    sam, tom, ed = people["sam"], people["tom"], people["ed"]
    thread = start(api, sam, [tom], SCAM)
    [message] = thread["messages"]
    assert thread["status"] == "held" and message["status"] == "held"
    assert "warning" not in message and "signals" not in str(thread), "the sender is never told the rule"
    assert inbox(api, tom) == [] and unread(api, tom) == 0
    assert api.get(f"/threads/{thread['thread_id']}", tom["token"])[0] == 404
    sent = api.get("/threads?folder=sent", sam["token"])[1]["items"]
    assert [t["thread_id"] for t in sent] == [thread["thread_id"]], "the sender sees it in Sent"
    pump.drain()
    assert [m for m in outbox(api) if m["to"] == tom["email"]] == [], "no alert while held"

    [case] = api.get("/moderation/queue", ed["token"])[1]["items"]
    assert case["kind"] == "message" and case["target_id"] == message["message_id"] and case["held"] is True
    assert case["context"]["message"]["body"] == SCAM and case["reporters"] == 0
    assert any("asks_for_money" in r for r in case["reasons"])

    assert decide(api, ed, message["message_id"], "release", reason="")[0] == 400
    status, result = decide(api, ed, message["message_id"], "release", "The production confirmed it")
    assert status == 200 and result["status"] == "delivered"
    assert [t["thread_id"] for t in inbox(api, tom)] == [thread["thread_id"]] and unread(api, tom) == 1
    pump.drain()  # before Tom opens it: an alert is not sent for what was read meanwhile
    alerts = [m for m in outbox(api) if m["to"] == tom["email"]]
    assert len(alerts) == 1 and sam["email"] not in alerts[0]["raw"]
    opened = api.get(f"/threads/{thread['thread_id']}", tom["token"])[1]
    assert opened["messages"][0]["warning"]["code"] == "asks_for_money", "released with its warning"
    assert decide(api, ed, message["message_id"], "release")[0] == 409
    assert api.get("/moderation/queue", ed["token"])[1]["items"] == []
    events = api.get(f"/moderation/history?kind=message&target_id={message['message_id']}", ed["token"])[1]
    assert [e["event"] for e in events["items"]] == ["held", "release"]
    assert events["items"][1]["actor_id"] == ed["user_id"]


def test_a_removed_message_never_arrives(api, pump, people):
    sam, tom, ed = people["sam"], people["tom"], people["ed"]
    thread = start(api, sam, [tom], SCAM)
    message_id = thread["messages"][0]["message_id"]
    assert decide(api, ed, message_id, "remove", "Registration-fee scam")[0] == 200
    assert decide(api, ed, message_id, "release")[0] == 409
    assert inbox(api, tom) == []
    pump.drain()
    assert [m for m in outbox(api) if m["to"] == tom["email"]] == []
    own = api.get(f"/threads/{thread['thread_id']}", sam["token"])[1]["messages"]
    assert [m["status"] for m in own] == ["removed"]


def test_a_warning_is_shown_to_the_recipients_and_never_to_the_sender(api, people):
    sam, tom, tia = people["sam"], people["tom"], people["tia"]
    thread = start(api, sam, [tom, tia], CHAT)
    assert thread["status"] == "delivered" and "warning" not in thread["messages"][0]
    for reader in (tom, tia):
        [message] = api.get(f"/threads/{thread['thread_id']}", reader["token"])[1]["messages"]
        assert message["warning"]["code"] == "off_platform_contact" and message["warning"]["message"]
    [own] = api.get(f"/threads/{thread['thread_id']}", sam["token"])[1]["messages"]
    assert "warning" not in own


def test_people_who_wrote_to_you_are_not_checked(api, people):
    tom, cara = people["tom"], people["cara"]
    thread = start(api, tom, [cara], "Hi, I applied for the lead. Happy to send more material.")
    status, reply = api.post(f"/threads/{thread['thread_id']}/messages", cara["token"], {"body": CHAT})
    assert status == 201 and reply["status"] == "delivered"
    [_, message] = api.get(f"/threads/{thread['thread_id']}", tom["token"])[1]["messages"]
    assert "warning" not in message
    assert start(api, cara, [tom], SCAM)["status"] == "delivered", "Tom wrote to Cara first"


def test_a_stranger_replying_before_the_recipient_ever_wrote_is_checked(api, people):
    sam, tom = people["sam"], people["tom"]
    thread = start(api, sam, [tom], "Hello Tom, are you available in March?")
    api.get(f"/threads/{thread['thread_id']}", tom["token"])  # read
    status, reply = api.post(f"/threads/{thread['thread_id']}/messages", sam["token"], {"body": SCAM})
    assert status == 201 and reply["status"] == "held"
    assert unread(api, tom) == 0, "a held reply does not make the thread unread"
    messages = api.get(f"/threads/{thread['thread_id']}", tom["token"])[1]["messages"]
    assert [m["body"] for m in messages] == ["Hello Tom, are you available in March?"]


def test_repeated_holds_suspend_the_sender_pending_review(api, people, monkeypatch):
    monkeypatch.setenv("CALLBOARD_SAFETY_HOLDS_TO_SUSPEND", "2")
    container.reset()
    sam, ed = people["sam"], people["ed"]
    assert start(api, sam, [people["tom"]], SCAM)["status"] == "held"
    assert api.get("/me", sam["token"])[1]["suspended"] is False
    assert start(api, sam, [people["tia"]], SCAM.replace("$50", "$75"))["status"] == "held"
    assert api.get("/me", sam["token"])[1]["suspended"] is True
    status, error = api.post("/threads", sam["token"], {"recipient_ids": [people["cara"]["user_id"]],
                                                         "subject": "Hi", "body": "Hello"})
    assert status == 403 and error["error"]["code"] == "suspended"
    queue = api.get("/moderation/queue", ed["token"])[1]["items"]
    assert ("user", sam["user_id"]) in [(c["kind"], c["target_id"]) for c in queue]
    events = api.get(f"/moderation/history?kind=user&target_id={sam['user_id']}", ed["token"])[1]["items"]
    assert [e["event"] for e in events] == ["suspended"] and events[0]["actor_name"] == "system"


def test_a_suspended_account_adds_nothing_until_an_editor_reinstates_it(api, people):
    sam, tom, ed = people["sam"], people["tom"], people["ed"]
    assert api.post(f"/moderation/users/{sam['user_id']}/suspend", ed["token"], {})[0] == 200
    refused = [
        api.post("/reports", sam["token"], {"kind": "user", "target_id": tom["user_id"], "reason": "Spam"}),
        api.post("/attachments", sam["token"], {"filename": "a.pdf", "content_type": "application/pdf", "size": 900}),
        api.post("/me/media", sam["token"], {"kind": "photo", "filename": "me.jpg", "content_type": "image/jpeg",
                                             "size": 900}),
        api.call("PUT", "/me/profile", sam["token"], {"bio": "Call me on WhatsApp"}),
    ]
    for status, error in refused:
        assert status == 403 and error["error"]["code"] == "suspended", error
        assert "suspended" in error["error"]["message"]
    assert api.get("/moderation/queue", ed["token"])[1]["items"] == [], "its report was not filed"

    status, result = api.post(f"/moderation/users/{sam['user_id']}/decision", ed["token"],
                              {"decision": "reinstate", "reason": "Reviewed: a misunderstanding"})
    assert status == 200 and result["suspended"] is False
    assert api.get("/me", sam["token"])[1]["suspended"] is False
    assert start(api, sam, [tom], "Hello Tom, are you free for a reading?")["status"] == "delivered"
    status, error = api.post(f"/moderation/users/{sam['user_id']}/decision", ed["token"],
                             {"decision": "reinstate", "reason": "Again"})
    assert status == 409 and error["error"]["code"] == "not_suspended"
    events = api.get(f"/moderation/history?kind=user&target_id={sam['user_id']}", ed["token"])[1]["items"]
    assert [e["event"] for e in events][-1] == "reinstate" and events[-1]["actor_name"] == ed["name"]


def test_an_editors_account_is_not_suspended_from_the_queue(api, people):
    ed, other = people["ed"], api.sign_up("Otto Editor", "editor")
    for target in (ed, other):
        status, error = api.post(f"/moderation/users/{target['user_id']}/suspend", ed["token"], {})
        assert status == 403 and error["error"]["code"] == "editor_account"
    assert api.get("/me", ed["token"])[1]["suspended"] is False


def test_the_same_text_sent_cold_to_many_is_held(api, people, monkeypatch):
    monkeypatch.setenv("CALLBOARD_SAFETY_SAME_TEXT_RECIPIENTS_PER_DAY", "2")
    container.reset()
    sam = people["sam"]
    others = [api.sign_up(f"Talent {i}") for i in range(3)]
    template = ("Hi {name}, we are casting a short film next month and think you would be great for it. "
                "Let me know if you are interested and I will send the details over.")
    statuses = [start(api, sam, [person], template.format(name=person["name"]))["status"] for person in others]
    assert statuses == ["delivered", "delivered", "held"]
    assert start(api, sam, [people["tom"]], "A completely different note about a commercial shoot in May, "
                                             "paid, two days, union rates.")["status"] == "delivered"


def test_a_scam_reply_by_email_is_held_and_its_sender_told_nothing(api, pump, people):
    cara, tom, sam = people["cara"], people["tom"], people["sam"]
    thread = start(api, cara, [tom, sam], "Group call for the reading on Friday at 2pm.", subject="Reading")
    pump.drain()
    [alert] = [m for m in outbox(api) if m["to"] == sam["email"]]
    reply_to = re.search(r"<([^>]+)>", alert["reply_to"]).group(1)
    deliver(pump, mail_from(sam["email"], reply_to, SCAM, subject="Re: Reading"))
    tom_sees = api.get(f"/threads/{thread['thread_id']}", tom["token"])[1]["messages"]
    assert [m["body"] for m in tom_sees] == ["Group call for the reading on Friday at 2pm."]
    own = api.get(f"/threads/{thread['thread_id']}", sam["token"])[1]["messages"]
    assert own[-1]["via"] == "email" and own[-1]["status"] == "held"
    assert [m for m in outbox(api) if m["to"] == sam["email"] and m["subject"].startswith("Not delivered")] == []
    [case] = api.get("/moderation/queue", people["ed"]["token"])[1]["items"]
    assert case["target_id"] == own[-1]["message_id"]


def test_over_the_limit_by_email_nothing_is_posted_and_one_explanation_goes_back(api, pump, people, monkeypatch):
    monkeypatch.setenv("CALLBOARD_SAFETY_MESSAGES_PER_MINUTE", "2")
    container.reset()
    mid_minute = time.time() // 60 * 60 + 30
    monkeypatch.setattr(container.services().safety, "clock", lambda: mid_minute)
    cara, tom = people["cara"], people["tom"]
    thread = start(api, cara, [tom], "Callback on Thursday?", subject="Callback")
    pump.drain()
    [alert] = [m for m in outbox(api) if m["to"] == tom["email"]]
    reply_to = re.search(r"<([^>]+)>", alert["reply_to"]).group(1)
    assert api.post(f"/threads/{thread['thread_id']}/messages", tom["token"], {"body": "Yes!"})[0] == 201
    assert api.post(f"/threads/{thread['thread_id']}/messages", tom["token"], {"body": "And..."})[0] == 201
    assert api.post(f"/threads/{thread['thread_id']}/messages", tom["token"], {"body": "Also"})[0] == 429
    deliver(pump, mail_from(tom["email"], reply_to, "One more thing by email"))
    deliver(pump, mail_from(tom["email"], reply_to, "And another by email"))
    bodies = [m["body"] for m in api.get(f"/threads/{thread['thread_id']}", cara["token"])[1]["messages"]]
    assert bodies == ["Callback on Thursday?", "Yes!", "And..."]
    notes = [m for m in outbox(api) if m["to"] == tom["email"] and m["subject"].startswith("Not delivered")]
    assert len(notes) == 1 and "try again" in notes[0]["text"]


def test_an_alert_shows_the_warning_and_a_signed_report_link_that_reports_once(api, pump, people):
    sam, tom, ed = people["sam"], people["tom"], people["ed"]
    thread = start(api, sam, [tom], CHAT)
    pump.drain()
    [alert] = [m for m in outbox(api) if m["to"] == tom["email"]]
    assert alert["text"].startswith("Callboard safety warning: This message asks you to continue somewhere else")
    assert "Callboard safety warning" in alert["html"]
    link = re.search(r"(/reports/email\?token=[A-Za-z0-9_.-]+)", alert["text"]).group(1)
    status, page = api.get(link)
    assert status == 200 and "<form method=\"post\"" in page and "Report" in page
    for _ in range(2):
        status, made = api.post(link, raw="category=off_platform",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and made["kind"] == "message" and made["category"] == "off_platform"
    [case] = api.get("/moderation/queue", ed["token"])[1]["items"]
    assert case["target_id"] == thread["messages"][0]["message_id"] and case["reporters"] == 1
    assert api.post(link[:-2] + ("AA" if not link.endswith("AA") else "BB"))[0] == 400
    assert api.get("/reports/email?token=nonsense")[0] == 400
    status, error = api.post(link, raw="&".join(f"f{i}=x" for i in range(9)),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and error["error"]["code"] == "invalid_form", "a form with more fields is bad input"
    assert sam["email"] not in alert["raw"] and sam["user_id"] not in alert["raw"]
