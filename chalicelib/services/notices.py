"""Casting notices: post, edit, submit for vetting, editors' review, publication, public search,
reports and suspension (SPEC.md section 6). The rules themselves live in domain/notices.py."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..domain import notices as vetting
from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleBroken
from ..domain.ids import new_id
from ..domain.productions import PENDING_REVIEW, REPORTED, Listing, Production, with_role_ids
from ..domain.search import query_tokens, tokenize
from ..domain.users import User
from ..domain.wages import region_code
from ..storage.notices import NoticeRepository
from ..storage.sweeps import SweepMarks, entity_of
from ..storage.unit_of_work import ConcurrentChange, retry_on_conflict
from ..storage.users import UserRepository
from .sweeps import run_sweep

log = logging.getLogger(__name__)
HIDE_AT_REPORTS = 3
EXPIRY_BATCH = 100  # productions read per BatchGet by the expiry sweep
# What anyone may see before subscribing: enough to judge a call before applying blind (who is
# casting, where, when, union, whether it pays, whether it involves nudity or charges a fee); the
# description, pay details and each role's details are for subscribers.
SUMMARY_FIELDS = ("name", "company", "job_type", "category", "location", "union", "starts_on", "ends_on",
                  "expires_at", "nudity")


class NoticeService:
    def __init__(self, notices: NoticeRepository, users: UserRepository, messaging: Any, secret: str,
                 sweeps: SweepMarks | None = None) -> None:
        self.notices = notices
        self.sweeps = sweeps or SweepMarks()
        self.users = users
        self.messaging = messaging
        self.secret = secret
        # Refuses (429) past the day's number of new productions (services/action_limits.py; set by the container).
        self.limit_new_production: Callable[[User], None] | None = None
        # (user id, notice summary) -> remembers a signed-in user's view (set by the container).
        self.record_view: Callable[[str, dict[str, Any]], object] | None = None
        # (talent id, role ids) -> {role id: application id} (set by the container).
        self.applied_roles: Callable[[str, list[str]], dict[str, str]] | None = None
        # (production id, event, actor, reason, detail) -> recorded in the notice's history, which
        # editors read with its reports and decisions (services/moderation.py; set by the container).
        self.review_log: Callable[[str, str, User | None, str | None, dict[str, Any] | None], None] | None = None

    # -- posting ---------------------------------------------------------------------------
    def create(self, user: User, body: dict[str, Any]) -> dict[str, Any]:
        if user.role != "casting":
            raise Forbidden("only casting accounts can post notices", code="not_casting")
        user.ensure_can_send()
        notice = vetting.parse_notice(body)
        if self.limit_new_production is not None:  # after every check that needs no count
            self.limit_new_production(user)
        production_id = new_id("prd")
        now = now_iso()
        production = Production(production_id=production_id, owner_id=user.user_id,
                                notice=with_role_ids(production_id, notice.to_dict(), body.get("roles")),
                                created_at=now, updated_at=now)
        self.notices.create(production)
        return self._own_view(self.notices.get(production_id) or production)

    def get_own(self, user: User, production_id: str) -> dict[str, Any]:
        production = self.notices.get(production_id)
        if production is None or not (production.is_member(user.user_id) or user.role == "editor"):
            raise NotFound("notice not found", code="notice_not_found")
        return self._own_view(production)

    def update(self, user: User, production_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        user.ensure_active("editing a notice")
        production = self._editable(user, production_id)
        notice = vetting.parse_notice({**production.notice, **changes})
        given = changes["roles"] if "roles" in changes else production.roles
        production = self._save(production.changed(
            notice=with_role_ids(production_id, notice.to_dict(), given), status="draft", findings=(),
            updated_at=now_iso(), review_queue=None, queued_at=None))
        return self._own_view(production)

    def submit(self, user: User, production_id: str) -> dict[str, Any]:
        user.ensure_active("submitting a notice")  # a collaborator's own account too, not only the owner's
        production = self._editable(user, production_id)
        owner = self.users.get(production.owner_id)
        if owner is None or owner.suspended:
            raise Forbidden("a suspended account cannot post notices", code="suspended")
        notice = vetting.parse_notice(production.notice)
        poster = vetting.Poster(user_id=owner.user_id, email=owner.email, email_verified=True,
                                third_party_approved=owner.third_party_approved,
                                open_non_casting_count=self._open_non_casting(owner.user_id, production_id))
        result = vetting.vet(notice, poster)
        now = now_iso()
        waiting = result.status == PENDING_REVIEW
        self._save(production.changed(
            status=result.status, findings=tuple(f.to_dict() for f in result.findings), paid_tag=result.paid_tag,
            student_badge=result.student_badge, submitted_at=now, updated_at=now,
            review_queue=PENDING_REVIEW if waiting else None, queued_at=now if waiting else None))
        if self.review_log is not None:
            self.review_log(production_id, "vetted", user, None, result.to_dict())
        return {"production_id": production_id, **result.to_dict()}

    def add_collaborator(self, user: User, production_id: str, collaborator_id: str) -> dict[str, Any]:
        production = self._member_production(user, production_id)
        if production.owner_id != user.user_id:
            raise Forbidden("only the notice's owner can add collaborators", code="not_owner")
        user.ensure_active("adding collaborators")
        other = self.users.get(collaborator_id)
        if other is None or other.role != "casting":
            raise NotFound("no casting user with that id", code="user_not_found")
        if not production.is_member(collaborator_id):
            production.ensure_room_for_collaborator()
            production = self._save(production.changed(
                collaborator_ids=(*production.collaborator_ids, collaborator_id), updated_at=now_iso()),
                new_member=collaborator_id)
        return self._own_view(production)

    def close(self, user: User, production_id: str) -> dict[str, Any]:
        """Casting stops taking applications before the expiry date: the notice leaves the
        listings and its applications are archived (through the table stream)."""
        production = self._member_production(user, production_id)
        if production.owner_id != user.user_id:  # it archives every application: the owner's call
            raise Forbidden("only the notice's owner can close it", code="not_owner")
        if production.status != "approved":
            raise Conflict(f"only a published notice can be closed; this one is {production.status}",
                           code="not_published")
        production = self._save(production.changed(status="closed", updated_at=now_iso()), unlist=True)
        return self._own_view(production)

    # -- editors ---------------------------------------------------------------------------
    def queue(self, editor: User, status: str, cursor: str | None, limit: int) -> dict[str, Any]:
        self._require_editor(editor)
        scope = f"moderation|{status}"
        items, position = self.notices.queue(status, decode_cursor(cursor, self.secret, scope), limit)
        return {"items": [{**self._own_view(p), "open_reports": p.open_reports,
                           "submitted_at": p.submitted_at} for p in items],
                "next_cursor": encode_cursor(position, self.secret, scope)}

    def decide(self, editor: User, production_id: str, decision: str, reason: str) -> dict[str, Any]:
        self._require_editor(editor)
        production = self.notices.get(production_id)
        if production is None:
            raise NotFound("notice not found", code="notice_not_found")
        if production.status not in ("pending_review", "hidden"):
            raise Conflict(f"a notice that is {production.status} is not waiting for a decision", code="not_pending")
        reason = reason.strip()
        if decision == "reject" and not reason:
            raise InvalidInput("a rejection needs a reason the poster can act on", code="invalid_reason")
        now = now_iso()
        if decision == "approve" and production.expires_at <= now:
            raise RuleBroken("this notice's expiry date has passed: reject it, or the poster sets a new date first",
                             code="notice_expired")
        decided = production.changed(decided_reason=reason or None, updated_at=now, review_queue=None,
                                     queued_at=None)
        if decision == "approve":
            approved = decided.changed(status="approved", published_at=production.published_at or now,
                                       open_reports=0)
            production = self._save(approved, listing=self._listing(approved))
        else:
            production = self._save(decided.changed(status="rejected"), unlist=True)
        if self.review_log is not None:
            self.review_log(production_id, decision, editor, reason, None)
        name = production.name
        verdict = "approved and published" if decision == "approve" else "not approved"
        body = f"Your casting notice “{name}” was {verdict}." + (f"\n\nEditor's note: {reason}" if reason else "")
        self.messaging.start_thread(editor, [production.owner_id], f"Your notice: {name}"[:200], body,
                                    production_id=production_id)
        return {"production_id": production_id, "status": production.status}

    def hide_all_of(self, user_id: str) -> int:
        """A suspended user's published and waiting notices leave the listings and the queue
        (services/moderation.py suspends); returns how many."""
        hidden = 0
        for production in self.notices.get_many(self.notices.productions_of(user_id, limit=1000)).values():
            if production.owner_id == user_id and production.status in ("approved", "pending_review"):
                self._save(production.changed(status="hidden", updated_at=now_iso(), review_queue=None,
                                              queued_at=None), unlist=True)
                hidden += 1
        return hidden

    def requeue_hidden_of(self, user_id: str) -> int:
        """A reinstated user's notices that the suspension hid go back to the editors' review queue
        (never straight back to the listings); returns how many."""
        requeued = 0
        now = now_iso()
        for production in self.notices.get_many(self.notices.productions_of(user_id, limit=1000)).values():
            if production.owner_id == user_id and production.status == "hidden" and production.review_queue is None:
                self._save(production.changed(status=PENDING_REVIEW, updated_at=now, review_queue=PENDING_REVIEW,
                                              queued_at=now))
                requeued += 1
        return requeued

    def approve_third_party(self, editor: User, user_id: str, approved: bool) -> dict[str, Any]:
        """Editors: let (or stop letting) a poster send applicants to another site or app."""
        self._require_editor(editor)
        if self.users.update(user_id, third_party_approved=approved) is None:
            raise NotFound("user not found", code="user_not_found")
        return {"user_id": user_id, "third_party_approved": approved}

    # -- public ----------------------------------------------------------------------------
    def search(self, viewer: User | None, state: str | None, job_type: str | None, q: str | None,
               union: str | None, paid: bool | None, cursor: str | None, limit: int,
               remote: bool = False) -> dict[str, Any]:
        """`remote`: only remote notices, wherever based (their own partitions); without it, every
        notice, remote or not. A remote notice is also listed in the state it is based in, so
        `state` searches that state's notices and does not combine with `remote`."""
        if job_type and job_type not in vetting.JOB_TYPES:
            raise InvalidInput(f"job_type must be one of {', '.join(vetting.JOB_TYPES)}", code="invalid_job_type")
        if remote and state:
            raise InvalidInput("remote=true lists remote notices from every state and does not combine with "
                               "state; search by state alone for the notices based there, remote ones included",
                               code="invalid_remote")
        region, country = "*", "*"
        if state:
            country = next((c for c in ("US", "CA") if region_code(c, state)), "")
            if not country:
                raise InvalidInput("state must be a US state or Canadian province, e.g. NY or ON",
                                   code="invalid_state")
            region = region_code(country, state) or ""
        partition = self.notices.search_partition(country, region, job_type, remote, union, paid)
        scope = f"notices|{partition}|{union}|{paid}|{q or ''}"
        items, position = self.notices.search(partition, decode_cursor(cursor, self.secret, scope), limit,
                                              query_tokens(q or ""), now_iso())
        full = bool(viewer and viewer.subscriber)
        if full:
            found = self.notices.get_many(i["production_id"] for i in items)
            items = [self._public_view(found[i["production_id"]], full=True) for i in items
                     if i["production_id"] in found]
        # A word search reads a bounded stretch of listings: a page short of `limit` with a cursor
        # is not the end, and says so.
        return {"items": items, "next_cursor": encode_cursor(position, self.secret, scope), "full": full,
                "partial": position is not None and len(items) < limit}

    def get_public(self, viewer: User | None, production_id: str) -> dict[str, Any]:
        production = self.notices.get(production_id)
        if production is None or not production.is_open(now_iso()):
            raise NotFound("notice not found", code="notice_not_found")
        if viewer is not None and self.record_view is not None:
            try:
                self.record_view(viewer.user_id, self._public_view(production, full=False))
            except Exception:  # "recently viewed" is a convenience: the notice is served regardless
                log.warning("could not record a notice view", exc_info=True,
                            extra={"production_id": production_id})
        view = self._public_view(production, full=bool(viewer and viewer.subscriber))
        if viewer is not None and viewer.role == "talent" and self.applied_roles is not None:
            # The talent's own applications to these roles, so the page offers Apply only where it can.
            view["my_applications"] = self.applied_roles(viewer.user_id, list(production.role_names()))
        return view

    def expire_due(self, now: str | None = None) -> int:
        """The expiry sweep: published notices whose expires_at has passed stop taking
        applications and leave the listings. Reads only what fell due since its last run
        (storage/sweeps.py), the productions a hundred at a time."""
        now = now or now_iso()
        expired = 0

        def handle(keys: list[str]) -> set[str]:
            nonlocal expired
            unsettled: set[str] = set()
            for start in range(0, len(keys), EXPIRY_BATCH):
                batch = {entity_of(k): k for k in keys[start:start + EXPIRY_BATCH]}
                for production_id, production in self.notices.get_many(batch).items():
                    if production.status != "approved" or production.is_open(now):
                        continue
                    try:
                        self.notices.save(production.changed(status="expired", updated_at=now), unlist=True)
                    except ConcurrentChange:
                        unsettled.add(batch[production_id])  # changed meanwhile: the next run looks again
                        continue
                    expired += 1
            return unsettled

        run_sweep(self.sweeps, "notice_expiry", lambda after: self.notices.expiring(after, now), handle)
        return expired

    def report(self, production_id: str, hide_at: int = HIDE_AT_REPORTS) -> None:
        """A new report of a published notice, from someone who had not reported it (the caller
        counts each person once): `hide_at` open reports hide it until an editor decides."""
        def attempt() -> None:
            production = self.notices.get(production_id)
            if production is None or production.status not in ("approved", "hidden"):
                raise NotFound("notice not found", code="notice_not_found")
            reported = production.changed(open_reports=production.open_reports + 1)
            hide = reported.open_reports >= hide_at and reported.status == "approved"
            if hide:
                reported = reported.changed(status="hidden", review_queue=REPORTED, queued_at=now_iso())
            self.notices.save(reported, unlist=hide)

        retry_on_conflict(attempt, lambda: Conflict("this notice is changing quickly; try again",
                                                     code="notice_busy"))

    # -- helpers ---------------------------------------------------------------------------
    def _save(self, production: Production, **changes: Any) -> Production:
        try:
            return self.notices.save(production, **changes)
        except ConcurrentChange:
            raise Conflict("the notice changed meanwhile; reload and try again", code="notice_changed") from None

    def _member_production(self, user: User, production_id: str) -> Production:
        production = self.notices.get(production_id)
        if production is None or not production.is_member(user.user_id):
            raise NotFound("notice not found", code="notice_not_found")
        return production

    def _editable(self, user: User, production_id: str) -> Production:
        production = self._member_production(user, production_id)
        if not production.is_editable:
            raise Conflict(f"a notice that is {production.status} cannot be edited", code="not_editable")
        return production

    def _open_non_casting(self, user_id: str, this_one: str) -> int:
        """The poster's other open non-casting notices: a set kept on their counters item by every
        save of such a notice (storage/notices.py), so one GetItem however many they posted."""
        return len(self.notices.open_non_casting(user_id) - {this_one})

    @staticmethod
    def _require_editor(user: User) -> None:
        if user.role != "editor":
            raise Forbidden("only editors can do this", code="not_editor")

    def _listing(self, production: Production) -> Listing:
        """What the public search shows of a published notice and filters it by."""
        notice = production.notice
        text = " ".join([notice["name"], notice.get("company") or "", notice.get("description") or "",
                         " ".join(r["name"] for r in notice["roles"])])
        return Listing(summary=self._public_view(production, full=False), words=frozenset(tokenize(text)),
                       union_status=(notice.get("union") or {}).get("status") or "", paid_tag=production.paid_tag,
                       expires_at=production.expires_at)

    @staticmethod
    def _public_view(production: Production, full: bool) -> dict[str, Any]:
        notice = production.notice
        view: dict[str, Any] = {k: notice.get(k) for k in SUMMARY_FIELDS}
        view.update(production_id=production.production_id, paid_tag=production.paid_tag,
                    pay_label=vetting.pay_label(production.paid_tag, notice.get("pay")),
                    student_badge=production.student_badge, published_at=production.published_at,
                    # Age range and gender in the summary too: talent see at a glance what fits,
                    # and roles matched filters listing pages without reading each notice.
                    roles=[{"role_id": r.get("role_id"), "name": r["name"], "age_min": r.get("age_min"),
                            "age_max": r.get("age_max"), "gender": r.get("gender") or ""} for r in notice["roles"]],
                    has_fee=bool(notice.get("fee")), summary_only=not full)
        if full:
            view.update(description=notice.get("description"), pay=notice.get("pay"), fee=notice.get("fee"),
                        roles=notice["roles"])
        return view

    @staticmethod
    def _own_view(production: Production) -> dict[str, Any]:
        return {"production_id": production.production_id, "status": production.status,
                "notice": production.notice, "findings": list(production.findings), "paid_tag": production.paid_tag,
                "pay_label": vetting.pay_label(production.paid_tag, production.notice.get("pay")),
                "student_badge": production.student_badge, "collaborator_ids": list(production.collaborator_ids),
                "updated_at": production.updated_at, "decided_reason": production.decided_reason}

