"""`make bench`: what each messaging operation asks of DynamoDB as one user's mailbox grows.

For mailboxes of 10, 1,000 and 10,000 threads it runs every messaging route through the real
app (chalice's test client over in-process moto, as the API tests do) and prints, per
operation: the AWS requests made, the items DynamoDB read, the items written and the median
latency. It then checks that the inbox page, Sent+unread (with nothing unread) and a
rare-word search read no more items at the largest size than at the smallest (give or take a
page) and exits non-zero if not, so the bench doubles as a guard. Latencies are moto's, not
DynamoDB's (see docs/PERFORMANCE.md).

Then the daily digest, with 10,000 users of whom 100 are on "daily" with unread threads, and
with 100,000 of whom 1,000: what the scheduled run and the workers it feeds ask of DynamoDB,
SQS and SES. It exits non-zero if the scheduled run reads more than the pending users plus one
item per shard, or if the workers read more per pending user in the bigger users table.

Then the public notice search, at 10,000 and 100,000 published notices: GET /notices by state
and job type (page 1 and 2, anonymous, signed in, subscriber), by state, by type, all, and
with the paid, union and word filters. It exits non-zero if the state + type page reads more
than limit + 1 items at the largest size (+ the caller's user record; + the page's productions
for a subscriber).

    python -m tests.bench [--sizes 10,1000,10000] [--reps 5] [--digest 10000:100,100000:1000]
                          [--notices 10000,100000]
    python -m tests.bench --sizes none --notices none   # the daily digest only
    python -m tests.bench --sizes none --digest none    # the notice search only
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shlex
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # keep the app's info logs out of the table

import botocore.client

from tests.conftest import ApiClient, moto_clients, one_request_at_a_time  # (also sets the local, in-process AWS env)

SIZES = (10, 1_000, 10_000)
REPS = 5
TIME_BUDGET_S = 10  # an operation slower than this in moto stops repeating early (the table shows n)
PAGE = 25
COMMON_WORD = "audition"  # in every thread
RARE_WORD = "zeppelin"  # in exactly RARE_THREADS threads, whatever the mailbox size
RARE_THREADS = 5


# -- counting ----------------------------------------------------------------------------------
# Every AWS call, pynamodb's included (its Connection calls client._make_api_call), goes
# through botocore's BaseClient._make_api_call; wrapping it counts requests per operation and
# reads the item counts off each response. Only calls made while a Meter is active count.
class Meter:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.read = 0
        self.writes = 0


_meters: list[Meter] = []
_real_make_api_call = botocore.client.BaseClient._make_api_call


def items_read(operation: str, response: dict[str, Any]) -> int:
    if operation in ("Query", "Scan"):
        return response.get("ScannedCount", 0)  # items evaluated, before any filter
    if operation == "GetItem":
        return 1 if "Item" in response else 0
    if operation == "BatchGetItem":
        return sum(len(items) for items in response.get("Responses", {}).values())
    if operation == "TransactGetItems":
        return sum(1 for r in response.get("Responses", []) if r.get("Item"))
    return 0


def items_written(operation: str, params: dict[str, Any], response: dict[str, Any]) -> int:
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        return 1
    if operation == "TransactWriteItems":
        return sum(1 for action in params["TransactItems"] if "ConditionCheck" not in action)
    if operation == "BatchWriteItem":
        sent = sum(len(v) for v in params["RequestItems"].values())
        return sent - sum(len(v) for v in response.get("UnprocessedItems", {}).values())
    return 0


def _counted_api_call(client: Any, operation: str, params: dict[str, Any]) -> Any:
    if _index_positions is not None and operation in WRITE_OPERATIONS:
        _index_positions.note(params_keys(operation, params))
    if not _meters:
        if _seeding and operation == "BatchWriteItem":
            return _batch_write_in_moto(client, params)
        return _real_make_api_call(client, operation, params)
    meter = _meters[-1]
    service = client.meta.service_model.service_name
    meter.requests[operation if service == "dynamodb" else f"{service.upper()} {operation}"] += 1
    response = _real_make_api_call(client, operation, params)  # a failed call counts as a request only
    if service == "dynamodb":
        meter.read += items_read(operation, response)
        meter.writes += items_written(operation, params, response)
    return response


# moto in-process is not thread-safe (nor is speed_up_moto's cache); the dashboards read side by side.
botocore.client.BaseClient._make_api_call = one_request_at_a_time(_counted_api_call)


# -- moto, made affordable at 10,000 threads -------------------------------------------------
WRITE_OPERATIONS = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")


def params_keys(operation: str, params: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(table, key or item) of every item a write request names."""
    if operation == "BatchWriteItem":
        return [(table, r["PutRequest"]["Item"] if "PutRequest" in r else r["DeleteRequest"]["Key"])
                for table, requests in params["RequestItems"].items() for r in requests]
    if operation == "TransactWriteItems":
        ops = [next(iter(action.values())) for action in params["TransactItems"]]
        return [(op["TableName"], op.get("Key") or op["Item"]) for op in ops]
    return [(params["TableName"], params.get("Key") or params["Item"])]


class IndexPositions:
    """The daily digest's moto shortcut (see speed_up_moto): for each attribute of a table that
    an index Query asked about, where the items holding each value were, kept current by noting
    every item a write request names (every request goes through `_counted_api_call`) and
    placing those again before the table's next index Query. A position is only a candidate:
    the item is looked up live and moto checks it as usual, so a stale one costs nothing."""

    def __init__(self) -> None:
        # table -> attribute -> value -> {(hash key, range key)}
        self.positions: dict[str, dict[str, dict[Any, set[tuple[Any, Any]]]]] = {}
        self.written: dict[str, list[dict[str, Any]]] = {}

    def note(self, keys: list[tuple[str, dict[str, Any]]]) -> None:
        for table, key in keys:
            if table in self.positions:  # otherwise its first full pass will see the write
                self.written.setdefault(table, []).append(key)

    @staticmethod
    def _place(where: dict[Any, set[tuple[Any, Any]]], item: Any, attribute: str) -> None:
        value = item.attrs.get(attribute)
        if value is not None and isinstance(value.value, str | bytes):  # S, N or B: what a key can be
            where.setdefault(value.value, set()).add((item.hash_key, item.range_key))

    def candidates(self, table: Any, attribute: str, value: Any) -> list[Any]:
        from moto.dynamodb.models.dynamo_type import DynamoType

        attributes = self.positions.setdefault(table.name, {})
        for key in self.written.pop(table.name, []):
            partition = table.items.get(DynamoType(key[table.hash_key_attr]), {})
            item = partition.get(DynamoType(key[table.range_key_attr]))
            if item is not None:
                for name, where in attributes.items():
                    self._place(where, item, name)
        if attribute not in attributes:
            where = attributes[attribute] = {}
            for partition in table.items.values():
                for item in partition.values():
                    self._place(where, item, attribute)
        found = (table.items.get(h, {}).get(r) for h, r in attributes[attribute].get(value, ()))
        return [item for item in found if item is not None]


_index_positions: IndexPositions | None = None  # set during the daily digest section only
_seeding = False  # set while the notice search section seeds (see direct_seeding)


def speed_up_moto() -> None:
    """Shortcuts in moto (5.2) that change no result, only moto's own time:

    - Every Query sorts the whole table (`Table.all_items`) before picking the partition or
      index entries it wants, which it then sorts again by their keys: seconds per Query at
      10,000 threads. During a Query, `all_items` skips that first, redundant sort.
    - It then walks every item of the table, checking each one's keys in Python: about 15 ms a
      Query per 10,000 items, ten minutes for the digest workers' Queries at 100,000 users.
      Within `narrow_queries()` (the digest section only, so the mailbox rows keep the
      latencies docs/PERFORMANCE.md reports) it walks only the Query's partition or, for an
      index, the items that hold the wanted hash key value (`IndexPositions`).
    - TransactWriteItems makes itself undoable by deep-copying the whole table once per item
      in the transaction: minutes per request at 10,000 threads. Instead, save only the items
      the transaction names (and the stream's length) and put them back if it fails.
    DynamoDB pays none of these costs; the request and item counts do not depend on them.
    """
    from moto.dynamodb.models.table import Table

    from infra.local.standin import snapshot_named_items, unsorted_items

    real_query = Table.query

    def candidates(table: Table, hash_key: Any, index_name: str | None, conditions: list[Any]) -> list[Any]:
        """What moto's Query loop then filters item by item; within `narrow_queries()`, only items it
        could keep: a table Query's own partition, or, for an index, the items whose hash key
        attributes hold the values asked for (moto compares them again, type and value)."""
        if _index_positions is None or not table.range_key_attr:
            return unsorted_items(table)
        if index_name is None and hash_key is not None:
            return list(table.items.get(hash_key, {}).values())
        if index_name and conditions:  # moto checks any further key conditions itself
            return _index_positions.candidates(table, conditions[0][0], conditions[0][1].value)
        return unsorted_items(table)

    def query(self: Table, *args: Any, **kwargs: Any) -> Any:
        hash_key = args[0] if args else kwargs.get("hash_key")
        index_name = args[7] if len(args) > 7 else kwargs.get("index_name")
        conditions = kwargs.get("hash_key_conditions") or []
        self.all_items = lambda: candidates(self, hash_key, index_name, conditions)  # type: ignore[method-assign]
        try:
            return real_query(self, *args, **kwargs)
        finally:
            del self.all_items

    Table.query = query
    snapshot_named_items()  # the local stack's own shortcut for TransactWriteItems (infra/local/standin.py)


def _batch_write_in_moto(client: Any, params: dict[str, Any]) -> dict[str, Any]:
    """A BatchWriteItem of puts, as pynamodb serialised it, handed to moto's backend as moto's own
    BatchWriteItem handler would: each item through `put_item` (moto's checks, the stream). The
    handler's own checks (no empty key, no key twice in a batch) hold for the bench's items."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][client.meta.region_name]
    for table, requests in params["RequestItems"].items():
        for request in requests:
            backend.put_item(table, request["PutRequest"]["Item"])
    return {"UnprocessedItems": {}}


@contextmanager
def direct_seeding() -> Iterator[None]:
    """The notice search section's seeding shortcut, for its unmetered batch writes only: over half
    of each notice's 1.1 ms went to botocore serialising each BatchWriteItem to JSON, moto
    parsing it back and dispatching it, and moto re-measuring the whole item as each of its
    attributes is stored (`LimitedSizeDict`, there to refuse items over 400 KB; these are about
    1 KB). Writes go straight to moto's `put_item` instead, which stores and streams them as
    before (0.5 ms a notice); every metered request still takes the whole way."""
    global _seeding
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    checked_setitem = LimitedSizeDict.__setitem__
    _seeding = True
    LimitedSizeDict.__setitem__ = dict.__setitem__  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        _seeding = False
        LimitedSizeDict.__setitem__ = checked_setitem  # type: ignore[method-assign]


# -- results -----------------------------------------------------------------------------------
@dataclass
class Row:
    operation: str
    size: int
    meters: list[Meter] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)
    note: str = ""
    wanted: int = REPS  # repetitions asked for; fewer ran if the time budget ran out

    @property
    def reads(self) -> int:
        return max(m.read for m in self.meters) if self.meters else 0

    def requests(self) -> str:
        names = list(dict.fromkeys(name for m in self.meters for name in m.requests))
        return ", ".join(f"{name} {span([m.requests[name] for m in self.meters])}" for name in names) or "none"

    def cells(self) -> list[str]:
        if not self.meters:
            return [self.operation, f"{self.size:,}", self.note or "n/a", "", "", ""]
        millis = f"{statistics.median(self.millis):,.1f}"
        if len(self.millis) < self.wanted:
            millis += f" (n={len(self.millis)})"
        return [self.operation, f"{self.size:,}", self.requests(), span([m.read for m in self.meters]),
                span([m.writes for m in self.meters]), millis]


def span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


class Bench:
    def __init__(self, api: ApiClient, size: int, reps: int, unit: str = "threads") -> None:
        self.api = api
        self.size = size
        self.reps = reps
        self.unit = unit
        self.rows: list[Row] = []

    def measure(self, operation: str, request: Callable[[int], tuple[int, Any]],
                setup: Callable[[int], Any] | None = None, reps: int | None = None,
                check: Callable[[Any], None] | None = None) -> Row:
        row = Row(operation, self.size, wanted=reps or self.reps)
        for rep in range(row.wanted):
            if setup:
                setup(rep)
            meter = Meter()
            _meters.append(meter)
            started = time.perf_counter()
            try:
                status, body = request(rep)
            finally:
                row.millis.append((time.perf_counter() - started) * 1000)
                _meters.pop()
            if status not in (200, 201, 202):
                raise SystemExit(f"{operation} at {self.size:,} {self.unit} answered {status}: {body}")
            if check:
                check(body)
            row.meters.append(meter)
            if sum(row.millis) > TIME_BUDGET_S * 1000:
                break
        self.rows.append(row)
        return row

    def skip(self, operation: str, why: str) -> None:
        self.rows.append(Row(operation, self.size, note=why))


# -- seeding -----------------------------------------------------------------------------------
FIRST = ["Avery", "Blake", "Casey", "Dana", "Emerson", "Finley", "Gray", "Harper", "Indigo", "Jordan",
         "Kendall", "Logan", "Marlow", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sawyer", "Tatum"]
LAST = ["Abbott", "Baptiste", "Castillo", "Dorsey", "Ellison", "Fairbanks", "Greer", "Holloway", "Ibarra",
        "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Pellegrini", "Quintero", "Rasmussen",
        "Sorensen", "Thibodeaux"]
ROLES = ["Lead", "Detective", "Nurse", "Barista", "Pilot", "Teacher", "Chef", "Mechanic", "Singer", "Dancer",
         "Lawyer", "Farmer", "Captain", "Poet", "Boxer", "Medic", "Pianist", "Sheriff", "Tourist", "Witness"]
PRODUCTIONS = ["Harbor Lights", "Night Shift", "Glass Orchard", "Paper Moons", "Red Valley", "Quiet Hours",
               "Salt and Iron", "Northbound", "Late Bloom", "Tin Crown", "Open Water", "Copper Sky"]
WORDS = ("callback monday tuesday friday sides script wardrobe fitting rehearsal table read scene chemistry "
         "read self tape slate headshot resume agent availability booking hold conflict travel parking studio "
         "downtown warehouse rooftop camera blocking improv accent monologue comedy drama commercial feature "
         "pilot episode guest recurring background stand union contract rate overtime meal penalty notes "
         "director producer writer choreographer").split()
# One pattern per ten threads, so even a mailbox of 10 has every kind: (received, sent, archived, unread)
KINDS = [(True, False, False, True), (True, False, False, False), (True, True, False, False),
         (False, True, False, False), (True, False, False, True), (True, False, True, False),
         (True, False, False, False), (False, True, False, False), (True, True, False, True),
         (True, False, False, False)]
DELETED_EVERY = 50  # every 50th thread is deleted from the user's view


@dataclass
class Person:
    user_id: str
    name: str
    token: str


@dataclass
class Mailbox:
    thread_ids: list[str]  # visible (not deleted), newest first
    inbox_ids: list[str]  # newest first
    sent_unread_ids: list[str]  # visible threads in Sent that are unread
    items_written: int
    seconds: float


def seed(me: Person, others: list[Person], size: int, rng: random.Random) -> Mailbox:
    """Writes `size` threads straight into the table with batch writes, as the app would store
    them: thread META, one message, both participants' views (with their sparse folder keys),
    the unread counters, and the measured user's search-index entries."""
    from chalicelib.domain import messaging as rules
    from chalicelib.domain.clock import to_iso
    from chalicelib.domain.ids import new_id
    from chalicelib.domain.search import card_tokens, message_words, share_postings
    from chalicelib.storage import mail
    from chalicelib.storage.models import BaseItem, CounterItem, ThreadItem
    from chalicelib.storage.search import WORDS, WordSetItem, partial_item, posting_item
    from chalicelib.storage.users import user_key

    started = time.perf_counter()
    now = datetime.now(UTC) - timedelta(days=1)
    rare = {round(k * (size - 1) / (RARE_THREADS - 1)) for k in range(RARE_THREADS)}
    unread: Counter[str] = Counter()
    visible: list[tuple[str, str, bool]] = []  # (activity, thread_id, in inbox)
    sent_unread: list[str] = []
    written = 0
    with BaseItem.batch_write() as batch:
        for i in range(size):
            other = others[i % len(others)]
            received, sent, archived, is_unread = KINDS[i % len(KINDS)]
            deleted = i % DELETED_EVERY == DELETED_EVERY - 1
            if i in rare:  # the rare-word threads sit in the inbox
                received, archived, deleted = True, False, False
            moment = now - timedelta(seconds=rng.uniform(0, 180 * 24 * 3600))  # spread over six months
            at = to_iso(moment)
            thread_id = new_id("thr", int(moment.timestamp() * 1000))
            sender, recipient = (me, other) if sent and not received else (other, me)
            role, production = rng.choice(ROLES), rng.choice(PRODUCTIONS)
            subject = f"{role} in {production}"
            words = " ".join(rng.sample(WORDS, 4)) + (f" {RARE_WORD}" if i in rare else "")
            body = f"{COMMON_WORD.capitalize()} notes for the {role}: {words}."
            participants = [rules.Participant(sender.user_id, sender.name),
                            rules.Participant(recipient.user_id, recipient.name)]
            thread = rules.Thread(thread_id, subject, participants, at, at, message_count=1)
            message = rules.Message(thread_id, f"{thread_id}.{new_id('msg')}", participants[0], body, at)
            batch.save(ThreadItem(mail.thread_key(thread_id), mail.META, thread_id=thread_id, subject=subject,
                                  participants=mail._participant_attrs(participants), created_at=at,
                                  last_activity_at=at, message_count=1, has_attachments=False))
            batch.save(mail._message_item(message))
            for view in rules.new_thread_views(thread, message, False):
                if view.user_id == me.user_id:
                    view = replace(view, received=received, sent=sent, archived=archived,
                                   unread=is_unread, deleted=deleted)
                view = replace(view, version=1)
                unread[view.user_id] += int(view.counts_as_unread)
                batch.save(mail._view_item(view))
                written += 1
            # What SearchService.index_message writes for a thread's first message: the word set
            # and the measured user's postings (and partial mark, if any).
            words = message_words(body)
            cards = {p.user_id: card_tokens(subject, None, None, [o.name for o in participants if o != p])
                     for p in participants}
            postings = share_postings(words, cards)
            batch.save(WordSetItem(mail.thread_key(thread_id), WORDS, words=set(words) or None, started_at=at))
            for word in postings.words.get(me.user_id, []):
                batch.save(posting_item(me.user_id, word, thread_id))
            if me.user_id in postings.partial:
                batch.save(partial_item(me.user_id, thread_id))
            written += 1 + len(postings.words.get(me.user_id, [])) + (me.user_id in postings.partial)
            written += 2
            if not deleted:
                visible.append((at, thread_id, received and not archived))
                if sent and is_unread:
                    sent_unread.append(thread_id)
        for user_id, count in unread.items():
            batch.save(CounterItem(user_key(user_id), "COUNTERS", unread_threads=count))
            written += 1
    visible.sort(reverse=True)
    return Mailbox([t for _, t, _ in visible], [t for _, t, inbox in visible if inbox], sent_unread, written,
                   time.perf_counter() - started)


# -- the operations ----------------------------------------------------------------------------
def drain_queue(sqs: Any, url: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        messages += batch
    return messages


def run_size(app_module: Any, size: int, reps: int, outputs: dict[str, str]) -> list[Row]:
    from chalice.test import Client

    rng = random.Random(size)
    sqs = moto_clients("sqs")
    queue_url = sqs.get_queue_url(QueueName=outputs["JobsQueueName"])["QueueUrl"]
    with Client(app_module.app, stage_name="local") as client:
        api = ApiClient(client)

        def person(name: str, role: str) -> Person:
            signed = api.sign_up(name, role)
            return Person(signed["user_id"], name, signed["token"])

        me = person("Morgan Bench", "talent")
        others = [person(f"{FIRST[k]} {LAST[k]}", "casting") for k in range(len(FIRST))]
        box = seed(me, others, size, rng)
        print(f"seeded {size:,} threads ({box.items_written:,} items, {len(box.inbox_ids):,} in the inbox) "
              f"in {box.seconds:.1f} s", flush=True)
        tok = me.token
        bench = Bench(api, size, reps)

        def get(path: str) -> Callable[[int], tuple[int, Any]]:
            return lambda _rep: api.get(path, tok)

        def post(path: str, body: Any) -> Callable[[int], tuple[int, Any]]:
            return lambda _rep: api.post(path, tok, body)

        def expect_items(n: int) -> Callable[[Any], None]:
            def check(body: Any) -> None:
                if len(body["items"]) != n:
                    raise SystemExit(f"expected {n} items at {size:,} threads, got {len(body['items'])}")
            return check

        def expect_newest(wanted: list[str]) -> Callable[[Any], None]:
            """A search page: some (a walked page may hold fewer than the limit), the newest first."""
            def check(body: Any) -> None:
                got = [item["thread_id"] for item in body["items"]]
                if not got or got != wanted[: len(got)]:
                    raise SystemExit(f"expected the newest of {len(wanted):,} threads at {size:,}, got {got[:3]}…")
            return check

        def next_cursor(path: str) -> str | None:
            return api.get(path, tok)[1]["next_cursor"]

        def act(action: str, **selection: Any) -> tuple[int, Any]:
            return api.post("/threads/actions", tok, {"action": action, **selection})

        # Reads first: the writes below change what is unread.
        bench.measure("GET /me", get("/me"))
        bench.measure("GET /threads/unread-count", get("/threads/unread-count"))
        bench.measure("GET /threads (inbox, limit 25)", get(f"/threads?limit={PAGE}"),
                      check=expect_items(min(PAGE, len(box.inbox_ids))))
        cursor = next_cursor(f"/threads?limit={PAGE}")
        if cursor:
            bench.measure("GET /threads page 2 (next_cursor)", get(f"/threads?limit={PAGE}&cursor={cursor}"))
        else:
            bench.skip("GET /threads page 2 (next_cursor)", "one page only")
        bench.measure("GET /threads?folder=sent", get(f"/threads?folder=sent&limit={PAGE}"))
        bench.measure("GET /threads?folder=archive", get(f"/threads?folder=archive&limit={PAGE}"))
        bench.measure("GET /threads?unread=true", get(f"/threads?unread=true&limit={PAGE}"))
        bench.measure("GET /threads?folder=sent&unread=true *", get(f"/threads?folder=sent&unread=true&limit={PAGE}"))

        def set_sent_unread(action: str) -> None:  # by thread_ids, 100 a request
            for k in range(0, len(box.sent_unread_ids), 100):
                act(action, thread_ids=box.sent_unread_ids[k : k + 100])

        # The worst case of a filtered Query: nothing in Sent is unread (outside the
        # measurement, then put back so the rows below see the seeded mailbox).
        bench.measure(SENT_UNREAD_NONE, get(f"/threads?folder=sent&unread=true&limit={PAGE}"),
                      setup=lambda rep: set_sent_unread("mark_read") if rep == 0 else None,
                      check=expect_items(0))
        set_sent_unread("mark_unread")
        bench.measure(f"GET /threads?q={RARE_WORD} (rare word)", get(f"/threads?q={RARE_WORD}&limit={PAGE}"),
                      check=expect_items(RARE_THREADS))
        bench.measure(f"GET /threads?q={COMMON_WORD} (common word)", get(f"/threads?q={COMMON_WORD}&limit={PAGE}"),
                      check=expect_newest(box.inbox_ids))
        cursor = next_cursor(f"/threads?q={COMMON_WORD}&limit={PAGE}")
        if cursor:
            bench.measure(f"GET /threads?q={COMMON_WORD} page 2 *",
                          get(f"/threads?q={COMMON_WORD}&limit={PAGE}&cursor={cursor}"))
        else:
            bench.skip(f"GET /threads?q={COMMON_WORD} page 2 *", "one page only")

        # Writes: each repetition starts from the same state, so the counts compare.
        target = box.inbox_ids[len(box.inbox_ids) // 2]
        bench.measure("GET /threads/{id} (open unread, marks read)", get(f"/threads/{target}"),
                      setup=lambda _rep: act("mark_unread", thread_ids=[target]))
        bench.measure("POST /threads/{id}/messages (reply)",
                      post(f"/threads/{target}/messages", {"body": f"Thanks, see you at the {COMMON_WORD}."}))
        bench.measure("POST /threads (new thread)",
                      post("/threads", {"recipient_ids": [others[0].user_id], "subject": "Chemistry read",
                                        "body": f"Are you free for a chemistry {COMMON_WORD} on Friday?"}))
        chosen = box.thread_ids[:PAGE]
        bench.measure(f"POST /threads/actions mark_read, {PAGE} thread_ids †",
                      post("/threads/actions", {"action": "mark_read", "thread_ids": chosen}),
                      setup=lambda _rep: act("mark_unread", thread_ids=chosen))
        bench.measure(f"POST /threads/actions mark_read, {PAGE} already-read thread_ids *",  # nothing to change
                      post("/threads/actions", {"action": "mark_read", "thread_ids": chosen}))

        def fresh_folder(_rep: int) -> None:  # newest inline-budget's worth unread, no job queued
            act("mark_unread", all=True, folder="inbox")
            drain_queue(sqs, queue_url)

        def background_job(operation: str) -> None:  # one run of the job the last repetition queued
            queued = drain_queue(sqs, queue_url)
            if not queued:
                bench.skip(operation, "none: done inline")
                return
            event = sqs_event(queued[:1], outputs["JobsQueueName"])
            bench.measure(operation, lambda _rep: (200, app_module.on_job(event, None)), reps=1)
            drain_queue(sqs, queue_url)

        bench.measure("POST /threads/actions mark_read, all=true inbox",
                      post("/threads/actions", {"action": "mark_read", "all": True, "folder": "inbox"}),
                      setup=fresh_folder)
        background_job("  ↳ its background job (one SQS run)")
        # The same newest 300 made unread first, so the request writes what the one above does
        # (an already-read thread now costs no write). Its job's threads were read by the job above.
        bench.measure(f"POST /threads/actions mark_read, all=true q={COMMON_WORD} *",
                      post("/threads/actions", {"action": "mark_read", "all": True, "folder": "inbox",
                                                "q": COMMON_WORD}),
                      setup=fresh_folder)
        background_job(f"  ↳ its background job, q={COMMON_WORD} (one SQS run, already read) *")
    return bench.rows


# -- the daily digest --------------------------------------------------------------------------
# (users in the table, of whom on "daily" with unread threads): the work must follow the second.
DIGEST_SIZES = ((10_000, 100), (100_000, 1_000))
DIGEST_THREADS = 3  # unread inbox threads per pending user, one message each
DIGEST_SENDERS = 20  # casting users who sent them
DIGEST_ITEMS_PER_USER = 2  # the goal: the pending item (its draft) and the user's profile
OTHER_PREFERENCES = ("immediate",) * 9 + ("never",)  # everyone not pending: nine in ten immediate


@dataclass
class DigestStep:
    step: str
    meter: Meter
    millis: float
    messages: int = 0  # SQS messages queued (the scheduled run) or handled (the workers)


@dataclass
class DigestRun:
    users: int
    pending: int
    items_seeded: int
    seconds_seeded: float
    steps: list[DigestStep] = field(default_factory=list)

    def step(self, name: str) -> DigestStep:
        return next(s for s in self.steps if s.step == name)


def seed_digest(users: int, pending: int, rng: random.Random) -> tuple[int, float]:
    """`users` PROFILE items, `pending` of them on "daily" with DIGEST_THREADS unread inbox
    threads each (META, message, both views, the counter) and their DIGEST#<shard> pending item
    with the draft the alerts leave (alerts.deliver -> DigestService.note_message ->
    DigestDraft.with_message for each view); all with batch writes."""
    from chalicelib.domain import messaging as rules
    from chalicelib.domain.clock import to_iso
    from chalicelib.domain.digests import DigestDraft
    from chalicelib.domain.ids import new_id
    from chalicelib.storage import mail
    from chalicelib.storage.digests import shard_of
    from chalicelib.storage.models import BaseItem, CounterItem, DigestPendingItem, ThreadItem, UserItem
    from chalicelib.storage.users import PROFILE, user_key

    started = time.perf_counter()
    now = datetime.now(UTC)
    created = to_iso(now - timedelta(days=400))
    every = users // pending  # the pending users are spread evenly through the table
    written = 0
    senders: list[rules.Participant] = []
    with BaseItem.batch_write() as batch:
        for k in range(users):
            user_id = new_id("usr", int((now - timedelta(days=400)).timestamp() * 1000) + k)
            name = f"{FIRST[k % len(FIRST)]} {LAST[k // len(FIRST) % len(LAST)]}"
            is_pending = k % every == every - 1 and k // every < pending
            is_sender = not is_pending and len(senders) < DIGEST_SENDERS
            batch.save(UserItem(user_key(user_id), PROFILE, user_id=user_id, email=f"user{k}@example.com",
                                name=name, role="casting" if is_sender else "talent", created_at=created,
                                notifications="daily" if is_pending else OTHER_PREFERENCES[k % 10]))
            written += 1
            if is_sender:
                senders.append(rules.Participant(user_id, name))
            if not is_pending:
                continue
            me = rules.Participant(user_id, name)
            earliest, draft = "", DigestDraft()
            for t in range(DIGEST_THREADS):
                sender = senders[(k + t) % len(senders)]
                moment = now - timedelta(seconds=rng.uniform(60, 20 * 3600))  # since yesterday's digest
                at, millis = to_iso(moment), int(moment.timestamp() * 1000)
                earliest = min(earliest or at, at)
                thread_id = new_id("thr", millis)
                role, production = rng.choice(ROLES), rng.choice(PRODUCTIONS)
                subject = f"{role} in {production}"
                thread = rules.Thread(thread_id, subject, [sender, me], at, at, message_count=1)
                message = rules.Message(thread_id, f"{thread_id}.{new_id('msg', millis)}", sender,
                                        f"{COMMON_WORD.capitalize()} for the {role}: {' '.join(rng.sample(WORDS, 6))}.",
                                        at)
                batch.save(ThreadItem(mail.thread_key(thread_id), mail.META, thread_id=thread_id, subject=subject,
                                      participants=mail._participant_attrs(thread.participants), created_at=at,
                                      last_activity_at=at, message_count=1, has_attachments=False))
                batch.save(mail._message_item(message))
                for view in rules.new_thread_views(thread, message, False):
                    batch.save(mail._view_item(replace(view, version=1)))
                    if view.user_id == user_id:
                        draft = draft.with_message(view, message.message_id)
                written += 4
            batch.save(CounterItem(user_key(user_id), "COUNTERS", unread_threads=DIGEST_THREADS))
            batch.save(DigestPendingItem(f"DIGEST#{shard_of(user_id)}", user_id, marked_at=earliest,
                                         draft=draft.to_json(), version=DIGEST_THREADS))
            written += 2
    if len(senders) < DIGEST_SENDERS:
        raise SystemExit(f"{users:,} users leave too few senders besides {pending:,} pending users")
    return written, time.perf_counter() - started


def sqs_event(messages: list[dict[str, Any]], queue_name: str) -> dict[str, Any]:
    """Received SQS messages as Lambda's event source mapping hands them to a handler."""
    return {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                         "attributes": {}, "messageAttributes": {}, "md5OfBody": m["MD5OfBody"],
                         "eventSource": "aws:sqs",
                         "eventSourceARN": f"arn:aws:sqs:us-east-1:000000000000:{queue_name}",
                         "awsRegion": "us-east-1"} for m in messages]}


@contextmanager
def narrow_queries() -> Iterator[None]:
    global _index_positions
    _index_positions = IndexPositions()
    try:
        yield
    finally:
        _index_positions = None


def metered(call: Callable[[], Any]) -> tuple[Any, Meter, float]:
    meter = Meter()
    _meters.append(meter)
    started = time.perf_counter()
    try:
        result = call()
    finally:
        millis = (time.perf_counter() - started) * 1000
        _meters.pop()
    return result, meter, millis


def run_digest(app_module: Any, users: int, pending: int, outputs: dict[str, str]) -> DigestRun:
    """The scheduled run, then every batch it queued through app.on_digest_batch (batch size 1,
    as deployed), then one batch delivered again and the scheduled run again."""
    import json

    from chalicelib.container import services
    from chalicelib.services.digests import BATCH_USERS

    items, seconds = seed_digest(users, pending, random.Random(users))
    print(f"seeded {users:,} users, {pending:,} of them on daily with {DIGEST_THREADS} unread threads "
          f"({items:,} items) in {seconds:.1f} s", flush=True)
    run = DigestRun(users, pending, items, seconds)
    sqs = moto_clients("sqs")
    queue = outputs["DigestQueueName"]
    url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    digests = services().digests

    queued, meter, millis = metered(digests.schedule)
    messages = drain_queue(sqs, url)
    batched = sorted(len(json.loads(m["Body"])["users"]) for m in messages)
    if queued != pending or sum(batched) != pending or batched[-1] > BATCH_USERS:
        raise SystemExit(f"the scheduled run queued {queued:,} users in batches of {batched}, expected {pending:,}")
    run.steps.append(DigestStep("scheduled run (daily_digest)", meter, millis, len(messages)))

    def workers() -> None:  # one invocation per message: on_digest_batch's batch_size is 1
        for message in messages:
            app_module.on_digest_batch(sqs_event([message], queue), None)

    _, meter, millis = metered(workers)
    sent = meter.requests["SES SendRawEmail"]
    if sent != pending:
        raise SystemExit(f"the workers sent {sent:,} digests for {pending:,} pending users")
    run.steps.append(DigestStep("workers (on_digest_batch, all batches)", meter, millis, len(messages)))
    _, meter, millis = metered(lambda: app_module.on_digest_batch(sqs_event(messages[:1], queue), None))
    if meter.requests["SES SendRawEmail"]:
        raise SystemExit("a batch delivered again sent a second digest")
    run.steps.append(DigestStep("  ↳ one batch delivered again *", meter, millis, 1))
    queued, meter, millis = metered(digests.schedule)
    if queued or drain_queue(sqs, url):
        raise SystemExit(f"the scheduled run queued {queued:,} users after every digest was sent")
    run.steps.append(DigestStep("scheduled run again, all sent *", meter, millis, 0))
    return run


def digest_table(runs: list[DigestRun]) -> str:
    lines = ["| step | users | pending | requests (by op) | items read | writes | SQS messages | emails | ms |",
             "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for run in runs:
        for s in run.steps:
            requests = ", ".join(f"{name} {count:,}" for name, count in s.meter.requests.items()) or "none"
            lines.append(f"| {s.step} | {run.users:,} | {run.pending:,} | {requests} | {s.meter.read:,} | "
                         f"{s.meter.writes:,} | {s.messages:,} | {s.meter.requests['SES SendRawEmail']:,} | "
                         f"{s.millis:,.0f} |")
        w = run.step("workers (on_digest_batch, all batches)").meter
        per = {name: count / run.pending for name, count in w.requests.items()}
        requests = ", ".join(f"{name} {count:.2f}" for name, count in per.items())
        lines.append(f"|   ↳ workers, per pending user | | | {requests} | {w.read / run.pending:.2f} | "
                     f"{w.writes / run.pending:.2f} | | {w.requests['SES SendRawEmail'] / run.pending:.2f} | |")
    return "\n".join(lines)


def digest_guard(runs: list[DigestRun]) -> bool:
    """The scheduled run reads the pending set and nothing else; the workers' reads per pending
    user do not grow with the users who have nothing to send."""
    from chalicelib.storage.digests import SHARDS

    ok = True
    print(f"\n## Guard: the scheduled run reads ≤ pending users + {SHARDS} (one per shard); with the workers, "
          f"≤ {DIGEST_ITEMS_PER_USER} items per pending user; the workers' items read per pending user do not "
          f"grow with the users table\n")
    for run in runs:
        reads = run.step("scheduled run (daily_digest)").meter.read
        passed = reads <= run.pending + SHARDS
        ok &= passed
        print(f"- {'PASS' if passed else 'FAIL'} scheduled run, {run.users:,} users, {run.pending:,} pending: "
              f"{reads:,} items read")
    for run in runs:  # issue 17: schedule + workers read at most two items per pending user in all
        reads = (run.step("scheduled run (daily_digest)").meter.read
                 + run.step("workers (on_digest_batch, all batches)").meter.read)
        passed = reads <= DIGEST_ITEMS_PER_USER * run.pending
        ok &= passed
        print(f"- {'PASS' if passed else 'FAIL'} scheduled run + workers, {run.users:,} users, {run.pending:,} "
              f"pending: {reads:,} items read (goal ≤ {DIGEST_ITEMS_PER_USER * run.pending:,})")
    per_user = [run.step("workers (on_digest_batch, all batches)").meter.read / run.pending for run in runs]
    if len(runs) > 1:
        passed = per_user[-1] <= per_user[0] + 1
        ok &= passed
        print(f"- {'PASS' if passed else 'FAIL'} workers: {per_user[0]:.2f} → {per_user[-1]:.2f} items read per "
              f"pending user from {runs[0].users:,} to {runs[-1].users:,} users")
    return ok


# -- notice search -----------------------------------------------------------------------------
# Issue 6: search by state + job type at 100,000 published notices reads no more than a page.
NOTICE_SIZES = (10_000, 100_000)
NOTICE_STATE, NOTICE_TYPE = "NY", "film"  # the measured search: about 2.8% of the notices
NOTICE_WORD = "lighthouse"  # in the description of about one notice in ten
ABSENT_WORD = "harpsichord"  # in none
ALL_ABSENT_MAX = 10_000  # searched for in every notice only up to this size (moto's time grows as size²)
NOTICE_DAYS = 180  # published over the last six months, all still open
# Where notices are posted: every US state or territory and Canadian province, the film and TV
# centres more often (NY about 11% of all notices); and what for (film a quarter).
REGION_WEIGHTS = {("US", "CA"): 20, ("US", "NY"): 15, ("US", "GA"): 6, ("US", "TX"): 5, ("US", "IL"): 4,
                  ("US", "FL"): 4, ("US", "LA"): 3, ("US", "NM"): 2, ("US", "WA"): 2, ("US", "MA"): 2,
                  ("US", "PA"): 2, ("US", "NC"): 2, ("CA", "ON"): 6, ("CA", "BC"): 5, ("CA", "QC"): 3}
CITIES = {"CA": "Los Angeles", "NY": "Brooklyn", "GA": "Atlanta", "TX": "Austin", "IL": "Chicago", "FL": "Miami",
          "LA": "New Orleans", "NM": "Albuquerque", "WA": "Seattle", "MA": "Boston", "PA": "Pittsburgh",
          "NC": "Wilmington", "ON": "Toronto", "BC": "Vancouver", "QC": "Montréal"}
JOB_WEIGHTS = {"film": 25, "tv": 15, "theater": 10, "commercial": 12, "music video": 5, "voiceover": 5, "dance": 4,
               "singing": 3, "modeling": 5, "multimedia": 4, "crew": 6, "other": 6}
JOB_KINDS = {"film": "indie feature", "tv": "streaming series", "theater": "stage play", "commercial": "national spot",
             "music video": "music video", "voiceover": "animated short", "dance": "dance film",
             "singing": "choral concert", "modeling": "spring lookbook", "multimedia": "video game",
             "crew": "short film", "other": "immersive event"}
COMPANIES = ["Northlight Pictures", "Bluestem Films", "Harbor Street Productions", "Kestrel Media",
             "Open Door Theatre Company", "Cinder Box Studios", "Marigold Creative", "Tall Pines Entertainment",
             "Fourth Wall Collective", "Brightwater Studios", "Low Tide Films", "Paper Crane Animation"]
PREMISES = ["two sisters who reopen their late father's diner", "a night-shift crew at a city hospital",
            "a touring band's last summer", "a small-town election that goes wrong", "three friends and a stolen van",
            "a chef who loses her sense of taste", "a family reunion in a storm", "rival food trucks"]
CONTRACTS = {"US": ["SAG-AFTRA Ultra Low Budget", "SAG-AFTRA Moderate Low Budget", "AEA Showcase Code"],
             "CA": ["ACTRA IPA", "ACTRA Indie Production Agreement", "CAEA Indie 2"]}


@dataclass(frozen=True)
class Listed:
    """What the bench keeps of a seeded notice, to predict every measured page."""
    sk: str  # <published_at>#<production_id>: the listings' sort key, newest first
    production_id: str
    state: str
    job_type: str
    union: str
    paid: bool
    has_word: bool


class NoticeMaker:
    """Published productions as NoticeService.decide leaves them: the fields that _listing and
    _public_view read, with the notice as create stores it (Notice.to_dict, plus role ids)."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        from chalicelib.domain.wages import REGIONS

        self.rng, self.now = rng, now
        self.regions = [(country, code) for country, codes in REGIONS.items() for code in codes]
        self.region_weights = [REGION_WEIGHTS.get(r, 1) for r in self.regions]

    def record(self, moment: datetime) -> tuple[dict[str, Any], bool]:
        """One production published at `moment`, and whether NOTICE_WORD is in it."""
        from chalicelib.domain.clock import to_iso
        from chalicelib.domain.ids import new_id
        from chalicelib.domain.productions import with_role_ids

        rng = self.rng
        country, state = rng.choices(self.regions, self.region_weights)[0]
        job_type = rng.choices(list(JOB_WEIGHTS), list(JOB_WEIGHTS.values()))[0]
        company, kind = rng.choice(COMPANIES), JOB_KINDS[job_type]
        union = rng.random() < 0.35
        rate: float | None = None  # paid rates are well above any minimum wage: paid means the Paid tag
        unit: str | None = None
        notes = ""
        if union:
            rate, notes = float(rng.choice((250, 300, 1100))), "Per the union agreement."
            unit = "week" if rate > 1000 else "day"
        elif rng.random() < 0.6:
            unit = rng.choice(("hour", "day"))
            rate = float(rng.randint(25, 40) if unit == "hour" else rng.randint(18, 35) * 10)
        has_word = rng.random() < 0.1
        description = (f"{company} is casting a {kind} about {rng.choice(PREMISES)}. "
                       f"Expect {', '.join(rng.sample(WORDS, 5))}. "
                       + ("Several scenes are shot in a working lighthouse on the coast. " if has_word else "")
                       + "Sides go to selected talent; callbacks are in person.")
        roles = []
        for name in rng.sample(ROLES, rng.randint(1, 3)):
            age = rng.randint(18, 60)
            roles.append({"name": name, "description": f"The {name.lower()}: {' and '.join(rng.sample(WORDS, 2))}.",
                          "age_min": age, "age_max": age + 10, "gender": rng.choice(("female", "male", "any")),
                          "nudity": False})
        expires = (self.now + timedelta(days=rng.uniform(1, 120))).date()
        starts = expires + timedelta(days=rng.randint(7, 30))
        notice = {"name": f"{rng.choice(PRODUCTIONS)} ({kind})", "company": company, "job_type": job_type,
                  "category": "casting", "description": description,
                  "location": {"city": CITIES.get(state), "state": state, "country": country},
                  "union": {"status": "union" if union else "non-union",
                            "contract": rng.choice(CONTRACTS[country]) if union else None},
                  "pay": {"kind": "paid" if rate else "not_paid", "rate": rate, "unit": unit, "notes": notes},
                  "nudity": False, "fee": None, "starts_on": starts.isoformat(),
                  "ends_on": (starts + timedelta(days=rng.randint(1, 30))).isoformat(),
                  "expires_at": f"{expires.isoformat()}T23:59:59.999Z", "roles": roles}
        production_id = new_id("prd", int(moment.timestamp() * 1000))
        record = {"production_id": production_id, "notice": with_role_ids(production_id, notice, None),
                  "owner_id": new_id("usr", int(moment.timestamp() * 1000) - 86_400_000),
                  "paid_tag": rate is not None, "student_badge": False, "published_at": to_iso(moment)}
        return record, has_word


def check_notices(records: list[dict[str, Any]]) -> None:
    """The seeded notices are what the app would have stored and tagged: parse_notice gives back
    the same notice, and assess_pay (the vetting rules' Paid tag) agrees with paid_tag."""
    from chalicelib.domain import notices as vetting

    for record in records:
        notice = vetting.parse_notice(record["notice"])
        stored = {**record["notice"], "roles": [{k: v for k, v in role.items() if k != "role_id"}
                                                for role in record["notice"]["roles"]]}
        if notice.to_dict() != stored:
            raise SystemExit(f"a seeded notice does not survive parse_notice: {record['notice']}")
        if vetting.assess_pay(notice).paid != record["paid_tag"]:
            raise SystemExit(f"the vetting rules would tag this seeded notice paid={not record['paid_tag']}: "
                             f"{record['notice']}")


def seed_notices(maker: NoticeMaker, count: int, listed: list[Listed]) -> tuple[int, float]:
    """`count` more published notices, oldest first, spread over the last NOTICE_DAYS: for each,
    the four listing items storage/notices.py `listing_items` builds (its EXPIRES# item, which only the
    expiry sweep reads, is left out), and, for the measured state + type only, the production
    item that a subscriber's page reads (as NoticeRepository.save writes it). Batch writes."""

    from chalicelib.container import services
    from chalicelib.domain.productions import Production
    from chalicelib.storage.models import BaseItem, ListingItem
    from chalicelib.storage.notices import listing_items, production_item

    started = time.perf_counter()
    service, rng, now = services().notices, maker.rng, maker.now
    moments = sorted(now - timedelta(seconds=rng.uniform(60, NOTICE_DAYS * 86_400)) for _ in range(count))
    written, checked = 0, []
    expiry_prefix = ListingItem.expiry_partition("")
    with direct_seeding(), BaseItem.batch_write() as batch:
        for moment in moments:
            record, has_word = maker.record(moment)
            notice, published = record["notice"], record["published_at"]
            if len(checked) < 300:
                checked.append(record)
            production = Production(
                production_id=record["production_id"], owner_id=record["owner_id"], notice=notice, status="approved",
                paid_tag=record["paid_tag"], created_at=published, updated_at=published, submitted_at=published,
                published_at=published, decided_reason="Looks good")
            for listing in listing_items(production, service._listing(production)):
                if not listing.pk.startswith(expiry_prefix):
                    batch.save(listing)
                    written += 1
            state, job_type = notice["location"]["state"], notice["job_type"]
            if (state, job_type) == (NOTICE_STATE, NOTICE_TYPE):
                item = production_item(production)
                item.version = 3  # created, submitted, approved
                batch.save(item)
                written += 1
            listed.append(Listed(f"{published}#{record['production_id']}", record["production_id"], state, job_type,
                                 notice["union"]["status"], record["paid_tag"], has_word))
    check_notices(checked)
    return written, time.perf_counter() - started


NOTICE_PAGE = f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE} (anonymous, limit {PAGE})"
NOTICE_PAGE_2 = f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE} page 2 (next_cursor)"
NOTICE_SIGNED_IN = f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE}, signed in, not a subscriber *"
NOTICE_SUBSCRIBER = f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE}, subscriber (full notices)"


def run_notices(app_module: Any, sizes: list[int], reps: int) -> tuple[list[Row], float]:
    """One table grown to each size in turn (the notices added each time are spread over the
    same six months), and the searches measured at each size through the app."""
    from chalice.test import Client

    rows: list[Row] = []
    maker = NoticeMaker(random.Random(6), datetime.now(UTC))
    listed: list[Listed] = []
    seeded = 0.0
    with Client(app_module.app, stage_name="local") as client:
        api = ApiClient(client)
        tokens = {"talent": api.sign_up("Tess Talent")["token"],
                  "subscriber": api.sign_up("Sam Subscriber", subscriber=True)["token"]}
        for size in sizes:
            items, seconds = seed_notices(maker, size - len(listed), listed)
            seeded += seconds
            here = sum(1 for n in listed if (n.state, n.job_type) == (NOTICE_STATE, NOTICE_TYPE))
            share = {"word": sum(n.has_word for n in listed) / size, "paid": sum(n.paid for n in listed) / size,
                     "union": sum(n.union == "union" for n in listed) / size}
            print(f"seeded {size:,} notices ({items:,} items more; {here:,} in {NOTICE_STATE} {NOTICE_TYPE}; "
                  f"{share['word']:.1%} with “{NOTICE_WORD}”, {share['paid']:.0%} paid, {share['union']:.0%} union) "
                  f"in {seconds:.1f} s", flush=True)
            rows += measure_searches(Bench(api, size, reps, unit="notices"), listed, tokens)
    return rows, seeded


def measure_searches(bench: Bench, listed: list[Listed], tokens: dict[str, str]) -> list[Row]:
    api = bench.api
    newest = sorted(listed, key=lambda n: n.sk, reverse=True)

    def here(n: Listed) -> bool:
        return (n.state, n.job_type) == (NOTICE_STATE, NOTICE_TYPE)

    def search(operation: str, query: str, expect: Callable[[Listed], bool], token: str | None = None,
               skip: int = 0, full: bool = False, reps: int | None = None,
               words_in: Callable[[Listed], bool] | None = None) -> None:
        """Measures GET /notices?<query>, checking that it answers exactly the newest page that
        `expect` picks from the seeded notices (from the `skip`th), summaries or full notices. A
        word search (`words_in`: its partition) evaluates the partition's newest
        WORD_BUDGET_PAGES × PAGE listings only: the page is the matches among those."""
        from chalicelib.storage.notices import WORD_BUDGET_PAGES

        pool = newest if words_in is None else [n for n in newest if words_in(n)][:WORD_BUDGET_PAGES * PAGE]
        wanted = [n.production_id for n in pool if expect(n)][skip : skip + PAGE]

        def check(body: Any) -> None:
            got = [item["production_id"] for item in body["items"]]
            if got != wanted or any(item["summary_only"] == full for item in body["items"]):
                raise SystemExit(f"{operation} at {bench.size:,} notices answered {len(got)} notices "
                                 f"({got[:2]}…), expected {len(wanted)} ({wanted[:2]}…), full={full}")

        bench.measure(operation, lambda _rep: api.get(f"/notices?{query}", token), check=check, reps=reps)

    base = f"state={NOTICE_STATE}&job_type={NOTICE_TYPE}&limit={PAGE}"
    search(NOTICE_PAGE, base, here)
    cursor = api.get(f"/notices?{base}")[1]["next_cursor"]
    if not cursor:
        raise SystemExit(f"{bench.size:,} notices leave no second page of {NOTICE_STATE} {NOTICE_TYPE}")
    search(NOTICE_PAGE_2, f"{base}&cursor={quote(cursor)}", here, skip=PAGE)
    search(NOTICE_SIGNED_IN, base, here, tokens["talent"])
    search(NOTICE_SUBSCRIBER, base, here, tokens["subscriber"], full=True)
    search(f"GET /notices?state={NOTICE_STATE} (any type)", f"state={NOTICE_STATE}&limit={PAGE}",
           lambda n: n.state == NOTICE_STATE)
    search(f"GET /notices?job_type={NOTICE_TYPE} (anywhere)", f"job_type={NOTICE_TYPE}&limit={PAGE}",
           lambda n: n.job_type == NOTICE_TYPE)
    search("GET /notices (all)", f"limit={PAGE}", lambda n: True)
    search(f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE}&paid=true", f"{base}&paid=true",
           lambda n: here(n) and n.paid)
    search(f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE}&union=union", f"{base}&union=union",
           lambda n: here(n) and n.union == "union")
    search(f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE}&q={NOTICE_WORD} (in ~10%)",
           f"{base}&q={NOTICE_WORD}", lambda n: here(n) and n.has_word, words_in=here)
    search(f"GET /notices?state={NOTICE_STATE}&job_type={NOTICE_TYPE}&q={ABSENT_WORD} (in none) *",
           f"{base}&q={ABSENT_WORD}", lambda n: False, words_in=here)
    everywhere = f"GET /notices?q={ABSENT_WORD} (all notices, in none) *"
    if bench.size <= ALL_ABSENT_MAX:
        search(everywhere, f"q={ABSENT_WORD}&limit={PAGE}", lambda n: False, reps=1, words_in=lambda n: True)
    else:  # each of its Queries walks the whole LISTING#*#*#* partition in moto
        bench.skip(everywhere, f"not run: it would read all {bench.size:,} listings in "
                               f"{-(-bench.size // (PAGE + 1)):,} Queries, each walking all of them in moto")
    return bench.rows


def notice_guard(rows: list[Row], sizes: list[int]) -> bool:
    """The state + type page and its page 2 read one page (limit + 1), signed in also the caller's
    record, and for a subscriber also the page's productions, whatever the number of notices."""
    ok = True
    by_key = {(r.operation, r.size): r for r in rows}
    large = sizes[-1]
    print(f"\n## Guard: at {large:,} notices the {NOTICE_STATE} + {NOTICE_TYPE} page reads ≤ limit + 1 "
          f"({PAGE + 1}) items, + 1 for the caller's user record when signed in, + {PAGE} productions for a "
          f"subscriber\n")
    for operation, allowed in ((NOTICE_PAGE, PAGE + 1), (NOTICE_PAGE_2, PAGE + 1), (NOTICE_SIGNED_IN, PAGE + 2),
                               (NOTICE_SUBSCRIBER, PAGE + 2 + PAGE)):
        reads = [by_key[(operation, size)].reads for size in sizes]
        passed = reads[-1] <= allowed
        ok &= passed
        trend = " → ".join(f"{r:,}" for r in reads)
        print(f"- {'PASS' if passed else 'FAIL'} {operation}: {trend} items read at "
              f"{' → '.join(f'{s:,}' for s in sizes)} notices")
    return ok


# -- report ------------------------------------------------------------------------------------
def table(rows: list[Row]) -> str:
    order = list(dict.fromkeys(r.operation for r in rows))
    rows = sorted(rows, key=lambda r: (order.index(r.operation), r.size))
    lines = ["| operation | size | requests (by op) | items read | writes | median ms |",
             "|---|---:|---|---:|---:|---:|"]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


SENT_UNREAD_NONE = "GET /threads?folder=sent&unread=true, none unread *"
GUARDED = ("GET /threads (inbox, limit 25)", SENT_UNREAD_NONE, f"GET /threads?q={RARE_WORD} (rare word)")


def guard(rows: list[Row], small: int, large: int, operations: tuple[str, ...] = GUARDED,
          unit: str = "threads") -> bool:
    """The inbox page, Sent+unread with nothing unread and a rare-word search (or the given
    operations) must not read more as the data grows."""
    ok = True
    by_key = {(r.operation, r.size): r for r in rows}
    print(f"\n## Guard: items read at {large:,} {unit} ≤ items read at {small:,} {unit} + one page ({PAGE})\n")
    for operation in operations:
        before, after = by_key[(operation, small)].reads, by_key[(operation, large)].reads
        passed = after <= before + PAGE
        ok &= passed
        print(f"- {'PASS' if passed else 'FAIL'} {operation}: {before:,} → {after:,} items read")
    return ok


def sizes_arg(text: str) -> list[str]:
    return [] if text.strip().lower() in ("", "none") else text.split(",")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="mailbox sizes, comma separated ('none': skip the mailbox section)")
    parser.add_argument("--reps", type=int, default=REPS, help="repetitions per operation (median latency)")
    parser.add_argument("--digest", default=",".join(f"{u}:{p}" for u, p in DIGEST_SIZES),
                        help="daily digest runs as users:pending, comma separated ('none': skip)")
    parser.add_argument("--notices", default=",".join(map(str, NOTICE_SIZES)),
                        help="published notices for the search section, comma separated ('none': skip)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in sizes_arg(args.sizes))
    if sizes and sizes[0] < RARE_THREADS:
        parser.error(f"the smallest mailbox needs at least {RARE_THREADS} threads")
    digest_sizes = sorted(tuple(int(n) for n in pair.split(":")) for pair in sizes_arg(args.digest))
    if any(len(pair) != 2 or not 0 < pair[1] <= pair[0] - DIGEST_SENDERS for pair in digest_sizes):
        parser.error(f"--digest wants users:pending pairs with 0 < pending ≤ users - {DIGEST_SENDERS}")
    notice_sizes = sorted(int(s) for s in sizes_arg(args.notices))
    if notice_sizes and notice_sizes[0] < 5_000:
        parser.error("--notices wants at least 5,000 notices, so the measured search has a second page")

    from moto import mock_aws

    from chalicelib import container
    from infra.local.provision import provision

    speed_up_moto()
    # Handlers called directly have no Lambda context, so idempotency cannot tell the time left.
    warnings.filterwarnings("ignore", "Couldn't determine the remaining time left")
    started = time.perf_counter()
    print(f"$ {shlex.join(['python', '-m', 'tests.bench', *sys.argv[1:]])}")
    print(f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S')} UTC; python {platform.python_version()}; "
          f"{os.cpu_count()} CPUs; moto in-process (mock_aws); {args.reps} repetitions per operation\n")
    rows: list[Row] = []
    for size in sizes:
        with mock_aws():  # a fresh table per size, so the small mailboxes are not in a big table
            outputs = provision(moto_clients, "local")
            container.reset()
            import app

            rows += run_size(app, size, args.reps, outputs)
            container.reset()
    ok = digest_ok = True
    if sizes:
        print("\n" + table(rows))
        print(f"\n`*` extra rows, beyond the brief, that show a cost worth knowing about (docs/PERFORMANCE.md).\n"
              f"`†` {PAGE} thread_ids, or every visible thread when the mailbox has fewer.\n"
              f"Writes count items put/updated/deleted; a view, a META item and a counter are one each.")
        ok &= guard(rows, sizes[0], sizes[-1])
    runs: list[DigestRun] = []
    if digest_sizes:
        digest_started = time.perf_counter()
        print("\n## Daily digest\n")
        for users, pending in digest_sizes:
            with mock_aws(), narrow_queries():
                outputs = provision(moto_clients, "local")
                container.reset()
                import app

                runs.append(run_digest(app, users, pending, outputs))
                container.reset()
        print("\n" + digest_table(runs))
        print("\n`*` extra rows: idempotency and a drained pending set (docs/PERFORMANCE.md).\n"
              "Requests and items read include the idempotency table's; the local stage also puts a copy of "
              "each email in its outbox (one PutItem and one write an email that a deployed stage does not make).")
        digest_ok = digest_guard(runs)
        print(f"\ndaily digest section {time.perf_counter() - digest_started:.0f} s")
    notices_ok = True
    if notice_sizes:
        notices_started = time.perf_counter()
        print("\n## Notice search\n")
        with mock_aws(), narrow_queries():
            provision(moto_clients, "local")
            container.reset()
            import app

            notice_rows, seeding = run_notices(app, notice_sizes, args.reps)
            container.reset()
        print("\n" + table(notice_rows))
        print("\nAnonymous unless noted. `*` extra rows: the caller's user record, and a filter that matches "
              "nothing (docs/PERFORMANCE.md).")
        notices_ok = notice_guard(notice_rows, notice_sizes)
        print(f"\nnotice search section {time.perf_counter() - notices_started:.0f} s "
              f"({seeding:.0f} s of it seeding)")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if not ok:
        print("FAIL: an operation that must read one page's worth of items reads more as the mailbox grows",
              file=sys.stderr)
    if not digest_ok:
        print("FAIL: the daily digest reads more than its pending users call for", file=sys.stderr)
    if not notices_ok:
        print("FAIL: a state + job type search reads more than one page", file=sys.stderr)
    return 0 if ok and digest_ok and notices_ok else 1


if __name__ == "__main__":
    sys.exit(main())
