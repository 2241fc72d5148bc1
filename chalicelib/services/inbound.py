"""Replies by email: one raw message from the relay domain's inbox becomes a message in its
thread, as its sender, or gets one short explanation back (at most one per sender in any 60 minutes).

Every check happens here, in order: loops and automatic mail (dropped silently), SES verdicts,
the reply token's signature (and revocation, for the earlier stored form), the sender being the
token's user, suspension and blocks (through the messaging use case), text left after trimming,
attachment limits.
Idempotent twice over: on the stored object's key (a retried event), and on the mail itself
(`InboundMail.delivery_key`: sender + Message-ID, for 30 days), so a mail server's or SES's
redelivery, stored as a new object, posts nothing, alerts nobody and explains nothing.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from ..domain import inbound, relay
from ..domain.alerts import compose_rejection
from ..domain.clock import now_epoch
from ..domain.errors import DomainError
from ..domain.messaging import BODY_MAX
from ..settings import Settings
from ..storage.mail import MailRepository
from ..storage.relay import MailAlreadyPosted, RelayRepository
from ..storage.unit_of_work import UnitOfWork
from ..storage.users import UserRepository
from .files import FilesService
from .messaging import MessagingService

NOTICE_WINDOW_SECONDS = 3600  # at most one explanation per sender in any such window
TOKENS_CHECKED = 5  # envelope first: the address SES delivered it to is among the first
logger = logging.getLogger("callboard.inbound")


def _scrub(text: str, own_address: str, relay_domain: str) -> str:
    """Replies must not carry addresses the relay exists to hide: the sender's own (signature
    blocks) and any relay address (what is left of a quote header). Lone surrogates from odd charsets go too."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = re.sub(re.escape(own_address), "[email address removed]", text, flags=re.IGNORECASE)
    return inbound.remove_relay_addresses(text, relay_domain)


class InboundService:
    def __init__(self, settings: Settings, users: UserRepository, mail: MailRepository, messaging: MessagingService,
                 files: FilesService, relay_store: RelayRepository, store: Any, mailer: Any,
                 sniff: Callable[[bytes], str | None],
                 once: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        self.settings = settings
        self.users = users
        self.mail = mail
        self.messaging = messaging
        self.files = files
        self.relay = relay_store
        self.store = store
        self.mailer = mailer
        self.sniff = sniff
        self._handle_once = once(self._handle)

    def process(self, key: str, lambda_context: Any = None) -> str:
        if not key.startswith("inbound/"):
            return "ignored"
        return self._handle_once(lambda_context=lambda_context, mail={"key": key})

    def _handle(self, mail: dict[str, str]) -> str:
        domain = self.settings.relay_domain
        message = inbound.parse(self.store.read(mail["key"]))
        loop = inbound.loop_reason(message, domain)
        if loop:
            return f"dropped: {loop}"
        if message.malformed:
            return self._reject(message, "we could not read your email (it is not well-formed)")
        verdict = inbound.judge_verdicts(message, require_verdicts=not self.settings.is_local)
        if not verdict.ok:
            # Never answered: the From of unauthenticated mail may be forged (no backscatter).
            return f"dropped: {verdict.reason}"
        if self._is_unsubscribe(message):
            return self._unsubscribe(message)
        if self.relay.mail_handled(message.delivery_key):
            return "dropped: a redelivery of a mail already handled"
        target = self._target(message)
        if target is None:
            return self._reject(message, "this reply address is not valid (it may have been changed or revoked)")
        thread_id, user_id = target
        user = self.users.get(user_id)
        if user is None or message.sender is None or message.sender.lower() != user.email.lower():
            # Never say which address would have worked: that would reveal it.
            return self._reject(message, "it was sent from an address this conversation's alerts do not go to")
        reply = inbound.extract_reply(message)
        if reply.reason:
            return self._reject(message, "we found no new text above the quoted conversation")
        if len(reply.text) > BODY_MAX:
            return self._reject(message, f"it is longer than {BODY_MAX:,} characters")
        text = _scrub(reply.text, user.email, self.settings.relay_domain)
        check = inbound.judge_attachments(message.attachments, self.sniff)
        # The post and a "this mail was posted" marker commit together: a retry after the commit
        # (say the function died before its idempotency record was completed) finds the marker.
        posted = UnitOfWork()
        self.relay.stage_mail_posted(posted, message.delivery_key)
        try:
            attachment_ids = [self.files.store_received(user, a.filename, a.content_type, a.data) for a in check.kept]
            self.messaging.reply(user, thread_id, text, attachment_ids, via="email", within=posted)
        except MailAlreadyPosted:
            return "posted"  # a concurrent delivery of the same mail won the transaction
        except DomainError as exc:
            if self.relay.mail_handled(message.delivery_key):
                return "posted"  # a concurrent delivery of the same mail won the transaction
            return self._reject(message, exc.message)
        if check.dropped:
            self._notify(message, None, list(check.dropped))
        return "posted"

    def _is_unsubscribe(self, message: inbound.InboundMail) -> bool:
        """The List-Unsubscribe mailto: unsubscribe@<relay domain>, the signed token as subject."""
        wanted = f"unsubscribe@{self.settings.relay_domain}".lower()
        recipients = " ".join(message.header_all("To") + message.header_all("X-Envelope-To")).lower()
        return wanted in recipients

    def _unsubscribe(self, message: inbound.InboundMail) -> str:
        try:
            user_id = relay.user_from_unsubscribe_token(self.settings.signing_secret, message.subject.strip())
        except DomainError:
            return "dropped: unsubscribe with an invalid token"  # never answered: it may be forged
        self.users.update(user_id, notifications="never")
        return "unsubscribed"

    def _target(self, message: inbound.InboundMail) -> tuple[str, str] | None:
        """(thread, user) of the first genuine reply token the mail was sent to."""
        secret = self.settings.signing_secret
        # A mail can name any number of relay addresses: only the first few are looked up.
        for token in inbound.relay_tokens(message, self.settings.relay_domain)[:TOKENS_CHECKED]:
            token = token.lower()
            thread_id = relay.token_thread(token)
            if thread_id is not None:  # signed, nothing stored: its user is the participant it was made for
                thread = self.mail.get_thread(thread_id)
                owner = next((uid for uid in (thread.participant_ids() if thread else [])
                              if relay.token_matches(secret, token, thread_id, uid)), None)
                if owner is not None:
                    return thread_id, owner
            elif relay.is_stored_form(token):
                found = self.relay.resolve_token(token)
                if found and not found["revoked"] and relay.token_matches(
                        secret, token, found["thread_id"], found["user_id"]):
                    return found["thread_id"], found["user_id"]
        return self._target_from_headers(message)

    def _target_from_headers(self, message: inbound.InboundMail) -> tuple[str, str] | None:
        """Fallback when the address was mangled: our alert's Message-ID in In-Reply-To/References
        names the thread, and its token prefix must match the sender's own token for it (the reply
        then checks that the sender is in the thread)."""
        sender = self.users.find_by_email(message.sender) if message.sender else None
        if sender is None:
            return None
        for hint in inbound.thread_hints(message, self.settings.relay_domain):
            parsed = relay.parse_alert_message_id(hint)
            if parsed is None:
                continue
            thread_id, prefix = parsed
            expected = relay.relay_token(self.settings.signing_secret, thread_id, sender.user_id)
            if expected[: relay.ALERT_ID_TOKEN_CHARS] == prefix:
                return thread_id, sender.user_id
        return None

    def _reject(self, message: inbound.InboundMail, reason: str) -> str:
        if not self.relay.first_refusal(message.delivery_key):
            return "dropped: a redelivery of a mail already refused"
        self._notify(message, reason, [])
        return f"rejected: {reason}"

    def _notify(self, message: inbound.InboundMail, reason: str | None, dropped: list[str]) -> None:
        """One short explanation, never to automatic mail or a sender whose mail failed SPF/DMARC, at
        most one per sender in any 60 minutes. Failing to send it must not fail the mail's processing
        (that would post twice on retry)."""
        if not inbound.may_answer(message, self.settings.relay_domain) or message.sender is None:
            return
        try:
            if not self.relay.claim_notice_slot(message.sender, now_epoch(), NOTICE_WINDOW_SECONDS):
                return
            notice = compose_rejection(message.sender, reason or "", self.settings.relay_domain, message.subject,
                                       dropped)
            self.mailer.send(notice, source=f"no-reply@{self.settings.relay_domain}", to=message.sender)
            if self.settings.is_local:
                self.relay.record_sent(message.sender, str(notice["From"]), None, str(notice["Subject"]),
                                       notice.as_string())
        except Exception:  # the verdict stands; raising here would re-post the mail on the retry
            logger.exception("could not send the explanation for an inbound mail")
