"""Times are ISO 8601 UTC strings with milliseconds, so they also sort as strings."""
from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return to_iso(datetime.now(UTC))


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
