"""Opaque, time-ordered ids: sorting them sorts by creation time (useful as sort keys)."""
from __future__ import annotations

import secrets

from .clock import now_millis

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case


def _base32(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        value, rem = divmod(value, 32)
        chars.append(_ALPHABET[rem])
    return "".join(reversed(chars))


def new_id(prefix: str, now_ms: int | None = None) -> str:
    """`prefix_` + 10 chars of millisecond time + 16 random chars (80 bits)."""
    millis = now_millis() if now_ms is None else now_ms
    return f"{prefix}_{_base32(millis, 10)}{_base32(secrets.randbits(80), 16)}"


def time_prefix(prefix: str, millis: int) -> str:
    """The smallest id of `prefix` created at `millis`: ids compare after it iff created later."""
    return f"{prefix}_{_base32(millis, 10)}"
