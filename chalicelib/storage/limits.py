"""Limit counters and contact marks (models/safety.py). Every count is one atomic conditional
write, never a read of the history: concurrent requests cannot both take the last unit."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from ..domain.clock import now_iso
from .conditional import update_if
from .connection import transaction_connection
from .models.safety import ColdMarkItem, ContactItem, LimitCounterItem
from .unit_of_work import UnitOfWork

LIMIT = "LIMIT"
TTL_SLACK_SECONDS = 3600  # a counter outlives its window a little (TTL deletion is lazy anyway)
BATCH_GET_MAX = 100


def _counter(user_id: str, name: str, window_key: str) -> LimitCounterItem:
    return LimitCounterItem(f"LIMIT#{user_id}#{name}#{window_key}", LIMIT)


def _cold_marks(sender_id: str, day_key: str) -> str:
    return f"COLD#{sender_id}#{day_key}"


def _count(amount: int, ends_at: int) -> list[Any]:
    """Adds to a window's counter and keeps it a little past the window (TTL deletion is lazy)."""
    return [LimitCounterItem.hits.add(amount), LimitCounterItem.expires_at_epoch.set(ends_at + TTL_SLACK_SECONDS)]


def _within(amount: int, maximum: int) -> object:
    """The condition of taking `amount` more: a new counter, or one with room for it."""
    return LimitCounterItem.hits.does_not_exist() | (LimitCounterItem.hits <= maximum - amount)


def _cancelled_by_condition(exc: TransactWriteError) -> list[bool]:
    return [getattr(r, "code", None) == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or [])]


class LimitRepository:
    def take(self, user_id: str, name: str, window_key: str, ends_at: int, maximum: int, amount: int = 1) -> bool:
        """Adds `amount` to the window's counter unless that would pass `maximum`; False (and
        nothing changed) when it would."""
        if amount > maximum:
            return False
        return update_if(_counter(user_id, name, window_key), _count(amount, ends_at), _within(amount, maximum))

    @staticmethod
    def stage_take(unit: UnitOfWork, user_id: str, name: str, window_key: str, ends_at: int, maximum: int,
                   refused: Callable[[], Exception], amount: int = 1) -> None:
        """`take` as part of a unit of work: what it guards and the count commit together (or
        several counts, all or none), and the unit raises `refused()` when a window is full."""
        unit.update(_counter(user_id, name, window_key), actions=_count(amount, ends_at),
                    condition=_within(amount, maximum), refused=refused)

    def used(self, user_id: str, name: str, window_key: str) -> int:
        counter = _counter(user_id, name, window_key)
        try:
            return int(LimitCounterItem.get(counter.pk, counter.sk).hits or 0)
        except LimitCounterItem.DoesNotExist:
            return 0

    # -- distinct people a day ---------------------------------------------------------------
    def cold_marked(self, sender_id: str, day_key: str, recipient_ids: list[str]) -> set[str]:
        keys = [(_cold_marks(sender_id, day_key), rid) for rid in dict.fromkeys(recipient_ids)]
        return {item.sk for item in ColdMarkItem.batch_get(keys, consistent_read=True)}

    def take_cold(self, sender_id: str, day_key: str, ends_at: int, new_recipients: list[str], maximum: int,
                  kept_until: int | None = None) -> str:
        """Marks each recipient as contacted cold today and counts them, in one transaction:
        "ok", "limited" (the day's count would pass `maximum`), or "raced" (another request
        marked one of them meanwhile: read the marks again)."""
        if len(new_recipients) > maximum:
            return "limited"
        expires = ends_at + TTL_SLACK_SECONDS
        counter = _counter(sender_id, "cold", day_key)
        try:
            with TransactWrite(connection=transaction_connection()) as tx:
                tx.update(counter, actions=_count(len(new_recipients), max(ends_at, kept_until or ends_at)),
                          condition=_within(len(new_recipients), maximum))
                for rid in new_recipients:
                    tx.save(ColdMarkItem(_cold_marks(sender_id, day_key), rid, expires_at_epoch=expires),
                            condition=ColdMarkItem.pk.does_not_exist())
        except TransactWriteError as exc:
            # pynamodb sends a transaction's puts before its updates: the counter's reason is last.
            failed = _cancelled_by_condition(exc)
            if failed and failed[-1]:
                return "limited"
            if any(failed) or "TransactionConflict" in str(exc):
                return "raced"
            raise
        return "ok"

    # -- who wrote to whom -------------------------------------------------------------------
    def written_by(self, reader_id: str, writer_ids: Iterable[str]) -> set[str]:
        """Which of these writers have had a message delivered to the reader."""
        keys = [ContactItem.key(reader_id, wid) for wid in dict.fromkeys(writer_ids)]
        found: set[str] = set()
        for start in range(0, len(keys), BATCH_GET_MAX):
            found |= {item.sk for item in ContactItem.batch_get(keys[start:start + BATCH_GET_MAX])}
        return found

    def readers_reached(self, writer_id: str, reader_ids: Iterable[str]) -> set[str]:
        """Which of these readers already have a delivered message from the writer."""
        keys = [ContactItem.key(rid, writer_id) for rid in dict.fromkeys(reader_ids)]
        return {item.pk.removeprefix("CONTACT#") for item in ContactItem.batch_get(keys)}

    @staticmethod
    def stage_delivered(unit: UnitOfWork, writer_id: str, reader_ids: Iterable[str]) -> None:
        """Puts (idempotent) in the message's own unit of work: the writer has now written to each reader."""
        now = now_iso()
        for rid in dict.fromkeys(reader_ids):
            unit.save(ContactItem(*ContactItem.key(rid, writer_id), first_at=now))
