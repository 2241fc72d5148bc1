"""Applications, their indexes, claims, role stats, due self-tapes, sweep marks."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from .base import BaseItem, _Meta, sparse_index

ApplicationsByTalentIndex = sparse_index(
    "ApplicationsByTalentIndex", "apps_by_talent", "apps_talent_pk", "apps_sk",
    "The talent's \"All\" tab: apps_talent_pk = <talent>, newest change first.")
ApplicationsByTabIndex = sparse_index(
    "ApplicationsByTabIndex", "apps_by_tab", "apps_tab_pk", "apps_sk",
    "One tab of the talent's list: apps_tab_pk = <talent>#<tab>, newest change first.")
ApplicationsByRoleIndex = sparse_index(
    "ApplicationsByRoleIndex", "apps_by_role", "apps_production_pk", "apps_role_sk",
    "The application manager: apps_production_pk = <production> for submissions (and <production>#private "
    "for invitations, drafts and withdrawn ones, which only the expiry sweep reads); "
    "apps_role_sk = <role>#<submitted at>#<application>.")
ApplicationsByScoreIndex = sparse_index(
    "ApplicationsByScoreIndex", "apps_by_score", "apps_production_pk", "apps_score_sk",
    "The manager sorted by profile completeness: apps_score_sk = <role>#<score>#<submitted at>#<id>.")


class ApplicationItem(BaseItem):
    """pk APP#<application_id>, sk META: one talent's application to one role."""

    class Meta(_Meta):
        pass

    application_id = UnicodeAttribute()
    talent_id = UnicodeAttribute()
    talent_name = UnicodeAttribute()
    production_id = UnicodeAttribute()
    production_name = UnicodeAttribute()
    role_id = UnicodeAttribute()
    role_name = UnicodeAttribute()
    status = UnicodeAttribute()
    note = UnicodeAttribute(default="")
    media_json = UnicodeAttribute(default="[]")
    archived = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    viewed_at = UnicodeAttribute(null=True)
    invited_by = UnicodeAttribute(null=True)
    invited_at = UnicodeAttribute(null=True)
    invitation_message = UnicodeAttribute(null=True)
    invitation_thread_id = UnicodeAttribute(null=True)
    audition_json = UnicodeAttribute(null=True)
    completeness = NumberAttribute(default=0)
    version = VersionAttribute()

    apps_talent_pk = UnicodeAttribute()
    apps_tab_pk = UnicodeAttribute()
    apps_sk = UnicodeAttribute()
    apps_production_pk = UnicodeAttribute()
    apps_role_sk = UnicodeAttribute()
    apps_score_sk = UnicodeAttribute()

    by_talent = ApplicationsByTalentIndex()
    by_tab = ApplicationsByTabIndex()
    by_role = ApplicationsByRoleIndex()
    by_score = ApplicationsByScoreIndex()


class AppliedItem(BaseItem):
    """pk USER#<talent>, sk APPLIED#<role_id>: one application per talent and role."""

    class Meta(_Meta):
        pass

    application_id = UnicodeAttribute()


class RoleStatsItem(BaseItem):
    """pk PROD#<production_id>, sk ROLE#<role_id>: submissions to a role, and how many casting has
    not opened yet; changed in the transaction that changes an application."""

    class Meta(_Meta):
        pass

    role_id = UnicodeAttribute()
    submitted = NumberAttribute(default=0)
    unviewed = NumberAttribute(default=0)
    last_submitted_at = UnicodeAttribute(null=True)


class AuditionDueItem(BaseItem):
    """pk AUDITIONS_DUE#<date>, sk <due at>#<application_id>: self-tape requests due that day, for
    the hourly sweep that marks unanswered ones missed (TTL a month after)."""

    class Meta(_Meta):
        pass

    expires_at_epoch = NumberAttribute()


class SweepMarkItem(BaseItem):
    """pk SWEEP#<sweep name>, sk WATERMARK: the sort key of the last due entry that sweep handled
    (storage/sweeps.py)."""

    class Meta(_Meta):
        pass

    through = UnicodeAttribute()
