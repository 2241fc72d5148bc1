"""The local stand-in for SES inbound mail: an SMTP server (aiosmtpd) that accepts mail for the
relay domain and stores each message in the bucket's inbound/ prefix, as the SES receipt
rule's S3 action does. The same S3 event -> inbound queue -> handler pipeline then runs."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


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
        # so it adds only the envelope recipients (what SES's notification would carry).
        headers = "".join(f"X-Envelope-To: {rcpt}\r\n" for rcpt in envelope.rcpt_tos)
        content = envelope.original_content or envelope.content or b""
        raw = headers.encode() + (content if isinstance(content, bytes) else content.encode())
        self.put_object(f"inbound/{uuid.uuid4().hex}", raw)
        return "250 Message accepted for delivery"


def start_smtp(host: str, port: int, clients: Callable[[str], Any], bucket: str, relay_domain: str) -> Controller:
    def put_object(key: str, raw: bytes) -> None:
        clients("s3").put_object(Bucket=bucket, Key=key, Body=raw, ContentType="message/rfc822")

    controller = Controller(RelayInbox(put_object, relay_domain), hostname=host, port=port,
                            data_size_limit=40 * 1024 * 1024)
    controller.start()
    return controller
