"""Applications, invitations and self-tape auditions (SPEC.md section 7): what each party may do
to an application in each state, and which tab of the talent's list it belongs in.

An application is one talent's answer to one role. It starts as an invitation (casting asked) or
a draft (the talent began), becomes submitted, and may be withdrawn while casting has not looked
at it yet. Casting may ask an applicant for a self-tape; the talent sends a video or declines,
and may change that answer until the due date. When the notice expires or closes, the
application is archived, whatever its state.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clock import parse_time, to_iso_seconds
from .errors import Conflict, InvalidInput, RuleBroken
from .messaging import has_control_characters

TABS = ("invites", "drafts", "active", "auditions", "archived")
LIST_TABS = ("all", *TABS)
MANAGER_SORTS = ("newest", "completeness")  # the application manager's orders
STATUSES = ("invited", "draft", "submitted", "withdrawn")
AUDITION_STATES = ("requested", "submitted", "declined", "missed")  # missed: the due date passed unanswered

NOTE_MAX = 500
MEDIA_MAX = 10
INVITE_MESSAGE_MAX = 2000
INSTRUCTIONS_MAX = 4000
DECLINE_REASON_MAX = 500
DUE_AT_MAX_DAYS = 365
DUE_AT_MIN_MINUTES = 60  # a self-tape takes time: at least an hour's notice


@dataclass(frozen=True)
class MediaRef:
    """A locker item the talent chose to show, as casting sees it."""

    media_id: str
    kind: str
    filename: str
    content_type: str
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"media_id": self.media_id, "kind": self.kind, "filename": self.filename,
                "content_type": self.content_type, "title": self.title}


@dataclass(frozen=True)
class Audition:
    status: str  # requested | submitted | declined | missed
    instructions: str
    due_at: str
    requested_at: str
    requested_by: str
    media: MediaRef | None = None
    decline_reason: str | None = None
    answered_at: str | None = None

    @property
    def awaiting_talent(self) -> bool:
        return self.status == "requested"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "instructions": self.instructions, "due_at": self.due_at,
                "requested_at": self.requested_at, "requested_by": self.requested_by,
                "media": self.media.to_dict() if self.media else None, "decline_reason": self.decline_reason,
                "answered_at": self.answered_at}


@dataclass(frozen=True)
class Application:
    application_id: str
    talent_id: str
    talent_name: str
    production_id: str
    production_name: str
    role_id: str
    role_name: str
    status: str
    created_at: str
    updated_at: str
    note: str = ""
    media: tuple[MediaRef, ...] = ()
    archived: bool = False
    submitted_at: str | None = None
    viewed_at: str | None = None
    invited_by: str | None = None
    invited_at: str | None = None
    invitation_message: str | None = None
    invitation_thread_id: str | None = None
    audition: Audition | None = None
    completeness: int = 0  # the talent's profile score when submitted (casting may sort by it)
    version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # -- where it shows -----------------------------------------------------------------------
    @property
    def tab(self) -> str:
        if self.archived or self.status == "withdrawn":
            return "archived"
        if self.status == "invited":
            return "invites"
        if self.status == "draft":
            return "drafts"
        if self.audition is not None:
            return "auditions"
        return "active"

    @property
    def visible_to_casting(self) -> bool:
        """Casting sees submissions (and what became of them), never invitations or drafts."""
        return self.status == "submitted"

    @property
    def unviewed(self) -> bool:
        return self.visible_to_casting and self.viewed_at is None

    @property
    def awaiting_audition(self) -> bool:
        return not self.archived and self.audition is not None and self.audition.awaiting_talent

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id, "talent_id": self.talent_id, "talent_name": self.talent_name,
            "production_id": self.production_id, "production_name": self.production_name,
            "role_id": self.role_id, "role_name": self.role_name, "status": self.status, "tab": self.tab,
            "archived": self.archived, "note": self.note, "media": [m.to_dict() for m in self.media],
            "created_at": self.created_at, "updated_at": self.updated_at, "submitted_at": self.submitted_at,
            "viewed": self.viewed_at is not None, "viewed_at": self.viewed_at,
            "invited_at": self.invited_at, "invitation_message": self.invitation_message,
            "invitation_thread_id": self.invitation_thread_id,
            "audition": self.audition.to_dict() if self.audition else None,
        }


# -- counters ------------------------------------------------------------------------------------
def talent_count_changes(before: Application | None, after: Application | None) -> dict[str, int]:
    """How the talent's per-tab counters (and awaiting auditions) move with this change."""
    changes: dict[str, int] = {}

    def add(key: str, delta: int) -> None:
        changes[key] = changes.get(key, 0) + delta

    for app, sign in ((before, -1), (after, 1)):
        if app is not None:
            add(app.tab, sign)
            if app.awaiting_audition:
                add("awaiting", sign)
    return {k: v for k, v in changes.items() if v}


def role_count_changes(before: Application | None, after: Application | None) -> dict[str, int]:
    """How the role's submission counters (all submitted, not yet viewed) move with this change."""
    def counts(app: Application | None) -> tuple[int, int]:
        return (int(bool(app and app.visible_to_casting)), int(bool(app and app.unviewed)))

    (sub_before, new_before), (sub_after, new_after) = counts(before), counts(after)
    changes = {"submitted": sub_after - sub_before, "unviewed": new_after - new_before}
    return {k: v for k, v in changes.items() if v}


CONTACT_MANY_MAX = 25  # applicants one manager message goes to at once (one conversation each)


def tab_counts(counters: dict[str, int]) -> dict[str, int]:
    """Each tab's count, "all", and self-tape requests awaiting the talent, from the counters item
    (attributes apps_<tab> and apps_awaiting, kept in the transactions that change applications)."""
    counts = {name: max(0, int(counters.get(f"apps_{name}", 0))) for name in (*TABS, "awaiting")}
    counts["all"] = sum(counts[tab] for tab in TABS)
    return counts


# -- input -------------------------------------------------------------------------------------
def _no_controls(text: str, name: str) -> str:
    # These texts travel in messages and emails: the same rule as a message body.
    if has_control_characters(text):
        raise InvalidInput(f"{name} must not contain control characters", code=f"invalid_{name}")
    return text


def parse_note(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("note must be a string", code="invalid_note")
    note = _no_controls(value.strip(), "note")
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"note must be at most {NOTE_MAX} characters (it has {len(note)})", code="invalid_note")
    return note


def parse_media_ids(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InvalidInput("media_ids must be a list of media ids from your locker", code="invalid_media_ids")
    ids = list(dict.fromkeys(value))
    if len(ids) > MEDIA_MAX:
        raise InvalidInput(f"an application shows at most {MEDIA_MAX} media items", code="invalid_media_ids")
    return ids


def parse_invitation_message(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value.strip()) > INVITE_MESSAGE_MAX:
        raise InvalidInput(f"message must be a string of at most {INVITE_MESSAGE_MAX} characters",
                           code="invalid_message")
    return _no_controls(value.strip(), "message") or None


def parse_audition_request(body: dict[str, Any], now: str) -> tuple[str, str]:
    instructions = body.get("instructions")
    if not isinstance(instructions, str) or not instructions.strip():
        raise InvalidInput("instructions are required: say what to record and how", code="invalid_instructions")
    if len(instructions.strip()) > INSTRUCTIONS_MAX:
        raise InvalidInput(f"instructions must be at most {INSTRUCTIONS_MAX} characters", code="invalid_instructions")
    _no_controls(instructions, "instructions")
    due = parse_time(body.get("due_at"), "due_at")
    current = parse_time(now, "now")
    if due < current + timedelta(minutes=DUE_AT_MIN_MINUTES):
        raise InvalidInput(f"due_at must be at least {DUE_AT_MIN_MINUTES} minutes from now", code="invalid_due_at")
    if due > current + timedelta(days=DUE_AT_MAX_DAYS):
        raise InvalidInput(f"due_at must be within {DUE_AT_MAX_DAYS} days", code="invalid_due_at")
    return instructions.strip(), to_iso_seconds(due)


def parse_self_tape(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(media_id, None) to send a video, or (None, reason) to decline."""
    media_id, decline = body.get("media_id"), body.get("decline")
    if decline is not None and not isinstance(decline, bool):
        raise InvalidInput("decline must be true or false", code="invalid_decline")
    if decline:
        if media_id is not None:
            raise InvalidInput("send either a media_id or decline, not both", code="invalid_self_tape")
        reason = body.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInput("a decline needs a reason casting can read", code="invalid_reason")
        if len(reason.strip()) > DECLINE_REASON_MAX:
            raise InvalidInput(f"reason must be at most {DECLINE_REASON_MAX} characters", code="invalid_reason")
        return None, _no_controls(reason.strip(), "reason")
    if not isinstance(media_id, str) or not media_id:
        raise InvalidInput("send a media_id (a video from your locker) or decline with a reason",
                           code="invalid_self_tape")
    return media_id, None


def due_view(due_at: str, tz_name: str | None) -> dict[str, Any]:
    """A due date in UTC, plus the talent's own clock when their profile names a time zone."""
    view: dict[str, Any] = {"due_at": due_at, "timezone": None, "utc_offset": None, "local": None}
    if not tz_name:
        return view
    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return view
    local = parse_time(due_at, "due_at").astimezone(zone)
    offset = local.strftime("%z")
    view.update(timezone=tz_name, utc_offset=f"{offset[:3]}:{offset[3:]}", local=local.isoformat())
    return view


# -- transitions -------------------------------------------------------------------------------
def _touch(app: Application, now: str, **changes: Any) -> Application:
    return replace(app, updated_at=now, **changes)


def _not_archived(app: Application) -> None:
    if app.archived:
        raise Conflict("this application is archived: the notice has expired or closed", code="application_archived")


def accept_invitation(app: Application, now: str) -> Application:
    _not_archived(app)
    if app.status != "invited":
        raise Conflict(f"only an invitation can be accepted; this application is {app.status}",
                       code="not_an_invitation")
    return _touch(app, now, status="draft")


def edit(app: Application, now: str, note: str | None, media: tuple[MediaRef, ...] | None) -> Application:
    """Drafts (and invitations, which become drafts) may change their note and media."""
    _not_archived(app)
    if app.status not in ("invited", "draft", "withdrawn"):
        raise Conflict("a submitted application cannot be edited; withdraw it first if casting has not viewed it",
                       code="not_editable")
    return _touch(app, now, status="draft", note=app.note if note is None else note,
                  media=app.media if media is None else media)


def submit(app: Application, now: str, completeness: int) -> Application:
    _not_archived(app)
    if app.status == "submitted":
        raise Conflict("this application is already submitted", code="already_submitted")
    return _touch(app, now, status="submitted", submitted_at=now, viewed_at=None, completeness=completeness)


def withdraw(app: Application, now: str) -> Application:
    _not_archived(app)
    if app.status != "submitted":
        raise Conflict(f"only a submitted application can be withdrawn; this one is {app.status}",
                       code="not_submitted")
    if app.viewed_at is not None:
        raise Conflict("casting has already viewed this application, so it can no longer be withdrawn",
                       code="already_viewed")
    if app.audition is not None:
        raise Conflict("casting has asked for a self-tape: answer it instead of withdrawing", code="audition_requested")
    return _touch(app, now, status="withdrawn")


def mark_viewed(app: Application, now: str) -> Application | None:
    """None when nothing changes (already viewed, or not a submission)."""
    if not app.unviewed:
        return None
    return replace(app, viewed_at=now)


def request_audition(app: Application, now: str, by: str, instructions: str, due_at: str) -> Application:
    """A new request, or a new date after the last one passed unanswered or was declined."""
    _not_archived(app)
    if app.status != "submitted":
        raise Conflict("a self-tape can only be requested from a submitted application", code="not_submitted")
    if app.audition is not None and app.audition.status == "submitted":
        raise Conflict("this applicant has already sent a self-tape for this request", code="self_tape_received")
    if app.audition is not None and app.audition.status == "requested" and app.audition.due_at > now:
        raise Conflict("a self-tape request is already waiting for this applicant", code="audition_pending")
    audition = Audition(status="requested", instructions=instructions, due_at=due_at, requested_at=now,
                        requested_by=by)
    return _touch(app, now, audition=audition, viewed_at=app.viewed_at or now)


def answer_audition(app: Application, now: str, media: MediaRef | None, decline_reason: str | None) -> Application:
    """Send a video or decline; either may be changed (a decline reversed) until the due date."""
    _not_archived(app)
    audition = app.audition
    if audition is None:
        raise Conflict("casting has not asked for a self-tape on this application", code="no_audition")
    if now >= audition.due_at:
        raise RuleBroken(f"the self-tape was due at {audition.due_at}; ask casting for a new date",
                         code="audition_past_due")
    if media is not None:
        if media.kind != "video":
            raise RuleBroken(f"a self-tape must be a video; {media.media_id} is a {media.kind}", code="not_a_video")
        answered = replace(audition, status="submitted", media=media, decline_reason=None, answered_at=now)
    else:
        answered = replace(audition, status="declined", media=None, decline_reason=decline_reason, answered_at=now)
    return _touch(app, now, audition=answered)


def archive(app: Application, now: str) -> Application | None:
    """None when already archived: the expiry sweep may run twice."""
    if app.archived:
        return None
    return _touch(app, now, archived=True)


def with_invitation_thread(app: Application, thread_id: str) -> Application | None:
    """Remembers the thread that told the talent about their invitation (None if already set)."""
    if app.invitation_thread_id == thread_id:
        return None
    return replace(app, invitation_thread_id=thread_id)


def miss_audition(app: Application, now: str) -> Application | None:
    """The due date passed without an answer: the request stops waiting on the talent (and stops
    counting as awaiting). None when there is nothing to do, so the sweep may run twice."""
    audition = app.audition
    if app.archived or audition is None or audition.status != "requested" or audition.due_at > now:
        return None
    return _touch(app, now, audition=replace(audition, status="missed"))
