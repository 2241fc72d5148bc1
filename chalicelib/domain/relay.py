"""The anonymous relay's tokens: reply addresses and one-click unsubscribe links.

A reply address is `reply+<token>@<relay domain>`. The token is 20 characters of an HMAC of
(thread, recipient) under the stage's secret, then the thread's id without its prefix (letters and
digits only: mail programs and address parsers keep it whole). It is
unguessable, the same for every alert of that thread to that person (so it survives many replies),
fits an address's local part, and names nobody: the recipient is the one participant of the thread
whose signature it carries. Nothing is stored to hand one out (an alert writes no relay item), and a
suspended account's replies are refused by the reply itself. Tokens of the earlier, stored form
(24 characters of HMAC alone, mapped back by the storage layer) are still honoured.

An unsubscribe token is self-contained: the user id, the purpose and an HMAC, so the link works
without a lookup and cannot be turned into anything but "unsubscribe this user". A "Report this
message" token is made the same way from (message, recipient).
"""
from __future__ import annotations

import base64
import re

from .errors import InvalidInput
from .signing import same, sign

SIGNATURE_CHARS = 20  # 100 bits of HMAC, base32
THREAD_PREFIX = "thr_"
RELAY_TOKEN = re.compile(rf"^([a-z2-7]{{{SIGNATURE_CHARS}}})([0-9a-z]{{1,40}})$")
STORED_TOKEN_CHARS = 24  # the earlier form: 120 bits of HMAC, mapped back by a stored item
STORED_TOKEN = re.compile(rf"^[a-z2-7]{{{STORED_TOKEN_CHARS}}}$")
UNSUBSCRIBE = "unsubscribe"
REPORT = "report"


def _signature_chars(secret: str, thread_id: str, user_id: str) -> str:
    return base64.b32encode(sign(secret, "relay", thread_id, user_id)).decode().lower()


def relay_token(secret: str, thread_id: str, user_id: str) -> str:
    return f"{_signature_chars(secret, thread_id, user_id)[:SIGNATURE_CHARS]}{thread_id.removeprefix(THREAD_PREFIX)}"


def stored_token(secret: str, thread_id: str, user_id: str) -> str:
    """The earlier, stored form of (thread, recipient)'s token (addresses handed out before)."""
    return _signature_chars(secret, thread_id, user_id)[:STORED_TOKEN_CHARS]


def token_thread(token: str) -> str | None:
    """The thread a token of today's form names (its signature still to be checked), else None.
    Thread ids are 26 characters after their prefix, so today's tokens never look like stored ones."""
    match = None if is_stored_form(token) else RELAY_TOKEN.match(token or "")
    return THREAD_PREFIX + match.group(2) if match else None


def is_stored_form(token: str) -> bool:
    return bool(STORED_TOKEN.match(token or ""))


def token_matches(secret: str, token: str, thread_id: str, user_id: str) -> bool:
    """Whether the token is (thread, user)'s, in either form: neither a thread id nor a stored
    record alone can forge one."""
    expected = stored_token(secret, thread_id, user_id) if is_stored_form(token) else relay_token(
        secret, thread_id, user_id)
    return same(expected, token)


def is_well_formed(token: str) -> bool:
    return token_thread(token) is not None or is_stored_form(token)


def reply_address(token: str, relay_domain: str) -> str:
    return f"reply+{token}@{relay_domain}"


ALERT_ID_TOKEN_CHARS = 12  # the part of the recipient's token an alert's Message-ID carries


def alert_message_id(message_id: str, token: str, relay_domain: str) -> str:
    """The alert's Message-ID: a reply's In-Reply-To brings it back, so the thread (and, with the
    token's prefix, the recipient) is known even when a mail program mangled the reply address."""
    return f"<alert.{message_id}.{token[:ALERT_ID_TOKEN_CHARS]}@{relay_domain}>"


def thread_root_message_id(thread_id: str, token: str, relay_domain: str) -> str:
    """The conversation's Message-ID for one recipient: its first alert's, and the one every later alert
    answers (In-Reply-To/References), so mail programs keep the alerts of a conversation in one thread."""
    return f"<thread.{thread_id}.{token[:ALERT_ID_TOKEN_CHARS]}@{relay_domain}>"


def parse_alert_message_id(hint: str) -> tuple[str, str] | None:
    """`alert.<thread>.<message>.<token prefix>@domain` or `thread.<thread>.<token prefix>@domain` (no
    brackets) -> (thread id, token prefix)."""
    local = hint.rpartition("@")[0]
    parts = local.split(".")
    if len(parts) == 4 and parts[0] == "alert" and len(parts[3]) == ALERT_ID_TOKEN_CHARS:
        return parts[1], parts[3]
    if len(parts) == 3 and parts[0] == "thread" and len(parts[2]) == ALERT_ID_TOKEN_CHARS:
        return parts[1], parts[2]
    return None


def _signed(secret: str, purpose: str, value: str) -> str:
    """`value` and an HMAC binding it to one purpose: a link made for one thing opens no other."""
    payload = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
    return f"{payload}.{_signature(secret, purpose, value)}"


def _signature(secret: str, purpose: str, value: str) -> str:
    return base64.urlsafe_b64encode(sign(secret, purpose, value, size=16)).decode().rstrip("=")


def _verified(secret: str, purpose: str, token: str, bad: InvalidInput) -> str:
    payload, _, signature = (token or "").partition(".")
    if not payload or not signature or len(token) > 300:
        raise bad
    try:
        value = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise bad from None
    if not same(_signature(secret, purpose, value), signature):
        raise bad
    return value


def unsubscribe_token(secret: str, user_id: str) -> str:
    return _signed(secret, UNSUBSCRIBE, user_id)


def user_from_unsubscribe_token(secret: str, token: str) -> str:
    return _verified(secret, UNSUBSCRIBE, token, InvalidInput("this unsubscribe link is not valid",
                                                              code="invalid_token"))


def report_token(secret: str, message_id: str, user_id: str) -> str:
    """The "Report this message" link of one alert: this recipient reports this message."""
    return _signed(secret, REPORT, f"{message_id}|{user_id}")


def report_from_token(secret: str, token: str) -> tuple[str, str]:
    """(message id, reporting user id) of a genuine report link; 400 for anything else."""
    bad = InvalidInput("this report link is not valid", code="invalid_token")
    message_id, _, user_id = _verified(secret, REPORT, token, bad).partition("|")
    if not message_id or not user_id:
        raise bad
    return message_id, user_id
