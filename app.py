"""Callboard's Lambda entry points. Routes live in chalicelib/handlers; event handlers are
declared here, on `app`, because blueprint event handlers skip app-level setup (chalice#1566)."""
from __future__ import annotations

import os
from typing import Any

from chalicelib.api import create_app
from chalicelib.handlers import events

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


def _settle_batch(event: Any, handle: Any) -> None:
    """Chalice cannot report partial batch failures, so the good messages are deleted here and
    the batch is failed: only the bad ones come back, and after maxReceiveCount land in the DLQ."""
    records = [(record.to_dict()["messageId"], record.body) for record in event]
    failed = handle(records)
    if failed:
        done = [r.to_dict() for r in event if r.to_dict()["messageId"] not in failed]
        events.delete_from_queue(done)
        raise events.BatchFailed(failed)


@app.on_dynamodb_record(stream_arn=TABLE_STREAM_ARN, batch_size=100)
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
