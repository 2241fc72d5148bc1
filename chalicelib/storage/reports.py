"""Reports of messages, users and notices; open ones form the editors' queue."""
from __future__ import annotations

from typing import Any

from .models import ReportItem

OPEN_QUEUE = "REPORTS#open"


class ReportRepository:
    def create(
        self, report_id: str, kind: str, target_id: str, reason: str, reporter_id: str, created_at: str
    ) -> dict[str, Any]:
        item = ReportItem(
            f"REPORT#{report_id}",
            "META",
            report_id=report_id,
            kind=kind,
            target_id=target_id,
            reason=reason,
            reporter_id=reporter_id,
            status="open",
            created_at=created_at,
            queue_pk=OPEN_QUEUE,
            queue_sk=f"{created_at}#{report_id}",
        )
        item.save(condition=ReportItem.pk.does_not_exist())
        return {
            "report_id": report_id,
            "kind": kind,
            "target_id": target_id,
            "reason": reason,
            "status": "open",
            "created_at": created_at,
        }

    def open_reports(self, limit: int) -> list[dict[str, Any]]:
        return [
            {"report_id": i.report_id, "kind": i.kind, "target_id": i.target_id, "reason": i.reason,
             "created_at": i.created_at}
            for i in ReportItem.by_queue.query(OPEN_QUEUE, scan_index_forward=False, limit=limit)
        ]
