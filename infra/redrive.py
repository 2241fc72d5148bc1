"""`make redrive STAGE=prod QUEUE=alerts`: puts failed work back where it runs again, once the
cause is fixed (docs/OPERATIONS.md says how to read a dead letter first).

    python -m infra.redrive --stage prod --queue alerts          # callboard-prod-alerts-dlq -> callboard-prod-alerts
    python -m infra.redrive --stage prod --queue stream-failures # the failed stream batches, as jobs
    python -m infra.redrive --stage prod --queue async-failures  # schedules / SES feedback, invoked again
    python -m infra.redrive --stage prod --queue alerts --dry-run

- A consumer's dead-letter queue (jobs, uploads, alerts, inbound, digest) goes back to its source
  queue with SQS's own message move task; every consumer is idempotent, so a message that had in
  fact succeeded changes nothing the second time.
- stream-failures holds where a failed batch was (shard, sequence numbers), not the records: they
  are read again from the stream (it keeps them 24 hours) and queued as `stream_record` jobs, the
  same path a single failing record takes.
- async-failures holds the events Lambda, EventBridge or SNS could not deliver: each is invoked
  again, asynchronously, on the function it was for.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

CONSUMER_QUEUES = ("jobs", "uploads", "alerts", "inbound", "digest")
SPECIAL = ("stream-failures", "async-failures")


def _queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    return url, str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


def _drain(sqs: Any, url: str, dry_run: bool) -> list[dict[str, Any]]:
    """Every message now in the queue; deleted unless dry_run (they are handled by the caller)."""
    found = []
    while True:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                    VisibilityTimeout=60).get("Messages", [])
        if not batch:
            return found
        found += batch
        if not dry_run:
            continue
        for message in batch:  # make them visible again at once
            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
        return found


def redrive_dead_letters(sqs: Any, stage: str, queue: str, dry_run: bool) -> str:
    _, dlq_arn = _queue(sqs, f"callboard-{stage}-{queue}-dlq")
    _, source_arn = _queue(sqs, f"callboard-{stage}-{queue}")
    if dry_run:
        return f"would move callboard-{stage}-{queue}-dlq back to callboard-{stage}-{queue}"
    task = sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=source_arn)
    return f"moving callboard-{stage}-{queue}-dlq back to callboard-{stage}-{queue} (task {task['TaskHandle'][:12]}…)"


def redrive_stream_failures(sqs: Any, streams: Any, stage: str, dry_run: bool) -> str:
    url, _ = _queue(sqs, f"callboard-{stage}-stream-failures")
    jobs_url, _ = _queue(sqs, f"callboard-{stage}-jobs")
    queued = 0
    for message in _drain(sqs, url, dry_run):
        info = json.loads(message["Body"])["DDBStreamBatchInfo"]
        iterator = streams.get_shard_iterator(StreamArn=info["streamArn"], ShardId=info["shardId"],
                                              ShardIteratorType="AT_SEQUENCE_NUMBER",
                                              SequenceNumber=info["startSequenceNumber"])["ShardIterator"]
        records: list[dict[str, Any]] = []
        while iterator and len(records) < info["batchSize"]:
            page = streams.get_records(ShardIterator=iterator, Limit=info["batchSize"] - len(records))
            records += page["Records"]
            iterator = page.get("NextShardIterator") if page["Records"] else None
        for record in records:
            if not dry_run:
                sqs.send_message(QueueUrl=jobs_url, MessageBody=json.dumps(
                    {"kind": "stream_record", "record": record}, default=str))
            queued += 1
        if not dry_run:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return f"{'would queue' if dry_run else 'queued'} {queued} stream records as jobs"


def redrive_async_failures(sqs: Any, lam: Any, stage: str, dry_run: bool) -> str:
    url, _ = _queue(sqs, f"callboard-{stage}-async-failures")
    invoked = 0
    for message in _drain(sqs, url, dry_run):
        body = json.loads(message["Body"])
        # Lambda's on-failure record names the function and carries the event; EventBridge and SNS
        # dead letters are the event itself, with the rule or topic in the message attributes.
        function = body.get("requestContext", {}).get("functionArn", "").rsplit(":$LATEST", 1)[0]
        payload = body.get("requestPayload", body)
        if not function:
            source = json.dumps(message.get("MessageAttributes", {})) + json.dumps(body)
            function = (f"callboard-{stage}-on_ses_feedback" if "ses-feedback" in source
                        else f"callboard-{stage}-daily_digest" if "daily_digest" in source
                        else f"callboard-{stage}-expire_notices")
        if not dry_run:
            lam.invoke(FunctionName=function, InvocationType="Event", Payload=json.dumps(payload).encode())
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        invoked += 1
    return f"{'would invoke' if dry_run else 'invoked'} {invoked} events again"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--queue", required=True, choices=CONSUMER_QUEUES + SPECIAL)
    parser.add_argument("--region")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    import boto3

    session = boto3.session.Session(region_name=args.region)
    sqs = session.client("sqs")
    if args.queue == "stream-failures":
        print(redrive_stream_failures(sqs, session.client("dynamodbstreams"), args.stage, args.dry_run))
    elif args.queue == "async-failures":
        print(redrive_async_failures(sqs, session.client("lambda"), args.stage, args.dry_run))
    else:
        print(redrive_dead_letters(sqs, args.stage, args.queue, args.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
