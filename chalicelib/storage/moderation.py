"""Reports, moderation cases and each target's history (models/safety.py): one partition per
target, CASE#<kind>#<target>, holds its case, one item per reporter and every event."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from ..domain import moderation as rules
from ..domain.errors import Conflict
from ..domain.ids import new_id
from .conditional import update_if
from .connection import transaction_connection
from .models.safety import CaseItem, HistoryItem, ReporterItem
from .notices import queue_page
from .unit_of_work import ConcurrentChange, retry_on_conflict

CASE = "CASE"
OPEN_QUEUE = "MODERATION#open"
REFRESH_ATTEMPTS = 8


def _transact(write: Callable[[TransactWrite], None]) -> list[str | None]:
    """One transaction, again (jittered, under the shared policy) while it only lost a race with
    another one on the same case: two reports at once must both count, never answer 500. Returns
    the cancellation reasons when a condition failed (empty when it committed)."""
    def attempt() -> list[str | None]:
        try:
            with TransactWrite(connection=transaction_connection()) as tx:
                write(tx)
        except TransactWriteError as exc:
            reasons = [getattr(r, "code", None) if r else None for r in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in reasons:
                return reasons
            if "TransactionConflict" in reasons:
                raise ConcurrentChange() from exc
            raise
        return []

    return retry_on_conflict(attempt, lambda: Conflict("this case is changing quickly; try again in a moment",
                                                       code="case_busy"))


def case_key(kind: str, target_id: str) -> str:
    return f"CASE#{kind}#{target_id}"


def _report(item: ReporterItem, kind: str, target_id: str) -> dict[str, Any]:
    return {"report_id": item.report_id, "kind": kind, "target_id": target_id, "category": item.category,
            "reason": item.reason, "status": "open", "created_at": item.created_at}


def _history_item(kind: str, target_id: str, event: str, at: str, actor_id: str | None, actor_name: str | None,
                  reason: str | None, detail: dict[str, Any] | None) -> HistoryItem:
    return HistoryItem(case_key(kind, target_id), f"EVENT#{at}#{new_id('evt')}", event=event, at=at,
                       actor_id=actor_id, actor_name=actor_name, reason=reason,
                       detail_json=json.dumps(detail) if detail else None)


def _case_view(item: CaseItem) -> dict[str, Any]:
    return {"kind": item.kind, "target_id": item.target_id, "reasons": list(item.reasons or []),
            "reporters": int(item.reporters or 0), "created_at": item.created_at,
            "categories": list(item.categories or []), "held": bool(item.held), "severity": int(item.severity or 1),
            "status": item.status or "closed", "subject_user_id": item.subject_user_id,
            "context": json.loads(item.context_json) if item.context_json else None, "updated_at": item.updated_at}


def _opening(kind: str, target_id: str, now: str, subject_user_id: str | None,
             context: dict[str, Any] | None) -> list[Any]:
    """Actions every change that (re)opens a case makes."""
    actions = [CaseItem.kind.set(kind), CaseItem.target_id.set(target_id), CaseItem.status.set("open"),
               CaseItem.created_at.set(CaseItem.created_at | now), CaseItem.updated_at.set(now),
               CaseItem.revision.add(1)]
    if subject_user_id:
        actions.append(CaseItem.subject_user_id.set(subject_user_id))
    if context is not None:
        actions.append(CaseItem.context_json.set(CaseItem.context_json | json.dumps(context)))
    return actions


class ModerationRepository:
    # -- reports -----------------------------------------------------------------------------
    def add_report(self, kind: str, target_id: str, reporter_id: str, category: str, reason: str, now: str,
                   subject_user_id: str | None, context: dict[str, Any] | None) -> tuple[dict[str, Any], bool]:
        """(the report, whether it is new). One transaction: the reporter's item (only if this
        person never reported this target), the history event, and the case's count of
        distinct reporters. A repeat changes nothing and returns the first report."""
        key = case_key(kind, target_id)
        reporter = ReporterItem(key, f"REPORTER#{reporter_id}", report_id=new_id("rpt"), category=category,
                                reason=reason, created_at=now)
        actions = [*_opening(kind, target_id, now, subject_user_id, context), CaseItem.reporters.add(1)]

        def write(tx: TransactWrite) -> None:
            tx.save(reporter, condition=ReporterItem.sk.does_not_exist())
            tx.save(_history_item(kind, target_id, "report", now, reporter_id, None, reason,
                                  {"category": category, "report_id": reporter.report_id}))
            tx.update(CaseItem(key, CASE), actions=actions)

        # pynamodb sends the puts first, in the order given: the reporter's item is the first.
        if _transact(write)[:1] == ["ConditionalCheckFailed"]:
            existing = ReporterItem.get(key, f"REPORTER#{reporter_id}", consistent_read=True)
            return _report(existing, kind, target_id), False
        self._refresh(kind, target_id, category=category, reason=reason)
        return _report(reporter, kind, target_id), True

    def hold(self, kind: str, target_id: str, now: str, subject_user_id: str, context: dict[str, Any],
             reasons: list[str]) -> None:
        """A message the scam rules held: an open case, whatever its reports."""
        key = case_key(kind, target_id)

        def write(tx: TransactWrite) -> None:
            tx.update(CaseItem(key, CASE), actions=[*_opening(kind, target_id, now, subject_user_id, context),
                                                    CaseItem.held.set(True)])
            tx.save(_history_item(kind, target_id, "held", now, None, None, None, {"signals": reasons}))

        _transact(write)
        self._refresh(kind, target_id, reason="; ".join(reasons))

    def open_case(self, kind: str, target_id: str, now: str, subject_user_id: str | None, reason: str,
                  context: dict[str, Any] | None = None) -> None:
        """Puts a target in the queue for review (e.g. an automatic suspension)."""
        CaseItem(case_key(kind, target_id), CASE).update(
            actions=[*_opening(kind, target_id, now, subject_user_id, context), CaseItem.held.set(True)])
        self._refresh(kind, target_id, reason=reason)

    def _refresh(self, kind: str, target_id: str, category: str | None = None, reason: str | None = None) -> None:
        """Recomputes the case's urgency (its queue key) from what it holds now; guarded by the
        revision it read, so a concurrent change makes it read again rather than overwrite."""
        key = case_key(kind, target_id)
        for _ in range(REFRESH_ATTEMPTS):
            item = CaseItem.get(key, CASE, consistent_read=True)
            categories = list(item.categories or [])
            if category and category not in categories:
                categories.append(category)
            reasons = list(item.reasons or [])
            if reason and len(reasons) < rules.REASONS_KEPT:
                reasons.append(rules.shorten(reason))
            level = rules.severity(categories, bool(item.held))
            actions = [CaseItem.categories.set(categories), CaseItem.reasons.set(reasons),
                       CaseItem.severity.set(level), CaseItem.revision.add(1)]
            if item.status == "open":
                actions += [CaseItem.queue_pk.set(OPEN_QUEUE), CaseItem.queue_sk.set(rules.queue_sort_key(
                    level, int(item.reporters or 0), item.created_at or "", kind, target_id))]
            if update_if(item, actions, CaseItem.revision == item.revision):
                return
        # Still changing: the next change refreshes it again; what it holds is counted right regardless.

    def report_of(self, kind: str, target_id: str, reporter_id: str) -> dict[str, Any] | None:
        try:
            return _report(ReporterItem.get(case_key(kind, target_id), f"REPORTER#{reporter_id}"), kind, target_id)
        except DoesNotExist:
            return None

    # -- cases -------------------------------------------------------------------------------
    def get_case(self, kind: str, target_id: str) -> dict[str, Any] | None:
        try:
            return _case_view(CaseItem.get(case_key(kind, target_id), CASE, consistent_read=True))
        except DoesNotExist:
            return None

    def queue(self, start: dict[str, Any] | None, limit: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Open cases, most urgent first: one Query of the queue index."""
        items, position = queue_page(CaseItem.by_queue, OPEN_QUEUE, start, limit)
        return [_case_view(i) for i in items], position

    def decide(self, kind: str, target_id: str, event: str, now: str, actor_id: str | None,
               actor_name: str | None, reason: str, detail: dict[str, Any] | None = None,
               close: bool = True) -> None:
        """Records a decision in the target's history and (normally) closes its case: it leaves
        the queue and its count of reporters starts again from zero."""
        key = case_key(kind, target_id)

        def write(tx: TransactWrite) -> None:
            tx.save(_history_item(kind, target_id, event, now, actor_id, actor_name, reason, detail))
            if close:
                tx.update(CaseItem(key, CASE), actions=[
                    CaseItem.kind.set(kind), CaseItem.target_id.set(target_id), CaseItem.status.set("closed"),
                    CaseItem.reporters.set(0), CaseItem.categories.set([]), CaseItem.reasons.set([]),
                    CaseItem.held.set(False), CaseItem.updated_at.set(now), CaseItem.revision.add(1),
                    CaseItem.queue_pk.remove(), CaseItem.queue_sk.remove(), CaseItem.created_at.remove()])

        _transact(write)

    def record(self, kind: str, target_id: str, event: str, now: str, actor_id: str | None = None,
               actor_name: str | None = None, reason: str | None = None, detail: dict[str, Any] | None = None) -> None:
        """An event in the target's history that changes no case (e.g. a notice's vetting run)."""
        _history_item(kind, target_id, event, now, actor_id, actor_name, reason, detail).save()

    def history(self, kind: str, target_id: str, start: dict[str, Any] | None, limit: int
                ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Every report, hold, vetting run and decision on the target, oldest first."""
        items = list(HistoryItem.query(case_key(kind, target_id), HistoryItem.sk.startswith("EVENT#"),
                                       scan_index_forward=True, limit=limit + 1, page_size=limit + 1,
                                       last_evaluated_key=start))
        position = None
        if len(items) > limit:
            last = items[limit - 1]
            position = {"pk": {"S": last.pk}, "sk": {"S": last.sk}}
        return [{"event": i.event, "at": i.at, "actor_id": i.actor_id, "actor_name": i.actor_name,
                 "reason": i.reason, **(json.loads(i.detail_json) if i.detail_json else {})}
                for i in items[:limit]], position
