"""Applications: the item itself, the one-per-role claim, and the counters that change with it.

Every change is one TransactWrite: the application (guarded by its version), the talent's tab
counters and the role's submission counters. Lists are Queries on the four
application indexes (infra/template.json): the talent's "All" and per-tab lists, and the
application manager per production and role, newest first or by profile completeness.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.applications import Application, Audition, MediaRef, role_count_changes, talent_count_changes
from .models import ApplicationItem, AppliedItem, AuditionDueItem, CounterItem, RoleStatsItem
from .sweeps import DueEntries, SweepMarks, due_key
from .unit_of_work import UnitOfWork
from .users import user_key

META = "META"


def audition_due_partition(day: str) -> str:
    """Self-tape requests due that day (YYYY-MM-DD), sort key `<due at>#<application id>`."""
    return f"AUDITIONS_DUE#{day}"
PRIVATE = "#private"  # suffix of the production partition for what casting does not see


class AlreadyApplied(Exception):
    """The talent already has an application (or invitation) for this role."""


def application_key(application_id: str) -> tuple[str, str]:
    return f"APP#{application_id}", META


def _media(raw: str | None) -> tuple[MediaRef, ...]:
    return tuple(MediaRef(**m) for m in json.loads(raw or "[]"))


def _audition(raw: str | None) -> Audition | None:
    if not raw:
        return None
    data = json.loads(raw)
    media = data.pop("media", None)
    return Audition(**data, media=MediaRef(**media) if media else None)


def _to_app(item: ApplicationItem) -> Application:
    return Application(
        application_id=item.application_id, talent_id=item.talent_id, talent_name=item.talent_name,
        production_id=item.production_id, production_name=item.production_name, role_id=item.role_id,
        role_name=item.role_name, status=item.status, created_at=item.created_at, updated_at=item.updated_at,
        note=item.note or "", media=_media(item.media_json), archived=bool(item.archived),
        submitted_at=item.submitted_at, viewed_at=item.viewed_at, invited_by=item.invited_by,
        invited_at=item.invited_at, invitation_message=item.invitation_message,
        invitation_thread_id=item.invitation_thread_id, audition=_audition(item.audition_json),
        completeness=int(item.completeness or 0), version=item.version,
    )


def _to_item(app: Application) -> ApplicationItem:
    sort = f"{app.updated_at}#{app.application_id}"
    submitted = app.submitted_at or app.created_at
    audition = None
    if app.audition is not None:
        audition = app.audition.to_dict()
        audition["media"] = app.audition.media.to_dict() if app.audition.media else None
    item = ApplicationItem(
        *application_key(app.application_id),
        application_id=app.application_id, talent_id=app.talent_id, talent_name=app.talent_name,
        production_id=app.production_id, production_name=app.production_name, role_id=app.role_id,
        role_name=app.role_name, status=app.status, note=app.note,
        media_json=json.dumps([m.to_dict() for m in app.media]), archived=app.archived,
        created_at=app.created_at, updated_at=app.updated_at, submitted_at=app.submitted_at,
        viewed_at=app.viewed_at, invited_by=app.invited_by, invited_at=app.invited_at,
        invitation_message=app.invitation_message, invitation_thread_id=app.invitation_thread_id,
        audition_json=json.dumps(audition) if audition else None, completeness=app.completeness,
        apps_talent_pk=app.talent_id, apps_tab_pk=f"{app.talent_id}#{app.tab}", apps_sk=sort,
        apps_production_pk=app.production_id + ("" if app.visible_to_casting else PRIVATE),
        apps_role_sk=f"{app.role_id}#{submitted}#{app.application_id}",
        apps_score_sk=f"{app.role_id}#{app.completeness}#{submitted}#{app.application_id}",
    )
    if app.version is not None:
        item.version = app.version
    return item


def _position(item: ApplicationItem, index: str) -> dict[str, Any]:
    keys = {"pk": item.pk, "sk": item.sk}
    keys.update({
        "talent": {"apps_talent_pk": item.apps_talent_pk, "apps_sk": item.apps_sk},
        "tab": {"apps_tab_pk": item.apps_tab_pk, "apps_sk": item.apps_sk},
        "role": {"apps_production_pk": item.apps_production_pk, "apps_role_sk": item.apps_role_sk},
        "score": {"apps_production_pk": item.apps_production_pk, "apps_score_sk": item.apps_score_sk},
    }[index])
    return {name: {"S": value} for name, value in keys.items()}


def _page(result: Any, limit: int, index: str) -> tuple[list[Application], dict[str, Any] | None]:
    items = list(result)
    position = _position(items[limit - 1], index) if len(items) > limit else None
    return [_to_app(i) for i in items[:limit]], position


class ApplicationRepository:
    def get(self, application_id: str) -> Application | None:
        try:
            return _to_app(ApplicationItem.get(*application_key(application_id), consistent_read=True))
        except DoesNotExist:
            return None

    def id_for_role(self, talent_id: str, role_id: str) -> str | None:
        """The talent's application to this role, if any (one per talent and role)."""
        try:
            return AppliedItem.get(user_key(talent_id), f"APPLIED#{role_id}", consistent_read=True).application_id
        except DoesNotExist:
            return None

    def ids_for_roles(self, talent_id: str, role_ids: list[str]) -> dict[str, str]:
        """The talent's applications (or invitations) to any of these roles: BatchGet of the claims."""
        keys = [(user_key(talent_id), f"APPLIED#{role_id}") for role_id in dict.fromkeys(role_ids) if role_id]
        return {item.sk.removeprefix("APPLIED#"): item.application_id for item in AppliedItem.batch_get(keys)}

    def statuses_for_roles(self, talent_id: str, role_ids: list[str]) -> dict[str, dict[str, str]]:
        """The talent's application (or invitation) to each of these roles with its status
        ({role_id: {"application_id", "status"}}): a BatchGet of the claims, then one of the
        applications they name (a page of matched roles is at most 100)."""
        ids = self.ids_for_roles(talent_id, role_ids)
        keys = [application_key(app_id) for app_id in dict.fromkeys(ids.values())]
        found = {app.application_id: app for app in map(_to_app, ApplicationItem.batch_get(keys))}
        return {role_id: {"application_id": app_id, "status": found[app_id].status if app_id in found else "draft"}
                for role_id, app_id in ids.items()}

    def create(self, app: Application) -> Application:
        """Raises AlreadyApplied when the talent already has an application to this role, and
        ConcurrentChange when another transaction touched a shared item (the talent's counters,
        the role's stats) at the same moment: the caller tries again."""
        item = _to_item(app)
        unit = UnitOfWork()
        unit.save(item)
        unit.save(AppliedItem(user_key(app.talent_id), f"APPLIED#{app.role_id}", application_id=app.application_id),
                  condition=AppliedItem.pk.does_not_exist(), refused=AlreadyApplied)
        self._stage_counters(unit, None, app)
        unit.commit()
        return _to_app(item)

    def undo_create(self, app: Application) -> None:
        """Takes back an application created a moment ago (its invitation message failed), if it
        is still as created (its version)."""
        item = ApplicationItem(*application_key(app.application_id))
        item.version = app.version
        unit = UnitOfWork()
        unit.delete(item)
        unit.delete(AppliedItem(user_key(app.talent_id), f"APPLIED#{app.role_id}"))
        self._stage_counters(unit, app, None)
        unit.commit()

    def save(self, before: Application, after: Application) -> Application:
        """Writes `after` if the stored application is still `before` (its version), with the
        counters; raises ConcurrentChange otherwise. Returns `after` with its new version."""
        item = _to_item(replace(after, version=before.version))
        audition = after.audition
        newly_requested = audition is not None and audition.status == "requested" and (
            before.audition is None or before.audition.requested_at != audition.requested_at)
        unit = UnitOfWork()
        unit.save(item)
        self._stage_counters(unit, before, after)
        if newly_requested and audition is not None:
            due = datetime.fromisoformat(audition.due_at.replace("Z", "+00:00"))
            unit.save(AuditionDueItem(audition_due_partition(audition.due_at[:10]),
                                      due_key(audition.due_at, after.application_id),
                                      expires_at_epoch=int(due.timestamp()) + 30 * 86_400))
        unit.commit()
        return _to_app(item)

    @staticmethod
    def _stage_counters(unit: UnitOfWork, before: Application | None, after: Application | None) -> None:
        talent = (after or before)
        assert talent is not None
        tab_changes = talent_count_changes(before, after)
        if tab_changes:
            actions = [getattr(CounterItem, f"apps_{name}").add(delta) for name, delta in tab_changes.items()]
            unit.update(CounterItem(user_key(talent.talent_id), "COUNTERS"), actions=actions)
        role_changes = role_count_changes(before, after)
        if role_changes:
            actions = [getattr(RoleStatsItem, name).add(delta) for name, delta in role_changes.items()]
            actions.append(RoleStatsItem.role_id.set(talent.role_id))
            if role_changes.get("submitted", 0) > 0 and after is not None and after.submitted_at:
                actions.append(RoleStatsItem.last_submitted_at.set(after.submitted_at))
            unit.update(RoleStatsItem(f"PROD#{talent.production_id}", f"ROLE#{talent.role_id}"), actions=actions)

    # -- lists -----------------------------------------------------------------------------------
    def list_for_talent(self, talent_id: str, tab: str, start: dict[str, Any] | None, limit: int
                        ) -> tuple[list[Application], dict[str, Any] | None]:
        if tab == "all":
            result = ApplicationItem.by_talent.query(talent_id, scan_index_forward=False, limit=limit + 1,
                                                     page_size=limit + 1, last_evaluated_key=start)
            return _page(result, limit, "talent")
        result = ApplicationItem.by_tab.query(f"{talent_id}#{tab}", scan_index_forward=False, limit=limit + 1,
                                              page_size=limit + 1, last_evaluated_key=start)
        return _page(result, limit, "tab")

    def list_for_manager(self, production_id: str, role_id: str | None, by_completeness: bool,
                         start: dict[str, Any] | None, limit: int) -> tuple[list[Application], dict[str, Any] | None]:
        index = ApplicationItem.by_score if by_completeness else ApplicationItem.by_role
        sort_key = ApplicationItem.apps_score_sk if by_completeness else ApplicationItem.apps_role_sk
        condition = sort_key.startswith(f"{role_id}#") if role_id else None
        result = index.query(production_id, condition, scan_index_forward=False, limit=limit + 1,
                             page_size=limit + 1, last_evaluated_key=start)
        return _page(result, limit, "score" if by_completeness else "role")

    def page_of_production(self, production_id: str, private: bool, start: dict[str, Any] | None, limit: int
                           ) -> tuple[list[Application], dict[str, Any] | None]:
        """Every application of a production, a page at a time (the expiry sweep)."""
        partition = production_id + (PRIVATE if private else "")
        result = ApplicationItem.by_role.query(partition, limit=limit + 1, page_size=limit + 1,
                                               last_evaluated_key=start)
        return _page(result, limit, "role")

    # -- counters --------------------------------------------------------------------------------
    def role_stats_of(self, roles: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
        """Submission counters of many roles, by (production id, role id): one BatchGet by key.
        Every role asked is answered (zeros for a role nobody has applied to)."""
        keys = [(f"PROD#{production_id}", f"ROLE#{role_id}") for production_id, role_id in dict.fromkeys(roles)]
        stats = {role_id: {"submitted": 0, "unviewed": 0, "last_submitted_at": None} for _, role_id in roles}
        for item in RoleStatsItem.batch_get(keys):
            stats[item.role_id] = {"submitted": max(0, int(item.submitted or 0)),
                                   "unviewed": max(0, int(item.unviewed or 0)),
                                   "last_submitted_at": item.last_submitted_at}
        return stats

    def auditions_due(self, after: str | None, now: str) -> DueEntries:
        """Self-tape requests that fell due after the watermark `after`, up to `now` (storage/sweeps.py)."""
        return SweepMarks().due_since(AuditionDueItem, audition_due_partition, after, now)

    def get_many(self, application_ids: list[str]) -> dict[str, Application]:
        """BatchGet by id (the sweep reads its due applications a hundred at a time)."""
        keys = [application_key(a) for a in dict.fromkeys(application_ids)]
        return {item.application_id: _to_app(item) for item in ApplicationItem.batch_get(keys)}
