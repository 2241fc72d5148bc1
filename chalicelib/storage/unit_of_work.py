"""The unit of work: one DynamoDB transaction with a name. Repositories stage their writes into a
unit (methods named `stage_*`), the use case commits it once, and a lost race is retried under one
policy (`retry_on_conflict`)."""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from .connection import transaction_connection

T = TypeVar("T")
ATTEMPTS = 8
MAX_ITEMS = 100  # DynamoDB's limit on one TransactWriteItems
_Write = Callable[[TransactWrite], Any]
_Refusal = Callable[[], Exception]


class ConcurrentChange(Exception):
    """Something the unit read or guarded changed before it committed: re-read and try again."""


class UnitOfWork:
    """Writes that succeed or fail together. A staged write may say what its condition failing
    means (`refused`: that error is raised instead of ConcurrentChange, e.g. "already applied")."""

    def __init__(self) -> None:
        self._writes: list[tuple[_Write, _Refusal | None]] = []

    def __len__(self) -> int:
        return len(self._writes)

    def save(self, item: Any, condition: Any = None, refused: _Refusal | None = None) -> None:
        self._writes.append((lambda tx: tx.save(item, condition=condition), refused))

    def update(self, item: Any, actions: list[Any], condition: Any = None, refused: _Refusal | None = None) -> None:
        self._writes.append((lambda tx: tx.update(item, actions=actions, condition=condition), refused))

    def delete(self, item: Any, condition: Any = None, refused: _Refusal | None = None) -> None:
        self._writes.append((lambda tx: tx.delete(item, condition=condition), refused))

    def branch(self) -> UnitOfWork:
        """A new unit that starts with this one's writes: a retried attempt stages its own on top
        of what its caller staged, and both commit together."""
        unit = UnitOfWork()
        unit._writes = list(self._writes)
        return unit

    def commit(self) -> None:
        """All staged writes in one TransactWriteItems; raises ConcurrentChange when a condition
        (a version, an existence check) failed or another transaction held an item."""
        if not self._writes:
            return
        try:
            with TransactWrite(connection=transaction_connection()) as tx:
                for write, _ in self._writes:
                    write(tx)
        except TransactWriteError as exc:
            # One reason per staged write, in order (None where that write was not the cause).
            reasons = [getattr(r, "code", None) if r else None for r in (exc.cancellation_reasons or [])]
            for (_, refused), reason in zip(self._writes, reasons, strict=False):
                if refused is not None and reason == "ConditionalCheckFailed":
                    raise refused() from exc
            if "ConditionalCheckFailed" in reasons or "TransactionConflict" in reasons:
                raise ConcurrentChange() from exc
            raise


def backoff(attempt: int) -> None:
    """Full jitter: writers racing for one item spread out instead of colliding again."""
    time.sleep(random.uniform(0, min(0.5, 0.02 * 2**attempt)))


def retry_on_conflict(operation: Callable[[], T], busy: Callable[[], Exception], attempts: int = ATTEMPTS) -> T:
    """Runs `operation` (read, decide, stage, commit) again while it raises ConcurrentChange, with
    jittered backoff, at most `attempts` times; then raises `busy()` (a clear 409 for the caller)."""
    for attempt in range(attempts):
        try:
            return operation()
        except ConcurrentChange:
            if attempt + 1 < attempts:
                backoff(attempt)
    raise busy()
