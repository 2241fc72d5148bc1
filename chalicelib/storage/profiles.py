"""Profiles, the recently viewed list, and the reads that put a user's profile items together.

A user's partition (`USER#<id>`) can hold 100,000 items (thread views, media), so nothing here
queries it: the items a profile needs are read by key, several at once with one BatchGet.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.locker import Headshot
from .conditional import save_if
from .models import ListingItem, ProfileItem, RecentlyViewedItem, UserRecordsView
from .unit_of_work import ConcurrentChange
from .users import PROFILE, user_key

ABOUT = "ABOUT"
COUNTERS = "COUNTERS"
VIEWED = "VIEWED"
MEDIA_KINDS = ("photo", "video", "audio", "document")


@dataclass
class UserRecords:
    """Whichever of one user's items were asked for and exist."""

    user_id: str
    name: str | None = None  # from the user item (None: no such user, or not asked)
    role: str | None = None
    profile: dict[str, Any] | None = None  # the stored profile body (None: never saved)
    updated_at: str | None = None
    matched_seen_at: str | None = None
    ready_media: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEDIA_KINDS, 0))
    viewed: list[dict[str, Any]] = field(default_factory=list)
    headshot: Headshot | None = None  # the locker photo the public profile shows

    @property
    def exists(self) -> bool:
        return self.name is not None


def _fill(records: UserRecords, item: UserRecordsView) -> None:
    if item.sk == PROFILE:
        records.name, records.role = item.name, item.role
    elif item.sk == ABOUT:
        records.profile = json.loads(item.profile_json) if item.profile_json else None
        records.updated_at, records.matched_seen_at = item.updated_at, item.matched_seen_at
    elif item.sk == COUNTERS:
        records.ready_media = {kind: int(getattr(item, f"media_ready_{kind}") or 0) for kind in MEDIA_KINDS}
        records.headshot = Headshot.from_dict(json.loads(item.headshot_json)) if item.headshot_json else None
    elif item.sk == VIEWED:
        records.viewed = json.loads(item.entries_json or "[]")


@dataclass
class ListingPage:
    """One page of a listing partition: (summary, listing sort key) pairs newest first, the sort
    key of the last listing the Query read (None: the partition ends here) and how many it read
    (expired listings are read, then filtered out)."""

    entries: list[tuple[dict[str, Any], str]]
    last_read: str | None
    read: int


def matching_partitions(country: str | None, state: str | None) -> list[str]:
    """Where a talent's roles are listed: their state/province's partition (when they gave one)
    and the remote partition. A remote notice is in both, under the same sort key."""
    here = [ListingItem.state_partition(country, state)] if country and state else []
    return [*here, ListingItem.remote_partition()]


class ProfileRepository:
    # -- reads by key ------------------------------------------------------------------------
    def records_of(self, user_ids: Iterable[str], parts: tuple[str, ...], consistent: bool = False
                   ) -> dict[str, UserRecords]:
        """The asked-for items (PROFILE, ABOUT, COUNTERS, VIEWED) of each user, in one BatchGet
        per 100 keys."""
        ids = list(dict.fromkeys(user_ids))
        found = {uid: UserRecords(uid) for uid in ids}
        keys = [(user_key(uid), part) for uid in ids for part in parts]
        for item in UserRecordsView.batch_get(keys, consistent_read=consistent):
            _fill(found[item.pk.removeprefix("USER#")], item)
        return found

    def records(self, user_id: str, parts: tuple[str, ...], consistent: bool = False) -> UserRecords:
        return self.records_of([user_id], parts, consistent)[user_id]

    # -- the profile -------------------------------------------------------------------------
    def replace_profile(self, user_id: str, profile: dict[str, Any], now: str) -> None:
        """The whole profile in one write; when the user last looked at matched roles is kept."""
        ProfileItem(user_key(user_id), ABOUT).update(
            actions=[ProfileItem.profile_json.set(json.dumps(profile)), ProfileItem.updated_at.set(now)])

    def mark_matched_seen(self, user_id: str, now: str) -> None:
        ProfileItem(user_key(user_id), ABOUT).update(actions=[ProfileItem.matched_seen_at.set(now)])

    # -- recently viewed ---------------------------------------------------------------------
    def viewed(self, user_id: str) -> tuple[list[dict[str, Any]], int | None]:
        """The list and its version, read consistently (for a read-modify-write)."""
        try:
            item = RecentlyViewedItem.get(user_key(user_id), VIEWED, consistent_read=True)
        except DoesNotExist:
            return [], None
        return json.loads(item.entries_json or "[]"), item.version

    def save_viewed(self, user_id: str, entries: list[dict[str, Any]], version: int | None) -> None:
        """Writes the list if nobody changed it since `version` was read; else ConcurrentChange."""
        item = RecentlyViewedItem(user_key(user_id), VIEWED, entries_json=json.dumps(entries))
        if version is not None:  # save() conditions on it (or, unset, on there being no item) and bumps it
            item.version = version
        if not save_if(item):
            raise ConcurrentChange()

    # -- published notices near the talent -----------------------------------------------------
    def open_listings_page(self, partition: str, now: str, page: int, older_than: str | None = None,
                           newer_than: str | None = None) -> ListingPage:
        """Published, unexpired notices of one listing partition (`matching_partitions`), newest
        first: ONE Query that reads at most `page` listing items. `older_than`/`newer_than` bound the
        listing sort keys (`<published at>#<id>`), both exclusive: the next page of a partition is
        `older_than` the `last_read` key of the one before."""
        if newer_than and older_than and newer_than >= older_than:
            return ListingPage([], None, 0)  # nothing lies between
        if newer_than and older_than:  # BETWEEN is inclusive: the ends are dropped below
            range_condition = ListingItem.sk.between(newer_than, older_than)
        elif newer_than:
            range_condition = ListingItem.sk > newer_than
        elif older_than:
            range_condition = ListingItem.sk < older_than
        else:
            range_condition = None
        result = ListingItem.query(partition, range_condition, scan_index_forward=False, page_size=page,
                                   filter_condition=ListingItem.expires_at > now)
        raw_page = next(iter(result.page_iter), {})
        found = []
        for raw in raw_page.get("Items", []):
            item = ListingItem.from_raw_data(raw)
            if item.sk in (newer_than, older_than):
                continue
            found.append(({"production_id": item.production_id, **json.loads(item.summary_json)}, item.sk))
        last = result.page_iter.last_evaluated_key
        return ListingPage(found, last["sk"]["S"] if last else None, int(raw_page.get("ScannedCount", 0)))

