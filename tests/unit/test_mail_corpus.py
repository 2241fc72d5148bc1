"""The generated mail corpus (tests/fixtures/mail/write_corpus.py): each mail program's reply in each
language posts exactly its new text; each automatic mail is never posted nor answered."""
from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.domain import inbound as ib

MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
RELAY = "relay.callboard.local"
TOKEN = "k7q2m4xza3b5c6d7e2f2g3h4"
REPLIES = sorted(p.stem for p in (MAIL / "replies").glob("*.eml"))
MACHINE = sorted(p.stem for p in (MAIL / "machine").glob("*.eml"))


def test_the_corpus_covers_every_mail_program_and_language():
    assert len(REPLIES) >= 130 and len(MACHINE) >= 20
    for program in ("gmail_web", "gmail_android", "gmail_ios", "outlook_desktop", "outlook_web", "outlook_ios",
                    "apple_mail", "iphone", "thunderbird", "yahoo", "aol", "hotmail"):
        assert any(name.startswith(program) for name in REPLIES), program
    for lang in ("en", "es", "fr", "de", "it", "pt", "nl", "pl", "sv", "ru", "ja", "zh", "ko"):
        assert sum(name.endswith("_" + lang) for name in REPLIES) >= 6, lang
    assert all((MAIL / "replies" / f"{name}.txt").exists() for name in REPLIES)
    assert sum("html_only" in name for name in REPLIES) >= 13 and sum("signature" in name for name in REPLIES) >= 8


@pytest.mark.parametrize("name", REPLIES)
def test_a_reply_posts_exactly_its_new_text(name):
    mail = ib.parse((MAIL / "replies" / f"{name}.eml").read_bytes())
    expected = (MAIL / "replies" / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")
    assert not mail.malformed and mail.sender
    assert ib.loop_reason(mail, RELAY) is None and ib.may_answer(mail, RELAY)
    assert ib.relay_tokens(mail, RELAY) == [TOKEN]
    reply = ib.extract_reply(mail)
    assert ib.remove_relay_addresses(reply.text, RELAY) == expected


@pytest.mark.parametrize("name", MACHINE)
def test_automatic_mail_is_never_posted_nor_answered(name):
    mail = ib.parse((MAIL / "machine" / f"{name}.eml").read_bytes())
    assert ib.loop_reason(mail, RELAY) is not None
    assert ib.may_answer(mail, RELAY) is False
