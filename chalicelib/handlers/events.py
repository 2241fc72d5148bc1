"""Bodies of the non-HTTP handlers that app.py declares (stream records, queued jobs)."""
from __future__ import annotations

import json
from typing import Any

from ..container import services
from .http import logger

BULK_JOB_BUDGET = 2_000


def table_stream(records: list[dict[str, Any]]) -> int:
    """New messages: index their words for every participant's search. Safe to replay."""
    indexed = 0
    for record in records:
        if record.get("eventName") != "INSERT":
            continue
        image = (record.get("dynamodb") or {}).get("NewImage") or {}
        pk = image.get("pk", {}).get("S", "")
        sk = image.get("sk", {}).get("S", "")
        if pk.startswith("THREAD#") and sk.startswith("MSG#"):
            services().messaging.index_message(
                thread_id=image["thread_id"]["S"],
                sender_id=image["sender_id"]["S"],
                body=image["body"]["S"],
            )
            indexed += 1
    return indexed


def job(body: str) -> dict[str, Any]:
    """One queued job. An unknown or malformed job raises, so it ends in the DLQ, not lost."""
    payload = json.loads(body)
    kind = payload.get("kind")
    if kind == "bulk_action":
        messaging = services().messaging
        result = messaging.run_bulk_job(payload, BULK_JOB_BUDGET)
        if not result.get("done"):
            services().jobs.send(result)  # continue where this run stopped
        logger.info("bulk action progressed", extra={"job_id": result["job_id"], "updated": result["updated"]})
        return result
    raise ValueError(f"unknown job kind {kind!r}")
