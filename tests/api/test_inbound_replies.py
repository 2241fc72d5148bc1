"""Replies by email: SES stores the mail in inbound/, the handler posts it into the thread."""
import re
import uuid
from email.message import EmailMessage

import pytest

from tests.api.test_alerts import deliver_alerts, outbox, send
from tests.conftest import moto_clients

BUCKET = "callboard-local-files-000000000000"


@pytest.fixture
def conversation(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    thread = send(api, cara, tom, body="Can you do Thursday at 10?", subject="Callback")
    deliver_alerts(pump, app_module)
    [alert] = outbox(api)
    reply_to = re.search(r"<([^>]+)>", alert["reply_to"]).group(1)
    return {"cara": cara, "tom": tom, "thread_id": thread["thread_id"], "reply_to": reply_to, "alert": alert}


def mail_from(sender, to, body, subject="Re: Callback", **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@mail.example.com>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def deliver(pump, message, key=None):
    key = key or f"inbound/{uuid.uuid4().hex}"
    raw = message if isinstance(message, bytes) else message.as_bytes()
    moto_clients("s3").put_object(Bucket=BUCKET, Key=key, Body=raw)
    pump.drain()
    return key


def messages(api, user, thread_id):
    return api.get(f"/threads/{thread_id}", user["token"])[1]["messages"]


QUOTED = ("Yes, Thursday works. See you then!\n\nOn Mon, 23 Nov 2026 at 10:00, Cara Casting via Callboard "
          "<reply+x@relay.callboard.local> wrote:\n> Can you do Thursday at 10?\n")


def test_a_reply_lands_in_the_thread_without_its_quote_and_alerts_the_other_side(api, pump, app_module, conversation):
    c = conversation
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], QUOTED))
    posted = messages(api, c["cara"], c["thread_id"])[-1]
    assert posted["body"] == "Yes, Thursday works. See you then!" and posted["via"] == "email"
    assert posted["sender"]["user_id"] == c["tom"]["user_id"]
    deliver_alerts(pump, app_module)
    alert_for_cara = [m for m in outbox(api) if m["to"] == c["cara"]["email"]]
    assert len(alert_for_cara) == 1 and c["tom"]["email"] not in alert_for_cara[0]["raw"]


def test_an_address_of_the_earlier_stored_form_still_posts_until_revoked(api, pump, conversation):
    """Alerts once handed out 24-character tokens mapped back by a stored item: replies to those
    addresses keep working, and a revoked one (its user suspended) is refused."""
    from chalicelib.container import services
    from chalicelib.domain import relay
    from chalicelib.storage.relay import RelayRepository

    c = conversation
    secret = services().settings.signing_secret
    stored = relay.stored_token(secret, c["thread_id"], c["tom"]["user_id"])
    RelayRepository().remember_token(stored, c["thread_id"], c["tom"]["user_id"])
    deliver(pump, mail_from(c["tom"]["email"], f"reply+{stored}@relay.callboard.local", "From an old alert"))
    assert messages(api, c["tom"], c["thread_id"])[-1]["body"] == "From an old alert"
    RelayRepository().revoke([stored])
    deliver(pump, mail_from(c["tom"]["email"], f"reply+{stored}@relay.callboard.local", "After revocation"))
    assert "After revocation" not in [m["body"] for m in messages(api, c["tom"], c["thread_id"])]
    assert any(m["to"] == c["tom"]["email"] and "not valid" in m["text"] for m in outbox(api))


def test_a_mail_naming_many_relay_addresses_is_looked_up_a_few_at_most(api, pump, conversation, count):
    c = conversation
    forged = ", ".join(f"reply+{'a' * 20}{i:026d}@relay.callboard.local" for i in range(60))
    with count() as tally:
        deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Still me", Cc=forged))
    assert messages(api, c["tom"], c["thread_id"])[-1]["body"] == "Still me", "its own address comes first"
    assert tally.requests["GetItem"] <= 20, tally.requests
    with count() as tally:
        deliver(pump, mail_from(c["tom"]["email"], forged, "Only forged ones"))
    assert "Only forged ones" not in [m["body"] for m in messages(api, c["tom"], c["thread_id"])]
    assert tally.requests["GetItem"] <= 20, tally.requests


def test_the_same_mail_delivered_twice_posts_once(api, pump, conversation):
    c = conversation
    key = deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Once only"))
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Once only"), key=key)  # SES retries, same id
    assert [m["body"] for m in messages(api, c["tom"], c["thread_id"])].count("Once only") == 1


@pytest.mark.parametrize(
    ("case", "expected_note"),
    [("wrong_sender", "address this conversation"), ("forged_token", "not valid"), ("altered_token", "not valid"),
     ("forged_for_the_thread", "not valid"), ("empty", "no new text")],
)
def test_rejections_post_nothing_and_explain_once(api, pump, conversation, case, expected_note):
    c = conversation
    sender, to, body = c["tom"]["email"], c["reply_to"], "Hello"
    if case == "wrong_sender":
        sender = "someone.else@example.org"
    elif case == "forged_token":
        to = "reply+" + "a" * 24 + "@relay.callboard.local"
    elif case == "forged_for_the_thread":  # the thread is in the address; the signature cannot be made
        to = f"reply+{'a' * 20}{c['thread_id'].removeprefix('thr_')}@relay.callboard.local"
    elif case == "altered_token":
        token = to.split("+")[1].split("@")[0]
        to = to.replace(token, token[:-1] + ("b" if token[-1] != "b" else "c"))
    elif case == "empty":
        body = "\n\nOn Mon, Cara wrote:\n> Can you do Thursday at 10?\n"
    before = len(messages(api, c["tom"], c["thread_id"]))
    deliver(pump, mail_from(sender, to, body))
    deliver(pump, mail_from(sender, to, body))
    assert len(messages(api, c["tom"], c["thread_id"])) == before
    notes = [m for m in outbox(api) if m["to"] == sender and m["subject"].startswith("Not delivered")]
    assert len(notes) == 1, "at most one explanation per sender per hour"
    assert expected_note in notes[0]["text"]
    assert c["cara"]["email"] not in notes[0]["raw"] and c["tom"]["email"] not in notes[0]["text"]


@pytest.mark.parametrize(
    "headers",
    [{"Auto_Submitted": "auto-replied"}, {"Precedence": "bulk"}, {"X_Autoreply": "yes"},
     {"X_Callboard_Alert": "1"}],
)
def test_auto_replies_and_loops_are_dropped_silently(api, pump, conversation, headers):
    c = conversation
    before = len(messages(api, c["tom"], c["thread_id"]))
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "I am out of the office", **headers))
    assert len(messages(api, c["tom"], c["thread_id"])) == before
    assert [m for m in outbox(api) if m["subject"].startswith("Not delivered")] == []


def test_a_bounce_is_never_answered(api, pump, conversation):
    c = conversation
    bounce = (b"From: MAILER-DAEMON@mail.example.com\r\nTo: " + c["reply_to"].encode() +
              b"\r\nSubject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; "
              b"boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b--\r\n")
    deliver(pump, bounce)
    assert [m for m in outbox(api) if m["subject"].startswith("Not delivered")] == []


def test_a_blocked_sender_is_refused(api, pump, conversation):
    c = conversation
    api.post(f"/users/{c['tom']['user_id']}/block", c["cara"]["token"])
    before = len(messages(api, c["tom"], c["thread_id"]))
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Please?"))
    assert len(messages(api, c["tom"], c["thread_id"])) == before
    assert any(m["subject"].startswith("Not delivered") for m in outbox(api))


def test_a_batch_with_a_malformed_mail_keeps_the_good_one(api, pump, conversation):
    c = conversation
    deliver(pump, b"\x00\xff garbage that is not an email")
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Still here"))
    assert messages(api, c["tom"], c["thread_id"])[-1]["body"] == "Still here"


def test_attachments_by_email_follow_the_upload_rules(api, pump, conversation):
    c = conversation
    message = mail_from(c["tom"]["email"], c["reply_to"], "Sides attached")
    message.add_attachment(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nsides", maintype="application", subtype="pdf",
                           filename="sides.pdf")
    message.add_attachment(b"MZ\x90\x00" + b"\x00" * 100, maintype="application", subtype="octet-stream",
                           filename="tool.exe")
    deliver(pump, message)
    posted = messages(api, c["cara"], c["thread_id"])[-1]
    assert posted["body"] == "Sides attached" and [a["filename"] for a in posted["attachments"]] == ["sides.pdf"]
    status, seen = api.get(f"/attachments/{posted['attachments'][0]['attachment_id']}", c["cara"]["token"])
    assert status == 200 and seen["status"] == "ready" and seen["download_url"]
    notes = [m for m in outbox(api) if m["to"] == c["tom"]["email"] and "tool.exe" in m["text"]]
    assert len(notes) == 1


def test_a_mangled_reply_address_still_reaches_the_thread_through_in_reply_to(api, pump, conversation):
    c = conversation
    mangled = mail_from(c["tom"]["email"], "reply@relay.callboard.local", "Address got lost",
                        In_Reply_To=c["alert"]["headers"]["Message-ID"])
    deliver(pump, mangled)
    assert messages(api, c["tom"], c["thread_id"])[-1]["body"] == "Address got lost"
    # The same header from someone else's address proves nothing.
    outsider = api.sign_up("Olly Outsider")
    deliver(pump, mail_from(outsider["email"], "reply@relay.callboard.local", "Let me in",
                            In_Reply_To=c["alert"]["headers"]["Message-ID"]))
    assert messages(api, c["tom"], c["thread_id"])[-1]["body"] == "Address got lost"


def test_a_suspended_user_cannot_reply_by_email(api, pump, conversation):
    from chalicelib.container import services

    c = conversation
    services().accounts.users.update(c["tom"]["user_id"], suspended=True)
    before = len(messages(api, c["cara"], c["thread_id"]))
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Am I still here?"))
    assert len(messages(api, c["cara"], c["thread_id"])) == before
    assert any("suspended" in m["text"] for m in outbox(api) if m["to"] == c["tom"]["email"])


def test_the_list_unsubscribe_mailto_sets_never(api, pump, conversation):
    c = conversation
    mailto = re.search(r"<mailto:([^?]+)\?subject=([^>]+)>", c["alert"]["headers"]["List-Unsubscribe"])
    deliver(pump, mail_from(c["tom"]["email"], mailto.group(1), "", subject=mailto.group(2) + "x"))
    assert api.get("/me", c["tom"]["token"])[1]["notifications"] == "immediate", "a tampered token changes nothing"
    deliver(pump, mail_from(c["tom"]["email"], mailto.group(1), "", subject=mailto.group(2)))
    assert api.get("/me", c["tom"]["token"])[1]["notifications"] == "never"


def test_addresses_in_a_reply_are_removed_before_posting(api, pump, conversation):
    c = conversation
    body = f"See you then!\n\nTom Talent\n{c['tom']['email']}\nWrite to {c['reply_to']} any time"
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], body))
    posted = messages(api, c["cara"], c["thread_id"])[-1]["body"]
    assert c["tom"]["email"] not in posted and "reply+" not in posted and "See you then!" in posted


def test_mail_failing_authentication_is_dropped_without_an_answer(api, pump, conversation, monkeypatch):
    c = conversation
    from chalicelib.container import services

    monkeypatch.setattr(type(services().settings), "is_local", property(lambda self: False))
    forged = mail_from(c["tom"]["email"], c["reply_to"], "BUY CHEAP PILLS",
                       X_SES_Spam_Verdict="FAIL", X_SES_Virus_Verdict="PASS")
    before = len(messages(api, c["tom"], c["thread_id"]))
    deliver(pump, forged)
    assert len(messages(api, c["tom"], c["thread_id"])) == before
    assert [m for m in outbox(api) if m["subject"].startswith("Not delivered")] == []


def test_a_redelivery_stored_as_a_new_object_posts_alerts_and_explains_nothing(api, pump, app_module, conversation):
    """Mail servers redeliver after a timeout and SES can too: a new object, new Received headers."""
    c = conversation
    reply = mail_from(c["tom"]["email"], c["reply_to"], "Only once, please")
    deliver(pump, reply)
    deliver_alerts(pump, app_module)
    redelivered = b"Received: from mx2.example.com by inbound-smtp; Tue, 4 Mar 2025 10:25:00\r\n" + reply.as_bytes()
    deliver(pump, redelivered)  # another key: only the Message-ID says it is the same mail
    deliver_alerts(pump, app_module)
    assert [m["body"] for m in messages(api, c["tom"], c["thread_id"])].count("Only once, please") == 1
    assert len([m for m in outbox(api) if m["to"] == c["cara"]["email"]]) == 1, "one alert for one mail"
    assert [m for m in outbox(api) if m["subject"].startswith(("Not delivered", "Delivered with"))] == []


def test_without_a_message_id_the_body_identifies_the_mail(api, pump, conversation):
    c = conversation
    first = mail_from(c["tom"]["email"], c["reply_to"], "No id on this one")
    del first["Message-ID"]
    deliver(pump, first)
    deliver(pump, first)
    other = mail_from(c["tom"]["email"], c["reply_to"], "A different text")
    del other["Message-ID"]
    deliver(pump, other)
    bodies = [m["body"] for m in messages(api, c["tom"], c["thread_id"])]
    assert bodies.count("No id on this one") == 1 and bodies.count("A different text") == 1


def test_two_mails_with_the_same_words_are_both_posted(api, pump, conversation):
    c = conversation
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Yes"))
    deliver(pump, mail_from(c["tom"]["email"], c["reply_to"], "Yes"))  # a new Message-ID: a new mail
    assert [m["body"] for m in messages(api, c["tom"], c["thread_id"])].count("Yes") == 2


def test_a_refused_mail_redelivered_after_the_throttle_window_is_not_explained_again(api, pump, conversation,
                                                                                       monkeypatch):
    import chalicelib.services.inbound as service

    c = conversation
    refused = mail_from("someone.else@example.org", c["reply_to"], "Hello")
    deliver(pump, refused)
    monkeypatch.setattr(service, "NOTICE_WINDOW_SECONDS", 0)  # the window has passed for this sender
    deliver(pump, refused)
    notes = [m for m in outbox(api) if m["to"] == "someone.else@example.org"]
    assert len(notes) == 1


def test_no_explanation_to_a_sender_whose_mail_failed_spf_or_dmarc(api, pump, conversation):
    c = conversation
    for auth in ("spf=fail smtp.mailfrom=someone.else@example.org; dkim=pass header.d=example.org; dmarc=none",
                 "spf=pass smtp.mailfrom=someone.else@example.org; dkim=pass header.d=example.org; dmarc=fail"):
        deliver(pump, mail_from("someone.else@example.org", c["reply_to"], "Hello",
                                Authentication_Results=f"amazonses.com; {auth}"))
    assert [m for m in outbox(api) if m["to"] == "someone.else@example.org"] == []
