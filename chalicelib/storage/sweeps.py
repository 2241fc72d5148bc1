"""Where each hourly sweep got to: a watermark item per sweep, and the due entries since it.

Due entries are filed under their due date (`<PREFIX>#<YYYY-MM-DD>`) with the due time leading
the sort key (`<due at>#<id>`), so a run reads only what fell due after the watermark and up to
now: one Query per day in between (one, on an hourly schedule; more after missed runs, which are
caught up that way). A run that finds no watermark (the first one) reads whole partitions of a
few days back, entries written before sort keys led with the time included."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist

from ..domain.clock import days_from, recent_days
from .models import BaseItem, SweepMarkItem

FIRST_RUN_DAYS_BACK = 3
LAST = "#~"  # sorts after "<time>#<any id>": the bound "due at or before <time>"


def due_key(due_at: str, entity_id: str) -> str:
    """The sort key of a due entry: its time first, so a range read finds what fell due."""
    return f"{due_at}#{entity_id}"


def entity_of(sort_key: str) -> str:
    return sort_key.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class DueEntries:
    keys: list[str]  # sort keys, in order
    through: str  # what the watermark may advance to once they are all handled


class SweepMarks:
    def watermark(self, sweep: str) -> str | None:
        try:
            return SweepMarkItem.get(f"SWEEP#{sweep}", "WATERMARK", consistent_read=True).through
        except DoesNotExist:
            return None

    def advance(self, sweep: str, through: str) -> None:
        SweepMarkItem(f"SWEEP#{sweep}", "WATERMARK", through=through).save()

    def due_since(self, model: type[BaseItem], partition_of: Callable[[str], str], after: str | None,
                  now: str) -> DueEntries:
        """The entries due after `after` (a sort key; None: the first run) and at or before `now`."""
        through = f"{now}{LAST}"
        if after is None:
            keys = [item.sk for day in recent_days(now[:10], FIRST_RUN_DAYS_BACK)
                    for item in model.query(partition_of(day))]
        else:
            keys = [item.sk for day in days_from(after[:10], now[:10])
                    for item in model.query(partition_of(day), model.sk.between(after, through))
                    if item.sk != after]
        # An entry from before sort keys led with the time (no "#") is read once, on the first run.
        return DueEntries(sorted(k for k in keys if k <= through or "#" not in k), through)
