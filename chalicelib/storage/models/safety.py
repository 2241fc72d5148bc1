"""Items of the safety layer (docs/SAFETY.md, docs/ARCHITECTURE.md): limit counters, who wrote to
whom, reports, moderation cases and their history. Same table as everything else."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute

from .base import BaseItem, QueueIndex, _Meta


class LimitCounterItem(BaseItem):
    """pk LIMIT#<user>#<limit>#<window>, sk LIMIT: how much of a limit the user used in one fixed
    window. Changed only by an atomic conditional ADD; TTL'd after its window."""

    class Meta(_Meta):
        pass

    hits = NumberAttribute(null=True)
    expires_at_epoch = NumberAttribute(null=True)


class ColdMarkItem(BaseItem):
    """pk COLD#<sender>#<day>, sk <recipient>: the sender started a cold conversation with this
    person that day (each person counts once a day). TTL'd after the day."""

    class Meta(_Meta):
        pass

    expires_at_epoch = NumberAttribute(null=True)


class ContactItem(BaseItem):
    """pk CONTACT#<reader>, sk <writer>: the writer has had a message delivered to the reader.
    "Has R ever written to S" is one GetItem of (CONTACT#S, R)."""

    class Meta(_Meta):
        pass

    first_at = UnicodeAttribute(null=True)

    @staticmethod
    def key(reader_id: str, writer_id: str) -> tuple[str, str]:
        return f"CONTACT#{reader_id}", writer_id


class CaseItem(BaseItem):
    """pk CASE#<kind>#<target>, sk CASE: what editors see of one reported or held target. While
    open it is in the queue index (queue_pk MODERATION#open, queue_sk orders by urgency)."""

    class Meta(_Meta):
        pass

    kind = UnicodeAttribute()
    target_id = UnicodeAttribute()
    status = UnicodeAttribute(null=True)  # open | closed
    reporters = NumberAttribute(null=True)  # distinct reporters since the last decision
    categories = ListAttribute(of=UnicodeAttribute, null=True)
    reasons = ListAttribute(of=UnicodeAttribute, null=True)
    held = BooleanAttribute(null=True)
    severity = NumberAttribute(null=True)
    subject_user_id = UnicodeAttribute(null=True)  # whose message, notice or account it is
    context_json = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    queue_pk = UnicodeAttribute(null=True)
    queue_sk = UnicodeAttribute(null=True)
    revision = NumberAttribute(null=True)  # added to by every change: guards the queue key's refresh

    by_queue = QueueIndex()


class ReporterItem(BaseItem):
    """pk CASE#<kind>#<target>, sk REPORTER#<reporter>: one person's report of one target. Created
    once (a conditional put): a repeat finds it and counts nothing."""

    class Meta(_Meta):
        pass

    report_id = UnicodeAttribute()
    category = UnicodeAttribute()
    reason = UnicodeAttribute()
    created_at = UnicodeAttribute()


class HistoryItem(BaseItem):
    """pk CASE#<kind>#<target>, sk EVENT#<at>#<id>: a report, hold, vetting run or decision on the
    target, oldest first in a Query."""

    class Meta(_Meta):
        pass

    event = UnicodeAttribute()
    at = UnicodeAttribute()
    actor_id = UnicodeAttribute(null=True)
    actor_name = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    detail_json = UnicodeAttribute(null=True)


class RelayOfUserItem(BaseItem):
    """pk RELAYS#<user>, sk <token>: the reply addresses a user was given, so a suspension can
    revoke them all (one Query, not a Scan)."""

    class Meta(_Meta):
        pass

    thread_id = UnicodeAttribute()


SAFETY_MODELS: tuple[type[BaseItem], ...] = (
    LimitCounterItem, ColdMarkItem, ContactItem, CaseItem, ReporterItem, HistoryItem, RelayOfUserItem)
