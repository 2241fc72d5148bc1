"""`make bench`, messaging part: what a message costs in all, and what a search page reads at up
to 100,000 threads.

**Message costs.** Through the real app (chalice's test client over in-process moto): a one-line
reply in a 2-person thread, a 300-word reply in a 20-person thread and a new 20-person thread
with a 300-word body. For each: the request's DynamoDB requests and items written, then
everything it set off (the table stream, then every queue, as the local event pump delivers
them: indexing, alerts, emails) until nothing is left, and the total. Every 300-word body is
300 distinct words the thread has not seen (the worst case for indexing).

**Search at scale.** One user's mailbox of 1,000 and 100,000 threads (each in a fresh table),
then the inbox page and searches for words of every frequency: in every thread, in 5, in 1 in
100, a participant's name in 1 in 20, a prefix, two words, other folders and `folder=all`,
several pages each. Each page is checked against the seeded mailbox (the newest matches, in
order). The seeding writes what the searches read, as the app writes it: the user's views,
each thread's word set and the user's postings of the measured words (postings of other words
sit under other keys that no measured request reads, and META and message items are never read
by a search; leaving them out is what makes 100,000 threads take minutes instead of hours).

It exits non-zero when a goal (docs/PERFORMANCE.md) is missed: a one-line reply writes more than
15 items in all or makes more than 2 read requests besides the caller's record; a 300-word
message to 20 people writes more than 500; a search page reads more than twice an inbox page's
items, or a rare word more than its matches + a page (+ the caller's record).

    python -m tests.bench_messaging [--search 1000,100000] [--reps 3] [--messages yes|none]
"""
from __future__ import annotations

import argparse
import os
import random
import shlex
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from tests.bench import (
    FIRST,
    KINDS,
    LAST,
    PAGE,
    PRODUCTIONS,
    ROLES,
    Bench,
    Meter,
    Row,
    direct_seeding,
    metered,
    narrow_queries,
    speed_up_moto,
    table,
)
from tests.bench import WORDS as SAMPLE_WORDS
from tests.conftest import ApiClient, moto_clients

SEARCH_SIZES = (1_000, 100_000)
REPS = 3
COMMON, RARE, MEDIUM = "audition", "zeppelin", "lighthouse"  # in every thread, in 5, in 1 in 100
RARE_THREADS, MEDIUM_EVERY = 5, 100
DELETED_EVERY = 50

ONE_LINE_WRITES, ONE_LINE_READ_REQUESTS, GROUP_WRITES = 15, 2, 500
READ_OPERATIONS = ("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems")


# -- message costs -------------------------------------------------------------------------------
@dataclass
class Cost:
    operation: str
    request: Meter
    background: Meter
    goal: int | None  # items written in all

    @property
    def read_requests(self) -> int:
        return sum(self.request.requests[op] for op in READ_OPERATIONS)

    @property
    def outbox(self) -> int:
        """The local stage's copy of each email sent (a write a deployed stage does not make)."""
        return self.background.requests["SES SendRawEmail"]

    @property
    def total(self) -> int:
        """Items written in all, as a deployed stage writes them."""
        return self.request.writes + self.background.writes - self.outbox

    def cells(self) -> list[str]:
        def requests(meter: Meter) -> str:
            return ", ".join(f"{op} {n}" for op, n in meter.requests.items()) or "none"
        goal = f"≤ {self.goal}" if self.goal else "–"
        return [self.operation, requests(self.request), f"{self.read_requests}", f"{self.request.writes:,}",
                requests(self.background), f"{self.background.writes:,} ({self.outbox})", f"{self.total:,}", goal]


def fresh_words(count: int, rng: random.Random) -> list[str]:
    """`count` distinct made-up words of 5 to 9 letters, none a stop word or seen before."""
    syllables = ["ba", "ko", "ri", "mu", "te", "sa", "lo", "ne", "vi", "du", "pe", "zo", "ga", "fi", "ru"]
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(3, 4)))[: rng.randint(5, 9)])
    return sorted(words)


def run_message_costs(app_module: Any, outputs: dict[str, str], reps: int) -> list[Cost]:
    from chalice.test import Client

    from infra.local.pump import EventPump

    rng = random.Random(300)
    pump = EventPump(moto_clients, outputs, app_module)
    costs: list[Cost] = []
    with Client(app_module.app, stage_name="local") as client:
        api = ApiClient(client)
        cara = api.sign_up("Cara Casting", "casting")
        cast = [api.sign_up(f"{FIRST[k]} {LAST[k]}") for k in range(19)]

        def start(recipients: list[dict[str, str]], body: str) -> str:
            status, data = api.post("/threads", cara["token"], {
                "recipient_ids": [r["user_id"] for r in recipients], "subject": "Harbor Lights callback",
                "body": body})
            assert status == 201, data
            return data["thread_id"]

        # One text to more than five people who never wrote to the sender is held (docs/SAFETY.md): the cast
        # has written to Cara before, as a real ensemble would, so every message measured here is delivered.
        for member in cast:
            status, answer = api.post("/threads", member["token"], {
                "recipient_ids": [cara["user_id"]], "subject": "Hello", "body": "Looking forward to it."})
            assert status == 201 and answer["status"] == "delivered", answer
        pair = start(cast[:1], "Can you come to the callback on Friday?")
        group = start(cast, "Callback for the ensemble on Friday.")
        pump.drain()

        def measure(operation: str, request: Callable[[], tuple[int, Any]], goal: int | None) -> None:
            for _ in range(reps):
                (status, body), request_meter, _ = metered(request)
                if status != 201 or body.get("status") != "delivered":
                    raise SystemExit(f"{operation} answered {status}: {body}")
                _, background, _ = metered(pump.drain)
                costs.append(Cost(operation, request_meter, background, goal))

        measure("one-line reply, 2-person thread",
                lambda: api.post(f"/threads/{pair}/messages", cast[0]["token"],
                                 {"body": "Thanks, see you Friday at the studio."}), ONE_LINE_WRITES)
        measure("300-word reply, 20-person thread",
                lambda: api.post(f"/threads/{group}/messages", cara["token"],
                                 {"body": " ".join(fresh_words(300, rng))}), GROUP_WRITES)
        measure("new 20-person thread, 300-word body *",
                lambda: api.post("/threads", cara["token"], {
                    "recipient_ids": [r["user_id"] for r in cast], "subject": "Tin Crown chorus",
                    "body": " ".join(fresh_words(300, rng))}), None)
    return costs


def cost_table(costs: list[Cost]) -> str:
    worst: dict[str, Cost] = {}
    for cost in costs:  # the repetition that wrote the most
        if cost.operation not in worst or cost.total > worst[cost.operation].total:
            worst[cost.operation] = cost
    lines = ["| operation | request: requests | read requests | request writes | background: requests | "
             "background writes (local outbox) | writes in all (deployed) | goal |",
             "|---|---|---:|---:|---|---:|---:|---:|"]
    lines += ["| " + " | ".join(c.cells()) + " |" for c in worst.values()]
    return "\n".join(lines)


def cost_guard(costs: list[Cost]) -> bool:
    ok = True
    print("\n## Guard: items written in all (request + stream + queues), and a reply's read requests\n")
    for operation in dict.fromkeys(c.operation for c in costs):
        mine = [c for c in costs if c.operation == operation]
        goal = mine[0].goal
        if goal is None:
            continue
        passed = all(c.total <= goal for c in mine)
        extra = ""
        if operation.startswith("one-line"):
            reads = max(c.read_requests for c in mine)
            passed &= reads <= ONE_LINE_READ_REQUESTS + 1
            extra = f"; {reads} read requests (goal ≤ {ONE_LINE_READ_REQUESTS} + the caller's)"
        ok &= passed
        print(f"- {'PASS' if passed else 'FAIL'} {operation}: {max(c.total for c in mine):,} items written "
              f"(goal ≤ {goal}){extra}")
    return ok


# -- search at scale -----------------------------------------------------------------------------
@dataclass
class Seeded:
    visible: list[tuple[str, str, str, bool, str]]  # (activity, thread, words, unread, folder), newest first
    items: int
    seconds: float

    def newest(self, predicate: Callable[[str, str, bool, str], bool]) -> list[str]:
        return [t for at, t, words, unread, folder in self.visible if predicate(t, words, unread, folder)]


@contextmanager
def quiet_stream() -> Iterator[None]:
    """Seeding writes no stream records: nothing reads them, and moto keeps every one in memory."""
    from moto.dynamodb.models.table import Table

    real_put = Table.put_item

    def put_item(self: Table, *args: Any, **kwargs: Any) -> Any:
        shard, self.stream_shard = self.stream_shard, None
        try:
            return real_put(self, *args, **kwargs)
        finally:
            self.stream_shard = shard

    Table.put_item = put_item
    try:
        yield
    finally:
        Table.put_item = real_put


def seed_search(me: str, others: list[tuple[str, str]], size: int, rng: random.Random) -> Seeded:
    """`size` threads of `me` with one correspondent each: the view, the word set and the postings of
    the measured words, built with the app's own rules and key builders (see the module's doc)."""
    from chalicelib.domain import messaging as rules
    from chalicelib.domain.clock import to_iso
    from chalicelib.domain.ids import new_id
    from chalicelib.domain.search import card_tokens, message_words, share_postings
    from chalicelib.storage import mail
    from chalicelib.storage.models import BaseItem
    from chalicelib.storage.search import WORDS, WordSetItem, partial_item, posting_item

    measured = {COMMON, RARE, MEDIUM, *(name.split()[1].lower() for _, name in others)}
    started = time.perf_counter()
    now = datetime.now(UTC) - timedelta(days=1)
    rare = {round(k * (size - 1) / (RARE_THREADS - 1)) for k in range(RARE_THREADS)}
    visible: list[tuple[str, str, str, bool, str]] = []
    written = 0
    with BaseItem.batch_write() as batch:
        for i in range(size):
            other_id, other_name = others[i % len(others)]
            received, sent, archived, unread = KINDS[i % len(KINDS)]
            deleted = i % DELETED_EVERY == DELETED_EVERY - 1 and i not in rare
            if i in rare:
                received, archived = True, False
            moment = now - timedelta(seconds=rng.uniform(0, 3 * 365 * 24 * 3600))  # three years
            at = to_iso(moment)
            thread_id = new_id("thr", int(moment.timestamp() * 1000))
            role, production = rng.choice(ROLES), rng.choice(PRODUCTIONS)
            subject = f"{role} in {production}"
            extra = (f" {RARE}" if i in rare else "") + (f" {MEDIUM}" if i % MEDIUM_EVERY == 7 else "")
            body = f"{COMMON.capitalize()} notes for the {role}: {' '.join(rng.sample(SAMPLE_WORDS, 4))}{extra}."
            people = [rules.Participant(me, "Morgan Bench"), rules.Participant(other_id, other_name)]
            view = rules.ThreadView(me, thread_id, subject, people, at, snippet=body[:140], received=received,
                                    sent=sent, archived=archived, unread=unread, deleted=deleted, version=1)
            batch.save(mail._view_item(replace(view)))
            words = message_words(body)
            batch.save(WordSetItem(mail.thread_key(thread_id), WORDS, words=set(words), started_at=at))
            postings = share_postings(words, {p.user_id: card_tokens(subject, None, None, [o.name for o in people
                                                                                       if o != p])
                                              for p in people})
            mine = [w for w in postings.words.get(me, []) if w in measured]
            for word in mine:
                batch.save(posting_item(me, word, thread_id))
            if me in postings.partial:
                batch.save(partial_item(me, thread_id))
            written += 2 + len(mine) + (me in postings.partial)
            if not deleted:
                visible.append((at, thread_id, f"{body} {other_name}".lower(), unread, view.folder))
    visible.sort(reverse=True)
    return Seeded(visible, written, time.perf_counter() - started)


SEARCH_INBOX = "GET /threads (inbox: the baseline)"


def run_search_size(app_module: Any, size: int, reps: int) -> list[Row]:
    from chalice.test import Client

    with Client(app_module.app, stage_name="local") as client:
        api = ApiClient(client)
        signed = api.sign_up("Morgan Bench")
        me, token = signed["user_id"], signed["token"]
        others = [(f"usr_other{k:02d}", f"{FIRST[k]} {LAST[k]}") for k in range(20)]
        with direct_seeding(), quiet_stream():
            box = seed_search(me, others, size, random.Random(size))
        print(f"seeded {size:,} threads ({box.items:,} items) in {box.seconds:.0f} s", flush=True)
        bench = Bench(api, size, reps)
        name = LAST[3].lower()  # a correspondent's surname: 1 thread in 20

        def has(word: str, prefix: bool = False) -> Callable[[str, str, bool, str], bool]:
            def test(_t: str, words: str, _unread: bool, _folder: str) -> bool:
                tokens = words.replace(".", " ").replace(":", " ").split()
                return any(t.startswith(word) for t in tokens) if prefix else word in tokens
            return test

        def pages(operation: str, query: str, expect: Callable[[str, str, bool, str], bool], count: int = 1,
                  folder: str = "inbox", exact: bool = False) -> None:
            """Measures `count` pages of GET /threads?<query>, each checked against the seeded mailbox:
            the items are the next matches in folder order (all of them when `exact`)."""
            wanted = box.newest(lambda t, w, u, f: folder in ("all", f) and expect(t, w, u, f))
            cursor, seen = None, 0
            for page in range(1, count + 1):
                path = f"/threads?{query}&limit={PAGE}" + (f"&cursor={quote(cursor)}" if cursor else "")

                label = operation if page == 1 else f"{operation} page {page}"

                def check(body: Any, seen: int = seen, label: str = label) -> None:
                    got = [item["thread_id"] for item in body["items"]]
                    if got != wanted[seen : seen + len(got)] or (exact and got != wanted[seen : seen + PAGE]):
                        raise SystemExit(f"{label} at {size:,} threads: got {got[:3]}…, "
                                         f"expected {wanted[seen : seen + 3]}…")

                bench.measure(label, lambda _rep, path=path: api.get(path, token), check=check)
                _, body = api.get(path, token)
                seen += len(body["items"])
                cursor = body["next_cursor"]
                if not cursor:
                    break

        pages(SEARCH_INBOX, "folder=inbox", lambda *_: True, exact=True)
        pages(f"GET /threads?q={RARE} (in {RARE_THREADS} threads)", f"q={RARE}", has(RARE), exact=True)
        pages(f"GET /threads?q={COMMON} (in every thread)", f"q={COMMON}", has(COMMON), count=3)
        pages("GET /threads?q=audi (a prefix, as typed)", "q=audi", has("audi", prefix=True))
        pages(f"GET /threads?q={MEDIUM} (1 thread in {MEDIUM_EVERY})", f"q={MEDIUM}", has(MEDIUM), count=2)
        pages(f"GET /threads?q={name} (a participant, 1 thread in 20)", f"q={name}", has(name))
        pages(f"GET /threads?q={COMMON}+{RARE} (two words)", f"q={COMMON}+{RARE}",
              lambda t, w, u, f: has(COMMON)(t, w, u, f) and has(RARE)(t, w, u, f), exact=True)
        pages(f"GET /threads?folder=archive&q={COMMON}", f"folder=archive&q={COMMON}", has(COMMON),
              folder="archive")
        pages("GET /threads?folder=all", "folder=all", lambda *_: True, folder="all", exact=True)
        pages(f"GET /threads?folder=all&q={COMMON}", f"folder=all&q={COMMON}", has(COMMON), folder="all")
        pages(f"GET /threads?folder=all&q={RARE}", f"folder=all&q={RARE}", has(RARE), folder="all", exact=True)
        pages(f"GET /threads?unread=true&q={COMMON}", f"unread=true&q={COMMON}",
              lambda t, w, u, f: u and has(COMMON)(t, w, u, f))
    return bench.rows


def search_guard(rows: list[Row], sizes: list[int]) -> bool:
    ok = True
    by_key = {(r.operation, r.size): r for r in rows}
    print(f"\n## Guard: every search page reads ≤ 2 × an inbox page's items; a rare word ≤ its {RARE_THREADS} "
          f"matches + a page ({PAGE}) + the caller's record\n")
    for size in sizes:
        inbox = by_key[(SEARCH_INBOX, size)].reads
        for row in rows:
            if row.size != size or row.operation == SEARCH_INBOX or not row.meters:
                continue
            rare = f"q={RARE} " in row.operation or row.operation.endswith(f"q={RARE}")
            allowed = RARE_THREADS + PAGE + 1 if rare else 2 * inbox
            passed = row.reads <= allowed
            ok &= passed
            if not passed or size == sizes[-1]:
                print(f"- {'PASS' if passed else 'FAIL'} {row.operation} at {size:,} threads: {row.reads:,} items "
                      f"read (≤ {allowed})")
    return ok


# -- the run -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--search", default=",".join(map(str, SEARCH_SIZES)),
                        help="mailbox sizes for the search section, comma separated ('none': skip)")
    parser.add_argument("--messages", default="yes", choices=("yes", "none"), help="the message costs section")
    parser.add_argument("--reps", type=int, default=REPS, help="repetitions per operation")
    args = parser.parse_args()
    sizes = [] if args.search.strip().lower() == "none" else sorted(int(s) for s in args.search.split(","))

    from moto import mock_aws

    from chalicelib import container
    from infra.local.provision import provision

    speed_up_moto()
    warnings.filterwarnings("ignore", "Couldn't determine the remaining time left")
    started = time.perf_counter()
    print(f"$ {shlex.join(['python', '-m', 'tests.bench_messaging', *sys.argv[1:]])}")
    print(f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S')} UTC; {os.cpu_count()} CPUs; "
          f"moto in-process (mock_aws); {args.reps} repetitions per operation\n")
    ok = True
    if args.messages == "yes":
        print("## Message costs\n")
        with mock_aws():
            outputs = provision(moto_clients, "local")
            container.reset()
            import app

            costs = run_message_costs(app, outputs, args.reps)
            container.reset()
        print(cost_table(costs))
        print("\nThe repetition that wrote the most. `*` an extra row. Writes count items put/updated/deleted, "
              "the idempotency table's included. The local stage also keeps a copy of each email in its outbox "
              "(one write an email, in brackets), which a deployed stage does not: the total leaves it out.")
        ok &= cost_guard(costs)
    if sizes:
        print("\n## Search at scale\n")
        rows: list[Row] = []
        for size in sizes:
            with mock_aws(), narrow_queries():
                provision(moto_clients, "local")
                container.reset()
                import app

                rows += run_search_size(app, size, args.reps)
                container.reset()
        print("\n" + table(rows))
        ok &= search_guard(rows, sizes)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if not ok:
        print("FAIL: a message or a search page costs more than its goal (docs/PERFORMANCE.md)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
