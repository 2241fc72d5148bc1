"""Background jobs go to the stage's jobs queue (infra/template.json `JobsQueue`, with a DLQ)."""
from __future__ import annotations

import json
from typing import Any


class JobQueue:
    def __init__(self, queue_name: str, region: str, endpoint_url: str | None) -> None:
        self._queue_name = queue_name
        self._region = region
        self._endpoint_url = endpoint_url
        self._client: Any = None
        self._urls: dict[str, str] = {}

    def _sqs(self) -> Any:
        if self._client is None:
            import boto3  # imported lazily: cold start pays for it only when a job is sent

            self._client = boto3.client("sqs", region_name=self._region, endpoint_url=self._endpoint_url)
        return self._client

    def _url(self, queue_name: str) -> str:
        if queue_name not in self._urls:
            self._urls[queue_name] = self._sqs().get_queue_url(QueueName=queue_name)["QueueUrl"]
        return self._urls[queue_name]

    def send(self, job: dict[str, Any]) -> None:
        self._sqs().send_message(QueueUrl=self._url(self._queue_name), MessageBody=json.dumps(job))

    def send_many(self, queue_name: str, jobs: list[dict[str, Any]], delay_seconds: int = 0) -> None:
        """SendMessageBatch, ten at a time; raises if any entry failed (the caller's event is retried)."""
        client = self._sqs()
        for start in range(0, len(jobs), 10):
            entries = [{"Id": str(i), "MessageBody": json.dumps(job), "DelaySeconds": min(delay_seconds, 900)}
                       for i, job in enumerate(jobs[start : start + 10])]
            result = client.send_message_batch(QueueUrl=self._url(queue_name), Entries=entries)
            if result.get("Failed"):
                raise RuntimeError(f"{len(result['Failed'])} job(s) were not queued: {result['Failed'][0]}")

    def delete_records(self, records: list[dict[str, Any]]) -> None:
        """Deletes processed SQS records of any queue, named by their event source ARN."""
        client = self._sqs()
        urls: dict[str, str] = {}
        for record in records:
            arn = record["eventSourceARN"]
            if arn not in urls:
                _, _, _, _, account, name = arn.split(":", 5)
                urls[arn] = client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
            client.delete_message(QueueUrl=urls[arn], ReceiptHandle=record["receiptHandle"])

    def receive(self, queue_name: str) -> list[tuple[dict[str, Any], str]]:
        """Up to ten jobs and their receipt handles (the local stage runs some jobs inline)."""
        found = self._sqs().receive_message(QueueUrl=self._url(queue_name), MaxNumberOfMessages=10,
                                            WaitTimeSeconds=0).get("Messages", [])
        return [(json.loads(m["Body"]), m["ReceiptHandle"]) for m in found]

    def delete(self, queue_name: str, receipt: str) -> None:
        self._sqs().delete_message(QueueUrl=self._url(queue_name), ReceiptHandle=receipt)
