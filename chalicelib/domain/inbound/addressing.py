"""Which relay conversation a mail is for: reply tokens among its recipients, our Message-IDs in its
In-Reply-To/References (a fallback when a mail program mangled the reply address)."""
from __future__ import annotations

import re

from .mime import InboundMail

_TOKEN_HEADERS = ("Delivered-To", "X-Original-To", "X-Envelope-To", "Envelope-To", "X-Forwarded-To",
                  "To", "Cc", "Bcc", "Resent-To", "Resent-Cc")
_MSGID = re.compile(r"<([^<>\s]+)>")


def _token_pattern(relay_domain: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![A-Za-z0-9._%+=-])reply\+([A-Za-z0-9_-]+)@{re.escape(relay_domain)}(?![A-Za-z0-9-]|\.[A-Za-z0-9])",
        re.IGNORECASE,
    )


def relay_tokens(mail: InboundMail, relay_domain: str) -> list[str]:
    """Tokens of every `reply+TOKEN@relay_domain` the mail was addressed to, envelope first (the topmost
    Received "for" clause is the SES recipient), then the address headers; no duplicates. The token is
    returned as written; checking its signature is the caller's job."""
    pattern = _token_pattern(relay_domain)
    sources = [re.findall(r"\bfor\s+<?([^\s;<>]+)", value) for value in mail.header_all("Received")]
    values = [address for found in sources for address in found]
    for name in _TOKEN_HEADERS:
        values.extend(mail.header_all(name))
    tokens: list[str] = []
    for value in values:
        for token in pattern.findall(value):
            if token not in tokens:
                tokens.append(token)
    return tokens


def thread_hints(mail: InboundMail, relay_domain: str) -> list[str]:
    """Message ids on the relay domain from In-Reply-To, then References newest first, without the angle
    brackets (e.g. "alert.THREADID.xyz@relay_domain"): a fallback when the reply address was mangled."""
    domain = relay_domain.lower()
    ids = _MSGID.findall(" ".join(mail.header_all("In-Reply-To")))
    ids += list(reversed(_MSGID.findall(" ".join(mail.header_all("References")))))
    hints: list[str] = []
    for msgid in ids:
        if msgid.rpartition("@")[2].lower() == domain and msgid not in hints:
            hints.append(msgid)
    return hints


def remove_relay_addresses(text: str, relay_domain: str) -> str:
    """Every address on the relay domain removed from a reply's text, with the brackets or "mailto:" around
    it (what is left of a quote header the trimming could not place, or an address the person pasted):
    those addresses are what the relay exists to hide. Everything else stays as written."""
    domain = re.escape(relay_domain)
    return re.sub(rf"\s?[(<\[]{{0,2}}(?:mailto:)?[\w.+-]+@{domain}(?![\w.-]*\w)[)>\]]{{0,2}}", "", text,
                  flags=re.IGNORECASE)
