"""Loop guards: mail that is automatic (bounces, auto-replies, list mail, our own alerts coming back)
is dropped silently, and `may_answer` says whether a sender may be sent an explanation at all."""
from __future__ import annotations

import email.utils
import re

from ..alerts import ALERT_HEADER
from .mime import InboundMail, domain_of

_AUTOMATIC_SENDER = re.compile(r"^(mailer[-_]?daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply)$", re.I)
_AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto:|automatic reply|auto[- ]?reply|out of (the )?office|autosvar|automatisk svar|automatische antwort|"
    r"abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord)",
    re.IGNORECASE,
)


def loop_reason(mail: InboundMail, relay_domain: str | None = None) -> str | None:
    """Why this mail is automatic and must be dropped silently (never posted, never answered), or None.

    Only headers that mark the mail *itself* as automatic count. X-Auto-Response-Suppress does not: it
    asks us not to auto-answer it (see `may_answer`), and some people's ordinary mail carries it.
    """
    if mail.header(ALERT_HEADER) is not None:
        return "one of our own alerts came back"
    if relay_domain and domain_of(mail.sender) == relay_domain.lower():
        return "sent from the relay domain itself"
    if mail.content_type == "multipart/report" or mail.report_type or mail.content_type in (
            "message/delivery-status", "message/disposition-notification"):
        return f"a delivery or read report ({mail.report_type or mail.content_type})"
    return_path = mail.header("Return-Path")
    if return_path is not None and return_path.strip().strip("<>").strip() == "":
        return "a bounce (empty Return-Path)"
    if mail.header("X-Failed-Recipients") is not None:
        return "a bounce (X-Failed-Recipients)"
    for name in ("From", "Sender", "Return-Path"):
        for value in mail.header_all(name):
            for _, address in email.utils.getaddresses([value]):
                local = address.rpartition("@")[0] if "@" in address else address
                if local and _AUTOMATIC_SENDER.match(local.strip()):
                    return f"an automatic sender ({address})"
    auto_submitted = (mail.header("Auto-Submitted") or "no").split(";")[0].strip().lower()
    if auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in _AUTOREPLY_HEADERS:
        value = mail.header(name)
        if value is not None and value.strip().lower() != "no":
            return f"an auto-reply ({name})"
    precedence = (mail.header("Precedence") or "").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in _LIST_HEADERS:
        if mail.header(name) is not None:
            return f"a mailing-list message ({name})"
    if _AUTO_SUBJECT.match(mail.subject):
        return "an out-of-office reply (subject)"
    return None


def may_answer(mail: InboundMail, relay_domain: str | None = None) -> bool:
    """Whether a rejection notice may be mailed back: never to automatic mail, an unknown sender, or mail
    that asks for no automatic answers (X-Auto-Response-Suppress: All / AutoReply)."""
    if mail.sender is None or loop_reason(mail, relay_domain) is not None:
        return False
    suppress = {v.strip().lower() for v in (mail.header("X-Auto-Response-Suppress") or "").split(",")}
    return not suppress.intersection({"all", "autoreply"})
