"""Every time helper of the system. Times are ISO 8601 UTC strings with milliseconds, so they
also sort as strings; due dates a person chose keep whole seconds."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from .errors import InvalidInput


def now_iso() -> str:
    return to_iso(datetime.now(UTC))


def now_epoch() -> int:
    """Whole seconds since 1970: what DynamoDB's TTL attributes hold."""
    return int(time.time())


def now_millis() -> int:
    return int(time.time() * 1000)


def today() -> str:
    """The current UTC date, YYYY-MM-DD."""
    return datetime.now(UTC).strftime("%Y-%m-%d")


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def to_iso_seconds(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(value: str) -> datetime:
    """A time this system wrote (either form above); ValueError if it is not one."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def epoch_seconds(value: str) -> int:
    return int(from_iso(value).timestamp())


def epoch_millis(value: str) -> int:
    return int(from_iso(value).timestamp() * 1000)


def seconds_between(earlier: Any, later: str) -> float | None:
    """Seconds from `earlier` to `later`, or None when `earlier` is not a time (old or odd data)."""
    try:
        return (from_iso(later) - from_iso(str(earlier))).total_seconds()
    except ValueError:
        return None


def parse_time(value: Any, name: str) -> datetime:
    """A time a client sent: ISO 8601 with a zone (Z or an offset), as a UTC datetime."""
    if not isinstance(value, str) or len(value) > 40:
        raise InvalidInput(f"{name} must be an ISO 8601 time such as 2026-12-01T17:00:00Z", code=f"invalid_{name}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{name} must be an ISO 8601 time such as 2026-12-01T17:00:00Z",
                           code=f"invalid_{name}") from None
    if parsed.tzinfo is None:
        raise InvalidInput(f"{name} must say its time zone (end it with Z for UTC, or an offset like +02:00)",
                           code=f"invalid_{name}")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # e.g. year 9999 at -23:59: outside what a date can hold once in UTC
        raise InvalidInput(f"{name} is out of range", code=f"invalid_{name}") from None


def days_from(first: str, last: str) -> list[str]:
    """The dates (YYYY-MM-DD) from `first` to `last`, both included, oldest first (none if
    `first` is after `last`)."""
    start, end = datetime.strptime(first, "%Y-%m-%d"), datetime.strptime(last, "%Y-%m-%d")
    return [(start + timedelta(days=offset)).strftime("%Y-%m-%d") for offset in range((end - start).days + 1)]


def recent_days(day: str, days_back: int) -> list[str]:
    """The dates (YYYY-MM-DD) from `days_back` days before `day` up to `day`, oldest first: the
    date partitions an hourly sweep reads, so that a few missed runs are caught up."""
    start = datetime.strptime(day, "%Y-%m-%d")
    return [(start - timedelta(days=offset)).strftime("%Y-%m-%d") for offset in range(days_back, -1, -1)]
