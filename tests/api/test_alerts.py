"""Email alerts through the anonymous relay: who gets one, what it carries, and at most once."""
import json
import re

import pytest

from chalicelib.domain import relay


@pytest.fixture
def pair(api):
    return api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")


def deliver_alerts(pump, app_module):
    """Runs the stream (which queues the alerts), then the alerts queue."""
    pump.drain()


def outbox(api):
    status, data = api.get("/dev/outbox")
    assert status == 200
    return data["items"]


def send(api, sender, recipient, body="Callback Thursday at 10?", subject="Callback", also=()):
    status, thread = api.post("/threads", sender["token"], {"recipient_ids": [recipient["user_id"]]
                                                             + [other["user_id"] for other in also],
                                                             "subject": subject, "body": body})
    assert status == 201
    return thread


def test_alert_goes_through_the_relay_and_reveals_no_address(api, pump, app_module, pair):
    cara, tom = pair
    send(api, cara, tom, body="Hi Tom <b>bold</b> — see the sides")
    deliver_alerts(pump, app_module)
    [mail] = outbox(api)
    assert mail["to"] == tom["email"]
    address = r"<reply\+[a-z2-7]{20}[0-9a-z]{26}@relay\.callboard\.local>"  # signature, then the thread
    assert re.fullmatch(rf'"?Cara Casting via Callboard"? {address}', mail["from"])
    assert mail["reply_to"] == mail["from"]
    headers = mail["headers"]
    assert headers["Auto-Submitted"] == "auto-generated" and headers["X-Auto-Response-Suppress"] == "All"
    assert "List-Unsubscribe=One-Click" == headers["List-Unsubscribe-Post"]
    assert "/unsubscribe?token=" in headers["List-Unsubscribe"] and "mailto:" in headers["List-Unsubscribe"]
    assert headers["Message-ID"].endswith("@relay.callboard.local>")
    assert "Hi Tom <b>bold</b>" in mail["text"] and "&lt;b&gt;bold&lt;/b&gt;" in mail["html"]
    assert cara["email"] not in mail["raw"] and cara["user_id"] not in mail["raw"]


def test_alert_is_sent_once_even_when_the_job_repeats(api, pump, app_module, pair):
    cara, tom = pair
    thread = send(api, cara, tom)
    job = {"kind": "alert", "thread_id": thread["thread_id"], "message_id": thread["messages"][0]["message_id"],
           "recipient_id": tom["user_id"]}
    event = {"Records": [{"messageId": str(i), "receiptHandle": "r", "body": json.dumps(job), "attributes": {},
                          "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:callboard-local-alerts",
                          "awsRegion": "us-east-1"} for i in range(2)]}
    app_module.on_alert(event, None)
    app_module.on_alert(event, None)
    deliver_alerts(pump, app_module)
    assert len(outbox(api)) == 1


def test_no_alert_when_read_within_the_window_or_preference_says_otherwise(api, pump, app_module, pair):
    cara, tom = pair
    read_quickly = send(api, cara, tom, subject="Read at once")
    pump.pump_stream()  # the alert is queued...
    api.get(f"/threads/{read_quickly['thread_id']}", tom["token"])  # ...and the thread read before it goes out
    deliver_alerts(pump, app_module)
    assert outbox(api) == []
    api.patch("/me", tom["token"], {"notifications": "never"})
    send(api, cara, tom, subject="Quiet")
    deliver_alerts(pump, app_module)
    assert outbox(api) == []


def test_the_sender_gets_no_alert_and_each_recipient_gets_their_own_address(api, pump, app_module, pair):
    cara, tom = pair
    uma = api.sign_up("Uma Understudy")
    send(api, cara, tom, body="Hello both", subject="Group", also=[uma])
    deliver_alerts(pump, app_module)
    mails = outbox(api)
    assert sorted(m["to"] for m in mails) == sorted([tom["email"], uma["email"]])
    assert len({m["reply_to"] for m in mails}) == 2
    for mail in mails:
        assert cara["email"] not in mail["raw"]
        assert not any(other["email"] in mail["raw"] for other in (tom, uma) if other["email"] != mail["to"])


def test_reply_tokens_are_bound_and_unforgeable():
    secret = "x" * 40
    token = relay.relay_token(secret, "thr_1", "usr_1")
    assert relay.is_well_formed(token) and len(relay.reply_address(token, "relay.example")) < 64 + 20
    assert relay.token_matches(secret, token, "thr_1", "usr_1")
    assert not relay.token_matches(secret, token, "thr_1", "usr_2")
    assert not relay.token_matches("y" * 40, token, "thr_1", "usr_1")
    assert relay.relay_token(secret, "thr_1", "usr_1") == token, "stable: survives many replies"
    assert relay.token_thread(token) == "thr_1" and relay.token_thread(token + "-") is None
    # The earlier, stored form is still recognised (addresses already in people's mailboxes).
    stored = relay.stored_token(secret, "thr_1", "usr_1")
    assert relay.is_well_formed(stored) and relay.token_matches(secret, stored, "thr_1", "usr_1")
    assert not relay.token_matches(secret, stored, "thr_1", "usr_2")


def test_one_click_unsubscribe(api, pump, app_module, pair):
    cara, tom = pair
    send(api, cara, tom)
    deliver_alerts(pump, app_module)
    [mail] = outbox(api)
    url = re.search(r"<(https?://[^>]+/unsubscribe\?token=([^>]+))>", mail["headers"]["List-Unsubscribe"])
    token = url.group(2)
    status, page = api.call("GET", f"/unsubscribe?token={token}", headers={"Accept": "text/html"})
    assert status == 200 and 'method="post"' in page
    assert api.get("/me", tom["token"])[1]["notifications"] == "immediate", "a GET changes nothing"
    status, data = api.call("POST", f"/unsubscribe?token={token[:-2]}xx", raw="List-Unsubscribe=One-Click",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and api.get("/me", tom["token"])[1]["notifications"] == "immediate"
    status, data = api.call("POST", f"/unsubscribe?token={token}", raw="List-Unsubscribe=One-Click",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and data["notifications"] == "never"
    assert api.get("/me", tom["token"])[1]["notifications"] == "never"


def test_alerts_of_one_conversation_thread_under_its_first(api, pump, app_module, pair):
    cara, tom = pair
    kim = api.sign_up("Kim Talent")
    thread = send(api, cara, tom, body="Thursday?", subject="Re: Callback for Juliet", also=[kim])
    deliver_alerts(pump, app_module)
    status, _ = api.post(f"/threads/{thread['thread_id']}/messages", cara["token"], {"body": "Or Friday?"})
    assert status == 201
    deliver_alerts(pump, app_module)
    first, second = [m for m in outbox(api) if m["to"] == tom["email"]]
    assert first["subject"] == "Callback for Juliet", "the conversation's own subject, without Re:"
    assert "In-Reply-To" not in first["headers"] and "References" not in first["headers"]
    root = first["headers"]["Message-ID"]
    assert second["subject"] == "Re: Callback for Juliet"
    assert second["headers"]["In-Reply-To"] == root and second["headers"]["References"] == root
    assert second["headers"]["Message-ID"] != root
    assert first["headers"]["Thread-Topic"] == second["headers"]["Thread-Topic"] == "Callback for Juliet"
    kims = [m for m in outbox(api) if m["to"] == kim["email"]]
    assert kims[0]["headers"]["Message-ID"] != root, "each recipient has a thread of their own"
    assert kims[1]["headers"]["References"] == kims[0]["headers"]["Message-ID"]


def test_a_reply_to_the_first_alert_finds_its_thread_by_the_root_message_id(api, pump, app_module, pair):
    from chalicelib.container import services

    cara, tom = pair
    thread = send(api, cara, tom)
    deliver_alerts(pump, app_module)
    [alert] = outbox(api)
    hint = alert["headers"]["Message-ID"].strip().strip("<>")
    assert relay.parse_alert_message_id(hint) == (thread["thread_id"], hint.split(".")[2].split("@")[0])
    assert services().settings.relay_domain in hint


def test_alert_links_use_the_configured_public_urls_and_the_html_is_self_contained(api, pump, app_module, pair):
    from chalicelib.container import services

    settings = services().settings
    cara, tom = pair
    thread = send(api, cara, tom, body="Line one\nLine two")
    deliver_alerts(pump, app_module)
    [mail] = outbox(api)
    text = mail["text"].replace("\r\n", "\n")
    assert f"\n{settings.web_base_url}/#/threads/{thread['thread_id']}\n" in text, "a link on its own line"
    assert f"\n{settings.api_base_url}/unsubscribe?token=" in text
    assert "Line one\nLine two" in text
    page = mail["html"]
    assert f'href="{settings.web_base_url}/#/threads/{thread["thread_id"]}"' in page
    assert '<meta name="color-scheme" content="light dark">' in page
    for external in ("src=", "<link", "url(", "<style", "@import", "background"):
        assert external not in page.lower(), external
