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
