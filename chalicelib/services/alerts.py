"""Email alerts for new messages, sent through the anonymous relay.

A new message (from the table's stream) queues one alert per recipient with a short delay;
the worker re-checks everything at send time (preference, still unread, not deleted, nobody
suspended or blocked) and sends at most once per (message, recipient) — the send is wrapped in
powertools' idempotency utility, so a redelivered job or a retried batch never sends twice.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..domain import relay
from ..domain.alerts import AlertContent, Envelope, compose_alert
from ..domain.messaging import Thread
from ..settings import Settings
from ..storage.mail import MailRepository
from ..storage.relay import RelayRepository
from ..storage.users import UserRepository


class Queues(Protocol):
    def send_many(self, queue_name: str, jobs: list[dict[str, Any]], delay_seconds: int = 0) -> None: ...


class Mailer(Protocol):
    def send(self, message: Any, source: str, to: str) -> str: ...


class AlertService:
    def __init__(self, settings: Settings, users: UserRepository, mail: MailRepository, relay_store: RelayRepository,
                 queues: Queues, mailer: Mailer, once: Callable[[Callable[..., Any]], Callable[..., Any]],
                 digests: Any) -> None:
        self.settings = settings
        self.digests = digests
        self.users = users
        self.mail = mail
        self.relay = relay_store
        self.queues = queues
        self.mailer = mailer
        self._send_once = once(self._send)

    def enqueue_for_message(self, thread_id: str, message_id: str, sender_id: str,
                            thread: Thread | None = None) -> int:
        """One delayed alert job per recipient. `thread`: the thread when the caller read it already."""
        thread = thread or self.mail.get_thread(thread_id)
        if thread is None:
            return 0
        jobs = [{"kind": "alert", "thread_id": thread_id, "message_id": message_id, "recipient_id": rid,
                 "sender_id": sender_id} for rid in thread.others(sender_id)]
        self.queues.send_many(self.settings.alerts_queue_name, jobs, self.settings.alert_delay_seconds)
        return len(jobs)

    def outbox(self) -> list[dict[str, Any]]:
        """Local stage: the emails sent, parsed the way a test or a person wants to read them."""
        from email import message_from_string
        from email.policy import default

        items = []
        for sent in self.relay.outbox():
            email = message_from_string(sent["raw"], policy=default)
            text = email.get_body(("plain",))
            html_part = email.get_body(("html",))
            items.append({**sent, "headers": {k: str(v) for k, v in email.items()},
                          "text": text.get_content() if text else "",
                          "html": html_part.get_content() if html_part else ""})
        return items

    def deliver(self, job: dict[str, Any], lambda_context: Any = None) -> str:
        """Sends one alert if it should still go out; returns what happened (for the logs)."""
        thread_id, message_id, recipient_id = job["thread_id"], job["message_id"], job["recipient_id"]
        sender_id = job.get("sender_id")
        if not sender_id:  # a job queued before jobs named their sender
            earlier = self.mail.get_message(thread_id, message_id)
            sender_id = earlier.sender.user_id if earlier else ""
        # Everything it decides on, as it is now, in one read.
        reads = self.mail.alert_reads(thread_id, message_id, recipient_id, sender_id)
        recipient, view, message, thread, sender = (reads.recipient, reads.view, reads.message, reads.thread,
                                                    reads.sender)
        if recipient is None:
            return "no_recipient"
        if recipient.notifications not in ("immediate", "daily"):
            return f"preference_{recipient.notifications}"
        if recipient.email_suppressed:
            return "address_suppressed"
        if view is None or view.deleted or not view.unread:
            return "read_or_deleted"
        if message is None or thread is None or message.sender.user_id != sender_id:
            return "no_message"
        if message.status != "delivered":
            return f"message_{message.status}"  # held for an editor, or removed: nothing goes out, nor in a digest
        if sender is None or sender.suspended:
            return "sender_suspended"
        if reads.blocked:
            return "blocked"
        if recipient.notifications == "daily":
            self.digests.note_message(view, message_id)
            return "pending_digest"
        token = relay.relay_token(self.settings.signing_secret, thread_id, recipient_id)  # signed: nothing stored
        unsubscribe = relay.unsubscribe_token(self.settings.signing_secret, recipient_id)
        domain = self.settings.relay_domain
        content = AlertContent(
            sender_name=sender.name,
            recipient_name=recipient.name,
            subject=thread.subject,
            body=message.body,
            thread_url=f"{self.settings.web_base_url}/#/threads/{thread_id}",
            production_name=thread.production.name if thread.production else None,
            role_name=thread.role.name if thread.role else None,
            attachment_names=[str(a["filename"]) for a in message.attachments],
            warning=(message.warning or {}).get("message"),
        )
        envelope = Envelope(
            to=recipient.email,
            reply_address=relay.reply_address(token, domain),
            message_id=relay.alert_message_id(message_id, token, domain),
            thread_root=relay.thread_root_message_id(thread_id, token, domain),
            opens_thread=thread.opened_by(message),
            unsubscribe_url=f"{self.settings.api_base_url}/unsubscribe?token={unsubscribe}",
            unsubscribe_mailto=f"mailto:unsubscribe@{domain}?subject={unsubscribe}",
            report_url=f"{self.settings.api_base_url}/reports/email?token="
                       f"{relay.report_token(self.settings.signing_secret, message_id, recipient_id)}",
        )
        self._send_once(lambda_context=lambda_context, alert={"message_id": message_id, "recipient_id": recipient_id},
                        content=content, envelope=envelope)
        return "sent"

    def _send(self, alert: dict[str, str], content: AlertContent, envelope: Envelope) -> str:
        email = compose_alert(content, envelope)
        ses_id = self.mailer.send(email, source=envelope.reply_address, to=envelope.to)
        if self.settings.is_local:
            self.relay.record_sent(envelope.to, str(email["From"]), str(email["Reply-To"]), str(email["Subject"]),
                                   email.as_string())
        return ses_id
