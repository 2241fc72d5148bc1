"""Productions (casting notices), who may edit them, the editors' queues and the public listings."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.clock import recent_days
from .models import ListingItem, ProductionItem, ProductionMemberItem
from .unit_of_work import UnitOfWork
from .users import user_key

META = "META"
FILTERED_PAGE = 100
READ_BUDGET = 1_000  # listing items one public search may evaluate before it answers
PRODUCTION_FIELDS = ("production_id", "owner_id", "collaborator_ids", "status", "paid_tag", "student_badge",
                     "open_reports", "created_at", "updated_at", "submitted_at", "published_at", "decided_reason",
                     "version")


def production_key(production_id: str) -> tuple[str, str]:
    return f"PROD#{production_id}", META


def state_listing_key(country: str, state: str, job_type: str = "*") -> str:
    """The partition of notices based in one state/province (of one job type, or "*": any)."""
    return f"LISTING#{country}#{state}#{job_type}"


def remote_listing_key(job_type: str = "*") -> str:
    """The partition of remote notices, wherever they are based (of one job type, or "*": any)."""
    return f"LISTING#REMOTE#*#{job_type}"


def listing_keys(country: str, state: str, job_type: str, remote: bool = False) -> list[str]:
    """Every search a published notice answers: by state and type, state only, type only, any;
    a remote notice also remote and type, remote only."""
    keys = [state_listing_key(country, state, job_type), state_listing_key(country, state),
            f"LISTING#*#*#{job_type}", "LISTING#*#*#*"]
    return [*keys, remote_listing_key(job_type), remote_listing_key()] if remote else keys


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


def _to_dict(item: ProductionItem) -> dict[str, Any]:
    record = {name: getattr(item, name) for name in PRODUCTION_FIELDS}
    record["collaborator_ids"] = list(item.collaborator_ids or [])
    record["notice"] = json.loads(item.notice_json)
    record["findings"] = json.loads(item.findings_json or "[]")
    return record


class NoticeRepository:
    def create(self, record: dict[str, Any]) -> None:
        item = ProductionItem(*production_key(record["production_id"]), production_id=record["production_id"],
                              owner_id=record["owner_id"], status="draft", notice_json=json.dumps(record["notice"]),
                              created_at=record["created_at"], updated_at=record["created_at"])
        member = ProductionMemberItem(user_key(record["owner_id"]), f"PROD#{record['production_id']}",
                                      production_id=record["production_id"], role="owner",
                                      added_at=record["created_at"])
        unit = UnitOfWork()
        unit.save(item, condition=ProductionItem.pk.does_not_exist())
        unit.save(member)
        unit.commit()

    def get(self, production_id: str) -> dict[str, Any] | None:
        try:
            return _to_dict(ProductionItem.get(*production_key(production_id), consistent_read=True))
        except DoesNotExist:
            return None

    def get_many(self, production_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        keys = [production_key(p) for p in dict.fromkeys(production_ids)]
        return {item.production_id: _to_dict(item) for item in ProductionItem.batch_get(keys)}

    def save(self, record: dict[str, Any], listings: list[ListingItem] | None = None,
             unlist: list[tuple[str, str]] | None = None, member: tuple[str, str] | None = None) -> None:
        """Writes the production (guarded by its version) with its listing changes in one transaction."""
        item = ProductionItem(
            *production_key(record["production_id"]),
            production_id=record["production_id"], owner_id=record["owner_id"],
            collaborator_ids=record["collaborator_ids"], status=record["status"],
            notice_json=json.dumps(record["notice"]), findings_json=json.dumps(record["findings"]),
            paid_tag=record["paid_tag"], student_badge=record["student_badge"], open_reports=record["open_reports"],
            created_at=record["created_at"], updated_at=record["updated_at"], submitted_at=record.get("submitted_at"),
            published_at=record.get("published_at"), decided_reason=record.get("decided_reason"),
            queue_pk=record.get("queue_pk"), queue_sk=record.get("queue_sk"),
        )
        item.version = record["version"]
        unit = UnitOfWork()
        unit.save(item)
        for listing in listings or []:
            unit.save(listing)
        for pk, sk in unlist or []:
            unit.delete(ListingItem(pk, sk))
        if member:
            unit.save(ProductionMemberItem(user_key(member[0]), f"PROD#{record['production_id']}",
                                           production_id=record["production_id"], role="collaborator",
                                           added_at=member[1]))
        unit.commit()

    def productions_of(self, user_id: str, limit: int = 100, newest_first: bool = False) -> list[str]:
        """Productions the user owns or collaborates on (ids are time-ordered: oldest or newest first)."""
        return [i.production_id for i in ProductionMemberItem.query(
            user_key(user_id), ProductionMemberItem.sk.startswith("PROD#"), limit=limit, page_size=limit,
            scan_index_forward=not newest_first)]

    def queue(self, name: str, start: dict[str, Any] | None, limit: int
              ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        items, position = queue_page(ProductionItem.by_queue, f"NOTICES#{name}", start, limit)
        return [_to_dict(i) for i in items], position

    def expiring_on_or_before(self, day: str, days_back: int) -> list[str]:
        """Production ids filed under the expiry dates from `days_back` days before `day` to `day`."""
        return [item.production_id for date in recent_days(day, days_back)
                for item in ListingItem.query(f"EXPIRES#{date}")]

    def search(self, partition: str, start: dict[str, Any] | None, limit: int, union: str | None, paid: bool | None,
               words: list[str], now: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """One Query on a listing partition, newest first; union/paid/words/expiry filter the page."""
        condition = ListingItem.expires_at > now
        if union:
            condition &= ListingItem.union_status == union
        if paid is not None:
            condition &= ListingItem.paid_tag == paid
        for word in words:
            condition &= ListingItem.search_text.contains(f" {word} ")
        filtered = bool(union or paid is not None or words)
        result = ListingItem.query(partition, scan_index_forward=False, page_size=FILTERED_PAGE if filtered
                                   else limit + 1, last_evaluated_key=start, filter_condition=condition)
        # Pages are read until a page is full, the partition ends, or the read budget is spent; a
        # search whose filters match little answers with what it found and a cursor to go on.
        items: list[ListingItem] = []
        position = None
        for page in result.page_iter:
            items += [ListingItem.from_raw_data(raw) for raw in page.get("Items", [])]
            position = result.page_iter.last_evaluated_key
            if len(items) > limit or position is None or result.page_iter.total_scanned_count >= READ_BUDGET:
                break
        if len(items) > limit:
            last = items[limit - 1]
            position = {"pk": {"S": last.pk}, "sk": {"S": last.sk}}
            items = items[:limit]
        return [{"production_id": i.production_id, **json.loads(i.summary_json)} for i in items], position
