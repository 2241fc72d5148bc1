"""The relay end to end: an alert in the outbox, a reply by SMTP into the thread, the other
side's alert through the relay — and no address of either side anywhere."""
from __future__ import annotations

import re
import smtplib
import time
from email.message import EmailMessage
from typing import Any

from tests.e2e.conftest import Http
from tests.e2e.test_messaging_e2e import ok

WAIT = 15.0  # the alert delay (2 s locally) plus pump rounds


def wait_for(check: Any, what: str, seconds: float = WAIT) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def mails_to(stack: Http, address: str) -> list[dict[str, Any]]:
    return [m for m in ok(stack.get("/dev/outbox"))["items"] if m["to"] == address]


def test_reply_by_email_round_trip(stack: Http) -> None:
    casting, talent = stack.sign_up("Casey Casting", "casting"), stack.sign_up("Tali Talent")
    thread = ok(stack.post("/threads", casting["token"], {
        "recipient_ids": [talent["user_id"]], "subject": "Callback for Juliet",
        "body": "Could you come in Thursday at 10?"}), 201)

    [alert] = wait_for(lambda: mails_to(stack, talent["email"]), "the talent's alert")
    relay = re.search(r"<(reply\+[a-z0-9]+@[^>]+)>", alert["reply_to"]).group(1)
    assert alert["from"] == alert["reply_to"] and "Casey Casting via Callboard" in alert["from"]
    assert casting["email"] not in alert["raw"] and casting["user_id"] not in alert["raw"]
    assert alert["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    reply = EmailMessage()
    reply["From"] = f"Tali <{talent['email']}>"
    reply["To"] = relay
    reply["Subject"] = "Re: " + alert["subject"]
    reply["In-Reply-To"] = alert["headers"]["Message-ID"]
    reply.set_content("Thursday at 10 works for me.\n\nOn Tue, Casey Casting via Callboard <" + relay + "> wrote:\n"
                      "> Could you come in Thursday at 10?\n")
    with smtplib.SMTP(stack.smtp_host, stack.smtp_port, timeout=10) as smtp:
        smtp.send_message(reply)

    def posted() -> Any:
        # Polled as the talent: opening it as the casting director would mark it read, and an
        # alert for a message read within the alert window is rightly never sent.
        messages = ok(stack.get(f"/threads/{thread['thread_id']}", talent["token"]))["messages"]
        return messages if len(messages) == 2 else None

    messages = wait_for(posted, "the reply in the thread")
    assert messages[-1]["body"] == "Thursday at 10 works for me." and messages[-1]["via"] == "email"
    assert messages[-1]["sender"]["user_id"] == talent["user_id"]

    [back] = wait_for(lambda: mails_to(stack, casting["email"]), "the casting director's alert")
    assert "Tali Talent via Callboard" in back["from"] and "Thursday at 10 works for me." in back["text"]
    assert talent["email"] not in back["raw"] and talent["user_id"] not in back["raw"]


def test_mail_for_another_domain_is_refused_at_rcpt(stack: Http) -> None:
    with smtplib.SMTP(stack.smtp_host, stack.smtp_port, timeout=10) as smtp:
        code, _ = smtp.ehlo()
        smtp.mail("someone@example.org")
        code, _ = smtp.rcpt("victim@example.com")
        assert code == 550


def test_daily_digest_and_one_click_unsubscribe(stack: Http) -> None:
    casting, talent = stack.sign_up("Dana Director", "casting"), stack.sign_up("Dev Daily")
    ok(stack.request("PATCH", "/me", talent["token"], {"notifications": "daily"}))
    for subject in ("Callback for Romeo", "Costume fitting"):
        ok(stack.post("/threads", casting["token"], {"recipient_ids": [talent["user_id"]], "subject": subject,
                                                     "body": f"About the {subject.lower()}"}), 201)
    time.sleep(4)  # longer than the alert delay: an immediate alert would have arrived by now
    assert mails_to(stack, talent["email"]) == []

    assert ok(stack.post("/dev/jobs/daily-digest"))["sent"] >= 1
    [digest] = mails_to(stack, talent["email"])
    assert "Callback for Romeo" in digest["text"] and "Costume fitting" in digest["text"]
    assert casting["email"] not in digest["raw"]
    ok(stack.post("/dev/jobs/daily-digest"))
    assert len(mails_to(stack, talent["email"])) == 1, "nothing more on a second run the same day"

    url = re.search(r"<(https?://[^>]+/unsubscribe\?token=[^>]+)>", digest["headers"]["List-Unsubscribe"]).group(1)
    path = url.split("://", 1)[1].split("/", 1)[1]
    ok(stack.request("POST", "/" + path, raw=b"List-Unsubscribe=One-Click"))
    assert ok(stack.get("/me", talent["token"]))["notifications"] == "never"


def _conversation(stack: Http, subject: str) -> tuple[dict[str, str], dict[str, str], str, dict[str, Any]]:
    casting, talent = stack.sign_up("Rae Casting", "casting"), stack.sign_up("Noor Talent")
    thread = ok(stack.post("/threads", casting["token"], {
        "recipient_ids": [talent["user_id"]], "subject": subject, "body": "Are you free on Friday?"}), 201)
    [alert] = wait_for(lambda: mails_to(stack, talent["email"]), "the talent's alert")
    return casting, talent, thread["thread_id"], alert


def _relay_address(alert: dict[str, Any]) -> str:
    return re.search(r"<(reply\+[a-z0-9]+@[^>]+)>", alert["reply_to"]).group(1)


def test_alert_links_name_the_stacks_own_api_port(stack: Http) -> None:
    _, _, _, alert = _conversation(stack, "Links check")
    assert f"<{stack.base_url}/unsubscribe?token=" in alert["headers"]["List-Unsubscribe"]
    assert alert["subject"] == "Links check" and "In-Reply-To" not in alert["headers"]


def test_a_redelivered_mail_is_posted_once_and_alerts_once(stack: Http) -> None:
    casting, talent, thread_id, alert = _conversation(stack, "Redelivery check")
    relay = _relay_address(alert)
    raw = (f"From: Noor <{talent['email']}>\r\nTo: {relay}\r\nSubject: Re: Redelivery check\r\n"
           f"Message-ID: <redelivered.{thread_id}@mail.example.com>\r\n"
           f"In-Reply-To: {alert['headers']['Message-ID'].strip()}\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nFriday works.\r\n").encode()
    with smtplib.SMTP(stack.smtp_host, stack.smtp_port, timeout=10) as smtp:
        smtp.sendmail(talent["email"], [relay], raw)
        # The sending server timed out waiting for our 250 and tries again: a new delivery, new Received line.
        smtp.sendmail(talent["email"], [relay], b"Received: from mx2.example.com; Tue, 4 Mar 2025 10:25:00\r\n" + raw)

    def posted() -> Any:
        messages = ok(stack.get(f"/threads/{thread_id}", talent["token"]))["messages"]
        return messages if len(messages) >= 2 else None

    wait_for(posted, "the reply in the thread")
    wait_for(lambda: mails_to(stack, casting["email"]), "the casting director's alert")
    time.sleep(4)  # longer than the alert delay and a few pump rounds: a second post would have shown by now
    messages = ok(stack.get(f"/threads/{thread_id}", talent["token"]))["messages"]
    assert [m["body"] for m in messages] == ["Are you free on Friday?", "Friday works."]
    assert len(mails_to(stack, casting["email"])) == 1
    assert [m for m in mails_to(stack, talent["email"]) if m["subject"].startswith("Not delivered")] == []


def test_a_long_line_utf8_mail_is_accepted_and_posted_whole(stack: Http) -> None:
    _, talent, thread_id, alert = _conversation(stack, "Long line check")
    relay = _relay_address(alert)
    line = "Très bien — " + "je serai là vendredi, merci ! " * 110  # ~3,300 characters, one line, 8-bit
    raw = (f"From: Noor <{talent['email']}>\r\nTo: {relay}\r\nSubject: Re: Long line check — d’accord\r\n"
           f"Message-ID: <long.{thread_id}@mail.example.com>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           f"{line}\r\n").encode()
    with smtplib.SMTP(stack.smtp_host, stack.smtp_port, timeout=10) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("smtputf8")
        refused = smtp.sendmail(talent["email"], [relay], raw, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
        assert refused == {}

    def posted() -> Any:
        messages = ok(stack.get(f"/threads/{thread_id}", talent["token"]))["messages"]
        return messages if len(messages) == 2 else None

    assert wait_for(posted, "the long reply in the thread")[-1]["body"] == line.rstrip()
