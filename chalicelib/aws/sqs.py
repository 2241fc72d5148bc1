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
        self._queue_url: str | None = None

    def _sqs(self) -> Any:
        if self._client is None:
            import boto3  # imported lazily: cold start pays for it only when a job is sent

            self._client = boto3.client("sqs", region_name=self._region, endpoint_url=self._endpoint_url)
        return self._client

    def send(self, job: dict[str, Any]) -> None:
        client = self._sqs()
        if self._queue_url is None:
            self._queue_url = client.get_queue_url(QueueName=self._queue_name)["QueueUrl"]
        client.send_message(QueueUrl=self._queue_url, MessageBody=json.dumps(job))

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
