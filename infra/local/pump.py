"""Delivers what AWS would deliver to the handlers app.py declares: the table's stream
records and the queues' messages. `make run` runs it in a loop; tests call it directly."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("callboard.pump")


class EventPump:
    def __init__(self, clients: Callable[[str], Any], outputs: dict[str, str], app_module: Any) -> None:
        self.clients = clients
        self.app_module = app_module
        self.stream_arn = outputs["TableStreamArn"]
        self.table_name = self.stream_arn.split(":table/", 1)[1].split("/", 1)[0]
        self.queue_handlers: list[tuple[str, Any]] = [
            (outputs["JobsQueueName"], app_module.on_job),
            (outputs["UploadsQueueName"], app_module.on_upload),
            (outputs["AlertsQueueName"], app_module.on_alert),
            (outputs["InboundQueueName"], app_module.on_inbound_mail),
            (outputs["DigestQueueName"], app_module.on_digest_batch),
        ]
        self._shard_positions: dict[str, str] = {}
        self._queue_urls: dict[str, str] = {}
        self._queue_arns: dict[str, str] = {}

    # -- the table stream ------------------------------------------------------------------
    def _stream_records(self) -> list[dict[str, Any]]:
        streams = self.clients("dynamodbstreams")
        description = streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        records: list[dict[str, Any]] = []
        for shard in description["Shards"]:
            shard_id = shard["ShardId"]
            after = self._shard_positions.get(shard_id)
            if after:
                iterator = streams.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard_id,
                    ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=after)["ShardIterator"]
            else:
                iterator = streams.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while iterator:
                page = streams.get_records(ShardIterator=iterator, Limit=1000)
                if not page["Records"]:
                    break
                for record in page["Records"]:
                    record.setdefault("eventSourceARN", self.stream_arn)
                    dynamodb = record["dynamodb"]
                    dynamodb.setdefault("SizeBytes", 0)
                    dynamodb.setdefault("StreamViewType", "NEW_AND_OLD_IMAGES")
                    created = dynamodb.get("ApproximateCreationDateTime", 0)
                    dynamodb["ApproximateCreationDateTime"] = (
                        created.timestamp() if hasattr(created, "timestamp") else created)
                    records.append(record)
                self._shard_positions[shard_id] = page["Records"][-1]["dynamodb"]["SequenceNumber"]
                iterator = page.get("NextShardIterator")
        return records

    def delivered_through(self) -> dict[str, str]:
        """shard id -> the sequence number of the last record handed to the handler."""
        return dict(self._shard_positions)

    def pump_stream(self) -> int:
        records = self._stream_records()
        for start in range(0, len(records), 100):
            self.app_module.on_table_stream({"Records": records[start : start + 100]}, None)
        return len(records)

    # -- queues ----------------------------------------------------------------------------
    def _queue_url(self, name: str) -> str:
        if name not in self._queue_urls:
            self._queue_urls[name] = self.clients("sqs").get_queue_url(QueueName=name)["QueueUrl"]
        return self._queue_urls[name]

    def _queue_arn(self, name: str) -> str:
        if name not in self._queue_arns:
            attributes = self.clients("sqs").get_queue_attributes(QueueUrl=self._queue_url(name),
                                                                  AttributeNames=["QueueArn"])
            self._queue_arns[name] = attributes["Attributes"]["QueueArn"]
        return self._queue_arns[name]

    def pump_queue(self, name: str, handler: Any, wait_seconds: int = 0) -> int:
        sqs = self.clients("sqs")
        url = self._queue_url(name)
        arn = self._queue_arn(name)
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait_seconds,
                                       AttributeNames=["All"]).get("Messages", [])
        for message in received:
            event = {"Records": [{
                "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"], "attributes": message.get("Attributes", {}),
                "messageAttributes": {}, "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": "us-east-1"}]}
            try:
                handler(event, None)
            except Exception:
                # As in AWS: the message becomes visible again and ends in the DLQ after max receives.
                log.exception("handler failed for a message on %s", name)
                continue
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return len(received)

    def pump_once(self) -> int:
        delivered = self.pump_stream()
        for name, handler in self.queue_handlers:
            delivered += self.pump_queue(name, handler)
        return delivered

    def drain(self, rounds: int = 50) -> int:
        """Pumps until nothing is left (events can cause further events)."""
        total = 0
        for _ in range(rounds):
            delivered = self.pump_once()
            total += delivered
            if not delivered:
                break
        return total
