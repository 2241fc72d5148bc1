"""Callboard's Lambda entry points. Routes live in chalicelib/handlers; event handlers are
declared here, on `app`, because blueprint event handlers skip app-level setup (chalice#1566)."""
from __future__ import annotations

import os
from typing import Any

from chalicelib.api import create_app
from chalicelib.container import services
from chalicelib.handlers import events
from chalicelib.handlers.http import count, flush_metrics

app, api = create_app()

# Set per stage in .chalice/config.json (the stack outputs of infra/template.json).
TABLE_STREAM_ARN = os.environ.get(
    "CALLBOARD_TABLE_STREAM_ARN",
    "arn:aws:dynamodb:us-east-1:000000000000:table/callboard-local/stream/local",
)
JOBS_QUEUE = os.environ.get("CALLBOARD_JOBS_QUEUE", "callboard-local-jobs")
UPLOADS_QUEUE = os.environ.get("CALLBOARD_UPLOADS_QUEUE", "callboard-local-uploads")
ALERTS_QUEUE = os.environ.get("CALLBOARD_ALERTS_QUEUE", "callboard-local-alerts")
INBOUND_QUEUE = os.environ.get("CALLBOARD_INBOUND_QUEUE", "callboard-local-inbound")
DIGEST_QUEUE = os.environ.get("CALLBOARD_DIGEST_QUEUE", "callboard-local-digest")
DIGEST_SCHEDULE = os.environ.get("CALLBOARD_DIGEST_SCHEDULE", "cron(0 8 * * ? *)")  # UTC
FEEDBACK_TOPIC = os.environ.get("CALLBOARD_FEEDBACK_TOPIC", "callboard-local-ses-feedback")


def _settle_batch(event: Any, handle: Any) -> None:
    """Chalice cannot report partial batch failures, so the good messages are deleted here and
    the batch is failed: only the bad ones come back, and after maxReceiveCount land in the DLQ."""
    records = [(record.to_dict()["messageId"], record.body) for record in event]
    failed = handle(records)
    if failed:
        done = [r.to_dict() for r in event if r.to_dict()["messageId"] not in failed]
        events.delete_from_queue(done)
        raise events.BatchFailed(failed)


# Small batches: one new message can mean a few thousand index writes (300 words x 20 people).
@app.on_dynamodb_record(stream_arn=TABLE_STREAM_ARN, batch_size=10)
def on_table_stream(event: Any) -> None:
    events.table_stream([record.to_dict() for record in event])


@app.on_sqs_message(queue=JOBS_QUEUE, batch_size=1)
def on_job(event: Any) -> None:
    for record in event:
        events.job(record.body)


@app.on_sqs_message(queue=UPLOADS_QUEUE, batch_size=10)
def on_upload(event: Any) -> None:
    """S3 ObjectCreated (uploads/, media/) -> check real size and type."""
    _settle_batch(event, events.uploads)


@app.on_sqs_message(queue=ALERTS_QUEUE, batch_size=10)
def on_alert(event: Any) -> None:
    """Queued email alerts (delayed a little after each new message) -> SES, at most once each."""
    _settle_batch(event, lambda records: events.alerts(records, event.context))


@app.on_sqs_message(queue=INBOUND_QUEUE, batch_size=5)
def on_inbound_mail(event: Any) -> None:
    """Replies by email (SES receipt rule -> S3 inbound/ -> here) -> posted into their thread."""
    _settle_batch(event, lambda records: events.inbound_mail(records, event.context))


@app.schedule(DIGEST_SCHEDULE, name="daily_digest")
def daily_digest(event: Any) -> None:
    """Once a day: enqueue the users with something to tell (the sparse pending set only)."""
    queued = services().digests.schedule()
    events.logger.info("daily digest scheduled", extra={"users": queued})
    count("DigestRuns")  # the DigestRunMissing alarm fires when a day passes without one
    count("DigestsQueued", queued)
    flush_metrics()


@app.on_sqs_message(queue=DIGEST_QUEUE, batch_size=1)
def on_digest_batch(event: Any) -> None:
    _settle_batch(event, lambda records: events.digest_batch(records, event.context))


@app.schedule("rate(1 hour)", name="expire_notices")
def expire_notices(event: Any) -> None:
    """Notices past their expires_at stop taking applications and leave the public listings;
    self-tape requests past their due date unanswered stop waiting on the talent."""
    events.logger.info("notices expired", extra={"count": services().notices.expire_due()})
    events.logger.info("self-tape requests missed", extra={"count": services().applications.miss_overdue_auditions()})


@app.on_sns_message(topic=FEEDBACK_TOPIC)
def on_ses_feedback(event: Any) -> None:
    """SES bounces and complaints (configuration set -> SNS): stop emailing those addresses."""
    events.ses_feedback(event.message)
