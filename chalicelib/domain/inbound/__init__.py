"""Inbound mail for the relay: what a reply by email says, who sent it and whether to trust it.

The inbound use case reads one raw email (as SES stored it in S3) and asks this package, in order:

    mail = parse(raw)                                   # mime: never raises; mail.malformed says when it is junk
    loop_reason(mail, relay_domain) -> str | None       # loops: bounce, auto-reply, list mail, our own alert
    judge_verdicts(mail, require_verdicts=...) -> Verdict   # verdicts: SES spam/virus + SPF/DKIM/DMARC
    relay_tokens(mail, relay_domain) -> list[str]       # addressing: reply+TOKEN@relay_domain among the recipients
    thread_hints(mail, relay_domain) -> list[str]       # addressing: our Message-IDs in In-Reply-To/References
    mail.sender -> str | None                           # the From address, domain lower-cased
    extract_reply(mail) -> Reply                        # trimming: the new text only; reason NO_TEXT when none is left
    judge_attachments(mail.attachments, sniff) -> AttachmentCheck   # attachments: kept files + reasons
    may_answer(mail, relay_domain) -> bool              # loops: whether an explanation may be mailed back at all

Each concern is one module; this package re-exports their public names so callers keep writing
`inbound.parse(...)`.
"""
from __future__ import annotations

from ..alerts import ALERT_HEADER
from ..attachments import Verdict
from .addressing import relay_tokens, remove_relay_addresses, thread_hints
from .attachments import MAX_ATTACHMENTS, AttachmentCheck, Sniff, judge_attachments
from .html_text import html_to_text
from .loops import loop_reason, may_answer
from .mime import Attachment, InboundMail, parse
from .trimming import NO_TEXT, Reply, extract_reply, trim_reply
from .verdicts import SES_AUTHSERV_ID, judge_verdicts

__all__ = [
    "ALERT_HEADER", "MAX_ATTACHMENTS", "NO_TEXT", "SES_AUTHSERV_ID", "Attachment", "AttachmentCheck", "InboundMail",
    "Reply", "Sniff", "Verdict", "extract_reply", "html_to_text", "judge_attachments", "judge_verdicts",
    "loop_reason", "may_answer", "parse", "relay_tokens", "remove_relay_addresses", "thread_hints", "trim_reply",
]
