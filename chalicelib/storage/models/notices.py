"""Casting notices: productions, memberships, listings."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from .base import BaseItem, QueueIndex, _Meta


class ProductionItem(BaseItem):
    """pk PROD#<production_id>, sk META: the notice as posted, its vetting state and findings."""

    class Meta(_Meta):
        pass

    production_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    collaborator_ids = ListAttribute(of=UnicodeAttribute, default=list)
    status = UnicodeAttribute(default="draft")
    notice_json = UnicodeAttribute()  # the validated body (API.md fields), as JSON
    findings_json = UnicodeAttribute(default="[]")
    paid_tag = BooleanAttribute(default=False)
    student_badge = BooleanAttribute(default=False)
    open_reports = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    published_at = UnicodeAttribute(null=True)
    decided_reason = UnicodeAttribute(null=True)
    queue_pk = UnicodeAttribute(null=True)  # NOTICES#pending_review or NOTICES#reported
    queue_sk = UnicodeAttribute(null=True)  # <queued at>#<production_id>
    version = VersionAttribute()

    by_queue = QueueIndex()

    @staticmethod
    def key(production_id: str) -> tuple[str, str]:
        return f"PROD#{production_id}", "META"

    @classmethod
    def is_key(cls, pk: str, sk: str) -> bool:
        pk_prefix, meta = cls.key("")
        return pk.startswith(pk_prefix) and sk == meta

    @staticmethod
    def queue_partition(name: str) -> str:
        return f"NOTICES#{name}"

    @classmethod
    def queue_keys(cls, production_id: str, queue: str | None, since: str | None) -> tuple[str | None, str | None]:
        """The sparse `queue` index keys: set only while the notice waits in an editors' queue."""
        if not queue:
            return None, None
        return cls.queue_partition(queue), f"{since or ''}#{production_id}"

    @classmethod
    def queue_of(cls, item: ProductionItem) -> tuple[str | None, str | None]:
        """(queue name, since when) back from the index keys."""
        if not item.queue_pk:
            return None, None
        return item.queue_pk.removeprefix(cls.queue_partition("")), (item.queue_sk or "").rsplit("#", 1)[0] or None


class ProductionMemberItem(BaseItem):
    """pk USER#<user_id>, sk PROD#<production_id>: productions a casting user owns or helps cast."""

    class Meta(_Meta):
        pass

    production_id = UnicodeAttribute()
    role = UnicodeAttribute()  # owner | collaborator
    added_at = UnicodeAttribute()
    # The production as the casting dashboard shows it (domain ProductionSummary, as JSON), written
    # with every save of the production: the dashboard reads these, never the notice bodies.
    summary_json = UnicodeAttribute(null=True)

    @staticmethod
    def sk_of(production_id: str) -> str:
        return f"PROD#{production_id}"


class ListingItem(BaseItem):
    """pk LISTING#<country>#<state>#<job type or *>[#<union status>][#paid|#unpaid], sk <published
    at>#<production_id>: the public search, one Query per page. Each published notice is listed
    under its type and under *, and each of those again under its union status, its pay and both,
    so the union and paid filters are partitions, not filters. Carries the summary non-subscribers
    may see, so a page needs no further reads."""

    class Meta(_Meta):
        pass

    production_id = UnicodeAttribute()
    summary_json = UnicodeAttribute()
    union_status = UnicodeAttribute()
    paid_tag = BooleanAttribute()
    search_text = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    expires_at_epoch = NumberAttribute(null=True)  # the table's TTL: expired listings disappear

    @staticmethod
    def state_partition(country: str, state: str, job_type: str = "*") -> str:
        """Notices based in one state/province ("*": anywhere) of one job type ("*": any)."""
        return f"LISTING#{country}#{state}#{job_type}"

    @staticmethod
    def remote_partition(job_type: str = "*") -> str:
        """Remote notices, wherever they are based, of one job type ("*": any)."""
        return f"LISTING#REMOTE#*#{job_type}"

    @staticmethod
    def faceted(partition: str, union_status: str | None, paid: bool | None) -> str:
        """The partition narrowed to one union status and/or pay (None: either)."""
        if union_status:
            partition += f"#{union_status}"
        if paid is not None:
            partition += "#paid" if paid else "#unpaid"
        return partition

    @classmethod
    def partitions(cls, country: str, state: str, job_type: str, remote: bool = False,
                   union_status: str = "", paid: bool = False) -> list[str]:
        """Every search a published notice answers: by state and type, state only, type only, any;
        a remote notice also remote and type, remote only; each of them also narrowed to the
        notice's union status, to its pay, and to both."""
        keys = [cls.state_partition(country, state, job_type), cls.state_partition(country, state),
                cls.state_partition("*", "*", job_type), cls.state_partition("*", "*")]
        if remote:
            keys += [cls.remote_partition(job_type), cls.remote_partition()]
        unions = [None, union_status] if union_status else [None]
        return [cls.faceted(key, union, pay) for key in keys for union in unions for pay in (None, paid)]

    @staticmethod
    def position(published_at: str, production_id: str) -> str:
        """The sort key: newest published first in a descending Query."""
        return f"{published_at}#{production_id}"

    @staticmethod
    def expiry_partition(day: str) -> str:
        """Production ids filed under their expiry date (YYYY-MM-DD), sort key `<expires at>#<id>`,
        for the hourly sweep."""
        return f"EXPIRES#{day}"
