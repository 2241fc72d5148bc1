"""Keeps the in-process AWS stand-in (moto 5.2) fast and its memory flat for a day of traffic.

moto is built for short tests: it keeps everything forever and copies generously. Under the
local stack's traffic (`make run`, the e2e tests) that grew by gigabytes. What grew, and what
this module does about it (`infra/local/soak.py` measures it; docs/PERFORMANCE.md has the numbers):

- Query sorts the whole table before it looks for anything (`queries_skip_the_first_sort`).
- TransactWriteItems deep-copies the whole table once per item of the transaction, to undo a
  failed one: seconds per write and hundreds of MB of garbage per request once the table is
  large. `snapshot_named_items` saves only the items the transaction names instead.
- The table's stream keeps every record (old and new image) forever, and every shard iterator
  the pump is handed (two per pump round, three rounds a second). `Housekeeping.after_pump`
  drops the records the pump has delivered, and the spent iterators. (DynamoDB keeps records
  for 24 hours; nothing here reads a record twice.)
- SES keeps every email it sent (`sent_messages`); the app keeps its own copy in the outbox.
- S3 keeps objects under 5 MB in memory; `S3_BUFFER_BYTES` makes larger ones spill to a
  temporary file.
- DynamoDB never deletes an item whose TTL has passed; `Housekeeping.expire_items` does, once a
  minute, as DynamoDB does within a few days.

Every function works on moto's backends in this process, under the lock that serialises the
stand-in's requests (`one_request_at_a_time`), so no request sees a half-trimmed stream.
"""
from __future__ import annotations

import copy
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("infra.local.standin")

S3_BUFFER_BYTES = 64 * 1024
SES_KEPT = 100  # sent emails moto keeps (nothing reads them: the app's outbox is the record)
TTL_EVERY_SECONDS = 60.0
REGION = "us-east-1"


def before_moto_import() -> None:
    """Settings moto reads from the environment; call before moto is imported."""
    os.environ.setdefault("MOTO_S3_DEFAULT_KEY_BUFFER_SIZE", str(S3_BUFFER_BYTES))


def snapshot_named_items() -> None:
    """TransactWriteItems undoes a failure from copies of the items it names, not of the table.

    Safe only while transactions do not run concurrently (the stand-in serialises requests)."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    if getattr(DynamoDBBackend.transact_write_items, "snapshots_named_items", False):
        return
    real_transact = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        saved, streams = [], {}
        try:
            for entry in transact_items:
                op = next(iter(entry.values()))
                table = self.get_table(op["TableName"])
                key = op.get("Key") or op["Item"]
                hash_key = DynamoType(key[table.hash_key_attr])
                range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
                saved.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
                if table.stream_shard is not None:
                    streams[table.name] = (table.stream_shard, len(table.stream_shard.items))
        except Exception:  # a malformed transaction: let moto judge it, the slow way
            return real_transact(self, transact_items)
        Table.__deepcopy__ = lambda table, memo: table  # moto's own whole-table snapshot becomes a no-op
        try:
            return real_transact(self, transact_items)
        except Exception:
            for table, hash_key, range_key, item in reversed(saved):
                partition = table.items[hash_key] if range_key is not None else table.items
                slot = range_key if range_key is not None else hash_key
                if item is None:
                    partition.pop(slot, None)
                else:
                    partition[slot] = item
            for shard, length in streams.values():
                del shard.items[length:]
            raise
        finally:
            del Table.__deepcopy__

    transact_write_items.snapshots_named_items = True  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def unsorted_items(table: Any) -> list[Any]:
    """Every item of a moto table, in no particular order."""
    partitions = table.items.values()
    return [item for p in partitions for item in p.values()] if table.range_key_attr else list(partitions)


def queries_skip_the_first_sort() -> None:
    """moto's Query sorts the whole table (`Table.all_items`) before picking the items it wants,
    which it sorts again by their keys afterwards: O(table · log table) per Query for nothing.
    During a Query, `all_items` gives the items unsorted."""
    from moto.dynamodb.models.table import Table

    if getattr(Table.query, "skips_first_sort", False):
        return
    real_query = Table.query

    def query(self: Table, *args: Any, **kwargs: Any) -> Any:
        self.all_items = lambda: unsorted_items(self)  # type: ignore[method-assign]
        try:
            return real_query(self, *args, **kwargs)
        finally:
            del self.all_items

    query.skips_first_sort = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]


class Housekeeping:
    """What DynamoDB, its streams and SES would let go of, let go of in moto's backends."""

    def __init__(self, lock: threading.Lock, clock: Callable[[], float] = time.time) -> None:
        self.lock = lock
        self.clock = clock
        self._last_expiry = 0.0

    def _backend(self, name: str) -> Any:
        from moto.backends import get_backend
        from moto.core import DEFAULT_ACCOUNT_ID

        return get_backend(name)[DEFAULT_ACCOUNT_ID][REGION]  # type: ignore[call-overload]

    def after_pump(self, delivered: dict[str, str], table_name: str) -> int:
        """Drops the stream records the pump has delivered (`delivered`: shard id -> the last
        sequence number handed over) and every spent shard iterator; returns records dropped."""
        dropped = 0
        with self.lock:
            shard = self._backend("dynamodb").get_table(table_name).stream_shard
            through = delivered.get(shard.id) if shard is not None else None
            if through is not None:
                count = min(int(through) - shard.starting_sequence_number + 1, len(shard.items))
                if count > 0:
                    del shard.items[:count]
                    shard.starting_sequence_number += count
                    dropped = count
            # The pump asks for a fresh iterator each round; the ones handed out before are spent.
            self._backend("dynamodbstreams").shard_iterators.clear()
            ses = self._backend("ses")
            del ses.sent_messages[:-SES_KEPT]
        if self.clock() - self._last_expiry >= TTL_EVERY_SECONDS:
            self.expire_items()
        return dropped

    def expire_items(self) -> int:
        """Deletes the items whose TTL attribute is in the past, as DynamoDB's TTL does (through
        the table, so the stream sees a REMOVE as it would)."""
        self._last_expiry = now = self.clock()
        expired = 0
        with self.lock:
            backend = self._backend("dynamodb")
            for table in list(backend.tables.values()):
                ttl = table.ttl or {}
                attribute = ttl.get("AttributeName")
                if ttl.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING") or not attribute:
                    continue
                partitions = table.items.values() if table.range_key_attr else [table.items]
                doomed = [item for partition in partitions for item in list(partition.values())
                          if _expired(item, attribute, now)]
                for item in doomed:
                    table.delete_item(item.hash_key, item.range_key)
                expired += len(doomed)
        if expired:
            log.info("deleted %d items whose TTL had passed", expired)
        return expired


def _expired(item: Any, attribute: str, now: float) -> bool:
    value = item.attrs.get(attribute)
    if value is None or value.type != "N":
        return False
    try:
        return float(value.value) < now
    except ValueError:
        return False
