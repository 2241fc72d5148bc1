"""In-memory stand-ins for the casting side of `chalicelib/storage/`: applications, productions
(notices, memberships, listings, editors' queues), profiles and the sweeps' due entries. Same
method names and arguments as the real repositories (tests/service/test_fakes_match.py holds them
equal).

They keep the rules a use case relies on: one application per talent and role (AlreadyApplied),
every write guarded by the version it was read at (ConcurrentChange), the talent's tab counters
and the role's submission counters moving in the same write as the application, casting's lists
holding submissions only, due entries read from the watermark on. Partition and sort-key strings
are the real builders' (imported, not rewritten), so a search, a listing page or a sweep reads
what the real one would."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from chalicelib.domain.applications import Application, role_count_changes, talent_count_changes
from chalicelib.domain.clock import days_from, recent_days
from chalicelib.domain.locker import Headshot
from chalicelib.domain.productions import Listing, Production, ProductionSummary
from chalicelib.storage.applications import AlreadyApplied, audition_due_partition
from chalicelib.storage.models import ListingItem
from chalicelib.storage.notices import NoticeRepository, listing_items
from chalicelib.storage.profiles import ABOUT, COUNTERS, MEDIA_KINDS, PROFILE, VIEWED, ListingPage, UserRecords
from chalicelib.storage.sweeps import FIRST_RUN_DAYS_BACK, LAST, DueEntries, due_key
from chalicelib.storage.unit_of_work import ConcurrentChange

from .fakes import FakeUnitOfWork, FakeUserRepository


class FakeSweepMarks:
    """Watermarks, and the due entries every repository files (partition -> sort keys)."""

    def __init__(self) -> None:
        self.marks: dict[str, str] = {}
        self.entries: dict[str, set[str]] = {}

    def file(self, partition: str, sort_key: str) -> None:
        self.entries.setdefault(partition, set()).add(sort_key)

    def watermark(self, sweep: str) -> str | None:
        return self.marks.get(sweep)

    def advance(self, sweep: str, through: str) -> None:
        self.marks[sweep] = through

    def due_since(self, model: Any, partition_of: Callable[[str], str], after: str | None, now: str) -> DueEntries:
        """As the real one: whole recent days on a first run, else the range after the watermark."""
        through = f"{now}{LAST}"
        if after is None:
            keys = [k for day in recent_days(now[:10], FIRST_RUN_DAYS_BACK)
                    for k in self.entries.get(partition_of(day), ())]
        else:
            keys = [k for day in days_from(after[:10], now[:10])
                    for k in self.entries.get(partition_of(day), ()) if after < k <= through]
        return DueEntries(sorted(k for k in keys if k <= through or "#" not in k), through)


def _talent_order(app: Application) -> str:
    return f"{app.updated_at}#{app.application_id}"


def _manager_order(app: Application, by_completeness: bool) -> str:
    submitted = app.submitted_at or app.created_at
    middle = f"{app.completeness}#" if by_completeness else ""
    return f"{app.role_id}#{middle}{submitted}#{app.application_id}"


def _page(ordered: list[tuple[str, Application]], start: dict[str, Any] | None, limit: int, descending: bool
          ) -> tuple[list[Application], dict[str, Any] | None]:
    """A page of (sort key, application) pairs after `start`, and where the next one starts."""
    ordered = sorted(ordered, key=lambda pair: pair[0], reverse=descending)
    if start:
        ordered = [p for p in ordered if (p[0] < start["at"] if descending else p[0] > start["at"])]
    position = {"at": ordered[limit - 1][0]} if len(ordered) > limit else None
    return [app for _, app in ordered[:limit]], position


class FakeApplicationRepository:
    """Applications by id, the (talent, role) claims, and the counters each change moves."""

    def __init__(self, users: FakeUserRepository, sweeps: FakeSweepMarks) -> None:
        self.users = users
        self.sweeps = sweeps
        self.apps: dict[str, Application] = {}
        self.claims: dict[tuple[str, str], str] = {}  # (talent id, role id) -> application id
        self.stats: dict[tuple[str, str], dict[str, Any]] = {}  # (production id, role id) -> counters

    def get(self, application_id: str) -> Application | None:
        return self.apps.get(application_id)

    def id_for_role(self, talent_id: str, role_id: str) -> str | None:
        return self.claims.get((talent_id, role_id))

    def ids_for_roles(self, talent_id: str, role_ids: list[str]) -> dict[str, str]:
        return {rid: self.claims[(talent_id, rid)] for rid in dict.fromkeys(role_ids)
                if rid and (talent_id, rid) in self.claims}

    def statuses_for_roles(self, talent_id: str, role_ids: list[str]) -> dict[str, dict[str, str]]:
        return {rid: {"application_id": app_id, "status": self.apps[app_id].status if app_id in self.apps else "draft"}
                for rid, app_id in self.ids_for_roles(talent_id, role_ids).items()}

    def create(self, app: Application) -> Application:
        claim = (app.talent_id, app.role_id)
        stored = replace(app, version=1)
        unit = FakeUnitOfWork()

        def save() -> None:
            self.apps[app.application_id] = stored
            self.claims[claim] = app.application_id
            self._count(None, stored)

        unit.stage(save, lambda: app.application_id not in self.apps)
        unit.stage(lambda: None, lambda: claim not in self.claims, refused=AlreadyApplied)
        unit.commit()
        return stored

    def undo_create(self, app: Application) -> None:
        def remove() -> None:
            del self.apps[app.application_id]
            self.claims.pop((app.talent_id, app.role_id), None)
            self._count(app, None)

        unit = FakeUnitOfWork()
        unit.stage(remove, lambda: self._unchanged(app))
        unit.commit()

    def save(self, before: Application, after: Application) -> Application:
        assert before.version is not None
        stored = replace(after, version=before.version + 1)
        audition = after.audition
        newly_requested = audition is not None and audition.status == "requested" and (
            before.audition is None or before.audition.requested_at != audition.requested_at)

        def write() -> None:
            self.apps[after.application_id] = stored
            self._count(before, stored)
            if newly_requested and audition is not None:
                self.sweeps.file(audition_due_partition(audition.due_at[:10]),
                                 due_key(audition.due_at, after.application_id))

        unit = FakeUnitOfWork()
        unit.stage(write, lambda: self._unchanged(before))
        unit.commit()
        return stored

    def _unchanged(self, read: Application) -> bool:
        stored = self.apps.get(read.application_id)
        return stored is not None and stored.version == read.version

    def _count(self, before: Application | None, after: Application | None) -> None:
        app = after or before
        assert app is not None
        for name, delta in talent_count_changes(before, after).items():
            self.users.add_to_counter(app.talent_id, f"apps_{name}", delta)
        changes = role_count_changes(before, after)
        if changes:
            stats = self.stats.setdefault((app.production_id, app.role_id), {"submitted": 0, "unviewed": 0})
            for name, delta in changes.items():
                stats[name] += delta
            if changes.get("submitted", 0) > 0 and after is not None and after.submitted_at:
                stats["last_submitted_at"] = after.submitted_at

    def list_for_talent(self, talent_id: str, tab: str, start: dict[str, Any] | None, limit: int
                        ) -> tuple[list[Application], dict[str, Any] | None]:
        mine = [(_talent_order(a), a) for a in self.apps.values()
                if a.talent_id == talent_id and (tab == "all" or a.tab == tab)]
        return _page(mine, start, limit, descending=True)

    def list_for_manager(self, production_id: str, role_id: str | None, by_completeness: bool,
                         start: dict[str, Any] | None, limit: int) -> tuple[list[Application], dict[str, Any] | None]:
        found = [(_manager_order(a, by_completeness), a) for a in self.apps.values()
                 if a.production_id == production_id and a.visible_to_casting
                 and (role_id is None or a.role_id == role_id)]
        return _page(found, start, limit, descending=True)

    def page_of_production(self, production_id: str, private: bool, start: dict[str, Any] | None, limit: int
                           ) -> tuple[list[Application], dict[str, Any] | None]:
        found = [(_manager_order(a, False), a) for a in self.apps.values()
                 if a.production_id == production_id and a.visible_to_casting != private]
        return _page(found, start, limit, descending=False)

    def role_stats_of(self, roles: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
        stats = {role_id: {"submitted": 0, "unviewed": 0, "last_submitted_at": None} for _, role_id in roles}
        for production_id, role_id in dict.fromkeys(roles):
            if (production_id, role_id) in self.stats:
                kept = self.stats[(production_id, role_id)]
                stats[role_id] = {"submitted": max(0, kept["submitted"]), "unviewed": max(0, kept["unviewed"]),
                                  "last_submitted_at": kept.get("last_submitted_at")}
        return stats

    def auditions_due(self, after: str | None, now: str) -> DueEntries:
        return self.sweeps.due_since(None, audition_due_partition, after, now)

    def get_many(self, application_ids: list[str]) -> dict[str, Application]:
        return {a: self.apps[a] for a in dict.fromkeys(application_ids) if a in self.apps}


class FakeNoticeRepository:
    """Productions by id, each member's memberships (with the dashboard's summary), the listing
    items a published notice is filed under, and the owners' open non-casting notices."""

    search_partition = staticmethod(NoticeRepository.search_partition)

    def __init__(self, sweeps: FakeSweepMarks) -> None:
        self.sweeps = sweeps
        self.productions: dict[str, Production] = {}
        self.memberships: dict[str, dict[str, ProductionSummary]] = {}  # user id -> production id -> summary
        self.listings: dict[str, dict[str, Any]] = {}  # partition -> sort key -> ListingItem (never saved)
        self.open_counted: dict[str, set[str]] = {}

    def create(self, production: Production) -> None:
        def save() -> None:
            self.productions[production.production_id] = production.changed(version=1)
            self.memberships.setdefault(production.owner_id, {})[production.production_id] = production.summary()

        unit = FakeUnitOfWork()
        unit.stage(save, lambda: production.production_id not in self.productions)
        unit.commit()

    def get(self, production_id: str) -> Production | None:
        return self.productions.get(production_id)

    def get_many(self, production_ids: Iterable[str]) -> dict[str, Production]:
        return {p: self.productions[p] for p in dict.fromkeys(production_ids) if p in self.productions}

    def save(self, production: Production, listing: Listing | None = None, unlist: bool = False,
             new_member: str | None = None) -> Production:
        pid = production.production_id
        stored = production.changed(version=(production.version or 0) + 1)

        def unchanged() -> bool:
            current = self.productions.get(pid)
            return current is None if production.version is None else (
                current is not None and current.version == production.version)

        def write() -> None:
            self.productions[pid] = stored
            if listing is not None:
                for item in listing_items(production, listing):
                    if item.pk == ListingItem.expiry_partition(listing.expires_at[:10]):
                        self.sweeps.file(item.pk, item.sk)
                    else:
                        self.listings.setdefault(item.pk, {})[item.sk] = item
            elif unlist:
                for partition in self.listings.values():
                    for sk in [sk for sk, item in partition.items() if item.production_id == pid]:
                        del partition[sk]
            if production.is_non_casting:
                counted = self.open_counted.setdefault(production.owner_id, set())
                (counted.add if production.counts_as_open_non_casting else counted.discard)(pid)
            for member in production.members:
                self.memberships.setdefault(member, {})[pid] = production.summary()

        unit = FakeUnitOfWork()
        unit.stage(write, unchanged)
        unit.commit()
        return stored

    def open_non_casting(self, owner_id: str) -> set[str]:
        return set(self.open_counted.get(owner_id, ()))

    def summaries_of(self, user_id: str, limit: int) -> list[ProductionSummary]:
        mine = self.memberships.get(user_id, {})
        return [mine[pid] for pid in sorted(mine, reverse=True)[:limit]]

    def productions_of(self, user_id: str, limit: int = 100, newest_first: bool = False) -> list[str]:
        return sorted(self.memberships.get(user_id, {}), reverse=newest_first)[:limit]

    def queue(self, name: str, start: dict[str, Any] | None, limit: int
              ) -> tuple[list[Production], dict[str, Any] | None]:
        waiting = sorted(((p.queued_at or "", p.production_id), p) for p in self.productions.values()
                         if p.review_queue == name)
        if start:
            waiting = [w for w in waiting if w[0] > tuple(start["at"])]
        position = {"at": list(waiting[limit - 1][0])} if len(waiting) > limit else None
        return [p for _, p in waiting[:limit]], position

    def expiring(self, after: str | None, now: str) -> DueEntries:
        return self.sweeps.due_since(None, ListingItem.expiry_partition, after, now)

    def listed(self, partition: str, now: str) -> list[Any]:
        """A listing partition's unexpired items, newest first (what its Query's filter lets through)."""
        items = sorted(self.listings.get(partition, {}).values(), key=lambda i: i.sk, reverse=True)
        return [i for i in items if i.expires_at > now]

    def search(self, partition: str, start: dict[str, Any] | None, limit: int, words: list[str], now: str
               ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        found = [i for i in self.listed(partition, now)
                 if all(f" {w} " in i.search_text for w in words) and (not start or i.sk < start["sk"])]
        position = {"sk": found[limit - 1].sk} if len(found) > limit else None
        return [{"production_id": i.production_id, **json.loads(i.summary_json)} for i in found[:limit]], position


class FakeProfileRepository:
    """Profiles and recently viewed lists by user; names, counters and headshots come from the
    user and locker fakes, listings from the notice fake (one table, as in DynamoDB)."""

    def __init__(self, users: FakeUserRepository, notices: FakeNoticeRepository,
                 headshots: Callable[[str], Headshot | None] = lambda user_id: None) -> None:
        self.users = users
        self.notices = notices
        self.headshots = headshots
        self.profiles: dict[str, tuple[dict[str, Any], str, str | None]] = {}  # body, updated at, matched seen
        self.viewed_lists: dict[str, tuple[list[dict[str, Any]], int]] = {}

    def records_of(self, user_ids: Iterable[str], parts: tuple[str, ...], consistent: bool = False
                   ) -> dict[str, UserRecords]:
        found = {}
        for uid in dict.fromkeys(user_ids):
            records = found[uid] = UserRecords(uid)
            user = self.users.get(uid)
            if PROFILE in parts and user is not None:
                records.name, records.role = user.name, user.role
            if ABOUT in parts and uid in self.profiles:
                profile, records.updated_at, records.matched_seen_at = self.profiles[uid]
                records.profile = dict(profile)
            if COUNTERS in parts:
                counters = self.users.counters(uid)
                records.ready_media = {kind: counters.get(f"media_ready_{kind}", 0) for kind in MEDIA_KINDS}
                records.headshot = self.headshots(uid)
            if VIEWED in parts and uid in self.viewed_lists:
                records.viewed = list(self.viewed_lists[uid][0])
        return found

    def records(self, user_id: str, parts: tuple[str, ...], consistent: bool = False) -> UserRecords:
        return self.records_of([user_id], parts, consistent)[user_id]

    def replace_profile(self, user_id: str, profile: dict[str, Any], now: str) -> None:
        seen = self.profiles[user_id][2] if user_id in self.profiles else None
        self.profiles[user_id] = (dict(profile), now, seen)

    def mark_matched_seen(self, user_id: str, now: str) -> None:
        profile, updated_at, _ = self.profiles.get(user_id, ({}, None, None))
        self.profiles[user_id] = (profile, updated_at, now)  # type: ignore[assignment]

    def viewed(self, user_id: str) -> tuple[list[dict[str, Any]], int | None]:
        entries, version = self.viewed_lists.get(user_id, ([], None))  # type: ignore[arg-type]
        return list(entries), version

    def save_viewed(self, user_id: str, entries: list[dict[str, Any]], version: int | None) -> None:
        current = self.viewed_lists.get(user_id)
        if (current[1] if current else None) != version:
            raise ConcurrentChange()
        self.viewed_lists[user_id] = (list(entries), (version or 0) + 1)

    def open_listings_page(self, partition: str, now: str, page: int, older_than: str | None = None,
                           newer_than: str | None = None) -> ListingPage:
        ordered = sorted(self.notices.listings.get(partition, {}).values(), key=lambda i: i.sk, reverse=True)
        between = [i for i in ordered if (older_than is None or i.sk < older_than)
                   and (newer_than is None or i.sk > newer_than)]
        read = between[:page]
        found = [({"production_id": i.production_id, **json.loads(i.summary_json)}, i.sk) for i in read
                 if i.expires_at > now]
        return ListingPage(found, read[-1].sk if len(between) > page else None, len(read))


def once_in_memory(function: Callable[..., Any]) -> Callable[..., Any]:
    """As `aws/idempotency.once_per_key`: a repeated call with the same data returns the first result."""
    results: dict[str, Any] = {}

    def call(lambda_context: Any = None, **kwargs: Any) -> Any:
        key = json.dumps(kwargs, sort_keys=True)
        if key not in results:
            results[key] = function(**kwargs)
        return results[key]

    return call

