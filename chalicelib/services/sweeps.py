"""One run of an hourly sweep: read what fell due since the watermark, handle it in batches,
advance the watermark past what was handled (storage/sweeps.py keeps both)."""
from __future__ import annotations

from collections.abc import Callable

from ..storage.sweeps import DueEntries, SweepMarks


def run_sweep(marks: SweepMarks, name: str, read_due: Callable[[str | None], DueEntries],
              handle: Callable[[list[str]], set[str]]) -> int:
    """`handle` gets the due sort keys, in order, and answers those it could not settle (they
    changed meanwhile): the watermark stops before the first of them, so the next run looks at
    it again. Runs twice over the same entries when a run fails before advancing: every handler
    is idempotent. Returns how many entries were read."""
    before = marks.watermark(name)
    entries = read_due(before)
    unsettled = handle(entries.keys) if entries.keys else set()
    through = entries.through
    timed = {k for k in unsettled if "#" in k}  # an old-style entry cannot hold the watermark back
    if timed:
        first = min(timed)
        settled = [k for k in entries.keys if k < first]
        through = settled[-1] if settled else before  # type: ignore[assignment]
    if through is not None and through != before:
        marks.advance(name, through)
    return len(entries.keys)
