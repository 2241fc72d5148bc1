"""`make bench`, second part: applications and the dashboards as one talent's history grows.

For 10, 1,000 and 10,000 (by default) it seeds, in a fresh table each time: that many
applications by one talent (spread over the tabs), that many submissions from other talent to
one role of a published notice, and a mailbox of that many threads for the talent. It then runs
through the real app (chalice's test client over in-process moto, as the API tests do): the
talent's tabs, the application manager (newest and by completeness), opening a submission,
applying, and both dashboards; it prints the AWS requests, items read, items written and median
latency of each. It exits non-zero if a tab page, a manager page or a dashboard reads more at the
largest size than at the smallest (give or take a page): none may grow with history.

    python -m tests.bench_applications [--sizes 10,1000,10000] [--reps 5]
"""
from __future__ import annotations

import argparse
import random
import shlex
import sys
import time
import warnings
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.test_notices import notice
from tests.bench import REPS, Bench, Person, Row, guard, seed, table
from tests.conftest import ApiClient, moto_clients

SIZES = (10, 1_000, 10_000)
STATES = ("draft", "invited", "submitted", "submitted", "audition", "withdrawn")  # cycled through


def published_notice(api: ApiClient, casting: dict[str, str], editor: dict[str, str]) -> tuple[str, list[str]]:
    status, data = api.post("/productions", casting["token"], notice("clean_paid"))
    assert status == 201, data
    pid = data["production_id"]
    assert api.post(f"/productions/{pid}/submit", casting["token"])[1]["status"] == "pending_review"
    assert api.post(f"/moderation/notices/{pid}/decision", editor["token"], {"decision": "approve"})[0] == 200
    roles = [r["role_id"] for r in api.get(f"/productions/{pid}", casting["token"])[1]["notice"]["roles"]]
    return pid, roles


def seed_applications(me: str, pid: str, role: str, size: int, rng: random.Random) -> tuple[int, float]:
    """`size` applications of the talent's (to roles of other notices, as a long career leaves
    them) and `size` submissions of other talent to `role`, written as the app stores them, with
    the counters they would have left."""
    from chalicelib.domain import applications as rules
    from chalicelib.domain.clock import to_iso
    from chalicelib.domain.ids import new_id
    from chalicelib.storage.applications import _to_item
    from chalicelib.storage.models import BaseItem, CounterItem, RoleStatsItem
    from chalicelib.storage.users import user_key

    started = time.perf_counter()
    now = datetime.now(UTC) - timedelta(days=1)
    tabs: Counter[str] = Counter()
    awaiting = unviewed = 0
    written = 0
    with BaseItem.batch_write() as batch:
        for i in range(size):
            moment = to_iso(now - timedelta(seconds=rng.uniform(0, 2 * 365 * 86_400)))
            other_pid = new_id("prd")
            kind = STATES[i % len(STATES)]
            app = rules.Application(
                application_id=new_id("app"), talent_id=me, talent_name="Morgan Bench", production_id=other_pid,
                production_name=f"Show {i}", role_id=f"{other_pid}.{new_id('rol')}", role_name="Lead",
                status={"audition": "submitted"}.get(kind, kind), created_at=moment, updated_at=moment,
                note="Available.", submitted_at=moment if kind in ("submitted", "audition", "withdrawn") else None,
                archived=i % 7 == 6, version=1)
            if kind == "audition":
                app = rules.replace(app, viewed_at=moment, audition=rules.Audition(
                    "requested", "Slate", to_iso(now + timedelta(days=7)), moment, "usr_casting"))
            tabs[app.tab] += 1
            awaiting += app.awaiting_audition
            batch.save(_to_item(app))
            talent = new_id("usr")
            submission = rules.Application(
                application_id=new_id("app"), talent_id=talent, talent_name=f"Talent {i}", production_id=pid,
                production_name="The Long Thaw", role_id=role, role_name="Lead", status="submitted",
                created_at=moment, updated_at=moment, submitted_at=moment, completeness=rng.randint(0, 8),
                viewed_at=moment if i % 3 else None, version=1)
            unviewed += submission.unviewed
            batch.save(_to_item(submission))
            written += 2
        batch.save(CounterItem(user_key(me), "COUNTERS", **{f"apps_{t}": n for t, n in tabs.items()},
                               apps_awaiting=awaiting))
        batch.save(RoleStatsItem(f"PROD#{pid}", f"ROLE#{role}", role_id=role, submitted=size, unviewed=unviewed))
        written += 2
    return written, time.perf_counter() - started


def run_size(app_module: Any, size: int, reps: int) -> list[Row]:
    from chalice.test import Client

    from chalicelib.storage.models import CounterItem
    from chalicelib.storage.users import user_key

    rng = random.Random(size)
    with Client(app_module.app, stage_name="local") as client:
        api = ApiClient(client)
        casting, editor = api.sign_up("Casey Casting", "casting"), api.sign_up("Eddie Editor", "editor")
        me = api.sign_up("Morgan Bench")
        applicant = api.sign_up("Avery Applicant")
        pid, (lead, pilot) = published_notice(api, casting, editor)
        written, seconds = seed_applications(me["user_id"], pid, lead, size, rng)
        apps_counts = CounterItem.get(user_key(me["user_id"]), "COUNTERS").attribute_values
        others = [Person(casting["user_id"], "Casey Casting", casting["token"])]
        box = seed(Person(me["user_id"], "Morgan Bench", me["token"]), others, size, rng)
        # seed() wrote the counters item afresh: put the application counts back beside unread.
        CounterItem(user_key(me["user_id"]), "COUNTERS", **{k: v for k, v in apps_counts.items()
                                                             if k.startswith("apps_")},
                    unread_threads=CounterItem.get(user_key(me["user_id"]), "COUNTERS").unread_threads).save()
        print(f"seeded {size:,} applications, {size:,} submissions and {size:,} threads "
              f"({written + box.items_written:,} items) in {seconds + box.seconds:.1f} s", flush=True)

        bench = Bench(api, size, reps, unit="applications")
        token, cd = me["token"], casting["token"]
        first = bench.measure("GET /me/applications (all, limit 25)", lambda _: api.get("/me/applications", token))
        bench.measure("GET /me/applications?status=active", lambda _: api.get("/me/applications?status=active",
                                                                               token))
        cursor = first_cursor(api, "/me/applications", token)
        if cursor:
            bench.measure("GET /me/applications page 2",
                          lambda _: api.get(f"/me/applications?cursor={cursor}", token))
        else:
            bench.skip("GET /me/applications page 2", "one page holds them all")
        bench.measure("GET /productions/{id}/applications?role_id= (manager)",
                      lambda _: api.get(f"/productions/{pid}/applications?role_id={lead}", cd))
        bench.measure("GET /productions/{id}/applications?sort=completeness",
                      lambda _: api.get(f"/productions/{pid}/applications?role_id={lead}&sort=completeness", cd))
        submission = api.post(f"/roles/{pilot}/applications", applicant["token"], {"submit": True})[1]
        bench.measure("GET /applications/{id} (casting opens a submission)",
                      lambda _: api.get(f"/applications/{submission['application_id']}", cd))
        applicants = [api.sign_up(f"Applicant {size}-{rep}") for rep in range(reps)]
        bench.measure("POST /roles/{id}/applications (submit)",
                      lambda rep: api.post(f"/roles/{pilot}/applications", applicants[rep]["token"],
                                           {"note": "Hello", "submit": True}))
        bench.measure("GET /dashboard/talent", lambda _: api.get("/dashboard/talent", token),
                      check=lambda body: check_talent(body, size))
        bench.measure("GET /dashboard/casting", lambda _: api.get("/dashboard/casting", cd))
        assert first  # the first page answered
        return bench.rows


def first_cursor(api: ApiClient, path: str, token: str) -> str | None:
    status, body = api.get(path, token)
    assert status == 200, body
    return body["next_cursor"]


def check_talent(body: dict[str, Any], size: int) -> None:
    """The dashboard's counts are the seeded ones (a dashboard that reads nothing would be cheap)."""
    if body["applications"]["all"] != size or len(body["recent_messages"]) != min(5, size):
        raise SystemExit(f"the talent dashboard does not add up at {size:,}: {body['applications']}, "
                         f"{len(body['recent_messages'])} recent messages")


GUARDED = ("GET /me/applications (all, limit 25)", "GET /me/applications?status=active",
           "GET /productions/{id}/applications?role_id= (manager)",
           "GET /productions/{id}/applications?sort=completeness", "GET /dashboard/talent", "GET /dashboard/casting")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="history sizes, comma separated")
    parser.add_argument("--reps", type=int, default=REPS, help="repetitions per operation (median latency)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from moto import mock_aws

    from chalicelib import container
    from infra.local.provision import provision
    from tests.bench import speed_up_moto

    speed_up_moto()
    warnings.filterwarnings("ignore", "Couldn't determine the remaining time left")
    started = time.perf_counter()
    print(f"$ {shlex.join(['python', '-m', 'tests.bench_applications', *sys.argv[1:]])}")
    print(f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S')} UTC; moto in-process; "
          f"{args.reps} repetitions per operation\n")
    rows: list[Row] = []
    for size in sizes:
        with mock_aws():
            provision(moto_clients, "local")
            container.reset()
            import app

            rows += run_size(app, size, args.reps)
            container.reset()
    print("\n" + table(rows))
    print("\nSize: the talent's applications, the role's submissions and the talent's threads, each. "
          "Writes count items put/updated/deleted.")
    ok = guard(rows, sizes[0], sizes[-1], GUARDED, unit="applications")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if not ok:
        print("FAIL: a list or dashboard reads more as the history grows", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
