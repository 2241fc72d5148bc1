"""The one HMAC-SHA256 helper behind every signed value we hand out (list cursors, reply-address
tokens, unsubscribe links). Each use names its purpose as the first part, so a signature made for
one purpose never verifies for another."""
from __future__ import annotations

import hashlib
import hmac


def _message(parts: tuple[str | bytes, ...]) -> bytes:
    return b"|".join(part if isinstance(part, bytes) else part.encode() for part in parts)


def sign(secret: str, *parts: str | bytes, size: int = 32) -> bytes:
    """The first `size` bytes of the HMAC of the parts joined by "|"."""
    return hmac.new(secret.encode(), _message(parts), hashlib.sha256).digest()[:size]


def same(expected: bytes | str, given: bytes | str) -> bool:
    """Constant-time comparison, so a forger learns nothing from how long a refusal took."""
    if isinstance(expected, str) != isinstance(given, str):
        return False
    return hmac.compare_digest(expected, given)  # type: ignore[type-var]
