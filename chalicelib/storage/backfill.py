"""For operators only (infra/reindex.py); no Lambda function reaches this module: it finds the
table's threads with a parallel Scan, which no request path may do."""
from __future__ import annotations

from collections.abc import Iterator

from .mail import META
from .models import ThreadItem


def every_thread(segment: int = 0, total_segments: int = 1) -> Iterator[str]:
    """The id of every thread in the table (one segment of a parallel Scan)."""
    condition = (ThreadItem.sk == META) & ThreadItem.pk.startswith("THREAD#")
    for item in ThreadItem.scan(condition, segment=segment, total_segments=total_segments,
                                attributes_to_get=["pk"]):
        yield item.pk.removeprefix("THREAD#")
