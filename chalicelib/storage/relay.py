"""Reply-address tokens and the local stage's outbox."""
from __future__ import annotations

import hashlib
import time
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError

from ..domain.clock import now_iso
from ..domain.ids import new_id
from .models import OutboxItem, RelayNoticeItem, RelayTokenItem


class RelayRepository:
    def remember_token(self, token: str, thread_id: str, user_id: str) -> None:
        """Idempotent: the token is derived from (thread, user), so a second put changes nothing."""
        item = RelayTokenItem(f"RELAY#{token}", "META", thread_id=thread_id, user_id=user_id, created_at=now_iso())
        try:
            item.save(condition=RelayTokenItem.pk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise

    def resolve_token(self, token: str) -> dict[str, Any] | None:
        try:
            item = RelayTokenItem.get(f"RELAY#{token}", "META")
        except DoesNotExist:
            return None
        return {"thread_id": item.thread_id, "user_id": item.user_id, "revoked": bool(item.revoked)}

    def mail_posted(self, key: str) -> bool:
        try:
            RelayNoticeItem.get(f"INBOUND#{key}", "POSTED")
        except DoesNotExist:
            return False
        return True

    @staticmethod
    def mark_mail_posted_in(tx: Any, key: str) -> None:
        """Part of the reply's transaction; fails it if this mail was posted already."""
        tx.save(RelayNoticeItem(f"INBOUND#{key}", "POSTED", expires_at_epoch=int(time.time()) + 30 * 86400),
                condition=RelayNoticeItem.pk.does_not_exist())

    def first_notice_this_hour(self, address: str, hour: str, expires_at_epoch: int) -> bool:
        """At most one explanatory reply per sender address per hour (a conditional put)."""
        digest = hashlib.sha256(address.lower().encode()).hexdigest()[:32]  # no address in a key
        item = RelayNoticeItem(f"NOTICE#{digest}", hour, expires_at_epoch=expires_at_epoch)
        try:
            item.save(condition=RelayNoticeItem.pk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def record_sent(self, to: str, sender: str, reply_to: str | None, subject: str, raw: str) -> None:
        OutboxItem("OUTBOX", f"{now_iso()}#{new_id('eml')}", to=to, sender=sender, reply_to=reply_to,
                   subject=subject, raw=raw).save()

    def outbox(self) -> list[dict[str, str]]:
        return [{"to": i.to, "from": i.sender, "reply_to": i.reply_to, "subject": i.subject, "raw": i.raw}
                for i in OutboxItem.query("OUTBOX", scan_index_forward=True)]
