"""Threads, messages and each participant's view of a thread (folders, unread).

A thread is shared; a *view* is one participant's private state of it. Folder membership
is derived from the view's flags, so the rules in SPEC.md section 2 live in one place:

- Inbox:   received a message, not archived, not deleted.
- Sent:    sent a message, not deleted (archiving does not hide what you sent).
- Archive: archived, not deleted.
A new message brings the thread back to each recipient's Inbox (un-archived, undeleted)
and marks it unread for them; the sender's own flags only gain "sent".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .errors import InvalidInput, NotFound
from .users import User

SUBJECT_MAX = 200
BODY_MAX = 20_000
MAX_PARTICIPANTS = 20
SNIPPET_LEN = 140
FOLDERS = ("inbox", "sent", "archive")
# What a list may ask for: a folder, or "all" (every thread not deleted, each saying its folder).
LISTS = (*FOLDERS, "all")
ACTIONS = ("mark_read", "mark_unread", "archive", "unarchive", "delete")
BULK_IDS_MAX = 100


@dataclass(frozen=True)
class Participant:
    user_id: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"user_id": self.user_id, "name": self.name}


@dataclass(frozen=True)
class Ref:
    """A production or role a thread is about (id plus display name)."""

    id: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


@dataclass
class Message:
    thread_id: str
    message_id: str
    sender: Participant
    body: str
    sent_at: str
    via: str = "web"
    attachments: list[dict[str, object]] = field(default_factory=list)
    # delivered | held (for an editor: only its sender sees it) | removed (by an editor)
    status: str = "delivered"
    # {"code", "message"}: what its recipients are warned of (never shown to the sender).
    warning: dict[str, str] | None = None

    def visible_to(self, user_id: str) -> bool:
        return self.status == "delivered" or self.sender.user_id == user_id

    def as_dict(self, viewer_id: str | None = None) -> dict[str, object]:
        """The message as `viewer_id` sees it (default: its sender)."""
        shown: dict[str, object] = {
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "sender": self.sender.as_dict(),
            "body": self.body,
            "sent_at": self.sent_at,
            "via": self.via,
            "attachments": list(self.attachments),
            "status": self.status,
        }
        if self.warning and viewer_id is not None and viewer_id != self.sender.user_id:
            shown["warning"] = dict(self.warning)
        return shown

    def for_editors(self, subject: str) -> dict[str, object]:
        """What an editor judging a report or hold needs: the message itself, in its thread."""
        return {**self.as_dict(), "subject": subject, "warning": self.warning}


@dataclass
class Thread:
    thread_id: str
    subject: str
    participants: list[Participant]
    created_at: str
    last_activity_at: str
    production: Ref | None = None
    role: Ref | None = None
    message_count: int = 0  # messages before counts moved to the views (0 for threads started since)
    has_attachments: bool = False

    def participant_ids(self) -> list[str]:
        return [p.user_id for p in self.participants]

    def others(self, user_id: str) -> list[str]:
        return [p.user_id for p in self.participants if p.user_id != user_id]

    def opened_by(self, message: Message) -> bool:
        """Whether `message` is the one that started this thread (both are stamped with one instant)."""
        return message.thread_id == self.thread_id and message.sent_at == self.created_at


@dataclass
class ThreadView:
    user_id: str
    thread_id: str
    subject: str
    participants: list[Participant]
    last_activity_at: str
    snippet: str = ""
    production: Ref | None = None
    role: Ref | None = None
    has_attachments: bool = False
    received: bool = False
    sent: bool = False
    archived: bool = False
    deleted: bool = False
    unread: bool = False
    message_count: int = 0  # the messages this user can see
    version: int = 0

    # -- folders ---------------------------------------------------------------------------
    def in_folder(self, folder: str) -> bool:
        if self.deleted:
            return False
        if folder == "inbox":
            return self.received and not self.archived
        if folder == "sent":
            return self.sent
        if folder == "archive":
            return self.archived
        if folder == "all":
            return True
        return False

    @property
    def folder(self) -> str:
        """The one folder a view is shown under in "all": Inbox, else Archive, else Sent."""
        return next((f for f in ("inbox", "archive") if self.in_folder(f)), "sent")

    @property
    def counts_as_unread(self) -> bool:
        """What the unread counter counts: unread threads the user can still see."""
        return self.unread and not self.deleted

    # -- transitions (pure: return a new view) -----------------------------------------------
    def apply(self, action: str) -> ThreadView:
        if action == "mark_read":
            return replace(self, unread=False)
        if action == "mark_unread":
            return replace(self, unread=True)
        if action == "archive":
            return replace(self, archived=True)
        if action == "unarchive":
            # "Move back to the inbox" puts it there even if the user only ever sent in it.
            return replace(self, archived=False, received=True)
        if action == "delete":
            return replace(self, deleted=True, unread=False)
        raise InvalidInput(f"action must be one of {', '.join(ACTIONS)}", code="invalid_action")

    def after_message(self, message: Message, snippet: str, has_attachments: bool) -> ThreadView:
        base = replace(
            self,
            last_activity_at=message.sent_at,
            snippet=snippet,
            has_attachments=self.has_attachments or has_attachments,
            message_count=self.message_count + 1,
        )
        if message.sender.user_id == self.user_id:
            return replace(base, sent=True, deleted=False)
        return replace(base, received=True, archived=False, deleted=False, unread=True)

    def as_list_item(self) -> dict[str, object]:
        return {
            "thread_id": self.thread_id,
            "subject": self.subject,
            "participants": [p.as_dict() for p in self.participants],
            "production": self.production.as_dict() if self.production else None,
            "role": self.role.as_dict() if self.role else None,
            "last_activity_at": self.last_activity_at,
            "snippet": self.snippet,
            "unread": self.unread,
            "has_attachments": self.has_attachments,
            "folders": [f for f in FOLDERS if self.in_folder(f)],
            "folder": self.folder,
        }


@dataclass(frozen=True)
class Conversation:
    """What a reply (or a release) reads of a thread in one go: the participants' views, who of
    them blocked the sender, who of them ever wrote to the sender, and who already heard from them."""

    views: dict[str, ThreadView]
    blockers: frozenset[str] = frozenset()
    wrote_to_sender: frozenset[str] = frozenset()
    reached: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AlertReads:
    """What an alert needs, read together: its recipient and their view of the thread, the message,
    the thread, the sender, and whether the recipient blocked the sender."""

    recipient: User | None
    view: ThreadView | None
    message: Message | None
    thread: Thread | None
    sender: User | None
    blocked: bool  # the recipient blocked the sender


def unread_delta(before: ThreadView | None, after: ThreadView) -> int:
    was = bool(before and before.counts_as_unread)
    return int(after.counts_as_unread) - int(was)


def make_snippet(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= SNIPPET_LEN else flat[: SNIPPET_LEN - 1].rstrip() + "…"


# C0/C1 control characters (and DEL) never belong in text people write; a body keeps its
# line breaks and tabs. A subject also ends up in email headers, so it keeps none.
_BODY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SUBJECT_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_subject(subject: str) -> str:
    if _SUBJECT_CONTROLS.search(subject):
        raise InvalidInput("subject must be one line without control characters", code="invalid_subject")
    if not subject.strip():
        raise InvalidInput("subject must not be blank", code="invalid_subject")
    if len(subject) > SUBJECT_MAX:
        raise InvalidInput(f"subject must be at most {SUBJECT_MAX} characters", code="invalid_subject")
    return subject


def has_control_characters(text: str) -> bool:
    """Control characters a message body may not hold (line breaks and tabs are fine)."""
    return _BODY_CONTROLS.search(text) is not None


def validate_body(body: str) -> str:
    if has_control_characters(body):
        raise InvalidInput("body must not contain control characters", code="invalid_body")
    if not body.strip():
        raise InvalidInput("body must not be blank", code="invalid_body")
    if len(body) > BODY_MAX:
        raise InvalidInput(f"body must be at most {BODY_MAX} characters", code="invalid_body")
    return body


def validate_recipients(sender_id: str, recipient_ids: list[str]) -> list[str]:
    unique = list(dict.fromkeys(recipient_ids))
    if not unique:
        raise InvalidInput("recipient_ids must name at least one user", code="invalid_recipients")
    if sender_id in unique:
        raise InvalidInput("you cannot send a message to yourself", code="invalid_recipients")
    if len(unique) + 1 > MAX_PARTICIPANTS:
        raise InvalidInput(
            f"a thread has at most {MAX_PARTICIPANTS} participants", code="invalid_recipients"
        )
    return unique


def new_thread_views(thread: Thread, message: Message, has_attachments: bool) -> list[ThreadView]:
    snippet = make_snippet(message.body)
    views = []
    for participant in thread.participants:
        blank = ThreadView(
            user_id=participant.user_id,
            thread_id=thread.thread_id,
            subject=thread.subject,
            participants=thread.participants,
            last_activity_at=message.sent_at,
            production=thread.production,
            role=thread.role,
        )
        views.append(blank.after_message(message, snippet, has_attachments))
    return views


def view_on_release(before: ThreadView | None, thread: Thread, user_id: str, message: Message) -> ThreadView:
    """A recipient's view once a held message is released: the thread arrives in their Inbox,
    unread; anything newer they already saw keeps its place (time and snippet)."""
    participant = next((p for p in thread.participants if p.user_id == user_id), Participant(user_id, ""))
    base = before or ThreadView(user_id=participant.user_id, thread_id=thread.thread_id, subject=thread.subject,
                                participants=thread.participants, last_activity_at=message.sent_at,
                                production=thread.production, role=thread.role)
    after = base.after_message(message, make_snippet(message.body), bool(message.attachments))
    if before is not None and before.last_activity_at > message.sent_at:
        after = replace(after, last_activity_at=before.last_activity_at, snippet=before.snippet)
    return after


def require_visible(view: ThreadView | None) -> ThreadView:
    """A thread you are not in, or deleted from your view, does not exist for you."""
    if view is None or view.deleted:
        raise NotFound("thread not found", code="thread_not_found")
    return view
