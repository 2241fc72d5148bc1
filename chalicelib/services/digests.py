"""The daily digest: once a day, one email to each user on "daily" who has unread messages
since their last digest.

Its work grows with the users who have something to send, not with all users: an alert for a
user on "daily" puts the thread into their draft (`domain/digests.py`) in a sparse, sharded
pending set, and reading or deleting the thread takes it out again. The scheduled run reads
only that set (one item per pending user, draft included) and enqueues the drafts in batches;
a worker reads the user's profile (preference, address) and sends. Each (user, day) is sent at
most once (powertools idempotency), so a retried or duplicated batch never sends a second digest.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from ..domain import relay
from ..domain.alerts import DigestThread, compose_digest
from ..domain.clock import now_iso, today
from ..domain.digests import DigestDraft
from ..domain.messaging import ThreadView
from ..settings import Settings
from ..storage.digests import SHARDS, DigestRepository
from ..storage.relay import RelayRepository
from ..storage.users import UserRepository
from .digest_drafts import DigestDrafts

BATCH_USERS = 50
JOB_BYTES = 200_000  # under SQS's 256 KB for a message and for a SendMessageBatch request


class Queues(Protocol):
    def send_many(self, queue_name: str, jobs: list[dict[str, Any]], delay_seconds: int = 0) -> None: ...
    def receive(self, queue_name: str) -> list[tuple[dict[str, Any], str]]: ...
    def delete(self, queue_name: str, receipt: str) -> None: ...


class DigestService:
    def __init__(self, settings: Settings, users: UserRepository, pending: DigestRepository,
                 relay_store: RelayRepository, queues: Queues, mailer: Any,
                 once: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        self.settings = settings
        self.users = users
        self.pending = pending
        self.drafts = DigestDrafts(pending)
        self.relay = relay_store
        self.queues = queues
        self.mailer = mailer
        self._send_once = once(self._send)

    def note_message(self, view: ThreadView, message_id: str) -> None:
        self.drafts.note_message(view, message_id)

    def forget(self, user_id: str, thread_ids: set[str]) -> None:
        self.drafts.forget(user_id, thread_ids)

    # -- the daily run ------------------------------------------------------------------------
    def schedule(self, day: str | None = None) -> int:
        """The scheduled run: enqueue every pending user, with their draft, in batches; returns
        how many. A job holds at most BATCH_USERS users and a request at most JOB_BYTES."""
        day = day or today()
        queued = 0
        batch: list[dict[str, Any]] = []
        jobs: list[dict[str, Any]] = []
        batch_bytes = jobs_bytes = 0

        def flush() -> None:
            nonlocal jobs, jobs_bytes
            if jobs:
                self.queues.send_many(self.settings.digest_queue_name, jobs)
                jobs, jobs_bytes = [], 0

        def close_batch() -> None:
            nonlocal batch, batch_bytes, jobs_bytes
            if batch:
                if len(jobs) == 10 or jobs_bytes + batch_bytes > JOB_BYTES:  # one SendMessageBatch
                    flush()
                jobs.append({"kind": "digest", "date": day, "users": batch})
                jobs_bytes += batch_bytes
                batch, batch_bytes = [], 0

        for shard in range(SHARDS):
            for pending in self.pending.pending_digests(shard):
                entry = {"user_id": pending.user_id, "version": pending.version, "draft": pending.draft.to_json()}
                size = len(json.dumps(entry).encode())
                if len(batch) == BATCH_USERS or batch_bytes + size > JOB_BYTES:
                    close_batch()
                batch.append(entry)
                batch_bytes += size
                queued += 1
        close_batch()
        flush()
        return queued

    def send_batch(self, job: dict[str, Any], lambda_context: Any = None) -> int:
        """A worker's share: one digest per user, at most once per (user, day)."""
        sent = 0
        # "user_ids" (no drafts): a job queued before drafts travelled with it; the worker reads them.
        users = job.get("users") or [{"user_id": user_id} for user_id in job.get("user_ids", [])]
        for user in users:
            outcome = self._send_once(lambda_context=lambda_context, digest={**user, "date": job["date"]})
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

    def _send(self, digest: dict[str, Any]) -> str:
        user_id = digest["user_id"]
        user = self.users.get(user_id)
        if user is None or user.notifications != "daily" or user.email_suppressed:
            self.pending.clear(user_id)
            return "skipped"
        if "draft" in digest:
            draft, version = DigestDraft.from_json(digest["draft"]), int(digest["version"])
        else:
            found = self.pending.pending_digest(user_id)
            if found is None:
                return "nothing_new"
            draft, version = found.draft, found.version
        if draft.empty:
            self._settle(user_id, draft, version)
            return "nothing_new"
        threads = [
            DigestThread(subject=e.subject, senders=e.senders, snippet=e.snippet, new_messages=e.new_messages,
                         url=f"{self.settings.web_base_url}/#/threads/{e.thread_id}",
                         production_name=e.production_name, role_name=e.role_name)
            for e in draft.entries
        ]
        unsubscribe = relay.unsubscribe_token(self.settings.signing_secret, user_id)
        domain = self.settings.relay_domain
        opaque = relay.relay_token(self.settings.signing_secret, "digest", user_id)[:12]  # no account id in mail
        email = compose_digest(
            to=user.email, recipient_name=user.name, threads=threads, more=len(draft.more),
            relay_domain=domain, inbox_url=f"{self.settings.web_base_url}/#/inbox",
            unsubscribe_url=f"{self.settings.api_base_url}/unsubscribe?token={unsubscribe}",
            unsubscribe_mailto=f"mailto:unsubscribe@{domain}?subject={unsubscribe}",
            message_id=f"<digest.{digest['date']}.{opaque}@{domain}>",
        )
        self.mailer.send(email, source=f"digest@{domain}", to=user.email)
        if self.settings.is_local:
            self.relay.record_sent(user.email, str(email["From"]), None, str(email["Subject"]), email.as_string())
        self.users.update(user_id, last_digest_at=now_iso())
        # Only after the send: a failed digest leaves the user pending for the retry (or tomorrow).
        self._settle(user_id, draft, version)
        return "sent"

    def _settle(self, user_id: str, sent: DigestDraft, version: int) -> None:
        """Takes what was sent out of the set; what came in since the run read it stays for tomorrow."""
        if self.pending.clear(user_id, version):
            return
        self.drafts.change(user_id, lambda draft: draft.minus(sent), create=False)
