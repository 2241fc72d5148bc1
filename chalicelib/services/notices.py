"""Casting notices: post, edit, submit for vetting, editors' review, publication, public search,
reports and suspension (SPEC.md section 6). The rules themselves live in domain/notices.py."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..domain import notices as vetting
from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleBroken
from ..domain.ids import new_id
from ..domain.search import query_tokens, tokenize
from ..domain.users import User
from ..domain.wages import region_code
from ..storage.models import ListingItem
from ..storage.notices import NoticeRepository, listing_keys, remote_listing_key
from ..storage.unit_of_work import ConcurrentChange
from ..storage.users import UserRepository

log = logging.getLogger(__name__)
EDITABLE = ("draft", "returned", "pending_review")
HIDE_AT_REPORTS = 3
EXPIRY_LOOKBACK_DAYS = 3  # the sweep runs hourly; a few days back covers any missed runs
# What anyone may see before subscribing: enough to judge a call before applying blind (who is
# casting, where, when, union, whether it pays, whether it involves nudity or charges a fee); the
# description, pay details and each role's details are for subscribers.
SUMMARY_FIELDS = ("name", "company", "job_type", "category", "location", "union", "starts_on", "ends_on",
                  "expires_at", "nudity")


def _with_role_ids(production_id: str, notice: dict[str, Any], given: Any) -> dict[str, Any]:
    """Roles keep the id a client sends back with them (ids are what applications point at);
    a new role gets a new one. Ids embed the production, so a role id alone finds its notice."""
    given = given if isinstance(given, list) else []
    prefix = f"{production_id}."
    for index, role in enumerate(notice["roles"]):
        sent = given[index].get("role_id") if index < len(given) and isinstance(given[index], dict) else None
        ok = isinstance(sent, str) and sent.startswith(prefix) and len(sent) <= 64
        role["role_id"] = sent if ok else f"{prefix}{new_id('rol')}"
    return notice


def _epoch(iso: str | None) -> int | None:
    if not iso:
        return None
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


class NoticeService:
    def __init__(self, notices: NoticeRepository, users: UserRepository, messaging: Any, secret: str) -> None:
        self.notices = notices
        self.users = users
        self.messaging = messaging
        self.secret = secret
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
        production_id = new_id("prd")
        record = {"production_id": production_id, "owner_id": user.user_id,
                  "notice": _with_role_ids(production_id, notice.to_dict(), body.get("roles")),
                  "created_at": now_iso()}
        self.notices.create(record)
        return self._own_view(self.notices.get(record["production_id"]) or {})

    def get_own(self, user: User, production_id: str) -> dict[str, Any]:
        record = self.notices.get(production_id)
        if record is None or not (user.user_id in self._members(record) or user.role == "editor"):
            raise NotFound("notice not found", code="notice_not_found")
        return self._own_view(record)

    def update(self, user: User, production_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        record = self._editable(user, production_id)
        notice = vetting.parse_notice({**record["notice"], **changes})
        given = changes["roles"] if "roles" in changes else record["notice"]["roles"]
        record.update(notice=_with_role_ids(production_id, notice.to_dict(), given), status="draft", findings=[],
                      updated_at=now_iso(), queue_pk=None, queue_sk=None)
        self._save(record)
        return self._own_view(record)

    def submit(self, user: User, production_id: str) -> dict[str, Any]:
        record = self._editable(user, production_id)
        owner = self.users.get(record["owner_id"])
        if owner is None or owner.suspended:
            raise Forbidden("a suspended account cannot post notices", code="suspended")
        notice = vetting.parse_notice(record["notice"])
        poster = vetting.Poster(user_id=owner.user_id, email=owner.email, email_verified=True,
                                third_party_approved=owner.third_party_approved,
                                open_non_casting_count=self._open_non_casting(owner.user_id, production_id))
        result = vetting.vet(notice, poster)
        now = now_iso()
        record.update(status=result.status, findings=[f.to_dict() for f in result.findings], paid_tag=result.paid_tag,
                      student_badge=result.student_badge, submitted_at=now, updated_at=now, queue_pk=None,
                      queue_sk=None)
        if result.status == "pending_review":
            record.update(queue_pk="NOTICES#pending_review", queue_sk=f"{now}#{production_id}")
        self._save(record)
        if self.review_log is not None:
            self.review_log(production_id, "vetted", user, None, result.to_dict())
        return {"production_id": production_id, **result.to_dict()}

    def add_collaborator(self, user: User, production_id: str, collaborator_id: str) -> dict[str, Any]:
        record = self._member_record(user, production_id)
        if record["owner_id"] != user.user_id:
            raise Forbidden("only the notice's owner can add collaborators", code="not_owner")
        other = self.users.get(collaborator_id)
        if other is None or other.role != "casting":
            raise NotFound("no casting user with that id", code="user_not_found")
        if collaborator_id != record["owner_id"] and collaborator_id not in record["collaborator_ids"]:
            record["collaborator_ids"] = [*record["collaborator_ids"], collaborator_id]
            record["updated_at"] = now_iso()
            self._save(record, member=(collaborator_id, record["updated_at"]))
        return self._own_view(record)

    def close(self, user: User, production_id: str) -> dict[str, Any]:
        """Casting stops taking applications before the expiry date: the notice leaves the
        listings and its applications are archived (through the table stream)."""
        record = self._member_record(user, production_id)
        if record["owner_id"] != user.user_id:  # it archives every application: the owner's call
            raise Forbidden("only the notice's owner can close it", code="not_owner")
        if record["status"] != "approved":
            raise Conflict(f"only a published notice can be closed; this one is {record['status']}",
                           code="not_published")
        record.update(status="closed", updated_at=now_iso())
        self._save(record, unlist=self._listing_keys(record))
        return self._own_view(record)

    # -- editors ---------------------------------------------------------------------------
    def queue(self, editor: User, status: str, cursor: str | None, limit: int) -> dict[str, Any]:
        self._require_editor(editor)
        scope = f"moderation|{status}"
        items, position = self.notices.queue(status, decode_cursor(cursor, self.secret, scope), limit)
        return {"items": [{**self._own_view(r), "open_reports": r["open_reports"],
                           "submitted_at": r.get("submitted_at")} for r in items],
                "next_cursor": encode_cursor(position, self.secret, scope)}

    def decide(self, editor: User, production_id: str, decision: str, reason: str) -> dict[str, Any]:
        self._require_editor(editor)
        record = self.notices.get(production_id)
        if record is None:
            raise NotFound("notice not found", code="notice_not_found")
        if record["status"] not in ("pending_review", "hidden"):
            raise Conflict(f"a notice that is {record['status']} is not waiting for a decision", code="not_pending")
        reason = reason.strip()
        if decision == "reject" and not reason:
            raise InvalidInput("a rejection needs a reason the poster can act on", code="invalid_reason")
        now = now_iso()
        listings: list[ListingItem] = []
        if decision == "approve" and (record["notice"].get("expires_at") or "") <= now:
            raise RuleBroken("this notice's expiry date has passed: reject it, or the poster sets a new date first",
                             code="notice_expired")
        if decision == "approve":
            record.update(status="approved", published_at=record.get("published_at") or now, open_reports=0)
            listings = self._listings(record)
        else:
            record.update(status="rejected")
        record.update(decided_reason=reason or None, updated_at=now, queue_pk=None, queue_sk=None)
        self._save(record, listings=listings, unlist=None if listings else self._listing_keys(record))
        if self.review_log is not None:
            self.review_log(production_id, decision, editor, reason, None)
        name = record["notice"]["name"]
        verdict = "approved and published" if decision == "approve" else "not approved"
        body = f"Your casting notice “{name}” was {verdict}." + (f"\n\nEditor's note: {reason}" if reason else "")
        self.messaging.start_thread(editor, [record["owner_id"]], f"Your notice: {name}"[:200], body,
                                    production_id=production_id)
        return {"production_id": production_id, "status": record["status"]}

    def hide_all_of(self, user_id: str) -> int:
        """A suspended user's published and waiting notices leave the listings and the queue
        (services/moderation.py suspends); returns how many."""
        hidden = 0
        for record in self.notices.get_many(self.notices.productions_of(user_id, limit=1000)).values():
            if record["owner_id"] == user_id and record["status"] in ("approved", "pending_review"):
                record.update(status="hidden", updated_at=now_iso(), queue_pk=None, queue_sk=None)
                self._save(record, unlist=self._listing_keys(record))
                hidden += 1
        return hidden

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
        partition = (remote_listing_key(job_type or "*") if remote
                     else f"LISTING#{country}#{region}#{job_type or '*'}")
        scope = f"notices|{partition}|{union}|{paid}|{q or ''}"
        items, position = self.notices.search(partition, decode_cursor(cursor, self.secret, scope), limit, union,
                                              paid, query_tokens(q or ""), now_iso())
        full = bool(viewer and viewer.subscriber)
        if full:
            records = self.notices.get_many(i["production_id"] for i in items)
            items = [self._public_view(records[i["production_id"]], full=True) for i in items
                     if i["production_id"] in records]
        return {"items": items, "next_cursor": encode_cursor(position, self.secret, scope), "full": full}

    def get_public(self, viewer: User | None, production_id: str) -> dict[str, Any]:
        record = self.notices.get(production_id)
        published = record is not None and record["status"] == "approved" and (
            (record["notice"].get("expires_at") or "") > now_iso())
        if not published:
            raise NotFound("notice not found", code="notice_not_found")
        if viewer is not None and self.record_view is not None:
            try:
                self.record_view(viewer.user_id, self._public_view(record, full=False))
            except Exception:  # "recently viewed" is a convenience: the notice is served regardless
                log.warning("could not record a notice view", exc_info=True,
                            extra={"production_id": production_id})
        view = self._public_view(record, full=bool(viewer and viewer.subscriber))
        if viewer is not None and viewer.role == "talent" and self.applied_roles is not None:
            # The talent's own applications to these roles, so the page offers Apply only where it can.
            view["my_applications"] = self.applied_roles(
                viewer.user_id, [r["role_id"] for r in record["notice"]["roles"] if r.get("role_id")])
        return view

    def expire_due(self, now: str | None = None) -> int:
        """The expiry sweep: published notices whose expires_at has passed stop taking
        applications and leave the listings. Reads only the expiry partitions of recent days."""
        now = now or now_iso()
        expired = 0
        for production_id in self.notices.expiring_on_or_before(now[:10], days_back=EXPIRY_LOOKBACK_DAYS):
            record = self.notices.get(production_id)
            if record is None or record["status"] != "approved" or (record["notice"].get("expires_at") or "") > now:
                continue
            record.update(status="expired", updated_at=now)
            try:
                self.notices.save(record, unlist=self._listing_keys(record))
            except ConcurrentChange:
                continue  # changed meanwhile (e.g. hidden): the next sweep looks again
            expired += 1
        return expired

    def report(self, production_id: str, hide_at: int = HIDE_AT_REPORTS) -> None:
        """A new report of a published notice, from someone who had not reported it (the caller
        counts each person once): `hide_at` open reports hide it until an editor decides."""
        for _ in range(5):
            record = self.notices.get(production_id)
            if record is None or record["status"] not in ("approved", "hidden"):
                raise NotFound("notice not found", code="notice_not_found")
            record["open_reports"] += 1
            unlist = None
            if record["open_reports"] >= hide_at and record["status"] == "approved":
                now = now_iso()
                record.update(status="hidden", queue_pk="NOTICES#reported", queue_sk=f"{now}#{production_id}")
                unlist = self._listing_keys(record)
            try:
                self.notices.save(record, unlist=unlist)
                return
            except ConcurrentChange:
                continue
        raise Conflict("this notice is changing quickly; try again", code="notice_busy")

    # -- helpers ---------------------------------------------------------------------------
    def _save(self, record: dict[str, Any], **changes: Any) -> None:
        try:
            self.notices.save(record, **changes)
        except ConcurrentChange:
            raise Conflict("the notice changed meanwhile; reload and try again", code="notice_changed") from None
        record["version"] = (record.get("version") or 0) + 1

    @staticmethod
    def _members(record: dict[str, Any]) -> list[str]:
        return [record["owner_id"], *record["collaborator_ids"]]

    def _member_record(self, user: User, production_id: str) -> dict[str, Any]:
        record = self.notices.get(production_id)
        if record is None or user.user_id not in self._members(record):
            raise NotFound("notice not found", code="notice_not_found")
        return record

    def _editable(self, user: User, production_id: str) -> dict[str, Any]:
        record = self._member_record(user, production_id)
        if record["status"] not in EDITABLE:
            raise Conflict(f"a notice that is {record['status']} cannot be edited", code="not_editable")
        return record

    def _open_non_casting(self, user_id: str, this_one: str) -> int:
        records = self.notices.get_many(p for p in self.notices.productions_of(user_id, limit=1000) if p != this_one)
        return sum(1 for r in records.values() if r["owner_id"] == user_id
                   and r["notice"]["category"] in vetting.NON_CASTING_CATEGORIES
                   and r["status"] in ("pending_review", "approved"))

    @staticmethod
    def _require_editor(user: User) -> None:
        if user.role != "editor":
            raise Forbidden("only editors can do this", code="not_editor")

    def _listing_keys(self, record: dict[str, Any]) -> list[tuple[str, str]]:
        location = record["notice"].get("location")
        if not record.get("published_at") or not location:
            return []
        sk = f"{record['published_at']}#{record['production_id']}"
        return [(pk, sk) for pk in listing_keys(location["country"], location["state"], record["notice"]["job_type"],
                                                bool(location.get("remote")))]

    def _listings(self, record: dict[str, Any]) -> list[ListingItem]:
        notice = record["notice"]
        text = " ".join([notice["name"], notice.get("company") or "", notice.get("description") or "",
                         " ".join(r["name"] for r in notice["roles"])])
        words = " " + " ".join(sorted(tokenize(text))) + " "  # spaces around each: whole-word contains()
        summary = json.dumps(self._public_view(record, full=False))
        expiry = notice.get("expires_at") or ""
        listings = [ListingItem(pk, sk, production_id=record["production_id"], summary_json=summary,
                                union_status=(notice.get("union") or {}).get("status") or "",
                                paid_tag=record["paid_tag"], search_text=words, expires_at=expiry,
                                expires_at_epoch=_epoch(expiry))
                    for pk, sk in self._listing_keys(record)]
        # Filed under its expiry date, for the sweep (kept a while after, then TTL'd).
        listings.append(ListingItem(f"EXPIRES#{expiry[:10]}", record["production_id"],
                                    production_id=record["production_id"], summary_json="{}", union_status="",
                                    paid_tag=False, search_text="", expires_at=expiry,
                                    expires_at_epoch=(_epoch(expiry) or 0) + 30 * 86400))
        return listings

    @staticmethod
    def _public_view(record: dict[str, Any], full: bool) -> dict[str, Any]:
        notice = record["notice"]
        view: dict[str, Any] = {k: notice.get(k) for k in SUMMARY_FIELDS}
        view.update(production_id=record["production_id"], paid_tag=record["paid_tag"],
                    pay_label=vetting.pay_label(record["paid_tag"], notice.get("pay")),
                    student_badge=record["student_badge"], published_at=record.get("published_at"),
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
    def _own_view(record: dict[str, Any]) -> dict[str, Any]:
        return {"production_id": record["production_id"], "status": record["status"], "notice": record["notice"],
                "findings": record["findings"], "paid_tag": record["paid_tag"],
                "pay_label": vetting.pay_label(record["paid_tag"], record["notice"].get("pay")),
                "student_badge": record["student_badge"], "collaborator_ids": record["collaborator_ids"],
                "updated_at": record["updated_at"], "decided_reason": record.get("decided_reason")}

