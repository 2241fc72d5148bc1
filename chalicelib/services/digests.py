"""The daily digest: once a day, one email to each user on "daily" who has unread messages
since their last digest.

Its work grows with the users who have something to send, not with all users: alerts for
users on "daily" put them in a sparse, sharded pending set; the scheduled run reads only that
set and enqueues batches; workers send. Each (user, day) is sent at most once (powertools
idempotency), so a retried or duplicated batch never sends a second digest.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from ..domain import relay
from ..domain.alerts import DigestThread, compose_digest
from ..domain.clock import now_iso
from ..domain.ids import time_prefix
from ..settings import Settings
from ..storage.digests import SHARDS, DigestRepository
from ..storage.mail import MailRepository
from ..storage.relay import RelayRepository
from ..storage.users import UserRepository

BATCH_USERS = 50
THREADS_SHOWN = 10


class Queues(Protocol):
    def send_many(self, queue_name: str, jobs: list[dict[str, Any]], delay_seconds: int = 0) -> None: ...
    def receive(self, queue_name: str) -> list[tuple[dict[str, Any], str]]: ...
    def delete(self, queue_name: str, receipt: str) -> None: ...


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def _millis(iso: str) -> int:
    return int(datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp() * 1000)


class DigestService:
    def __init__(self, settings: Settings, users: UserRepository, mail: MailRepository, pending: DigestRepository,
                 relay_store: RelayRepository, queues: Queues, mailer: Any,
                 once: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        self.settings = settings
        self.users = users
        self.mail = mail
        self.pending = pending
        self.relay = relay_store
        self.queues = queues
        self.mailer = mailer
        self._send_once = once(self._send)

    def mark_pending(self, user_id: str, marked_at: str) -> None:
        self.pending.mark_pending(user_id, marked_at)

    def schedule(self, day: str | None = None) -> int:
        """The scheduled run: enqueue every pending user in batches; returns how many."""
        day = day or today()
        queued = 0
        batch: list[str] = []
        jobs: list[dict[str, Any]] = []

        def flush() -> None:
            nonlocal jobs
            if jobs:
                self.queues.send_many(self.settings.digest_queue_name, jobs)
                jobs = []

        for shard in range(SHARDS):
            for user_id in self.pending.pending_users(shard):
                batch.append(user_id)
                queued += 1
                if len(batch) == BATCH_USERS:
                    jobs.append({"kind": "digest", "date": day, "user_ids": batch})
                    batch = []
                    if len(jobs) == 10:  # one SendMessageBatch
                        flush()
        if batch:
            jobs.append({"kind": "digest", "date": day, "user_ids": batch})
        flush()
        return queued

    def send_batch(self, job: dict[str, Any], lambda_context: Any = None) -> int:
        """A worker's share: one digest per user, at most once per (user, day)."""
        sent = 0
        for user_id in job["user_ids"]:
            outcome = self._send_once(lambda_context=lambda_context, digest={"user_id": user_id, "date": job["date"]})
            sent += outcome == "sent"
        return sent

    def run_now(self) -> int:
        """Local stage: the scheduled run, then the workers over the same queue, right away."""
        self.schedule()
        sent = 0
        while True:
            received = self.queues.receive(self.settings.digest_queue_name)
            if not received:
                return sent
            for job, receipt in received:
                sent += self.send_batch(job)
                self.queues.delete(self.settings.digest_queue_name, receipt)

    def _send(self, digest: dict[str, str]) -> str:
        user_id = digest["user_id"]
        started = now_iso()
        user = self.users.get(user_id)
        if user is None or user.notifications != "daily" or user.email_suppressed:
            self.pending.clear(user_id, started)
            return "skipped"
        since = user.last_digest_at or ""
        # "0" sorts before every time: a first digest covers every unread thread.
        views, total = self.mail.unread_inbox_since(user_id, since or "0", THREADS_SHOWN)
        if not views:
            self.pending.clear(user_id, started)
            return "nothing_new"
        first_key = time_prefix("msg", _millis(since)) if since else "msg_"
        threads = [
            DigestThread(
                subject=v.subject,
                senders=[p.name for p in v.participants if p.user_id != user_id],
                snippet=v.snippet,
                new_messages=max(1, self.mail.count_messages_after(v.thread_id, f"{v.thread_id}.{first_key}", user_id)),
                url=f"{self.settings.web_base_url}/#/threads/{v.thread_id}",
                production_name=v.production.name if v.production else None,
                role_name=v.role.name if v.role else None,
            )
            for v in views
        ]
        unsubscribe = relay.unsubscribe_token(self.settings.signing_secret, user_id)
        domain = self.settings.relay_domain
        opaque = relay.relay_token(self.settings.signing_secret, "digest", user_id)[:12]  # no account id in mail
        email = compose_digest(
            to=user.email, recipient_name=user.name, threads=threads, more=max(0, total - len(views)),
            relay_domain=domain, inbox_url=f"{self.settings.web_base_url}/#/inbox",
            unsubscribe_url=f"{self.settings.api_base_url}/unsubscribe?token={unsubscribe}",
            unsubscribe_mailto=f"mailto:unsubscribe@{domain}?subject={unsubscribe}",
            message_id=f"<digest.{digest['date']}.{opaque}@{domain}>",
        )
        self.mailer.send(email, source=f"digest@{domain}", to=user.email)
        if self.settings.is_local:
            self.relay.record_sent(user.email, str(email["From"]), None, str(email["Subject"]), email.as_string())
        self.users.update(user_id, last_digest_at=started)
        # Only after the send: a failed digest leaves the user pending for the retry (or tomorrow).
        self.pending.clear(user_id, started)
        return "sent"
