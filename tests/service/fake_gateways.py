"""In-memory stand-ins for the AWS gateways (`chalicelib/aws/`): the jobs queue and the mailer.
Same method names and arguments as the real ones (tests/service/test_fakes_match.py holds them equal)."""
from __future__ import annotations

from email.message import EmailMessage
from typing import Any


class FakeJobQueue:
    """Queues by name, each job under a receipt; a job is a dict, as the real queue's body decodes to."""

    def __init__(self, queue_name: str = "jobs") -> None:
        self.queue_name = queue_name
        self.queues: dict[str, dict[str, dict[str, Any]]] = {}
        self._sent = 0

    def send(self, job: dict[str, Any]) -> None:
        self.send_many(self.queue_name, [job])

    def send_many(self, queue_name: str, jobs: list[dict[str, Any]], delay_seconds: int = 0) -> None:
        queue = self.queues.setdefault(queue_name, {})
        for job in jobs:
            self._sent += 1
            queue[f"receipt-{self._sent}"] = dict(job)

    def delete_records(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            for queue in self.queues.values():
                queue.pop(record.get("receiptHandle", ""), None)

    def receive(self, queue_name: str) -> list[tuple[dict[str, Any], str]]:
        return [(job, receipt) for receipt, job in list(self.queues.get(queue_name, {}).items())[:10]]

    def delete(self, queue_name: str, receipt: str) -> None:
        self.queues.get(queue_name, {}).pop(receipt, None)

    def jobs(self, queue_name: str | None = None) -> list[dict[str, Any]]:
        return list(self.queues.get(queue_name or self.queue_name, {}).values())


class FakeMailer:
    """Keeps every message it is asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[EmailMessage, str, str]] = []

    def send(self, message: EmailMessage, source: str, to: str) -> str:
        self.sent.append((message, source, to))
        return f"fake-{len(self.sent)}"
