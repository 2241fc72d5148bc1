"""Bodies of the non-HTTP handlers that app.py declares (stream records, queued jobs)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..container import services
from ..domain.productions import has_just_ended
from ..storage import stream
from .http import count, flush_metrics, logger

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
            handled += stream_record(record)
        except Exception:
            logger.exception("stream record failed; queued for retry",
                             extra={"event_id": record.get("eventID")})
            services().jobs.send({"kind": "stream_record", "record": record})
    return handled


def stream_record(record: dict[str, Any]) -> int:
    """One stream record, decoded by storage, handed to what reacts to its kind (1 if handled)."""
    event = stream.decode(record)
    if event is None:
        return 0
    return STREAM_HANDLERS[type(event)](event)


def message_posted(event: stream.MessagePosted) -> int:
    if not event.held:  # a held message is indexed and alerted once released
        services().fanout.delivered(event.thread_id, event.message_id, event.sender_id, event.body)
    if event.attachment_ids:
        services().files.mark_attached([{"attachment_id": a} for a in event.attachment_ids])
    return 1


def pending_media_expired(event: stream.PendingMediaExpired) -> int:
    """DynamoDB's TTL removed a media item still pending (never uploaded): release its quota."""
    services().files.files.release_reservation(event.owner_id, event.kind, event.size)
    return 1


def message_released(event: stream.MessageReleased) -> int:
    """An editor released a held message: its words are indexed and its recipients alerted now, as for
    a new one (while held, a recipient's search must not find the thread by its words)."""
    services().fanout.delivered(event.thread_id, event.message_id, event.sender_id, event.body)
    return 1


def production_status_changed(event: stream.ProductionStatusChanged) -> int:
    """A notice expired, was closed, or was rejected after being hidden: archive its applications
    (a queued job, paged, safe to repeat). Driven by the stream, so no path can forget it."""
    if not has_just_ended(event.before, event.status):
        return 0
    services().jobs.send({"kind": "archive_applications", "production_id": event.production_id})
    return 1


STREAM_HANDLERS: dict[type, Callable[[Any], int]] = {
    stream.MessagePosted: message_posted,
    stream.MessageReleased: message_released,
    stream.PendingMediaExpired: pending_media_expired,
    stream.ProductionStatusChanged: production_status_changed,
}


def s3_objects(body: str) -> list[tuple[str, str | None]]:
    """(key, version id) of each object an S3 notification delivered through SQS names
    (S3's test event names none)."""
    from urllib.parse import unquote_plus

    payload = json.loads(body)
    return [(unquote_plus(r["s3"]["object"]["key"]), r["s3"]["object"].get("versionId"))
            for r in payload.get("Records", []) if str(r.get("eventName", "")).startswith("ObjectCreated")]


def each_message(records: list[tuple[str, str]], handle: Callable[[str], Any], what: str,
                 metric: Callable[[Any], None] | None = None) -> list[str]:
    """Runs `handle` on every SQS message body; returns the ids of the ones that failed (the
    caller hands those back to the queue: retried, then dead-lettered) after the good ones ran.
    `metric` counts each outcome (powertools EMF, flushed once per batch)."""
    failed = []
    for message_id, body in records:
        try:
            outcome = handle(body)
            logger.info(what, extra={"outcome": outcome})
            if metric is not None:
                metric(outcome)
        except Exception:
            logger.exception(f"{what} failed", extra={"message_id": message_id})
            failed.append(message_id)
    flush_metrics()
    return failed


def _alert_outcome(outcome: Any) -> None:
    count("AlertsSent" if outcome == "sent" else "AlertsSuppressed")


def _mail_outcomes(outcomes: Any) -> None:
    for outcome in outcomes:
        if outcome == "posted":
            count("InboundPosted")
        elif str(outcome).startswith(("rejected", "dropped")):
            count("InboundRejected")  # the reason is in the log line beside it


def _digests_sent(sent: Any) -> None:
    count("DigestsSent", int(sent))


def alerts(records: list[tuple[str, str]], lambda_context: Any = None) -> list[str]:
    """Sends each queued alert that should still go out."""
    return each_message(records, lambda body: services().alerts.deliver(json.loads(body), lambda_context), "alert",
                        _alert_outcome)


def inbound_mail(records: list[tuple[str, str]], lambda_context: Any = None) -> list[str]:
    """Replies by email stored in inbound/: each is posted, dropped or answered."""
    return each_message(records, lambda body: [services().inbound.process(key, lambda_context)
                                               for key, _ in s3_objects(body)], "inbound mail", _mail_outcomes)


def uploads(records: list[tuple[str, str]]) -> list[str]:
    """Verifies each landed upload (its real size and type)."""
    return each_message(records, lambda body: [services().files.verify_upload(key, version)
                                               for key, version in s3_objects(body)], "upload verified")


def digest_batch(records: list[tuple[str, str]], lambda_context: Any = None) -> list[str]:
    """Sends the digests of one batch of users (at most once per user and day)."""
    return each_message(records, lambda body: services().digests.send_batch(json.loads(body), lambda_context),
                        "digest batch", _digests_sent)


def job(body: str) -> dict[str, Any]:
    """One queued job. An unknown or malformed job raises, so it ends in the DLQ, not lost."""
    payload = json.loads(body)
    kind = payload.get("kind")
    run = JOBS.get(kind) if isinstance(kind, str) else None
    if run is None:
        raise ValueError(f"unknown job kind {kind!r}")
    return run(payload)


def bulk_action(payload: dict[str, Any]) -> dict[str, Any]:
    result = services().messaging.run_bulk_job(payload, BULK_JOB_BUDGET)
    if not result.get("done"):
        services().jobs.send(result)  # continue where this run stopped
    logger.info("bulk action progressed", extra={"job_id": result["job_id"], "updated": result["updated"]})
    return result


def archive_applications(payload: dict[str, Any]) -> dict[str, Any]:
    follow_up = services().applications.archive_production(
        payload["production_id"], bool(payload.get("private")), payload.get("start"))
    if follow_up:
        services().jobs.send(follow_up)  # a large notice: go on in a fresh run
    return {"kind": payload["kind"], "done": follow_up is None}


def audition_message(payload: dict[str, Any]) -> dict[str, Any]:
    thread_id = services().applications.resend_audition_message(payload["application_id"])
    return {"kind": payload["kind"], "thread_id": thread_id}


def revoke_relay_addresses(payload: dict[str, Any]) -> dict[str, Any]:
    _, more = services().moderation.revoke_relay_addresses(payload["user_id"], payload.get("start"), BULK_JOB_BUDGET)
    if more is not None:
        services().jobs.send({**payload, "start": more})
    return {"kind": payload["kind"], "done": more is None}


def retry_stream_record(payload: dict[str, Any]) -> dict[str, Any]:
    stream_record(payload["record"])  # raises again if still failing: the queue retries, then DLQs it
    return {"kind": payload["kind"]}


# job kind -> what runs it (jobs are queued by the services and by table_stream above).
JOBS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "bulk_action": bulk_action,
    "archive_applications": archive_applications,
    "audition_message": audition_message,
    "revoke_relay_addresses": revoke_relay_addresses,
    "stream_record": retry_stream_record,
}


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
