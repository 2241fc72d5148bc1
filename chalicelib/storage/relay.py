"""Reply-address tokens and the local stage's outbox."""
from __future__ import annotations

import hashlib
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.clock import now_epoch, now_iso
from ..domain.ids import new_id
from .conditional import save_if
from .models import OutboxItem, RelayNoticeItem, RelayTokenItem
from .models.safety import RelayOfUserItem
from .unit_of_work import UnitOfWork

HANDLED_DAYS = 30  # how long a redelivered mail is recognised


def _expiry(seconds: int) -> int:
    return now_epoch() + seconds


class MailAlreadyPosted(Exception):
    """An inbound mail's reply was committed before (a redelivery)."""


class RelayRepository:
    def remember_token(self, token: str, thread_id: str, user_id: str) -> None:
        """The earlier, stored form of reply address (domain/relay.py `stored_token`): alerts no longer
        write these (today's addresses are signed), but those already handed out still resolve, so
        this stays to describe them (and to seed them in tests). Idempotent."""
        try:
            RelayTokenItem.get(f"RELAY#{token}", "META", attributes_to_get=["pk"])
            return
        except DoesNotExist:
            pass
        item = RelayTokenItem(f"RELAY#{token}", "META", thread_id=thread_id, user_id=user_id, created_at=now_iso())
        if not save_if(item, RelayTokenItem.pk.does_not_exist()):
            return
        # Filed under its user too, so a suspension finds every address to revoke.
        RelayOfUserItem(f"RELAYS#{user_id}", token, thread_id=thread_id).save()

    def resolve_token(self, token: str) -> dict[str, Any] | None:
        try:
            item = RelayTokenItem.get(f"RELAY#{token}", "META")
        except DoesNotExist:
            return None
        return {"thread_id": item.thread_id, "user_id": item.user_id, "revoked": bool(item.revoked)}

    def tokens_of(self, user_id: str, start: dict[str, Any] | None, limit: int
                  ) -> tuple[list[str], dict[str, Any] | None]:
        """A page of the reply-address tokens the user was given (one Query)."""
        result = RelayOfUserItem.query(f"RELAYS#{user_id}", limit=limit, page_size=limit, last_evaluated_key=start)
        tokens = [item.sk for item in result]
        return tokens, result.last_evaluated_key

    def revoke(self, tokens: list[str]) -> None:
        """Replies to these addresses are refused from now on (an explanation, never a post)."""
        for token in tokens:
            RelayTokenItem(f"RELAY#{token}", "META").update(actions=[RelayTokenItem.revoked.set(True)],
                                                            condition=RelayTokenItem.pk.exists())

    # One mail (by its domain `delivery_key`: sender + Message-ID) is handled once in 30 days, whichever
    # object a redelivery is stored as: `INBOUND#<delivery key>` holds POSTED (the reply is in its thread,
    # written in the reply's own transaction) or ANSWERED (it was refused, and explained at most once).
    def mail_handled(self, delivery_key: str) -> bool:
        """One Query on the mail's partition: either marker means a redelivery."""
        return any(True for _ in RelayNoticeItem.query(f"INBOUND#{delivery_key}", limit=1,
                                                       attributes_to_get=["pk"]))

    @staticmethod
    def stage_mail_posted(unit: UnitOfWork, delivery_key: str) -> None:
        """Part of the reply's transaction; fails it with MailAlreadyPosted if this mail was posted."""
        unit.save(RelayNoticeItem(f"INBOUND#{delivery_key}", "POSTED", expires_at_epoch=_expiry(HANDLED_DAYS * 86400)),
                  condition=RelayNoticeItem.pk.does_not_exist(), refused=MailAlreadyPosted)

    def first_refusal(self, delivery_key: str) -> bool:
        """Marks the mail refused; False when a delivery of it was refused (or posted) before."""
        item = RelayNoticeItem(f"INBOUND#{delivery_key}", "ANSWERED", expires_at_epoch=_expiry(HANDLED_DAYS * 86400))
        return save_if(item, RelayNoticeItem.pk.does_not_exist())

    def claim_notice_slot(self, address: str, now_epoch: int, window_seconds: int) -> bool:
        """At most one explanation per sender address in any `window_seconds` (a true sliding window, not a
        clock hour): one item per address holding when the last one went out, replaced only when that is
        at least a window ago. The condition reads the attribute, not the item's existence: TTL deletes late."""
        digest = hashlib.sha256(address.lower().encode()).hexdigest()[:32]  # no address in a key
        item = RelayNoticeItem(f"NOTICE#{digest}", "LAST", sent_at_epoch=now_epoch,
                               expires_at_epoch=now_epoch + 2 * window_seconds)
        return save_if(item, RelayNoticeItem.pk.does_not_exist()
                       | (RelayNoticeItem.sent_at_epoch <= now_epoch - window_seconds))

    def record_sent(self, to: str, sender: str, reply_to: str | None, subject: str, raw: str) -> None:
        OutboxItem("OUTBOX", f"{now_iso()}#{new_id('eml')}", to=to, sender=sender, reply_to=reply_to,
                   subject=subject, raw=raw).save()

    def outbox(self) -> list[dict[str, str]]:
        return [{"to": i.to, "from": i.sender, "reply_to": i.reply_to, "subject": i.subject, "raw": i.raw}
                for i in OutboxItem.query("OUTBOX", scan_index_forward=True)]
