"""A production: one casting notice (its body as the API takes it), who runs it, and where it is
in its life (draft → pending review → approved → expired / closed; returned, rejected, hidden).
The rules about who may see, edit or apply to it live here once."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .errors import Conflict, RuleBroken
from .ids import new_id
from .notices.model import NON_CASTING_CATEGORIES

# Published at some point: its roles are found by id (an application names one), even once ended.
VISIBLE = ("approved", "expired", "closed")
# Takes no more applications, for good ("hidden" may be approved again): its applications are archived.
ENDED = ("expired", "closed", "rejected")
EDITABLE = ("draft", "returned", "pending_review")
# The editors' queues: a notice waiting for review, or hidden by reports until an editor decides.
PENDING_REVIEW = "pending_review"
# The team fits one transaction with the production, its 24 listing items and a summary per member.
MAX_COLLABORATORS = 20
REPORTED = "reported"
# Waiting for review or published: what the non-casting notices-per-poster limit counts.
COUNTED_OPEN = ("pending_review", "approved")


def production_of_role(role_id: str) -> str:
    """Role ids embed their production ("<production id>.rol_..."), so a role id alone finds it."""
    return role_id.split(".", 1)[0] if "." in role_id else ""


def with_role_ids(production_id: str, notice: dict[str, Any], given: Any) -> dict[str, Any]:
    """Roles keep the id a client sends back with them (ids are what applications point at);
    a new role gets a new one."""
    given = given if isinstance(given, list) else []
    prefix = f"{production_id}."
    for index, role in enumerate(notice["roles"]):
        sent = given[index].get("role_id") if index < len(given) and isinstance(given[index], dict) else None
        ok = isinstance(sent, str) and sent.startswith(prefix) and len(sent) <= 64
        role["role_id"] = sent if ok else f"{prefix}{new_id('rol')}"
    return notice


@dataclass(frozen=True)
class Production:
    production_id: str
    owner_id: str
    notice: dict[str, Any]  # the validated notice body (domain/notices.py), role ids included
    status: str = "draft"
    collaborator_ids: tuple[str, ...] = ()
    findings: tuple[dict[str, Any], ...] = ()
    paid_tag: bool = False
    student_badge: bool = False
    open_reports: int = 0
    created_at: str = ""
    updated_at: str = ""
    submitted_at: str | None = None
    published_at: str | None = None
    decided_reason: str | None = None
    # Which editors' queue it waits in (PENDING_REVIEW, REPORTED or None) and since when.
    review_queue: str | None = None
    queued_at: str | None = None
    version: int | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return str(self.notice["name"])

    @property
    def roles(self) -> list[dict[str, Any]]:
        return list(self.notice["roles"])

    @property
    def members(self) -> tuple[str, ...]:
        """Who runs it: the owner and the collaborators."""
        return (self.owner_id, *self.collaborator_ids)

    def is_member(self, user_id: str) -> bool:
        return user_id in self.members

    def ensure_room_for_collaborator(self) -> None:
        """Every member keeps a summary copy, rewritten in the transaction of every save of the
        production (with its listing items): the team must fit one transaction."""
        if len(self.collaborator_ids) >= MAX_COLLABORATORS:
            raise Conflict(f"a production has at most {MAX_COLLABORATORS} collaborators", code="too_many_collaborators")

    @property
    def expires_at(self) -> str:
        return str(self.notice.get("expires_at") or "")

    def is_open(self, now: str) -> bool:
        """Published and not past its expiry: it takes applications and is listed."""
        return self.status == "approved" and self.expires_at > now

    @property
    def is_non_casting(self) -> bool:
        """A workshop, class, competition or event notice rather than a casting call."""
        return self.notice.get("category") in NON_CASTING_CATEGORIES

    @property
    def counts_as_open_non_casting(self) -> bool:
        """A non-casting notice waiting for review or published: one of the poster's open
        non-casting notices (the vetting rule limits how many)."""
        return self.is_non_casting and self.status in COUNTED_OPEN

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def has_ended(self) -> bool:
        return self.status in ENDED

    def role(self, role_id: str | None) -> dict[str, Any] | None:
        return next((r for r in self.notice["roles"] if role_id and r.get("role_id") == role_id), None)

    def visible_role(self, role_id: str) -> dict[str, Any] | None:
        """The role, if this notice was ever published (an ended notice still shows its roles)."""
        return self.role(role_id) if self.status in VISIBLE else None

    def role_names(self) -> dict[str, str]:
        """role id -> name, in the notice's order."""
        return {r["role_id"]: r["name"] for r in self.notice["roles"] if r.get("role_id")}

    def changed(self, **changes: Any) -> Production:
        return replace(self, **changes)

    def summary(self) -> ProductionSummary:
        return ProductionSummary(
            production_id=self.production_id, name=self.name, status=self.status, findings=self.findings,
            paid_tag=self.paid_tag, updated_at=self.updated_at, expires_at=self.notice.get("expires_at"),
            owner_id=self.owner_id, collaborator_ids=self.collaborator_ids,
            roles=tuple(self.role_names().items()))


@dataclass(frozen=True)
class ProductionSummary:
    """What the casting dashboard shows of a production, without its notice body (up to ~100 KB):
    kept on each member's membership item by every save, so the dashboard reads no production."""
    production_id: str
    name: str
    status: str
    findings: tuple[dict[str, Any], ...]
    paid_tag: bool
    updated_at: str
    expires_at: str | None
    owner_id: str
    collaborator_ids: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]  # (role id, name), in the notice's order

    @property
    def members(self) -> tuple[str, ...]:
        return (self.owner_id, *self.collaborator_ids)

    def to_dict(self) -> dict[str, Any]:
        return {"production_id": self.production_id, "name": self.name, "status": self.status,
                "findings": list(self.findings), "paid_tag": self.paid_tag, "updated_at": self.updated_at,
                "expires_at": self.expires_at, "owner_id": self.owner_id,
                "collaborator_ids": list(self.collaborator_ids), "roles": [list(r) for r in self.roles]}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> ProductionSummary:
        return ProductionSummary(
            production_id=data["production_id"], name=data["name"], status=data["status"],
            findings=tuple(data.get("findings") or ()), paid_tag=bool(data.get("paid_tag")),
            updated_at=data.get("updated_at") or "", expires_at=data.get("expires_at"), owner_id=data["owner_id"],
            collaborator_ids=tuple(data.get("collaborator_ids") or ()),
            roles=tuple((str(r[0]), str(r[1])) for r in data.get("roles") or ()))


def has_just_ended(before: str | None, after: str) -> bool:
    """A status change that ends the notice for good: its applications are archived, once."""
    return after in ENDED and before not in ENDED


def ensure_open(production: Production | None, now: str) -> None:
    """Applications and invitations only while it is open (a notice that is gone is closed too)."""
    if production is None or not production.is_open(now):
        raise RuleBroken("this notice is no longer taking applications", code="notice_closed")


@dataclass(frozen=True)
class Listing:
    """What the public search shows of a published notice (`summary`) and filters it by."""
    summary: dict[str, Any]
    words: frozenset[str]
    union_status: str
    paid_tag: bool
    expires_at: str
