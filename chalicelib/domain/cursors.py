"""List cursors: an opaque, signed wrapper around a storage position.

Signing means a client cannot hand us a position in another user's partition, and a
tampered or truncated cursor is a clean 400 rather than a storage error.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from .errors import InvalidInput
from .signing import same, sign

_SIG_BYTES = 12


def encode_cursor(position: dict[str, Any] | None, secret: str, scope: str) -> str | None:
    if not position:
        return None
    payload = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    sig = sign(secret, scope, payload, size=_SIG_BYTES)
    return base64.urlsafe_b64encode(sig + payload).decode().rstrip("=")


def decode_cursor(cursor: str | None, secret: str, scope: str) -> dict[str, Any] | None:
    """`scope` binds the cursor to one list (user + folder + query): reuse elsewhere is refused."""
    if cursor is None or cursor == "":
        return None
    bad = InvalidInput("cursor is not valid for this list; start again without it", code="invalid_cursor")
    if len(cursor) > 2048:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (ValueError, TypeError):
        raise bad from None
    sig, payload = raw[:_SIG_BYTES], raw[_SIG_BYTES:]
    if not same(sign(secret, scope, payload, size=_SIG_BYTES), sig):
        raise bad
    try:
        position = json.loads(payload)
    except ValueError:
        raise bad from None
    if not isinstance(position, dict):
        raise bad
    return position
