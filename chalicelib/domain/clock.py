"""Times are ISO 8601 UTC strings with milliseconds, so they also sort as strings."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta


def now_iso() -> str:
    return to_iso(datetime.now(UTC))


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def recent_days(day: str, days_back: int) -> list[str]:
    """The dates (YYYY-MM-DD) from `days_back` days before `day` up to `day`, oldest first: the
    date partitions an hourly sweep reads, so that a few missed runs are caught up."""
    start = datetime.strptime(day, "%Y-%m-%d")
    return [(start - timedelta(days=offset)).strftime("%Y-%m-%d") for offset in range(days_back, -1, -1)]
