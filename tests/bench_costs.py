"""Issue 17's rows outside the mailbox: submitting a notice, the union/paid/word notice searches,
the casting dashboard and the hourly sweeps. Each is one request (or one scheduled run) through
the real app over in-process moto, counted as tests/bench.py counts (every AWS request, items
read, items written), **with the stream records and queued jobs it sets off delivered and
counted too** (infra/local/pump.py, as the local stack delivers them). Each row has a goal; the
command exits 1 when a row misses it.

    python -m tests.bench_costs [--size 40] [--notices 120]

`tests/api/test_cost_guards.py` runs the same scenarios at small sizes inside `make test`.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.api.test_notices import notice
from tests.bench import Meter, _meters
from tests.conftest import ApiClient, moto_clients

PAGE = 25
# The pump's own requests (what Lambda's event source mappings do in AWS): not the app's cost.
DELIVERY = ("DYNAMODBSTREAMS ", "SQS ReceiveMessage", "SQS DeleteMessage", "SQS GetQueueAttributes",
            "SQS GetQueueUrl")
LONG_DESCRIPTION = "We are casting a feature about a family diner. " * 40  # ~2 KB of notice body a production


@dataclass
class Cost:
    what: str
    meter: Meter
    goal: int  # most items the request and what it sets off may read
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.meter.read <= self.goal

    def row(self) -> str:
        requests = ", ".join(f"{op} {n:,}" for op, n in self.meter.requests.items()
                             if not op.startswith(DELIVERY)) or "none"
        return (f"| {self.what} | {requests} | {self.meter.read:,} | {self.meter.writes:,} | ≤ {self.goal:,} | "
                f"{'PASS' if self.ok else 'FAIL'} |")


def counted(call: Callable[[], Any], pump: Any) -> tuple[Any, Meter]:
    """The call and everything it sets off (stream records, queued jobs), under one meter."""
    meter = Meter()
    _meters.append(meter)
    try:
        result = call()
        pump.drain()
    finally:
        _meters.pop()
    return result, meter


def publish(api: ApiClient, casting: dict[str, str], editor: dict[str, str], pump: Any, **changes: Any) -> str:
    status, data = api.post("/productions", casting["token"], {**notice("clean_paid"), **changes})
    assert status == 201, data
    pid = data["production_id"]
    assert api.post(f"/productions/{pid}/submit", casting["token"])[1]["status"] == "pending_review"
    assert api.post(f"/moderation/notices/{pid}/decision", editor["token"],
                    {"decision": "approve", "reason": "Looks good"})[0] == 200
    pump.drain()
    return pid


# -- the scenarios ------------------------------------------------------------------------------
def submit_cost(api: ApiClient, pump: Any, productions: int) -> Cost:
    """A poster running `productions` notices submits one more: the non-casting limit's count."""
    poster = api.sign_up(f"Poster {productions}", "casting", email=f"poster{productions}@bench.test")
    for _ in range(productions - 1):
        assert api.post("/productions", poster["token"], {**notice("clean_paid"),
                                                          "description": LONG_DESCRIPTION})[0] == 201
    status, data = api.post("/productions", poster["token"], notice("clean_paid"))
    assert status == 201
    (status, result), meter = counted(
        lambda: api.post(f"/productions/{data['production_id']}/submit", poster["token"]), pump)
    assert status == 200 and result["status"] == "pending_review", result
    # caller, production (consistent), owner, their counters: a fixed handful, whatever they run
    return Cost(f"POST /productions/{{id}}/submit, poster running {productions}", meter, 6)


def search_costs(api: ApiClient, pump: Any, notices: int) -> list[Cost]:
    """`notices` published NY film notices, one in five union, one in three unpaid; the union,
    paid and word searches read at most 2, 2 and 4 pages' worth."""
    casting = api.sign_up("Search Casting", "casting", email="search.casting@bench.test")
    editor = api.sign_up("Search Editor", "editor", email="search.editor@bench.test")
    for n in range(notices):
        union = {"status": "union", "contract": "SAG-AFTRA Ultra Low Budget"} if n % 5 == 0 else {
            "status": "non-union"}
        pay = {"kind": "not_paid"} if n % 3 == 0 else notice("clean_paid")["pay"]
        publish(api, casting, editor, pump, union=union, pay=pay)
    costs = []
    for what, query, goal in (
            ("union=union (1 in 5)", "union=union", 2 * PAGE),
            ("paid=false (1 in 3)", "paid=false", 2 * PAGE),
            ("union=union&paid=true", "union=union&paid=true", 2 * PAGE),
            ("q=harpsichord (in none)", "q=harpsichord", 4 * PAGE)):
        (status, page), meter = counted(lambda q=query: api.get(f"/notices?state=NY&job_type=film&{q}&limit={PAGE}"),
                                        pump)
        assert status == 200, page
        costs.append(Cost(f"GET /notices?state=NY&job_type=film&{what}, {notices} notices", meter, goal))
    return costs


def dashboard_cost(api: ApiClient, pump: Any, productions: int) -> Cost:
    """A casting user with `productions` productions whose notices are ~2 KB each: the dashboard
    reads their summaries, never the notices (20 memberships, role stats, names, counters, caller)."""
    casting = api.sign_up("Dashboard Casting", "casting", email="dashboard.casting@bench.test")
    for _ in range(productions):
        assert api.post("/productions", casting["token"], {**notice("clean_paid"),
                                                           "description": LONG_DESCRIPTION})[0] == 201
    pump.drain()
    (status, board), meter = counted(lambda: api.get("/dashboard/casting", casting["token"]), pump)
    assert status == 200 and len(board["productions"]) == min(productions, 20), board
    shown = min(productions, 20)
    roles = sum(len(p["roles"]) for p in board["productions"])
    return Cost(f"GET /dashboard/casting, {productions} productions (~2 KB notices)", meter, 2 + shown + roles + 1,
                "no production item is read")


def sweep_costs(pump: Any, services: Any, due_per_hour: int) -> list[Cost]:
    """The hourly expiry sweep, run twice an hour apart after `due_per_hour` notices fell due in
    each hour: the second run reads the watermark, the hour's entries and their productions."""
    from chalicelib.domain.productions import Production
    from chalicelib.storage.notices import NoticeRepository

    repo = NoticeRepository()
    ids = []
    for hour in range(2):
        for n in range(due_per_hour):
            production = Production(production_id=f"prd_sweep{hour}x{n:04d}", owner_id="usr_sweeper",
                                    notice={**notice("clean_paid"), "expires_at": f"2027-05-15T0{hour}:30:00Z"},
                                    status="draft", created_at="2027-01-01T00:00:00Z",
                                    updated_at="2027-01-01T00:00:00Z")
            repo.create(production)
            saved = repo.get(production.production_id)
            assert saved is not None
            approved = saved.changed(status="approved", published_at="2027-01-02T00:00:00Z")
            repo.save(approved, listing=services.notices._listing(approved))
            ids.append(production.production_id)
    pump.drain()
    first, meter1 = counted(lambda: services.notices.expire_due("2027-05-15T01:00:00.000Z"), pump)
    second, meter2 = counted(lambda: services.notices.expire_due("2027-05-15T02:00:00.000Z"), pump)
    assert first == second == due_per_hour, (first, second)
    # the watermark, the entries, their productions; then each expiry's stream: its archive job
    goal = 1 + 2 * due_per_hour + 4 * due_per_hour
    return [Cost(f"hourly expiry sweep, first run ({due_per_hour} due)", meter1, goal + 3 * due_per_hour,
                 "no watermark yet: reads three days of entries"),
            Cost(f"hourly expiry sweep, next hour ({due_per_hour} more due)", meter2, goal,
                 "reads only what fell due since the last run")]


# -- running it ---------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=40, help="productions of the poster and the casting user")
    parser.add_argument("--notices", type=int, default=120, help="published notices for the filtered searches")
    parser.add_argument("--due", type=int, default=30, help="notices falling due per hour for the sweep")
    args = parser.parse_args()
    # The bench's posters create hundreds of productions in a day; the daily limit on new productions
    # (docs/SAFETY.md) is not what it measures, so it is lifted, before the services are built.
    os.environ.setdefault("CALLBOARD_SAFETY_PRODUCTIONS_PER_DAY", "100000")

    from chalice.test import Client
    from moto import mock_aws

    from chalicelib import container
    from infra.local.provision import provision
    from infra.local.pump import EventPump
    from tests.bench import speed_up_moto

    speed_up_moto()
    started = time.perf_counter()
    print(f"$ {shlex.join(['python', '-m', 'tests.bench_costs', *sys.argv[1:]])}")
    print(f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S')} UTC; moto in-process; stream and queues "
          f"delivered and counted with each request\n")
    costs: list[Cost] = []
    with mock_aws():
        outputs = provision(moto_clients, "local")
        container.reset()
        import app

        pump = EventPump(moto_clients, outputs, app)
        with Client(app.app) as client:
            api = ApiClient(client)
            costs.append(submit_cost(api, pump, 1))
            costs.append(submit_cost(api, pump, args.size))
            costs += search_costs(api, pump, args.notices)
            costs.append(dashboard_cost(api, pump, args.size))
            costs += sweep_costs(pump, container.services(), args.due)
        container.reset()
    print("| what | requests (by op), background included | items read | writes | goal (items read) | |")
    print("|---|---|---:|---:|---:|---|")
    for cost in costs:
        print(cost.row())
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    failed = [c.what for c in costs if not c.ok]
    if failed:
        print(f"FAIL: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
