"""In-memory stand-ins for the AWS gateways (`chalicelib/aws/`): the jobs queue and the mailer.
Same method names and arguments as the real ones (tests/service/test_fakes_match.py holds them equal)."""
from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from chalicelib.aws.s3 import StoredObject


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


class FakeFileStore:
    """The files bucket as a dictionary of versioned objects; links name the key and version."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, tuple[bytes, str]]] = {}  # key -> version -> (data, content type)
        self.attached: set[tuple[str, str | None]] = set()
        self._versions = 0

    def presigned_post(self, key: str, content_type: str, max_bytes: int, expires: int,
                       tagging: str | None = None) -> dict[str, Any]:
        return {"url": "https://files.example/upload", "fields": {"key": key, "Content-Type": content_type}}

    def presigned_get(self, key: str, content_type: str, disposition: str, expires: int,
                      version_id: str | None = None) -> str:
        return f"https://files.example/{key}?version={version_id}"

    def head(self, key: str, version_id: str | None = None) -> StoredObject | None:
        versions = self.objects.get(key, {})
        version = version_id or (list(versions)[-1] if versions else None)
        if version not in versions:
            return None
        data, content_type = versions[version]
        return StoredObject(len(data), f"etag-{version}", content_type, version)

    def first_bytes(self, key: str, count: int, version_id: str | None = None) -> bytes:
        stored = self.head(key, version_id)
        assert stored is not None, f"no object {key}"
        return self.objects[key][stored.version_id or ""][0][:count]

    def read(self, key: str) -> bytes:
        return self.first_bytes(key, 1 << 62)

    def put(self, key: str, data: bytes, content_type: str, tagging: str | None = None) -> str | None:
        """Also what a browser's form upload does (the upload form names the key)."""
        self._versions += 1
        version = f"v{self._versions}"
        self.objects.setdefault(key, {})[version] = (data, content_type)
        return version

    def delete(self, key: str, version_id: str | None = None) -> None:
        if version_id is None:
            self.objects.pop(key, None)
        else:
            self.objects.get(key, {}).pop(version_id, None)

    def mark_attached(self, key: str, version_id: str | None = None) -> None:
        self.attached.add((key, version_id))
