"""Bodies of the non-HTTP handlers that app.py declares (stream records, queued jobs)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..container import services
from .http import logger

BULK_JOB_BUDGET = 2_000


def table_stream(records: list[dict[str, Any]]) -> int:
    """New messages: index their words for every participant's search, queue their alerts, and
    take their uploads out of the unattached expiry. Safe to replay.

    A record that fails is handed to the jobs queue (retries, then its DLQ) instead of failing
    the batch: a stream shard retries a failed batch until its records expire, which would hold
    up every later message's alerts and search on that shard."""
    handled = 0
    for record in records:
        try:
            handled += new_message(record)
        except Exception:
            logger.exception("stream record failed; queued for retry",
                             extra={"event_id": record.get("eventID")})
            services().jobs.send({"kind": "stream_record", "record": record})
    return handled


def new_message(record: dict[str, Any]) -> int:
    if record.get("eventName") == "REMOVE":
        return expired_media(record)
    if record.get("eventName") == "MODIFY":
        return notice_closed(record) or message_released(record)
    if record.get("eventName") != "INSERT":
        return 0
    image = (record.get("dynamodb") or {}).get("NewImage") or {}
    pk = image.get("pk", {}).get("S", "")
    sk = image.get("sk", {}).get("S", "")
    if not (pk.startswith("THREAD#") and sk.startswith("MSG#")):
        return 0
    thread_id, sender_id = image["thread_id"]["S"], image["sender_id"]["S"]
    if image.get("status", {}).get("S") != "held":  # a held message is indexed and alerted once released
        services().search.index_message(thread_id, image["body"]["S"])
        services().alerts.enqueue_for_message(thread_id, image["message_id"]["S"], sender_id)
    attachments = [{"attachment_id": a["M"]["attachment_id"]["S"]} for a in image.get("attachments", {}).get("L", [])]
    if attachments:
        services().files.mark_attached(attachments)
    return 1


def expired_media(record: dict[str, Any]) -> int:
    """DynamoDB's TTL removed a media item still pending (never uploaded): release its quota.
    Only TTL deletions count (their userIdentity is the DynamoDB service)."""
    identity = record.get("userIdentity") or {}
    image = (record.get("dynamodb") or {}).get("OldImage") or {}
    if identity.get("principalId") != "dynamodb.amazonaws.com":
        return 0
    if not image.get("sk", {}).get("S", "").startswith("MEDIA#") or image.get("status", {}).get("S") != "pending":
        return 0
    services().files.files.release_reservation(image["owner_id"]["S"], image["kind"]["S"], int(image["size"]["N"]))
    return 1


def message_released(record: dict[str, Any]) -> int:
    """An editor released a held message: its words are indexed and its recipients alerted now, as for
    a new one (while held, a recipient's search must not find the thread by its words)."""
    images = record.get("dynamodb") or {}
    new, old = images.get("NewImage") or {}, images.get("OldImage") or {}
    if not (new.get("pk", {}).get("S", "").startswith("THREAD#") and new.get("sk", {}).get("S", "").startswith("MSG#")):
        return 0
    if old.get("status", {}).get("S") != "held" or "status" in new:
        return 0
    services().search.index_message(new["thread_id"]["S"], new["body"]["S"])
    services().alerts.enqueue_for_message(new["thread_id"]["S"], new["message_id"]["S"], new["sender_id"]["S"])
    return 1


# A notice in one of these takes no more applications, for good ("hidden" may be approved again).
ENDED = ("expired", "closed", "rejected")


def notice_closed(record: dict[str, Any]) -> int:
    """A notice expired, was closed, or was rejected after being hidden: archive its applications
    (a queued job, paged, safe to repeat). Driven by the stream, so no path can forget it."""
    images = record.get("dynamodb") or {}
    new, old = images.get("NewImage") or {}, images.get("OldImage") or {}
    if not new.get("pk", {}).get("S", "").startswith("PROD#") or new.get("sk", {}).get("S") != "META":
        return 0
    status, before = new.get("status", {}).get("S"), old.get("status", {}).get("S")
    if status not in ENDED or before in ENDED:
        return 0
    services().jobs.send({"kind": "archive_applications", "production_id": new["production_id"]["S"]})
    return 1


def s3_objects(body: str) -> list[tuple[str, str | None]]:
    """(key, version id) of each object an S3 notification delivered through SQS names
    (S3's test event names none)."""
    from urllib.parse import unquote_plus

    payload = json.loads(body)
    return [(unquote_plus(r["s3"]["object"]["key"]), r["s3"]["object"].get("versionId"))
            for r in payload.get("Records", []) if str(r.get("eventName", "")).startswith("ObjectCreated")]


def each_message(records: list[tuple[str, str]], handle: Callable[[str], Any], what: str) -> list[str]:
    """Runs `handle` on every SQS message body; returns the ids of the ones that failed (the
    caller hands those back to the queue: retried, then dead-lettered) after the good ones ran."""
    failed = []
    for message_id, body in records:
        try:
            logger.info(what, extra={"outcome": handle(body)})
        except Exception:
            logger.exception(f"{what} failed", extra={"message_id": message_id})
            failed.append(message_id)
    return failed


def alerts(records: list[tuple[str, str]], lambda_context: Any = None) -> list[str]:
    """Sends each queued alert that should still go out."""
    return each_message(records, lambda body: services().alerts.deliver(json.loads(body), lambda_context), "alert")


def inbound_mail(records: list[tuple[str, str]], lambda_context: Any = None) -> list[str]:
    """Replies by email stored in inbound/: each is posted, dropped or answered."""
    return each_message(records, lambda body: [services().inbound.process(key, lambda_context)
                                               for key, _ in s3_objects(body)], "inbound mail")


def uploads(records: list[tuple[str, str]]) -> list[str]:
    """Verifies each landed upload (its real size and type)."""
    return each_message(records, lambda body: [services().files.verify_upload(key, version)
                                               for key, version in s3_objects(body)], "upload verified")


def digest_batch(records: list[tuple[str, str]], lambda_context: Any = None) -> list[str]:
    """Sends the digests of one batch of users (at most once per user and day)."""
    return each_message(records, lambda body: services().digests.send_batch(json.loads(body), lambda_context),
                        "digest batch")


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
    if kind == "archive_applications":
        follow_up = services().applications.archive_production(
            payload["production_id"], bool(payload.get("private")), payload.get("start"))
        if follow_up:
            services().jobs.send(follow_up)  # a large notice: go on in a fresh run
        return {"kind": kind, "done": follow_up is None}
    if kind == "audition_message":
        thread_id = services().applications.resend_audition_message(payload["application_id"])
        return {"kind": kind, "thread_id": thread_id}
    if kind == "revoke_relay_addresses":
        moderation = services().moderation
        _, more = moderation.revoke_relay_addresses(payload["user_id"], payload.get("start"), BULK_JOB_BUDGET)
        if more is not None:
            services().jobs.send({**payload, "start": more})
        return {"kind": kind, "done": more is None}
    if kind == "stream_record":
        new_message(payload["record"])  # raises again if still failing: the queue retries, then DLQs it
        return {"kind": kind}
    raise ValueError(f"unknown job kind {kind!r}")


class BatchFailed(Exception):
    def __init__(self, message_ids: list[str]) -> None:
        super().__init__(f"{len(message_ids)} message(s) failed: {', '.join(message_ids)}")


def delete_from_queue(records: list[dict[str, Any]]) -> None:
    services().jobs.delete_records(records)


def ses_feedback(message: str) -> int:
    """An SES bounce or complaint notification (through SNS): suppress the addresses it names.
    Transient bounces are left alone; SES retries those itself."""
    payload = json.loads(message)
    kind = payload.get("notificationType") or payload.get("eventType")
    if kind == "Bounce" and payload.get("bounce", {}).get("bounceType") == "Permanent":
        addresses = [r.get("emailAddress", "") for r in payload["bounce"].get("bouncedRecipients", [])]
        reason = "bounced"
    elif kind == "Complaint":
        addresses = [r.get("emailAddress", "") for r in payload.get("complaint", {}).get("complainedRecipients", [])]
        reason = "complained"
    else:
        return 0
    suppressed = sum(services().accounts.suppress_address(a, reason) for a in addresses if a)
    logger.info("ses feedback", extra={"kind": kind, "suppressed": suppressed})
    return suppressed
