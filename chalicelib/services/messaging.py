"""Messaging use cases: start a thread, reply, list and search folders, open, bulk actions."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..domain import messaging as rules
from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, Forbidden, NotFound
from ..domain.ids import new_id
from ..domain.messaging import Message, Participant, Ref, Thread, ThreadView
from ..domain.search import parse_query
from ..domain.users import User
from ..storage.mail import MailRepository
from ..storage.unit_of_work import ConcurrentChange, UnitOfWork, retry_on_conflict
from ..storage.users import UserRepository
from .files import FilesService
from .safety import SafetyService, Screening, ThreadContext
from .search import SearchService

# An "all" bulk action does this many threads inside the request and the rest in a
# background job, so a request never nears API Gateway's 29-second limit.
BULK_INLINE_BUDGET = 300
BULK_PAGE = 100
THREAD_MESSAGES_DEFAULT = 50


class Jobs(Protocol):
    def send(self, job: dict[str, Any]) -> None: ...


def _busy() -> Conflict:
    return Conflict("this conversation is changing quickly; try again in a moment", code="thread_busy")


def _daily(user: User) -> bool:
    return user.notifications == "daily"


class MessagingService:
    def __init__(
        self, users: UserRepository, mail: MailRepository, jobs: Jobs, cursor_secret: str, files: FilesService,
        search: SearchService,
        units: Callable[[], UnitOfWork] = UnitOfWork,
    ) -> None:
        self.users = users
        self.mail = mail
        self.search = search
        self.jobs = jobs
        self.secret = cursor_secret
        self.files = files
        self.units = units  # a new unit of work (tests/service passes in-memory ones)
        # (user id, thread ids) the user on "daily" has just read or deleted: out of their digest.
        self.read_by_daily_user: Callable[[str, set[str]], None] | None = None
        # The safety gate (services/safety.py; set by the container): who may name a production,
        # the limits, and what a message's first readers are shielded from.
        self.safety: SafetyService | None = None

    # -- sending -----------------------------------------------------------------------------
    def start_thread(
        self,
        sender: User,
        recipient_ids: list[str],
        subject: str,
        body: str,
        production_id: str | None = None,
        role_id: str | None = None,
        attachment_ids: list[str] | None = None,
        production_name: str = "",
        role_name: str = "",
    ) -> dict[str, Any]:
        sender.ensure_can_send()
        recipients = rules.validate_recipients(sender.user_id, recipient_ids)
        rules.validate_subject(subject)
        rules.validate_body(body)
        found = self.users.get_many(recipients)
        missing = [rid for rid in recipients if rid not in found]
        if missing:
            raise NotFound(f"no user with id {missing[0]}", code="recipient_not_found")
        self._ensure_not_blocked(sender, recipients)
        context = ThreadContext(production_name, role_name)
        if self.safety is not None:
            context = self.safety.thread_context(sender, recipients, production_id, role_id)
        production_name, role_name = context.production_name, context.role_name

        now = now_iso()
        thread_id = new_id("thr")
        message_id = f"{thread_id}.{new_id('msg')}"
        unit = self.units()
        attachments = self.files.for_message(sender, attachment_ids or [], thread_id, message_id, unit)
        screening = Screening()
        if self.safety is not None:  # last, after every check that needs no count: a refusal costs nothing
            screening = self.safety.screen_new_thread(sender, recipients, context, subject, body)
        thread = Thread(
            thread_id=thread_id,
            subject=subject,
            participants=[Participant(sender.user_id, sender.name)]
            + [Participant(rid, found[rid].name) for rid in recipients],
            created_at=now,
            last_activity_at=now,
            production=Ref(production_id, production_name) if production_id else None,
            role=Ref(role_id, role_name) if role_id else None,
            has_attachments=bool(attachments),
        )
        message = Message(thread_id, message_id, Participant(sender.user_id, sender.name), body, now, "web",
                          attachments, status=screening.status, warning=screening.warning)
        # A held message reaches nobody yet: only its sender's view exists (until an editor releases it).
        views = [v for v in rules.new_thread_views(thread, message, bool(attachments))
                 if message.status == "delivered" or v.user_id == sender.user_id]
        self.mail.stage_new_thread(unit, thread, message, views)
        if self.safety is not None and message.status == "delivered":
            reached = self.safety.reached(sender.user_id, recipients)
            self.safety.stage_delivered(unit, sender.user_id, recipients, reached)
        try:
            unit.commit()
        except ConcurrentChange:
            # Only an attachment can have changed (the thread is new): say which and why.
            self.files.for_message(sender, attachment_ids or [], thread_id, message_id, self.units())
            raise _busy() from None
        if self.safety is not None:
            self.safety.after_send(sender, message, screening)
        # "held" tells the sender only that it waits for a check, never which rule: docs/SAFETY.md.
        return {**self._thread_detail(thread, views[0], [message], None), "status": message.status}

    def reply(
        self, sender: User, thread_id: str, body: str, attachment_ids: list[str] | None = None, via: str = "web",
        within: UnitOfWork | None = None,
    ) -> dict[str, Any]:
        """`within` holds the caller's own writes (e.g. a dedupe marker): they commit with the message."""
        sender.ensure_can_send()
        rules.validate_body(body)
        # Two reads: the sender's own view (is the thread theirs; who is in it), then every
        # participant's view, any block against the sender and the contact marks, together. The
        # safety writes (the burst count, new contact marks) commit in the message's transaction.
        own: ThreadView | None = rules.require_visible(
            self.mail.get_view(sender.user_id, thread_id, consistent=True))
        people = [p.user_id for p in own.participants]
        snippet = rules.make_snippet(body)
        others = [uid for uid in people if uid != sender.user_id]
        production_id = own.production.id if own.production else None
        subject = own.subject
        screenings: list[Screening] = []

        def attempt() -> Message:
            nonlocal own
            # A fresh, time-ordered id per attempt keeps message order equal to commit order.
            this_id = f"{thread_id}.{new_id('msg')}"
            # A retry re-reads the sender's view too: it may be what changed.
            readers = [uid for uid in people if own is None or uid != sender.user_id]
            conversation = self.mail.conversation(thread_id, readers, sender.user_id)
            if conversation.blockers:
                raise Forbidden("you cannot message this user", code="blocked")
            before = dict(conversation.views)
            before.setdefault(sender.user_id, own)  # type: ignore[arg-type]
            rules.require_visible(before[sender.user_id])
            if not screenings:  # the message's text and people do not change between attempts
                screenings.append(Screening() if self.safety is None else self.safety.screen_reply(
                    sender, others, conversation.wrote_to_sender, production_id, subject, body))
            screening = screenings[0]
            if screening.status != "delivered":  # held: only the sender's view moves until it is released
                before = {sender.user_id: before[sender.user_id]}
            own = None
            unit = within.branch() if within else self.units()
            # Inside the retry: a lost race for an attachment must be reported, not retried forever.
            attachments = self.files.for_message(sender, attachment_ids or [], thread_id, this_id, unit)
            message = Message(thread_id, this_id, Participant(sender.user_id, sender.name), body, now_iso(), via,
                              attachments, status=screening.status, warning=screening.warning)
            after = [view.after_message(message, snippet, bool(attachments)) for view in before.values()]
            self.mail.stage_message(unit, message, before, after, bool(attachments))
            if self.safety is not None:
                self.safety.stage_reply(unit, sender, message, others, conversation.reached)
            unit.commit()
            return message

        sent = retry_on_conflict(attempt, _busy)
        if self.safety is not None:
            self.safety.after_send(sender, sent, screenings[0])
        return sent.as_dict()

    def _ensure_not_blocked(self, sender: User, recipient_ids: list[str]) -> None:
        if self.users.who_blocked(sender.user_id, recipient_ids):
            raise Forbidden("you cannot message this user", code="blocked")

    # -- reading -----------------------------------------------------------------------------
    def list_threads(
        self, user: User, folder: str, q: str | None, unread_only: bool, cursor: str | None, limit: int
    ) -> dict[str, Any]:
        scope = f"threads|{user.user_id}|{folder}|{int(unread_only)}|{q or ''}"
        start = decode_cursor(cursor, self.secret, scope)
        page: dict[str, Any] = {}
        if q or (folder, unread_only) == ("all", True):  # a search, or a list no index holds
            found = self.search.page(user.user_id, folder, q, unread_only, start, limit)
            views, position = found.views, found.position
            page["searched_to"] = found.searched_to
        else:
            views, position = self.mail.threads_in_folder(user.user_id, folder, unread_only, start, limit)
        return {
            "items": [v.as_list_item() for v in views],
            "next_cursor": encode_cursor(position, self.secret, scope),
            **page,
        }

    def open_thread(self, user: User, thread_id: str, cursor: str | None, limit: int) -> dict[str, Any]:
        view = rules.require_visible(self.mail.get_view(user.user_id, thread_id))
        thread = self.mail.get_thread(thread_id)
        if thread is None:
            raise NotFound("thread not found", code="thread_not_found")
        scope = f"messages|{user.user_id}|{thread_id}"
        start = decode_cursor(cursor, self.secret, scope)
        messages, position = self.mail.messages_of_thread(thread_id, start, limit)
        if view.unread and start is None:
            view = self._change_views(user.user_id, [view], "mark_read", _daily(user))[0]
        messages.reverse()
        return self._thread_detail(thread, view, messages, encode_cursor(position, self.secret, scope))

    def _thread_detail(
        self, thread: Thread, view: ThreadView, messages: list[Message], older_cursor: str | None
    ) -> dict[str, Any]:
        item = view.as_list_item()
        item.update(
            {
                "created_at": thread.created_at,
                # The view counts what it saw since counts moved to the views; an older thread's item
                # keeps its count up to then (0 for threads started since).
                "message_count": max(thread.message_count + view.message_count, len(messages)),
                # Held and removed messages reach no one but their sender; warnings only others.
                "messages": [m.as_dict(view.user_id) for m in messages if m.visible_to(view.user_id)],
                # Messages come newest page first; this pages further back in time.
                "older_messages_cursor": older_cursor,
            }
        )
        return item

    def unread_count(self, user: User) -> dict[str, int]:
        """The header's badge: every unread thread, and how many of them sit in the Archive (so
        the client can say where an unread thread is that the Inbox does not show)."""
        unread = max(0, self.users.unread_threads(user.user_id))
        in_archive = self.mail.count_unread_in(user.user_id, "archive") if unread else 0
        return {"unread": unread, "in_archive": min(in_archive, unread)}

    # -- actions -----------------------------------------------------------------------------
    def act_on_threads(self, user: User, action: str, thread_ids: list[str]) -> dict[str, Any]:
        ids = list(dict.fromkeys(thread_ids))
        views = {v.thread_id: v for v in self.mail.views_of_user(user.user_id, ids) if not v.deleted}
        unknown = [tid for tid in ids if tid not in views]
        if unknown:
            raise NotFound(f"thread {unknown[0]} not found", code="thread_not_found")
        self._change_views(user.user_id, list(views.values()), action, _daily(user))
        return {"updated": len(views)}

    def act_on_folder(
        self, user: User, action: str, folder: str, q: str | None, unread_only: bool = False
    ) -> tuple[dict[str, Any], bool]:
        """Applies the action to every thread of a folder (or search result).

        Returns the response and whether work continues in the background.
        """
        if q:
            parse_query(q)  # a query without a word is refused before anything is written
        job = {"kind": "bulk_action", "job_id": new_id("job"), "user_id": user.user_id, "action": action,
               "folder": folder, "q": q or "", "unread_only": unread_only, "position": None, "updated": 0,
               "daily": _daily(user)}
        job = self.run_bulk_job(job, BULK_INLINE_BUDGET)
        if job.get("done"):
            return {"updated": job["updated"], "status": "done"}, False
        self.jobs.send(job)
        return {"updated": job["updated"], "status": "in_progress", "job_id": job["job_id"]}, True

    def run_bulk_job(self, job: dict[str, Any], budget: int) -> dict[str, Any]:
        """Works through a folder from the job's position; stops after `budget` threads.

        Safe to run twice: every action is idempotent on a view. Threads with activity newer
        than where the job started sort before its position and are left alone.
        """
        user_id, action, folder = job["user_id"], job["action"], job["folder"]
        done = 0
        position = job.get("position")
        searching = bool(job.get("q")) or (folder, job["unread_only"]) == ("all", True)
        while done < budget:
            if searching:  # a page of a search reads a bounded number of items, matches or not
                found = self.search.page(user_id, folder, job.get("q") or None, job["unread_only"], position,
                                         BULK_PAGE)
                views, position = found.views, found.position
                done += BULK_PAGE
            else:
                views, position = self.mail.threads_in_folder(user_id, folder, job["unread_only"], position, BULK_PAGE)
                done += len(views)
            self._change_views(user_id, views, action, bool(job.get("daily")))
            job["updated"] += len(views)
            if position is None:
                return {**job, "position": None, "done": True}
        return {**job, "position": position, "done": False}

    def _change_views(self, user_id: str, views: list[ThreadView], action: str,
                      daily: bool = False) -> list[ThreadView]:
        """Applies an action to views, re-reading any that changed under us."""
        pending = [views]

        def attempt() -> list[ThreadView]:
            changes = [(v, v.apply(action)) for v in pending[-1]]
            try:
                self.mail.save_user_views(user_id, changes)
            except ConcurrentChange:
                fresh = self.mail.views_of_user(user_id, [v.thread_id for v in pending[-1]])
                pending.append([v for v in fresh if not v.deleted])
                raise
            seen = {a.thread_id for b, a in changes if b.counts_as_unread and not a.counts_as_unread}
            if daily and seen and self.read_by_daily_user:
                self.read_by_daily_user(user_id, seen)
            return [after for _, after in changes]

        return retry_on_conflict(attempt, _busy)

