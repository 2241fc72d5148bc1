"""Productions (casting notices), who may edit them, the editors' queues and the public listings.
The listing, expiry and queue keys are made here (ListingItem, ProductionItem) and nowhere else."""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.productions import Listing, Production, ProductionSummary
from .models import CounterItem, ListingItem, ProductionItem, ProductionMemberItem
from .sweeps import DueEntries, SweepMarks, due_key
from .unit_of_work import UnitOfWork
from .users import user_key

WORD_BUDGET_PAGES = 4  # a word search evaluates at most this many pages' worth of listings a request
EXPIRY_KEPT_SECONDS = 30 * 86_400  # an expiry entry outlives its date a while (missed sweeps), then TTL


def _epoch(iso: str | None) -> int | None:
    if not iso:
        return None
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def _to_production(item: ProductionItem) -> Production:
    queue, queued_at = ProductionItem.queue_of(item)
    return Production(
        production_id=item.production_id, owner_id=item.owner_id, notice=json.loads(item.notice_json),
        status=item.status, collaborator_ids=tuple(item.collaborator_ids or ()),
        findings=tuple(json.loads(item.findings_json or "[]")), paid_tag=bool(item.paid_tag),
        student_badge=bool(item.student_badge), open_reports=int(item.open_reports or 0),
        created_at=item.created_at, updated_at=item.updated_at, submitted_at=item.submitted_at,
        published_at=item.published_at, decided_reason=item.decided_reason, review_queue=queue,
        queued_at=queued_at, version=item.version)


def production_item(production: Production) -> ProductionItem:
    queue_pk, queue_sk = ProductionItem.queue_keys(production.production_id, production.review_queue,
                                                   production.queued_at)
    item = ProductionItem(
        *ProductionItem.key(production.production_id),
        production_id=production.production_id, owner_id=production.owner_id,
        collaborator_ids=list(production.collaborator_ids), status=production.status,
        notice_json=json.dumps(production.notice), findings_json=json.dumps(list(production.findings)),
        paid_tag=production.paid_tag, student_badge=production.student_badge, open_reports=production.open_reports,
        created_at=production.created_at, updated_at=production.updated_at, submitted_at=production.submitted_at,
        published_at=production.published_at, decided_reason=production.decided_reason,
        queue_pk=queue_pk, queue_sk=queue_sk)
    if production.version is not None:  # VersionAttribute: guarded by it (unset: must not exist yet)
        item.version = production.version
    return item


def _listed_keys(production: Production) -> list[tuple[str, str]]:
    """Every listing item a published notice has (none before it was published)."""
    location = production.notice.get("location")
    if not production.published_at or not location:
        return []
    sk = ListingItem.position(production.published_at, production.production_id)
    union_status = (production.notice.get("union") or {}).get("status") or ""
    return [(pk, sk) for pk in ListingItem.partitions(location["country"], location["state"],
                                                       production.notice["job_type"], bool(location.get("remote")),
                                                       union_status, production.paid_tag)]


def queue_page(index: Any, queue_pk: str, start: dict[str, Any] | None, limit: int
               ) -> tuple[list[Any], dict[str, Any] | None]:
    """One page of an editors' queue (the `queue` index), in its sort order, and where the next starts."""
    items = list(index.query(queue_pk, scan_index_forward=True, limit=limit + 1, page_size=limit + 1,
                             last_evaluated_key=start))
    position = None
    if len(items) > limit:
        last = items[limit - 1]
        position = {"pk": {"S": last.pk}, "sk": {"S": last.sk}, "queue_pk": {"S": last.queue_pk},
                    "queue_sk": {"S": last.queue_sk}}
    return items[:limit], position


def _summary_json(production: Production) -> str:
    return json.dumps(production.summary().to_dict())


def listing_items(production: Production, listing: Listing) -> list[ListingItem]:
    """A published notice's items: one per search it answers, and one under its expiry date."""
    words = " " + " ".join(sorted(listing.words)) + " "  # spaces around each: whole-word contains()
    summary = json.dumps(listing.summary)
    items = [ListingItem(pk, sk, production_id=production.production_id, summary_json=summary,
                         union_status=listing.union_status, paid_tag=listing.paid_tag, search_text=words,
                         expires_at=listing.expires_at, expires_at_epoch=_epoch(listing.expires_at))
             for pk, sk in _listed_keys(production)]
    # Filed under its expiry date, for the sweep (kept a while after, then TTL'd).
    items.append(ListingItem(ListingItem.expiry_partition(listing.expires_at[:10]),
                             due_key(listing.expires_at, production.production_id),
                             production_id=production.production_id, summary_json="{}", union_status="",
                             paid_tag=False, search_text="", expires_at=listing.expires_at,
                             expires_at_epoch=(_epoch(listing.expires_at) or 0) + EXPIRY_KEPT_SECONDS))
    return items


class NoticeRepository:
    def create(self, production: Production) -> None:
        unit = UnitOfWork()
        unit.save(production_item(production), condition=ProductionItem.pk.does_not_exist())
        unit.save(ProductionMemberItem(user_key(production.owner_id), ProductionMemberItem.sk_of(
            production.production_id), production_id=production.production_id, role="owner",
            added_at=production.created_at, summary_json=_summary_json(production)))
        unit.commit()

    def get(self, production_id: str) -> Production | None:
        try:
            return _to_production(ProductionItem.get(*ProductionItem.key(production_id), consistent_read=True))
        except DoesNotExist:
            return None

    def get_many(self, production_ids: Iterable[str]) -> dict[str, Production]:
        keys = [ProductionItem.key(p) for p in dict.fromkeys(production_ids)]
        return {item.production_id: _to_production(item) for item in ProductionItem.batch_get(keys)}

    def save(self, production: Production, listing: Listing | None = None, unlist: bool = False,
             new_member: str | None = None) -> Production:
        """Writes the production if it is still the version it was read at (else ConcurrentChange),
        in one transaction with its listing (`listing`: published under every search it answers
        and filed under its expiry date; `unlist`: its listing items removed) and a collaborator's
        membership. Returns it with its new version."""
        item = production_item(production)
        unit = UnitOfWork()
        unit.save(item)
        if listing is not None:
            for listed in listing_items(production, listing):
                unit.save(listed)
        elif unlist:
            for pk, sk in _listed_keys(production):
                unit.delete(ListingItem(pk, sk))
        if production.is_non_casting:
            # The owner's open non-casting notices, kept with the status that decides them.
            counted = CounterItem.open_non_casting
            ids = {production.production_id}
            unit.update(CounterItem(user_key(production.owner_id), "COUNTERS"),
                        [counted.add(ids) if production.counts_as_open_non_casting else counted.delete(ids)])
        summary, membership_sk = _summary_json(production), ProductionMemberItem.sk_of(production.production_id)
        for member in production.members:  # each member's dashboard copy (a few bytes, not the notice)
            if member != new_member:
                unit.update(ProductionMemberItem(user_key(member), membership_sk),
                            [ProductionMemberItem.summary_json.set(summary)])
        if new_member:
            unit.save(ProductionMemberItem(user_key(new_member), ProductionMemberItem.sk_of(production.production_id),
                                           production_id=production.production_id, role="collaborator",
                                           added_at=production.updated_at, summary_json=summary))
        unit.commit()
        return production.changed(version=item.version)

    def open_non_casting(self, owner_id: str) -> set[str]:
        """The owner's open non-casting notices (one GetItem of their counters item)."""
        try:
            item = CounterItem.get(user_key(owner_id), "COUNTERS", attributes_to_get=["open_non_casting"])
        except DoesNotExist:
            return set()
        return set(item.open_non_casting or ())

    def summaries_of(self, user_id: str, limit: int) -> list[ProductionSummary]:
        """The user's newest productions as the dashboard shows them: one Query of their memberships;
        a membership written before it carried a summary has its production read (one BatchGet)."""
        items = list(ProductionMemberItem.query(
            user_key(user_id), ProductionMemberItem.sk.startswith(ProductionMemberItem.sk_of("")), limit=limit,
            page_size=limit, scan_index_forward=False))
        missing = self.get_many(i.production_id for i in items if not i.summary_json) if any(
            not i.summary_json for i in items) else {}
        summaries = []
        for item in items:
            if item.summary_json:
                summaries.append(ProductionSummary.from_dict(json.loads(item.summary_json)))
            elif item.production_id in missing:
                summaries.append(missing[item.production_id].summary())
        return summaries

    def productions_of(self, user_id: str, limit: int = 100, newest_first: bool = False) -> list[str]:
        """Productions the user owns or collaborates on (ids are time-ordered: oldest or newest first)."""
        return [i.production_id for i in ProductionMemberItem.query(
            user_key(user_id), ProductionMemberItem.sk.startswith(ProductionMemberItem.sk_of("")), limit=limit,
            page_size=limit, scan_index_forward=not newest_first)]

    def queue(self, name: str, start: dict[str, Any] | None, limit: int
              ) -> tuple[list[Production], dict[str, Any] | None]:
        items, position = queue_page(ProductionItem.by_queue, ProductionItem.queue_partition(name), start, limit)
        return [_to_production(i) for i in items], position

    def expiring(self, after: str | None, now: str) -> DueEntries:
        """Expiry entries that fell due after the watermark `after`, up to `now` (storage/sweeps.py)."""
        return SweepMarks().due_since(ListingItem, ListingItem.expiry_partition, after, now)

    @staticmethod
    def search_partition(country: str, region: str, job_type: str | None, remote: bool,
                         union: str | None = None, paid: bool | None = None) -> str:
        """The listing partition a public search reads ("*": any country, region or type; union
        status and pay narrow it to their own partition)."""
        if remote:
            return ListingItem.faceted(ListingItem.remote_partition(job_type or "*"), union, paid)
        return ListingItem.faceted(ListingItem.state_partition(country, region, job_type or "*"), union, paid)

    def search(self, partition: str, start: dict[str, Any] | None, limit: int, words: list[str], now: str
               ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """One Query on a listing partition, newest first. Without words it reads limit + 1 items.
        Words are a filter: the Query evaluates at most WORD_BUDGET_PAGES × limit listings, and a
        search whose words match few of them answers with what it found and a cursor to go on."""
        condition = ListingItem.expires_at > now  # the hourly sweep unlists expired ones: rarely drops any
        for word in words:
            condition &= ListingItem.search_text.contains(f" {word} ")
        budget = WORD_BUDGET_PAGES * limit if words else limit + 1
        result = ListingItem.query(partition, scan_index_forward=False, limit=budget, page_size=budget,
                                   last_evaluated_key=start, filter_condition=condition)
        page = next(iter(result.page_iter), {})
        items = [ListingItem.from_raw_data(raw) for raw in page.get("Items", [])]
        position = result.page_iter.last_evaluated_key
        if len(items) > limit:
            last = items[limit - 1]
            position = {"pk": {"S": last.pk}, "sk": {"S": last.sk}}
            items = items[:limit]
        return [{"production_id": i.production_id, **json.loads(i.summary_json)} for i in items], position
