"""Inbound replies by email: parsing, loop guards, SES verdicts, relay tokens, reply trimming, attachments.

The corpus in tests/fixtures/mail/ holds one realistic .eml per mail client and per kind of automatic
mail; each reply's expected text is asserted exactly (the user's words, nothing of the quote or signature).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from chalicelib.domain import inbound as ib
from chalicelib.domain.attachments import MAX_BYTES
from chalicelib.filetypes import sniff

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
RELAY = "relay.callboard.local"
TOKEN = "k7q2m4xza3b5c6d7e2f2g3h4"
ALERT_ID = "alert.01JNC8Y4QF.k7q2m4xz@relay.callboard.local"


def load(name: str) -> ib.InboundMail:
    return ib.parse((MAIL / name).read_bytes())


# ------------------------------------------------------------------------------------------ the corpus

REPLIES = [
    ("gmail.eml", "Sam.Taylor@gmail.com",
     "Hi Jordan,\n\nThanks for the notes! I can re-record the Act 2 scene tomorrow morning and\n"
     "send it by 2pm.\n\nSam"),
    ("gmail_signature.eml", "riley.okafor@gmail.com",
     "Yes please, I'd love to come in. Is there parking near the studio?"),
    ("gmail_html_only.eml", "robin.hale@gmail.com",
     "Here's my updated reel: Showreel 2025 (https://vimeo.com/912345678)\nIt's under two minutes."),
    ("outlook_desktop.eml", "priya@ramantalent.co.uk",
     "Hi Jordan,\n\nYes, Thursday at 11:00 works for me. I\u2019ll bring the updated headshots."),
    ("outlook_original_message.eml", "priya@ramantalent.co.uk",
     "Confirmed for the 14th. Notes for Sam:\n\n    - Arrive 9:30 at stage door\n"
     "    - Bring two copies of the sides\n\nPriya"),
    ("outlook_web.eml", "casey.brennan@outlook.com", "Monday is fine, but could we start at 10:30 instead of 10:00?"),
    ("outlook_web_html_only.eml", "dani.flores@hotmail.com",
     "Hi Jordan,\n\nThe self-tape is in the locker now \u2013 two takes, the second is slower."),
    ("outlook_ios.eml", "alex.moreau@outlook.com", "Sounds good, see you there!"),
    ("apple_mail.eml", "alex@moreau.example",
     "Perfect \u2014 I\u2019ll be there at 3.\n\nCould you send the sides beforehand? I\u2019d like to be off-book."
     "\n\nAlex"),
    ("iphone.eml", "jamie.ng@icloud.com", "Yes! Count me in \U0001F3AD"),
    ("thunderbird_flowed.eml", "morgan@ellis-acting.example",
     "Hi Jordan,\n\nI've uploaded the new self-tape to the locker. The lighting is better this time and I've "
     "trimmed the slate \u2013 it's 1:42 long."),
    ("thunderbird_bottom_post.eml", "morgan@ellis-acting.example", "Monday works, any time after 10."),
    ("html_only.eml", "taylor.reed@yahoo.co.uk",
     "Hi Jordan,\n\nHere are the dates I'm available:\n- Mon 10 March\n- Wed 12 March (mornings only)\n"
     "Can\u2019t wait & thanks again!"),
    ("french.eml", "camille.durand@orange.fr",
     "Bonjour Jordan,\n\nJe serai l\u00e0 jeudi \u00e0 11 h. Merci beaucoup pour cette opportunit\u00e9 !\n\nCamille"),
    ("german_outlook.eml", "lena@agentur-schmidt.example",
     "Hallo Jordan,\n\nich kann am Donnerstag um 11 Uhr. Die Unterlagen schicke ich vorab \u2013 gr\u00fc\u00dfe an "
     "das Team!"),
    ("japanese.eml", "yuki.tanaka@gmail.com", "了解しました！金曜日の15時に伺います。🙏\n\nユキ"),
    ("valediction_and_lists.eml", "riley.okafor@gmail.com",
     "Thanks, that works for me. My slots:\n\n- Monday: 10am\n- Tuesday: 2pm\n-Wednesday: any time\n\n"
     "Best,\nI'll also bring my own sides."),
    ("attachments.eml", "sam.taylor@gmail.com", "Attached are my CV and a new headshot."),
]


@pytest.mark.parametrize(("name", "sender", "expected"), REPLIES, ids=[case[0] for case in REPLIES])
def test_each_client_reply_is_trimmed_to_exactly_the_new_text(name, sender, expected):
    mail = load(name)
    assert not mail.malformed, mail.defects
    assert mail.sender == sender
    assert ib.loop_reason(mail, RELAY) is None
    assert ib.judge_verdicts(mail) == ib.Verdict(True)
    assert ib.relay_tokens(mail, RELAY) == [TOKEN]
    assert ib.thread_hints(mail, RELAY) == [ALERT_ID]
    reply = ib.extract_reply(mail)
    assert reply == ib.Reply(expected, None)


def test_the_corpus_is_complete():
    names = sorted(name for name in os.listdir(MAIL) if name.endswith(".eml"))  # replies/, machine/: test_mail_corpus
    assert len(REPLIES) >= 15
    assert {case[0] for case in REPLIES} | {name for name, _ in AUTOMATIC} | {"empty_reply.eml", "malformed.eml"} \
        == set(names)


def test_a_reply_with_only_quoted_history_has_no_text():
    reply = ib.extract_reply(load("empty_reply.eml"))
    assert reply == ib.Reply("", ib.NO_TEXT)


AUTOMATIC = [
    ("out_of_office.eml", "Auto-Submitted: auto-generated"),
    ("dsn_bounce.eml", "a delivery or read report (delivery-status)"),
    ("mailing_list.eml", "Precedence: list"),
    ("own_alert_loop.eml", "one of our own alerts came back"),
]


@pytest.mark.parametrize(("name", "reason"), AUTOMATIC, ids=[case[0] for case in AUTOMATIC])
def test_automatic_mail_in_the_corpus_is_dropped_and_never_answered(name, reason):
    mail = load(name)
    assert ib.loop_reason(mail, RELAY) == reason
    assert ib.may_answer(mail, RELAY) is False


def test_malformed_mail_is_marked_and_nothing_raises():
    mail = load("malformed.eml")
    assert mail.malformed is True
    assert mail.sender is None
    assert "CloseBoundaryNotFoundDefect" in mail.defects
    assert ib.may_answer(mail, RELAY) is False
    ib.extract_reply(mail)
    ib.judge_verdicts(mail)
    ib.judge_attachments(mail.attachments, sniff)


@pytest.mark.parametrize("raw", [
    b"", b"\x00\xff\xfe garbage \x80\x81", b"not an email at all", b"From: \r\n\r\n", b"Subject: x" * 10000,
    b"Content-Type: multipart/mixed\r\nFrom: a@b.example\r\n\r\nno boundary parameter",
    b"From: a@b.example\r\nContent-Type: text/plain; charset=\"no-such-charset\"\r\n\r\n\xe9t\xe9",
    b"From: =?utf-8?q?broken <a@b.example>\r\nTo: <<<>>>\r\nDate: yesterday\r\n\r\nhi",
    bytearray(b"From: a@b.example\r\n\r\nhello"),
])
def test_parse_never_raises(raw):
    mail = ib.parse(raw)
    assert isinstance(mail, ib.InboundMail)
    ib.loop_reason(mail, RELAY)
    ib.judge_verdicts(mail, require_verdicts=False)
    ib.relay_tokens(mail, RELAY)
    ib.thread_hints(mail, RELAY)
    ib.extract_reply(mail)


def test_garbage_is_malformed_and_a_plain_good_mail_is_not():
    assert ib.parse(b"").malformed
    assert ib.parse(b"\x00\xff\xfe garbage").malformed
    good = ib.parse(b"From: Ann <ann@Example.COM>\r\nSubject: =?utf-8?q?R=C3=A9p?=\r\n\r\nhello\r\n")
    assert (good.malformed, good.sender, good.subject, good.text) == (False, "ann@example.com", "Rép", "hello\n")


def test_unknown_charset_falls_back_to_utf8_and_latin1_labels_read_as_windows_1252():
    mail = ib.parse(b"From: a@b.example\r\nContent-Type: text/plain; charset=x-nope\r\n\r\ncaf\xc3\xa9")
    assert mail.text == "café"
    mail = ib.parse(b"From: a@b.example\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n\x93quoted\x94")
    assert mail.text == "\u201cquoted\u201d"


# ------------------------------------------------------------------------------------------ sender

@pytest.mark.parametrize(("from_header", "sender"), [
    ("Sam <Sam.Taylor@GMAIL.COM>", "Sam.Taylor@gmail.com"),
    ("sam@example.com", "sam@example.com"),
    ('"victim@bank.example" <attacker@evil.example>', "attacker@evil.example"),
    ("=?utf-8?b?w4lsaXNl?= <elise@exemple.fr>", "elise@exemple.fr"),
    ("a@example.com, b@example.com", None),
    ("Nobody", None),
    ("<<<@@@>>>", None),
    ("Sam <sam@example.com> <other@evil.example>", None),  # the parser would have to guess which one
    ("alice@example.com <bob@evil.example>", None),
    ("Sam <sam@example.com", None),
    ('"a@b.example"@evil.example', None),
])
def test_sender_is_the_single_from_address_with_a_lower_case_domain(from_header, sender):
    assert ib.parse(f"From: {from_header}\r\n\r\nhi".encode()).sender == sender


def test_two_from_headers_give_no_sender():
    assert ib.parse(b"From: a@example.com\r\nFrom: b@example.com\r\n\r\nhi").sender is None


# ------------------------------------------------------------------------------------------ loop guards

def mail_with(headers: str, body: str = "hello", from_: str = "Sam <sam@example.com>") -> ib.InboundMail:
    return ib.parse(f"From: {from_}\r\nTo: reply+{TOKEN}@{RELAY}\r\n{headers}\r\n\r\n{body}".encode())


@pytest.mark.parametrize(("headers", "reason"), [
    ("Subject: Re: hello", None),
    ("Auto-Submitted: no", None),
    ("Auto-Submitted: No", None),
    ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
    ("Auto-Submitted: auto-generated; owner-email=x@y.example", "Auto-Submitted: auto-generated"),
    ("Auto-Submitted: auto-notified", "Auto-Submitted: auto-notified"),
    ("Precedence: bulk", "Precedence: bulk"),
    ("Precedence: junk", "Precedence: junk"),
    ("Precedence: list", "Precedence: list"),
    ("Precedence: auto_reply", "Precedence: auto_reply"),
    ("Precedence: first-class", None),
    ("X-Autoreply: yes", "an auto-reply (X-Autoreply)"),
    ("X-Autorespond: Out of office", "an auto-reply (X-Autorespond)"),
    ("X-Auto-Response-Suppress: All", None),  # a request about answering it, not a mark of automatic mail
    ("List-Id: <news.lists.example>", "a mailing-list message (List-Id)"),
    ("List-Unsubscribe: <https://lists.example/u>", "a mailing-list message (List-Unsubscribe)"),
    ("Return-Path: <>", "a bounce (empty Return-Path)"),
    ("Return-Path: <sam@example.com>", None),
    ("X-Failed-Recipients: nobody@example.com", "a bounce (X-Failed-Recipients)"),
    (f"{ib.ALERT_HEADER}: message", "one of our own alerts came back"),
    ("Content-Type: multipart/report; report-type=delivery-status; boundary=x",
     "a delivery or read report (delivery-status)"),
    ("Content-Type: multipart/report; report-type=disposition-notification; boundary=x",
     "a delivery or read report (disposition-notification)"),
    ("Content-Type: multipart/mixed; report-type=delivery-status; boundary=x",
     "a delivery or read report (delivery-status)"),
    ("Subject: Automatic reply: Callback", "an out-of-office reply (subject)"),
    ("Subject: Out of Office: back Monday", "an out-of-office reply (subject)"),
    ("Subject: Réponse automatique : absent", "an out-of-office reply (subject)"),
    ("Subject: Re: are you out of office next week?", None),
])
def test_loop_guards(headers, reason):
    assert ib.loop_reason(mail_with(headers), RELAY) == reason


@pytest.mark.parametrize(("from_", "reason"), [
    ("MAILER-DAEMON@mx.example.com", "an automatic sender (MAILER-DAEMON@mx.example.com)"),
    ("Mail Delivery System <mailer-daemon@googlemail.com>", "an automatic sender (mailer-daemon@googlemail.com)"),
    ("postmaster@example.com", "an automatic sender (postmaster@example.com)"),
    ("no-reply@accounts.example", "an automatic sender (no-reply@accounts.example)"),
    (f"Jordan via Callboard <reply+{TOKEN}@RELAY.callboard.local>", "sent from the relay domain itself"),
    ("daemon.fan@example.com", None),
])
def test_automatic_senders(from_, reason):
    assert ib.loop_reason(mail_with("Subject: hi", from_=from_), RELAY) == reason


def test_mailer_daemon_return_path_without_a_domain():
    assert ib.loop_reason(mail_with("Return-Path: <MAILER-DAEMON>"), RELAY) == "an automatic sender (MAILER-DAEMON)"


def test_may_answer_respects_a_request_for_no_automatic_answers():
    assert ib.may_answer(mail_with("Subject: hi"), RELAY) is True
    assert ib.may_answer(mail_with("X-Auto-Response-Suppress: All"), RELAY) is False
    assert ib.may_answer(mail_with("X-Auto-Response-Suppress: DR, AutoReply"), RELAY) is False
    assert ib.may_answer(mail_with("X-Auto-Response-Suppress: DR, NDR"), RELAY) is True
    assert ib.may_answer(mail_with("Precedence: bulk"), RELAY) is False
    assert ib.may_answer(mail_with("Subject: hi", from_="Nobody"), RELAY) is False


# ------------------------------------------------------------------------------------------ SES verdicts

def ses_mail(*, spam: str | None = "PASS", virus: str | None = "PASS", auth: str | None = None,
             received_spf: str | None = None, receipt: bool = True, below: str = "",
             from_: str = "sam@example.com") -> ib.InboundMail:
    if auth is None:
        auth = ("amazonses.com; spf=pass (spfCheck: domain of example.com designates 192.0.2.1 as permitted sender)"
                " client-ip=192.0.2.1; envelope-from=sam@example.com; helo=mx.example.com;"
                " dkim=pass header.i=@example.com; dmarc=pass header.from=example.com;")
    lines = ["Return-Path: <sam@example.com>",
             f"Received: from mx.example.com by inbound-smtp.eu-west-1.amazonaws.com for reply+{TOKEN}@{RELAY}"]
    if spam is not None:
        lines.append(f"X-SES-Spam-Verdict: {spam}")
    if virus is not None:
        lines.append(f"X-SES-Virus-Verdict: {virus}")
    if received_spf is not None:
        lines.append(f"Received-SPF: {received_spf}")
    if auth:
        lines.append(f"Authentication-Results: {auth}")
    if receipt:
        lines.append("X-SES-RECEIPT: AEFBQUFBQUFBQUFF")
    lines += [line for line in below.split("\n") if line]
    lines += [f"From: Sam <{from_}>", f"To: reply+{TOKEN}@{RELAY}", "Subject: Re: hi"]
    return ib.parse(("\r\n".join(lines) + "\r\n\r\nhello\r\n").encode())


SPF_FAIL_DKIM_FAIL = ("amazonses.com; spf=fail (spfCheck: domain of example.com does not designate 203.0.113.9)"
                      " client-ip=203.0.113.9; envelope-from=sam@example.com; dkim=fail header.i=@example.com;"
                      " dmarc=none header.from=example.com;")


@pytest.mark.parametrize(("kwargs", "verdict"), [
    ({}, ib.Verdict(True)),
    ({"virus": "FAIL"}, ib.Verdict(False, "the virus scan found a virus")),
    ({"spam": "FAIL"}, ib.Verdict(False, "the spam filter marked it as spam")),
    ({"spam": "GRAY"}, ib.Verdict(True)),
    ({"virus": "GRAY"}, ib.Verdict(False, "the virus scan was inconclusive (GRAY)")),
    ({"virus": "PROCESSING_FAILED"}, ib.Verdict(False, "the virus scan was inconclusive (PROCESSING_FAILED)")),
    ({"spam": "PROCESSING_FAILED"}, ib.Verdict(False, "the spam scan was inconclusive (PROCESSING_FAILED)")),
    ({"virus": None}, ib.Verdict(False, "the virus scan was inconclusive (missing)")),
    ({"auth": "amazonses.com; spf=pass envelope-from=sam@example.com; dkim=pass header.i=@example.com; "
              "dmarc=fail header.from=example.com"}, ib.Verdict(False, "DMARC failed for the sender's domain")),
    ({"auth": SPF_FAIL_DKIM_FAIL}, ib.Verdict(False, "SPF and DKIM both failed for the sender's domain")),
    ({"auth": "amazonses.com; spf=fail smtp.mailfrom=sam@example.com; dkim=pass header.d=example.com; dmarc=none"},
     ib.Verdict(True)),
    ({"auth": "amazonses.com; spf=pass smtp.mailfrom=sam@example.com; dkim=none; dmarc=none"}, ib.Verdict(True)),
    ({"auth": "amazonses.com; spf=softfail smtp.mailfrom=sam@example.com; dkim=none; dmarc=none"},
     ib.Verdict(False, "SPF and DKIM both failed for the sender's domain")),
    # passes for the attacker's own domain do not vouch for a From address on somebody else's
    ({"auth": "amazonses.com; spf=pass smtp.mailfrom=x@evil.example; dkim=pass header.d=evil.example; dmarc=none"},
     ib.Verdict(False, "SPF and DKIM both failed for the sender's domain")),
    ({"auth": "amazonses.com; spf=pass smtp.mailfrom=bounce@mail.example.com; dkim=none; dmarc=none"},
     ib.Verdict(True)),
    ({"auth": "amazonses.com; spf=fail; dkim=fail header.d=esp.example; dmarc=pass header.from=example.com"},
     ib.Verdict(True)),
    ({"auth": "", "received_spf": "pass (spfCheck: domain of example.com designates 192.0.2.1) "
                                  "client-ip=192.0.2.1; envelope-from=sam@example.com;"}, ib.Verdict(True)),
    ({"auth": "", "received_spf": "fail (spfCheck: nope) envelope-from=sam@example.com;"},
     ib.Verdict(False, "SPF and DKIM both failed for the sender's domain")),
    ({"auth": ""}, ib.Verdict(False, "no SPF/DKIM/DMARC results on this mail")),
    ({"auth": "mx.other.example; spf=pass; dkim=pass header.d=example.com; dmarc=pass"},
     ib.Verdict(False, "no SPF/DKIM/DMARC results on this mail")),
])
def test_ses_verdicts(kwargs, verdict):
    assert ib.judge_verdicts(ses_mail(**kwargs)) == verdict


def test_verdict_headers_written_by_the_sender_below_ses_receipt_are_ignored():
    forged = ("X-SES-Spam-Verdict: PASS\nX-SES-Virus-Verdict: PASS\n"
              "Authentication-Results: amazonses.com; spf=pass; dkim=pass header.d=example.com; dmarc=pass")
    mail = ses_mail(spam="FAIL", below=forged)
    assert ib.judge_verdicts(mail) == ib.Verdict(False, "the spam filter marked it as spam")
    mail = ses_mail(auth=SPF_FAIL_DKIM_FAIL, below=forged)
    assert ib.judge_verdicts(mail).ok is False


def test_without_ses_the_mail_is_accepted_only_when_verdicts_are_not_required():
    local = ib.parse(b"From: sam@example.com\r\nTo: reply+abc@relay.callboard.local\r\n\r\nhello")
    assert ib.judge_verdicts(local, require_verdicts=False) == ib.Verdict(True)
    assert ib.judge_verdicts(local) == ib.Verdict(False, "no SES verdicts on this mail")


def test_without_ses_receipt_forged_passes_are_not_trusted_but_failures_still_reject():
    forged_pass = ses_mail(receipt=False)
    assert ib.judge_verdicts(forged_pass) == ib.Verdict(False, "no SES verdicts on this mail")
    assert ib.judge_verdicts(forged_pass, require_verdicts=False) == ib.Verdict(True)
    virus = ses_mail(virus="FAIL", receipt=False)
    assert ib.judge_verdicts(virus, require_verdicts=False) == ib.Verdict(False, "the virus scan found a virus")


def test_verdicts_on_a_real_ses_fixture_from_a_domain_without_dmarc():
    assert ib.judge_verdicts(load("french.eml")) == ib.Verdict(True)  # dmarc=none, SPF and DKIM pass


# ------------------------------------------------------------------------------------------ tokens and hints

def test_tokens_from_every_recipient_header_envelope_first_without_duplicates():
    raw = (f"Received: from mx by inbound-smtp.eu-west-1.amazonaws.com with SMTP id x for reply+env_1@{RELAY};"
           " Tue, 4 Mar 2025\r\n"
           f"Delivered-To: reply+dlv-2@{RELAY}\r\n"
           f"X-Original-To: reply+orig3@{RELAY}\r\n"
           f"From: sam@example.com\r\nTo: Jordan via Callboard <reply+to4@RELAY.CALLBOARD.LOCAL>, other@example.com\r\n"
           f"Cc: =?utf-8?q?J=C3=B6rdan?= <reply+cc5@{RELAY}>, reply+to4@{RELAY}\r\n\r\nhi").encode()
    assert ib.relay_tokens(ib.parse(raw), RELAY) == ["env_1", "dlv-2", "orig3", "to4", "cc5"]


def test_a_mail_as_the_local_smtp_stand_in_stores_it():
    """infra/local/smtp.py prepends X-Envelope-To and no verdicts; the To header may name someone else."""
    raw = (f"X-Envelope-To: reply+{TOKEN}@{RELAY}\r\nFrom: Sam <sam@example.com>\r\n"
           "To: someone@example.com\r\nSubject: Re: hi\r\n\r\nSee you there.\r\n").encode()
    mail = ib.parse(raw)
    assert ib.relay_tokens(mail, RELAY) == [TOKEN]
    assert ib.judge_verdicts(mail, require_verdicts=False) == ib.Verdict(True)
    assert ib.extract_reply(mail) == ib.Reply("See you there.", None)


@pytest.mark.parametrize("address", [
    f"reply+abc@{RELAY}.evil.example", f"reply+abc@evil-{RELAY}", f"reply+abc@sub.{RELAY}",
    f"xreply+abc@{RELAY}", f"reply+ab.c@{RELAY}", f"reply+@{RELAY}", f"reply-abc@{RELAY}", "reply+abc@example.com",
])
def test_no_token_from_lookalike_addresses(address):
    mail = ib.parse(f"From: sam@example.com\r\nTo: <{address}>\r\n\r\nhi".encode())
    assert ib.relay_tokens(mail, RELAY) == []


def test_thread_hints_are_our_message_ids_newest_first():
    raw = (f"From: sam@example.com\r\nIn-Reply-To: <alert.T2.b@{RELAY.upper()}>\r\n"
           f"References: <alert.T1.a@{RELAY}> <CAx1@mail.gmail.com>\r\n <alert.T2.b@{RELAY.upper()}>"
           f" <alert.T3.c@{RELAY}>\r\n\r\nhi").encode()
    assert ib.thread_hints(ib.parse(raw), RELAY) == [
        f"alert.T2.b@{RELAY.upper()}", f"alert.T3.c@{RELAY}", f"alert.T1.a@{RELAY}"]
    assert ib.thread_hints(ib.parse(b"From: a@b.example\r\nReferences: <x@other.example>\r\n\r\nhi"), RELAY) == []


# ------------------------------------------------------------------------------------------ trimming rules

TRIMS = [
    ("plain text, nothing to trim", "Hello\n\nSee you", "Hello\n\nSee you"),
    ("CRLF and trailing spaces", "Hello  \r\nthere\r\n\r\n", "Hello\nthere"),
    ("indentation kept", "Steps:\n  1. warm up\n      - breathe\n", "Steps:\n  1. warm up\n      - breathe"),
    ("-- signature", "See you.\n-- \nSam\n+44 7700 900123", "See you."),
    ("-- signature, trailing space lost", "See you.\n--\nSam", "See you."),
    ("-- signature with a prose line still cut", "See you.\n-- \nSam. Actor.", "See you."),
    ("a bare -- between paragraphs is not a signature", "Part one.\n--\nPart two is longer than a name.",
     "Part one.\n--\nPart two is longer than a name."),
    ("a dash line in the text is not a signature", "A -- B\n--- notes ---\nmore", "A -- B\n--- notes ---\nmore"),
    ("sent from", "On my way.\n\nSent from my Galaxy", "On my way."),
    ("nothing but sent from", "\nSent from my iPhone\n", ""),
    ("a sentence starting like sent-from is the message", "Sent from my phone, sorry for typos.\nSee you",
     "Sent from my phone, sorry for typos.\nSee you"),
    ("sent from is only a signature at the end",
     "Sent from my phone, sorry for typos.\nThe call is at 3, right?\nAnd after?\nOK\nbye",
     "Sent from my phone, sorry for typos.\nThe call is at 3, right?\nAnd after?\nOK\nbye"),
    ("sign-off and name block", "Works for me.\n\nKind regards,\nPriya Raman\nRaman Talent | +44 20 7946 0123",
     "Works for me."),
    ("sign-off alone at the end stays", "Works for me.\n\nThanks!", "Works for me.\n\nThanks!"),
    ("a sign-off on the first line is the message", "Thanks,\nSam", "Thanks,\nSam"),
    ("a sign-off followed by prose is not a signature", "Yes.\n\nCheers,\nsee you at the stage door at 9.",
     "Yes.\n\nCheers,\nsee you at the stage door at 9."),
    ("P.S. after a sign-off is kept", "Yes.\n\nBest,\nSam\nPS bring water", "Yes.\n\nBest,\nSam\nPS bring water"),
    ("quote without an attribution line", "Agreed.\n\n> old text\n> more old text\n", "Agreed."),
    ("outlook separator without header", "Agreed.\n\n________________________________\n", "Agreed."),
    ("wrapped gmail attribution", "Yes!\n\nOn Tue, 4 Mar 2025 at 09:58, A Long Name via Callboard <\n"
     "reply+abc@relay.callboard.local> wrote:\n\n> q", "Yes!"),
    ("bottom-posted", "On Tue, 4 Mar 2025, Jo wrote:\n> question?\n\nanswer\n", "answer"),
    ("inline answers keep the quotes they answer",
     "On Tue, 4 Mar 2025, Jo wrote:\n> Monday?\nYes\n> Tuesday?\nNo\n> Bye\n", "> Monday?\nYes\n> Tuesday?\nNo"),
    ("a line above inline answers keeps the answers",
     "Answers below.\n\nOn Tue, 4 Mar 2025, Jo <jo@example.com> wrote:\n> Monday?\nYes\n> Tuesday?\nNo\n> Bye\n",
     "Answers below.\n\n> Monday?\nYes\n> Tuesday?\nNo"),
    ("a signature under the quote is not an answer",
     "Yes.\n\nOn Tue, 4 Mar 2025, Jo <jo@example.com> wrote:\n> Monday?\n\n-- \nSam\n", "Yes."),
    ("outlook header first: what follows is history, not a reply",
     "From: Jo\nSent: Tuesday\nTo: Sam\nSubject: x\n\nold message", ""),
    ("original message separator", "New.\n-----Original Message-----\nFrom: Jo\nold", "New."),
    ("german quote header", "Ja.\n\nAm Di., 4. März 2025 um 09:58 Uhr schrieb Jo <jo@example.com>:\n> Frage", "Ja."),
    ("spanish quote header", "Sí, allí estaré.\n\nEl mar, 4 mar 2025 a las 9:58, Jo (<jo@example.com>) escribió:\n> ?",
     "Sí, allí estaré."),
    ("portuguese quote header", "Combinado!\n\nEm ter., 4 de mar. de 2025 às 09:58, Jo <jo@example.com> escreveu:\n> ?",
     "Combinado!"),
    ("emoji and right-to-left text intact", "מעולה 👍🏽\nشكرا", "מעולה 👍🏽\nشكرا"),
    ("samsung original message block, sent-from line with a full stop",
     "See you then.\n\nSent from my Samsung Galaxy smartphone.\n\n-------- Original message --------\n"
     "From: Jordan Lee via Callboard <reply+abc@relay.callboard.local>\nDate: 04/03/2025 09:58 (GMT+00:00)\n"
     "To: sam@example.com\nSubject: Callback\n\nCan you come?", "See you then."),
    ("qq mail", "好的，没问题。\n\n------------------ 原始邮件 ------------------\n"
     "发件人: \"Jordan Lee via Callboard\"<reply+abc@relay.callboard.local>;\n发送时间: 2025年3月4日(星期二) 上午9:58\n"
     "收件人: \"王芳\"<wang@qq.com>;\n主题: Callback\n\n可以吗？", "好的，没问题。"),
    ("attribution wrapped in bidi marks (Gmail in Hebrew)", "מעולה, נתראה.\n\n\u202bבתאריך יום ג׳, 4 במרץ 2025 ב-9:58"
     " מאת \u202aJordan Lee via Callboard\u202c\u200f <\u202areply+abc@relay.callboard.local\u202c\u200f>:\u202c\n\n"
     "> Can you come?", "מעולה, נתראה."),
    ("attribution and quote on one line (Yahoo on Android)", "Yes, see you then\n\n  On Tue, Mar 4, 2025 at 9:58, "
     "Jordan Lee via Callboard<reply+abc@relay.callboard.local> wrote:   Can you come in on Thursday?",
     "Yes, see you then"),
    ("czech outlook block", "Ano, to mi vyhovuje.\n\nOd: Jordan Lee via Callboard <reply+abc@relay.callboard.local>\n"
     "Odesláno: úterý 4. března 2025 9:58\nKomu: Petr <petr@example.cz>\nPředmět: Callback\n\nMůžete přijít?",
     "Ano, to mi vyhovuje."),
    ("a header block in a language without a label list names our sender",
     "Ya, bisa.\n\nDari: Jordan Lee via Callboard <reply+abc@relay.callboard.local>\nDikirim: Selasa, 4 Maret 2025"
     "\nKepada: Budi <budi@example.id>\nSubjek: Callback\n\nBisa datang?", "Ya, bisa."),
    ("mail.ru attribution", "Да, буду.\n\nВторник, 4 марта 2025, 9:58 +03:00 от Jordan Lee via Callboard "
     "<reply+abc@relay.callboard.local>:\n\n> Сможете прийти?", "Да, буду."),
    ("an attribution right under the reply, no blank line", "Sounds good\nOn Tue, 4 Mar 2025 at 09:58, Jordan Lee via "
     "Callboard <reply+abc@relay.callboard.local> wrote:\n> q", "Sounds good"),
    ("a line of the reply ending with a colon is not an attribution", "My slots on 4 March:\n- Mon 10:00\n- Tue 14:00",
     "My slots on 4 March:\n- Mon 10:00\n- Tue 14:00"),
    ("a person's own From: line is not a header block", "From: the director's notes\nbe louder in act 2",
     "From: the director's notes\nbe louder in act 2"),
    ("only a signature", "-- \nSam", ""),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in TRIMS], ids=[case[0] for case in TRIMS])
def test_trim_reply(text, expected):
    assert ib.trim_reply(text) == expected


def test_html_is_used_when_the_text_part_is_empty():
    raw = (b"From: sam@example.com\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\n\r\n"
           b"--b\r\nContent-Type: text/html\r\n\r\n<p>Only <i>here</i></p>\r\n--b--\r\n")
    assert ib.extract_reply(ib.parse(raw)) == ib.Reply("Only here", None)


def test_format_flowed_with_delsp():
    raw = (b"From: sam@example.com\r\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\r\n"
           b"One long para \r\ngraph here.\r\n Space-stuffed line\r\n-- \r\nSam\r\n")
    mail = ib.parse(raw)
    assert mail.text == "One long paragraph here.\nSpace-stuffed line\n-- \nSam\n"
    assert ib.extract_reply(mail).text == "One long paragraph here.\nSpace-stuffed line"


HTML = [
    ("blocks and breaks", "<div>Hi</div><div><br></div><div>there<br>you</div>", "Hi\n\nthere\nyou"),
    ("entities and nbsp", "<p>Tom&nbsp;&amp;&nbsp;Jerry &#8211; &eacute;t&eacute;</p>", "Tom & Jerry – été"),
    ("whitespace collapses", "<p>  a \n\n  b   </p>", "a b"),
    ("pre keeps it", "<pre>a   b\n  c</pre>", "a   b\n  c"),
    ("lists", "<ul><li>one</li><li>two</li></ul><ol><li>x</li><li>y</li></ol>", "- one\n- two\n1. x\n2. y"),
    ("links", '<a href="https://x.example/reel">my reel</a> and <a href="https://y.example">https://y.example</a>',
     "my reel (https://x.example/reel) and https://y.example"),
    ("scripts and styles dropped", "<style>p{}</style><script>alert(1)</script><p>ok</p>", "ok"),
    ("blockquote becomes > quote", "<p>yes</p><blockquote>old<br>older</blockquote>", "yes\n\n> old\n> older"),
    ("paragraphs keep a blank line between them, Outlook's margin-less lines do not",
     '<p>one</p><p>two</p><p class="MsoNormal">three</p><p class="MsoNormal">four</p><p style="margin: 0">five</p>',
     "one\n\ntwo\n\nthree\nfour\nfive"),
    ("client-marked history stops the text", '<p>yes</p><div class="gmail_quote">On x wrote: y</div><p>z</p>',
     "yes"),
    ("zimbra's divider stops the text", '<div>yes</div><hr id="zwchr" data-marker="__DIVIDER__"><div>old</div>',
     "yes"),
    ("gmx's quote container stops the text", '<div>ja</div><div name="quote"><div>Gesendet: x</div></div>', "ja"),
    ("client-marked signature skipped", '<p>yes</p><div id="Signature"><p>Dani</p><p>+44 1</p></div><p>no</p>',
     "yes\n\nno"),
    ("broken html", "<div>unclosed <b>bold <i>it", "unclosed bold it"),
    ("a stray end tag does not reveal a signature",
     '<p>yes</p><div id="Signature">Dani</span><p>+44 1</p></div><p>no</p>', "yes\n\nno"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("html", "expected"), [case[1:] for case in HTML], ids=[case[0] for case in HTML])
def test_html_to_text(html, expected):
    assert ib.html_to_text(html) == expected


# ------------------------------------------------------------------------------------------ attachments

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def att(name: str, ctype: str, data: bytes, inline: bool = False) -> ib.Attachment:
    return ib.Attachment(name, ctype, data, inline)


def test_the_fixture_keeps_real_attachments_skips_the_signature_logo_and_drops_the_exe():
    mail = load("attachments.eml")
    parts = [(a.filename, a.content_type, a.is_inline) for a in mail.attachments]
    assert parts == [("logo.png", "image/png", True), ("CV – Sam Taylor.pdf", "application/pdf", False),
                     ("headshot.jpg", "image/jpeg", False), ("virus.exe", "application/x-msdownload", False)]
    assert mail.attachments[0].content_id == "sig-logo@callboard-test"
    check = ib.judge_attachments(mail.attachments, sniff)
    assert [(a.filename, a.content_type) for a in check.kept] == [
        ("CV – Sam Taylor.pdf", "application/pdf"), ("headshot.jpg", "image/jpeg")]
    assert check.kept[0].data.startswith(b"%PDF-1.7")
    assert check.dropped == ("virus.exe: type not allowed",)


def test_at_most_four_attachments_and_inline_images_do_not_count():
    files = [att("logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, inline=True)]
    files += [att(f"photo{n}.jpg", "image/jpeg", JPEG) for n in range(1, 6)]
    check = ib.judge_attachments(files, sniff)
    assert [a.filename for a in check.kept] == ["photo1.jpg", "photo2.jpg", "photo3.jpg", "photo4.jpg"]
    assert check.dropped == ("photo5.jpg: more than 4 attachments",)


def test_bad_files_do_not_take_a_place_among_the_four():
    files = [att("virus.exe", "application/octet-stream", EXE)] + [
        att(f"p{n}.pdf", "application/pdf", PDF) for n in range(4)]
    check = ib.judge_attachments(files, sniff)
    assert len(check.kept) == 4
    assert check.dropped == ("virus.exe: type not allowed",)


@pytest.mark.parametrize(("attachment", "kept", "dropped"), [
    (att("big.pdf", "application/pdf", PDF + b"\x00" * MAX_BYTES), None, "big.pdf: larger than 6 MB"),
    (att("limit.pdf", "application/pdf", PDF + b"\x00" * (MAX_BYTES - len(PDF))),
     ("limit.pdf", "application/pdf"), None),
    (att("empty.pdf", "application/pdf", b""), None, "empty.pdf: the file is empty"),
    (att("fake.jpg", "image/jpeg", PDF), None, "fake.jpg: the file is application/pdf, not image/jpeg as declared"),
    (att("cv.pdf", "application/octet-stream", PDF), ("cv.pdf", "application/pdf"), None),
    (att("CV.PDF", "application/pdf", PDF), ("CV.PDF", "application/pdf"), None),
    (att("scan", "application/octet-stream", PDF), ("scan.pdf", "application/pdf"), None),
    (att("notes.txt", "text/plain", "Notes – café\n".encode()), ("notes.txt", "text/plain"), None),
    (att("notes.txt", "text/plain", EXE), None,
     "notes.txt: the file is not plain text (it looks like application/x-msdownload)"),
    (att("page.html", "text/html", b"<p>hi</p>"), None, "page.html: type not allowed"),
    (att("forwarded.eml", "message/rfc822", b"From: x\r\n\r\nhi"), None, "forwarded.eml: type not allowed"),
    (att("../../etc/head shot.jpg", "image/jpeg", JPEG), ("head shot.jpg", "image/jpeg"), None),
])
def test_attachment_rules(attachment, kept, dropped):
    check = ib.judge_attachments([attachment], sniff)
    assert [(a.filename, a.content_type) for a in check.kept] == ([kept] if kept else [])
    assert check.dropped == ((dropped,) if dropped else ())


def test_a_body_split_around_an_inline_image_is_read_whole():
    raw = (b"From: jo@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere is the set photo:\r\n"
           b"--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: inline; filename=IMG_0042.jpeg\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQSkZJRgABAQAAAQABAAA=\r\n"
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nand the back wall.\r\n\r\n"
           b"On Tue, 4 Mar 2025, Sam wrote:\r\n> Send a photo?\r\n--b--\r\n")
    mail = ib.parse(raw)
    assert ib.extract_reply(mail).text == "Here is the set photo:\nand the back wall."
    assert [(a.filename, a.is_inline) for a in mail.attachments] == [("IMG_0042.jpeg", False)]
    assert [a.filename for a in ib.judge_attachments(mail.attachments, sniff).kept] == ["IMG_0042.jpeg"]


def test_unnamed_parts_get_a_name_and_attached_messages_are_not_read_as_body():
    raw = (b"From: sam@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nSee the forwarded mail.\r\n"
           b"--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: jo@example.com\r\nSubject: old\r\n\r\nold body\r\n"
           b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcK\r\n"
           b"--b--\r\n")
    mail = ib.parse(raw)
    assert ib.extract_reply(mail).text == "See the forwarded mail."
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("attachment-1.eml", "message/rfc822"), ("attachment-2.pdf", "application/pdf")]
    assert mail.attachments[0].data.startswith(b"From: jo@example.com") and b"old body" in mail.attachments[0].data


# ------------------------------------------------------------------------------------------ redeliveries

def test_the_delivery_key_is_the_sender_and_message_id_whatever_the_transport_headers():
    mail = b"From: Sam <sam@Example.com>\r\nMessage-ID: <abc@mail.example.com>\r\n\r\nhello"
    again = b"Received: from mx2 by inbound-smtp; Tue, 4 Mar 2025\r\n" + mail
    assert ib.parse(mail).delivery_key == ib.parse(again).delivery_key
    assert ib.parse(mail).delivery_key != ib.parse(mail.replace(b"abc@", b"abd@")).delivery_key
    assert ib.parse(mail).delivery_key != ib.parse(mail.replace(b"sam@", b"kim@")).delivery_key
    assert "sam" not in ib.parse(mail).delivery_key


def test_without_a_message_id_the_delivery_key_is_the_body():
    mail = b"From: sam@example.com\r\nSubject: Re: x\r\n\r\nhello"
    assert ib.parse(mail).delivery_key == ib.parse(b"Received: from mx2\r\n" + mail).delivery_key
    assert ib.parse(mail).delivery_key != ib.parse(mail + b" again").delivery_key


@pytest.mark.parametrize(("auth", "answer"), [
    ("amazonses.com; spf=pass smtp.mailfrom=sam@example.com; dkim=pass header.d=example.com; dmarc=pass", True),
    ("amazonses.com; spf=fail smtp.mailfrom=sam@example.com; dkim=pass header.d=example.com; dmarc=none", False),
    ("amazonses.com; spf=softfail smtp.mailfrom=sam@example.com; dkim=none; dmarc=none", False),
    ("amazonses.com; spf=pass smtp.mailfrom=sam@example.com; dkim=pass header.d=example.com; dmarc=fail", False),
])
def test_no_answer_to_a_sender_whose_mail_failed_spf_or_dmarc(auth, answer):
    assert ib.may_answer(ses_mail(auth=auth), RELAY) is answer


# ------------------------------------------------------------------------------------------ more mail programs

A = f"reply+{TOKEN}@{RELAY}"
N = "Jordan Lee via Callboard"
WEBMAIL = [
    ("outlook for mac", f'Works for me.\n\nOn 04/03/2025, 09:58, "{N}" <{A}> wrote:\n\n    Can you come?\n',
     "Works for me."),
    ("outlook for mac, german", f"Passt.\n\nVon: {N} <{A}>\nDatum: Dienstag, 4. März 2025 um 09:58\n"
     "An: Lena <lena@x.de>\nBetreff: Callback\n\nKommen Sie?\n", "Passt."),
    ("ipad", f"Yes!\n\nSent from my iPad\n\n> On 4 Mar 2025, at 09:58, {N} <{A}> wrote:\n>\n> Can you?", "Yes!"),
    ("gmail wrapped over three lines", "Claro.\n\nEl mar, 4 mar 2025 a las 9:58, Jordan Lee Fernández de la Vega via\n"
     f"Callboard (<\n{A}>) escribió:\n\n> Puedes?", "Claro."),
    ("fastmail", f"Great.\n\nOn Tue, 4 Mar 2025, at 09:58, {N} wrote:\n> Can you?", "Great."),
    ("proton", "Ok\n\nSent with Proton Mail secure email.\n\nOn Tuesday, March 4th, 2025 at 9:58 AM, "
     f"{N} <{A}> wrote:\n\n> Can you?", "Ok"),
    ("zoho", f"Fine.\n\n---- On Tue, 04 Mar 2025 09:58:12 +0000 {N} <{A}> wrote ---\n\n> Can you?", "Fine."),
    ("gmx", f'Ja gerne.\n\nGesendet: Dienstag, 04. März 2025 um 09:58 Uhr\nVon: "{N}" <{A}>\nAn: lena@gmx.de\n'
     "Betreff: Callback\n\nKommen Sie?", "Ja gerne."),
    ("web.de app", f"Ja.\n\n\nGesendet mit der WEB.DE Mail App\n\n\nAm 04.03.25, 09:58 schrieb {N} <{A}>:\n> Kommen?",
     "Ja."),
    ("orange", f'Oui.\n\n> Message du 04/03/25 09:58\n> De : "{N}" <{A}>\n> A : camille@orange.fr\n> Objet : Callback'
     "\n>\n> Pouvez-vous?", "Oui."),
    ("libero", f"Sì.\n\n----Messaggio originale----\nDa: {A}\nData: 4-mar-2025 9.58\nA: <giulia@libero.it>\n"
     "Ogg: Callback\n\nPuoi venire?", "Sì."),
    ("onet", f"Tak.\n\nDnia 4 marca 2025 09:58 {N} <{A}> napisał(a):\n\n> Czy możesz?", "Tak."),
    ("naver", f'네 좋아요.\n\n-----Original Message-----\nFrom: "{N}"<{A}>\nTo: "김지은"<jieun@naver.com>;\n'
     "Sent: 2025-03-04 (화) 09:58:12 (GMT+09:00)\nSubject: Callback\n\n오실 수 있나요?", "네 좋아요."),
    ("163.com", f'好的。\n\n\n在 2025-03-04 09:58:12，"{N}" <{A}> 写道：\n> 可以来吗？', "好的。"),
    ("docomo", f"了解です。\n\n----- Original Message -----\nFrom: {N} <{A}>\nDate: 2025/03/04 09:58\n\n来られますか？",
     "了解です。"),
    ("yandex", f'Да.\n\n04.03.2025, 09:58, "{N}" <{A}>:\n> Сможете?', "Да."),
    ("seznam", f"Ano.\n\n---------- Původní e-mail ----------\nOd: {N} <{A}>\nKomu: petr@seznam.cz\n"
     "Datum: 4. 3. 2025 9:58:12\nPředmět: Callback\n\nMůžete?", "Ano."),
    ("outlook for android", "Yes\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>\n________________________________\n"
     f"From: {N} <{A}>\nSent: Tuesday, March 4, 2025 9:58:12 AM\nTo: Sam <sam@outlook.com>\nSubject: Re: Callback\n\n"
     "Can you?", "Yes"),
    ("blackberry", f"Ok\nSent from my BlackBerry 10 smartphone.\nFrom: {N}\nSent: Tuesday, 4 March 2025 09:58\n"
     f"To: Sam\nReply To: {A}\nSubject: Callback\n\nCan you?", "Ok"),
    ("history not quoted at all under a plain attribution", f"Yes.\n\nOn Tue, 4 Mar 2025 at 09:58, {N} <{A}> wrote:\n"
     "Can you come?", "Yes."),
    ("a sentence of the person's own ending in 'wrote:' is kept",
     "I told them on Monday at 10:00, jo@example.com wrote:\nfine by me",
     "I told them on Monday at 10:00, jo@example.com wrote:\nfine by me"),
    ("a dashed title of the person's own is kept", "Thanks!\n\n----- Notes -----\nbring water\nwarm up",
     "Thanks!\n\n----- Notes -----\nbring water\nwarm up"),
    ("label-like lines of the person's own are kept", "Date: Thursday\nFrom: the director\nbe loud",
     "Date: Thursday\nFrom: the director\nbe loud"),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in WEBMAIL], ids=[case[0] for case in WEBMAIL])
def test_replies_of_more_mail_programs(text, expected):
    assert ib.remove_relay_addresses(ib.trim_reply(text), RELAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (f"Write to reply+ab@{RELAY} any time", "Write to any time"),
    (f"Van: Jo [mailto:reply+ab@{RELAY}]", "Van: Jo"),
    (f"Jo (<reply+ab@{RELAY.upper()}>) said", "Jo said"),
    (f"keep sam@example.com and unsubscribe@{RELAY}.", "keep sam@example.com and."),
    (f"reply+x@{RELAY}.evil.example stays", f"reply+x@{RELAY}.evil.example stays"),
    ("Nothing of ours: jo@example.com", "Nothing of ours: jo@example.com"),
])
def test_relay_addresses_left_in_a_reply_are_removed(text, expected):
    assert ib.remove_relay_addresses(text, RELAY) == expected
