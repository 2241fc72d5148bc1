"""The local SMTP stand-in accepts what SES accepts: long lines, SMTPUTF8, messages up to 40 MB."""
from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator

import pytest

from infra.local.smtp import SES_MAX_MESSAGE_BYTES, RelayInbox, SesLikeController

RELAY = "relay.callboard.local"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[list[tuple[str, bytes]], int]]:
    stored: list[tuple[str, bytes]] = []
    port = free_port()
    controller = SesLikeController(RelayInbox(lambda key, raw: stored.append((key, raw)), RELAY),
                                   hostname="127.0.0.1", port=port, data_size_limit=SES_MAX_MESSAGE_BYTES,
                                   enable_SMTPUTF8=True)
    controller.start()
    try:
        yield stored, port
    finally:
        controller.stop()


def test_a_line_over_1000_characters_is_accepted_and_stored_whole(inbox):
    stored, port = inbox
    line = "word " * 1000  # 5,000 characters, no line break: what a mail program sends for a long paragraph
    raw = f"From: sam@example.com\r\nTo: reply+abc@{RELAY}\r\nSubject: long\r\n\r\n{line}\r\n"
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        assert smtp.sendmail("sam@example.com", [f"reply+abc@{RELAY}"], raw.encode()) == {}
    [(key, body)] = stored
    assert key.startswith("inbound/")
    assert body.startswith(f"X-Envelope-To: reply+abc@{RELAY}\r\n".encode())
    assert line.encode() in body


def test_smtputf8_and_the_ses_size_are_advertised_and_a_utf8_sender_is_accepted(inbox):
    stored, port = inbox
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("smtputf8")
        assert int(smtp.esmtp_features["size"]) == SES_MAX_MESSAGE_BYTES == 40 * 1024 * 1024
        raw = f"From: José <josé@exemple.fr>\r\nTo: reply+abc@{RELAY}\r\nSubject: Olá\r\n\r\nSí, allí estaré.\r\n"
        smtp.sendmail("josé@exemple.fr", [f"reply+abc@{RELAY}"], raw.encode(), mail_options=["SMTPUTF8"])
    assert "Sí, allí estaré.".encode() in stored[0][1]


def test_mail_over_the_ses_size_is_refused(inbox):
    stored, port = inbox
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.ehlo()
        code, _ = smtp.mail("sam@example.com", options=[f"SIZE={SES_MAX_MESSAGE_BYTES + 1}"])
        assert code == 552
    assert stored == []


def test_other_domains_are_refused_at_rcpt(inbox):
    _, port = inbox
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.ehlo()
        smtp.mail("sam@example.com")
        assert smtp.rcpt("victim@example.com")[0] == 550
