"""Profile use cases (SPEC.md section 8): the owner's profile and score, the public profile,
summaries for the application manager, the recently viewed notices and the roles that fit a
talent. The rules live in domain/profiles.py.

Costs (docs/PERFORMANCE.md, "Profiles, recently viewed, roles matched"):
- own profile, public profile, score, summaries: one BatchGet of the user's items by key
  (PROFILE, ABOUT, COUNTERS as needed; 100 keys per request for summaries);
- a notice view: GetItem + conditional PutItem of one bounded item (retried on a conflict);
- roles matched: one Query per 100 listings of the talent's state/province partition and of the
  remote partition, merged newest first and filtered in code (at least one Query of each, then
  more within a read budget); new roles matched reads only listings newer than the last look.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from ..domain import profiles as rules
from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.locker import Headshot
from ..domain.productions import Production
from ..domain.users import User
from ..storage.profiles import ABOUT, COUNTERS, PROFILE, VIEWED, ProfileRepository, UserRecords, matching_partitions
from ..storage.unit_of_work import retry_on_conflict

VIEW_ATTEMPTS = 4
LISTING_PAGE = 100  # listing items one Query reads
MATCH_READ_BUDGET = 300  # listing items one GET /me/matched-roles may read before it answers
NEW_ROLES_BUDGET = 200  # listing items the dashboard's "new roles matched" count may read
PUBLIC_MEDIA = ("photo", "video", "audio")


class _KeptChanging(Exception):
    """The recently viewed list changed under every attempt."""


class Notices(Protocol):
    def get_many(self, production_ids: Any) -> dict[str, Production]: ...


class ProfileService:
    def __init__(self, profiles: ProfileRepository, notices: Notices, secret: str) -> None:
        self.profiles = profiles
        self.notices = notices
        self.secret = secret
        # (talent id, role ids) -> {role id: application id} for roles already applied to (set by the container).
        self.applied_roles: Callable[[str, list[str]], dict[str, dict[str, str]]] | None = None
        # A short-lived link to a profile's chosen headshot (set by the container: the locker's).
        self.headshot_url: Callable[[Headshot | None], str | None] | None = None

    # -- the owner's profile ---------------------------------------------------------------
    def get_own(self, user: User) -> dict[str, Any]:
        return self._own_view(user, self.profiles.records(user.user_id, (ABOUT, COUNTERS), consistent=True))

    def replace(self, user: User, body: dict[str, Any]) -> dict[str, Any]:
        """PUT: the whole profile, validated before anything is written; omitted fields are cleared."""
        user.ensure_active("changing your public profile")
        profile = rules.parse_profile(body)
        now = now_iso()
        self.profiles.replace_profile(user.user_id, profile.to_dict(), now)
        records = self.profiles.records(user.user_id, (COUNTERS,), consistent=True)
        records.profile, records.updated_at = profile.to_dict(), now
        return self._own_view(user, records)

    def score(self, user_id: str) -> dict[str, Any]:
        """{"value", "max": 8, "missing": [...]}: for the owner and the application manager's sort."""
        records = self.profiles.records(user_id, (ABOUT, COUNTERS))
        return rules.score(rules.stored_profile(records.profile), records.ready_media)

    def timezone_of(self, user_id: str) -> str | None:
        return rules.stored_profile(self.profiles.records(user_id, (ABOUT,)).profile).timezone

    # -- what others see -------------------------------------------------------------------
    def public_profile(self, user_id: str) -> dict[str, Any]:
        """GET /users/{id}: never the email address, never the score."""
        records = self.profiles.records(user_id, (PROFILE, ABOUT, COUNTERS))
        if not records.exists:
            raise NotFound("user not found", code="user_not_found")
        return self._public_view(records)

    def summaries(self, user_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The application manager's applicants: each public profile plus `completeness` (the
        score's value), for users that exist. One BatchGet per 33 users (3 keys each)."""
        found = self.profiles.records_of(user_ids, (PROFILE, ABOUT, COUNTERS))
        return {uid: {**self._public_view(records),
                      "completeness": rules.score(rules.stored_profile(records.profile), records.ready_media)["value"]}
                for uid, records in found.items() if records.exists}

    # -- recently viewed -------------------------------------------------------------------
    def record_view(self, user_id: str, notice_summary: dict[str, Any]) -> bool:
        """A signed-in user opened a published notice. A read-modify-write of one bounded item,
        guarded by its version; False if it kept changing underneath (the view is then not kept:
        it is a convenience, and the notice is served regardless)."""
        entry = rules.view_entry(notice_summary, now_iso())

        def attempt() -> bool:
            entries, version = self.profiles.viewed(user_id)
            updated = rules.remember_view(entries, entry)
            if updated is not None:
                self.profiles.save_viewed(user_id, updated, version)
            return True

        try:
            return retry_on_conflict(attempt, _KeptChanging, VIEW_ATTEMPTS)
        except _KeptChanging:
            return False

    def recently_viewed(self, user_id: str) -> list[dict[str, Any]]:
        """The last notices opened, newest first, deduplicated, at most 10 (one GetItem)."""
        return self._viewed_view(self.profiles.records(user_id, (VIEWED,)).viewed)

    # -- roles matched ---------------------------------------------------------------------
    def matched_roles(self, user: User, limit: int = 25) -> list[dict[str, Any]]:
        """Open roles that fit the talent's profile, newest notices first (no side effects)."""
        if user.role != "talent":
            return []
        records = self.profiles.records(user.user_id, (ABOUT,))
        return self._matches(records, None, limit, MATCH_READ_BUDGET)[0]

    def look_at_matched_roles(self, user: User, cursor: str | None, limit: int) -> dict[str, Any]:
        """GET /me/matched-roles: a page of matched roles; the first page counts as having looked,
        so the dashboard's "new roles matched" starts again from zero."""
        if user.role != "talent":
            raise Forbidden("matched roles are for talent profiles", code="not_talent")
        looked_at = now_iso()
        records = self.profiles.records(user.user_id, (ABOUT,), consistent=True)
        location = rules.stored_profile(records.profile).location
        # A cursor names the partitions of one state (and remote): after a move it is refused (400).
        where = f"{location.country}#{location.state}" if location else "-"
        scope = f"matched|{user.user_id}|{where}"
        position = decode_cursor(cursor, self.secret, scope)
        roles, next_position = self._matches(records, position, limit, MATCH_READ_BUDGET)
        if self.applied_roles is not None and roles:
            # Roles already applied to (or invited to) stay listed, marked with their application
            # and its status ("invited" is not "applied"); such a role is no longer new to them.
            applied = self.applied_roles(user.user_id, [r["role_id"] for r in roles])
            roles = [{**r, "new": bool(r.get("new")) and r["role_id"] not in applied,
                      "application_id": applied.get(r["role_id"], {}).get("application_id"),
                      "application_status": applied.get(r["role_id"], {}).get("status")} for r in roles]
        if position is None:
            self.profiles.mark_matched_seen(user.user_id, looked_at)
        return {"items": roles, "next_cursor": encode_cursor(next_position, self.secret, scope),
                "location": location.to_dict() if location else None,
                "location_needed": location is None}

    def new_roles_matched(self, user: User) -> int:
        """Matched roles of notices published since the talent last opened GET /me/matched-roles."""
        if user.role != "talent":
            return 0
        return self._new_roles(self.profiles.records(user.user_id, (ABOUT,)))

    def dashboard(self, user: User) -> dict[str, Any]:
        """The talent dashboard's profile parts in one BatchGet (+ one Query for new roles):
        profile_score, new_roles_matched, recently_viewed, media_ready (verified locker items)."""
        records = self.profiles.records(user.user_id, (ABOUT, COUNTERS, VIEWED))
        return {
            "profile_score": rules.score(rules.stored_profile(records.profile), records.ready_media),
            "new_roles_matched": self._new_roles(records) if user.role == "talent" else 0,
            "recently_viewed": self._viewed_view(records.viewed),
            "media_ready": dict(records.ready_media),
        }

    # -- helpers ---------------------------------------------------------------------------
    def _new_roles(self, records: UserRecords) -> int:
        seen_at = records.matched_seen_at
        return len(self._matches(records, None, None, NEW_ROLES_BUDGET, published_after=seen_at)[0])

    def _matches(self, records: UserRecords, position: dict[str, Any] | None, limit: int | None, budget: int,
                 published_after: str | None = None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Matched roles from the talent's listing partitions (their state's and the remote one),
        merged newest first, and where to go on.

        Both partitions sort by `<published at>#<production id>`, the same key for a notice in
        each, so merging by it gives one newest-first list and a remote notice based in the
        talent's state (listed in both) comes out once. A position is {"after": {partition: the
        key its next Query starts below, None: from the newest}, "split", "skip"}: a partition
        missing from "after" is finished; "split" is the key of a notice whose first `skip`
        matching roles were given (one with more matching roles than fit a page is split across
        pages). Each partition's first page is always read; further pages while `budget`
        listing items have not been read."""
        profile = rules.stored_profile(records.profile)
        here = profile.location
        partitions = [_Partition(key, start) for key, start in _starts(
            matching_partitions(here.country if here else None, here.state if here else None), position)]
        split, skip = (position or {}).get("split"), int((position or {}).get("skip") or 0)
        now = now_iso()
        roles: list[dict[str, Any]] = []
        read = 0

        def where_next(split_at: str | None = None, skipped: int = 0) -> dict[str, Any] | None:
            after = {p.key: p.resume_at() for p in partitions if not p.finished}
            return {"after": after, "split": split_at, "skip": skipped} if after else None

        while True:
            for partition in partitions:
                while not partition.waiting and not partition.finished:
                    if partition.pages and read >= budget:
                        return roles, where_next(split, skip)
                    size = LISTING_PAGE if not partition.pages else min(LISTING_PAGE, budget - read)
                    page = self.profiles.open_listings_page(partition.key, now, size, partition.older_than,
                                                            published_after)
                    read += page.read
                    summaries = self._with_role_details([summary for summary, _ in page.entries])
                    partition.took(zip(summaries, [key for _, key in page.entries], strict=True), page.last_read)
            heads = [p for p in partitions if p.waiting]
            if not heads:
                return roles, None
            key = max(p.waiting[0][1] for p in heads)
            listed = [p for p in heads if p.waiting[0][1] == key]  # two when remote and in the talent's state
            found = rules.matching_roles(profile, [listed[0].waiting[0][0]], now, records.matched_seen_at)
            taken = skip if split == key else 0
            found = found[taken:]
            if limit is not None and len(roles) + len(found) > limit:
                room = limit - len(roles)
                return roles + found[:room], where_next(key, taken + room)
            for partition in listed:
                partition.give()
            split, skip = None, 0
            roles += found
            if limit is not None and len(roles) == limit:
                return roles, where_next()

    def _with_role_details(self, summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Listings published before role summaries carried age and gender: their roles are read
        from the notices themselves (one BatchGet); newer listings need nothing more."""
        stale = [s["production_id"] for s in summaries if rules.needs_role_details(s)]
        if not stale:
            return summaries
        found = self.notices.get_many(stale)
        fixed = []
        for summary in summaries:
            production = found.get(summary["production_id"])
            if rules.needs_role_details(summary) and production is not None:
                summary = {**summary, "roles": [
                    {"role_id": r.get("role_id"), "name": r.get("name"), "age_min": r.get("age_min"),
                     "age_max": r.get("age_max"), "gender": r.get("gender") or ""}
                    for r in production.notice.get("roles") or ()]}
            fixed.append(summary)
        return fixed

    @staticmethod
    def _viewed_view(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        now = now_iso()
        return [{**entry, "expired": (entry.get("expires_at") or "") <= now} for entry in entries]

    def _public_view(self, records: UserRecords) -> dict[str, Any]:
        return {"user_id": records.user_id, "name": records.name, "role": records.role,
                **rules.stored_profile(records.profile).public(),
                "media": {kind: records.ready_media.get(kind, 0) for kind in PUBLIC_MEDIA},
                "headshot_url": self.headshot_url(records.headshot) if self.headshot_url else None}

    @staticmethod
    def _own_view(user: User, records: UserRecords) -> dict[str, Any]:
        profile = rules.stored_profile(records.profile)
        return {"user_id": user.user_id, **profile.to_dict(), "updated_at": records.updated_at,
                "media": dict(records.ready_media), "score": rules.score(profile, records.ready_media)}


class _Partition:
    """One listing partition of a merge, read newest first a page at a time as the merge needs."""

    def __init__(self, key: str, start: str | None) -> None:
        self.key = key
        self.older_than = start  # where its next Query starts (exclusive); None: from the newest
        self.given = start  # the last listing given (or passed by an earlier request)
        self.waiting: deque[tuple[dict[str, Any], str]] = deque()
        self.pages = 0
        self.ended = False  # the last Query reached the partition's end

    @property
    def finished(self) -> bool:
        return self.ended and not self.waiting

    def took(self, listed: Iterable[tuple[dict[str, Any], str]], last_read: str | None) -> None:
        self.waiting.extend(listed)
        self.pages += 1
        self.ended = last_read is None
        self.older_than = last_read

    def give(self) -> None:
        self.given = self.waiting.popleft()[1]

    def resume_at(self) -> str | None:
        """Where a later request goes on: below the last listing given while some read ones wait,
        else below the last one read (expired listings past it need not be read again)."""
        return self.given if self.waiting else self.older_than


def _starts(partitions: list[str], position: dict[str, Any] | None) -> list[tuple[str, str | None]]:
    """Each partition still to read with where it starts. A position is signed by us, but one
    written before remote notices (or for other partitions) is refused: start again."""
    if position is None:
        return [(key, None) for key in partitions]
    after = position.get("after")
    if not isinstance(after, dict) or not set(after) <= set(partitions) or not all(
            start is None or isinstance(start, str) for start in after.values()):
        raise InvalidInput("cursor is not valid for this list; start again without it", code="invalid_cursor")
    return [(key, after[key]) for key in partitions if key in after]
