"""The email relay: reply tokens, the local outbox, explanation notices, pending digests."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
)

from .base import BaseItem, _Meta


class RelayTokenItem(BaseItem):
    """pk RELAY#<token>, sk META: which thread and recipient a reply address stands for."""

    class Meta(_Meta):
        pass

    thread_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    revoked = BooleanAttribute(default=False)


class OutboxItem(BaseItem):
    """Local stage only: pk OUTBOX, sk <sent at>#<id>: every email sent, for GET /dev/outbox."""

    class Meta(_Meta):
        pass

    to = UnicodeAttribute()
    sender = UnicodeAttribute()
    reply_to = UnicodeAttribute(null=True)
    subject = UnicodeAttribute()
    raw = UnicodeAttribute()


class RelayNoticeItem(BaseItem):
    """pk NOTICE#<hash of a sender address>, sk LAST: when the last explanatory reply went out;
    pk INBOUND#<delivery key>, sk POSTED | ANSWERED: that mail was posted or refused (redelivery dedupe)."""

    class Meta(_Meta):
        pass

    expires_at_epoch = NumberAttribute()
    sent_at_epoch = NumberAttribute(null=True)


class DigestPendingItem(BaseItem):
    """pk DIGEST#<shard>, sk <user_id>: a sparse, sharded set of the users on "daily" who have
    something to be told, each with the draft of what their digest will say (`domain/digests.py`,
    as JSON: at most 10 threads in full). The daily run reads only these, never the users table."""

    class Meta(_Meta):
        pass

    marked_at = UnicodeAttribute()
    draft = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)
