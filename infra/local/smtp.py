"""The local stand-in for SES inbound mail: an SMTP server (aiosmtpd) that accepts mail for the
relay domain and stores each message in the bucket's inbound/ prefix, as the SES receipt
rule's S3 action does. The same S3 event -> inbound queue -> handler pipeline then runs.

It accepts what SES accepts, so local mail behaves as production mail does: SMTPUTF8 (internationalised
addresses and headers), lines longer than RFC 5321's 1,000 characters (mail programs send them, and SES
takes them), and messages up to SES's limit of 40 MB including their encoding.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024  # SES receiving: 40 MB per message, headers and encoding included


class SesLikeSMTP(SMTP):
    """aiosmtpd refuses a line over 1,000 characters ("500 Line too long"); SES does not. The only
    limit left is the message size."""

    line_length_limit = SES_MAX_MESSAGE_BYTES


class SesLikeController(Controller):
    def factory(self) -> SMTP:
        return SesLikeSMTP(self.handler, **self.SMTP_kwargs)


class RelayInbox:
    """aiosmtpd handler: refuses other domains at RCPT time, stores accepted mail at DATA."""

    def __init__(self, put_object: Callable[[str, bytes], None], relay_domain: str) -> None:
        self.put_object = put_object
        self.relay_domain = relay_domain.lower()

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if address.rpartition("@")[2].lower() != self.relay_domain:
            return "550 5.1.1 not a relay address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # SES prepends the envelope and its verdicts as headers; the local stand-in scans nothing,
        # so it adds only the envelope recipients (what SES's notification would carry). UTF-8: an
        # SMTPUTF8 recipient's local part may be non-ASCII.
        headers = "".join(f"X-Envelope-To: {rcpt}\r\n" for rcpt in envelope.rcpt_tos)
        content = envelope.original_content or envelope.content or b""
        raw = headers.encode("utf-8") + (content if isinstance(content, bytes) else content.encode("utf-8"))
        self.put_object(f"inbound/{uuid.uuid4().hex}", raw)
        return "250 Message accepted for delivery"


def start_smtp(host: str, port: int, clients: Callable[[str], Any], bucket: str, relay_domain: str) -> Controller:
    def put_object(key: str, raw: bytes) -> None:
        clients("s3").put_object(Bucket=bucket, Key=key, Body=raw, ContentType="message/rfc822")

    controller = SesLikeController(RelayInbox(put_object, relay_domain), hostname=host, port=port,
                                   data_size_limit=SES_MAX_MESSAGE_BYTES, enable_SMTPUTF8=True)
    controller.start()
    return controller
