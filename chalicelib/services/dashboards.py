"""The talent and casting dashboards (SPEC.md section 8): one request each, built from counters
kept in the same transactions as what they count, plus a few bounded reads. Nothing here grows
with the size of a mailbox, a locker or an application history."""
from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from ..domain.applications import LIST_TABS, tab_counts
from ..domain.errors import Forbidden
from ..domain.users import User
from ..storage.applications import ApplicationRepository
from ..storage.notices import NoticeRepository
from ..storage.users import UserRepository

RECENT_MESSAGES = 5
CASTING_PRODUCTIONS = 20  # the newest productions; the rest are a page away (GET /me/productions)
MEDIA_KINDS = ("photo", "video", "audio", "document")


@functools.cache
def _pool() -> ThreadPoolExecutor:
    """Threads for side-by-side reads, made on first use and kept by the warm process."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="dashboard")


class Profiles(Protocol):
    def dashboard(self, user: User) -> dict[str, Any]: ...


class Messaging(Protocol):
    def list_threads(self, user: User, folder: str, q: str | None, unread_only: bool, cursor: str | None,
                     limit: int) -> dict[str, Any]: ...


class DashboardService:
    def __init__(self, users: UserRepository, applications: ApplicationRepository, notices: NoticeRepository,
                 messaging: Messaging, profiles: Profiles) -> None:
        self.users = users
        self.apps = applications
        self.notices = notices
        self.messaging = messaging
        self.profiles = profiles

    def talent(self, user: User) -> dict[str, Any]:
        if user.role != "talent":
            raise Forbidden("the talent dashboard is for talent accounts", code="not_talent")
        # Independent reads, side by side: the slowest one sets the latency, not their sum.
        pool = _pool()
        counters = pool.submit(self.users.counters, user.user_id)
        recent = pool.submit(self.messaging.list_threads, user, "inbox", None, False, None, RECENT_MESSAGES)
        profile = pool.submit(self.profiles.dashboard, user)
        counts, parts = counters.result(), profile.result()
        tabs = tab_counts(counts)
        return {
            "at_a_glance": {
                "new_messages": counts.get("unread_threads", 0),
                "new_invitations": tabs["invites"],
                "audition_requests": tabs["awaiting"],
                "draft_applications": tabs["drafts"],
                "new_roles_matched": parts["new_roles_matched"],
            },
            "applications": {tab: tabs[tab] for tab in LIST_TABS},
            "profile_score": parts["profile_score"],
            "recent_messages": recent.result()["items"],
            # Verified items only: an upload still being checked, or refused, is not in the locker yet.
            "media_locker": {kind: int(parts["media_ready"].get(kind, 0)) for kind in MEDIA_KINDS},
            "recently_viewed": parts["recently_viewed"],
        }

    def casting(self, user: User) -> dict[str, Any]:
        if user.role != "casting":
            raise Forbidden("the casting dashboard is for casting accounts", code="not_casting")
        pool = _pool()
        counters = pool.submit(self.users.counters, user.user_id)
        # Summaries kept on the memberships: no notice body (up to ~100 KB each) is read.
        ordered = self.notices.summaries_of(user.user_id, CASTING_PRODUCTIONS)
        roles = [(p.production_id, role_id) for p in ordered for role_id, _ in p.roles]
        people = {c for p in ordered for c in p.members}
        stats = pool.submit(self.apps.role_stats_of, roles)
        names = pool.submit(self.users.get_many, sorted(people))
        stats_by_role, users = stats.result(), names.result()
        productions = []
        for production in ordered:
            role_rows = [{"role_id": role_id, "name": name, **stats_by_role[role_id]}
                         for role_id, name in production.roles]
            productions.append({
                "production_id": production.production_id, "name": production.name,
                "status": production.status, "findings": list(production.findings), "paid_tag": production.paid_tag,
                "updated_at": production.updated_at, "expires_at": production.expires_at,
                "owner": production.owner_id == user.user_id,
                "collaborators": [users[c].public() for c in production.collaborator_ids if c in users],
                "roles": role_rows,
                "new_submissions": sum(r["unviewed"] for r in role_rows),
            })
        return {"productions": productions,
                "unread_messages": counters.result().get("unread_threads", 0),
                "new_submissions": sum(p["new_submissions"] for p in productions)}
