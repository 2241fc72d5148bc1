"""Applications, invitations and self-tape auditions (SPEC.md section 7): the talent's side (apply,
drafts, submit, withdraw, answer a self-tape request, the tabbed list) and the casting side
(invite, the application manager, request a self-tape, contact an applicant). The rules about
states live in domain/applications.py."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from ..domain import applications as rules
from ..domain import messaging as message_rules
from ..domain.applications import Application, MediaRef
from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, Forbidden, NotFound
from ..domain.ids import new_id
from ..domain.locker import LockerItem
from ..domain.productions import Production, ensure_open, production_of_role
from ..domain.users import User
from ..storage.applications import AlreadyApplied, ApplicationRepository
from ..storage.notices import NoticeRepository
from ..storage.sweeps import SweepMarks, entity_of
from ..storage.unit_of_work import retry_on_conflict
from ..storage.users import UserRepository
from .sweeps import run_sweep

log = logging.getLogger(__name__)
SWEEP_PAGE = 25
SWEEP_BATCH = 100  # due applications read per BatchGet


class Profiles(Protocol):
    def score(self, user_id: str) -> dict[str, Any]: ...
    def summaries(self, user_ids: list[str]) -> dict[str, dict[str, Any]]: ...
    def timezone_of(self, user_id: str) -> str | None: ...


class Files(Protocol):
    def ready_media(self, owner_id: str, media_ids: list[str]) -> list[LockerItem]: ...
    def media_download_url(self, owner_id: str, media_id: str) -> str | None: ...


class Messaging(Protocol):
    def start_thread(self, sender: User, recipient_ids: list[str], subject: str, body: str,
                     production_id: str | None = None, role_id: str | None = None,
                     attachment_ids: list[str] | None = None, production_name: str = "",
                     role_name: str = "") -> dict[str, Any]: ...


class Jobs(Protocol):
    def send(self, job: dict[str, Any]) -> None: ...


def _refs(items: list[LockerItem]) -> tuple[MediaRef, ...]:
    return tuple(MediaRef(media_id=i.media_id, kind=i.kind, filename=i.filename, content_type=i.content_type,
                          title=i.title) for i in items)


def _busy() -> Conflict:
    return Conflict("this application is changing quickly; reload it and try again", code="application_busy")


def _still_submitted(app: Application) -> None:
    if not app.visible_to_casting:  # withdrawn meanwhile: casting no longer sees it
        raise NotFound("application not found", code="application_not_found")


def _already_applied() -> Conflict:
    return Conflict("you have already applied to this role: it is under My applications", code="already_applied")


class ApplicationService:
    def __init__(self, applications: ApplicationRepository, notices: NoticeRepository, users: UserRepository,
                 files: Files, messaging: Messaging, profiles: Profiles, jobs: Jobs, secret: str,
                 once: Callable[[Callable[..., Any]], Callable[..., Any]], sweeps: SweepMarks | None = None) -> None:
        self.apps = applications
        self.sweeps = sweeps or SweepMarks()
        self.notices = notices
        self.users = users
        self.files = files
        self.messaging = messaging
        self.profiles = profiles
        self.jobs = jobs
        self.secret = secret
        self._resend_once = once(self._resend)

    # -- talent ----------------------------------------------------------------------------------
    def apply(self, talent: User, role_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """A new draft or submission; an invitation to this role becomes the application."""
        self._require_talent(talent)
        note = rules.parse_note(body.get("note"))
        media_ids = rules.parse_media_ids(body.get("media_ids"))
        submit = body.get("submit", False)
        production, role = self._published_role(role_id)
        ensure_open(production, now_iso())
        media = _refs(self.files.ready_media(talent.user_id, media_ids))
        existing_id = self.apps.id_for_role(talent.user_id, role_id)
        if existing_id is not None:
            return self._apply_to_existing(talent, existing_id, note, media, submit)
        now = now_iso()
        app = Application(
            application_id=new_id("app"), talent_id=talent.user_id, talent_name=talent.name,
            production_id=production.production_id, production_name=production.name, role_id=role_id,
            role_name=role["name"], status="draft", created_at=now, updated_at=now, note=note, media=media)
        if submit:
            app = rules.submit(app, now, self._completeness(talent.user_id))
        return self._talent_view(self._create(app, "you have already applied to this role"))

    def _apply_to_existing(self, talent: User, application_id: str, note: str, media: tuple[MediaRef, ...],
                           submit: bool) -> dict[str, Any]:
        current = self.apps.get(application_id)
        if current is None or current.status != "invited":
            raise _already_applied()
        completeness = self._completeness(talent.user_id) if submit else 0

        def change(app: Application) -> Application:
            if app.status != "invited":
                raise _already_applied()
            now = now_iso()
            drafted = rules.edit(app, now, note, media)
            return rules.submit(drafted, now, completeness) if submit else drafted

        return self._talent_view(self._change(application_id, self._own(talent), change))

    def accept_invitation(self, talent: User, application_id: str) -> dict[str, Any]:
        self._require_talent(talent)
        app = self._change(application_id, self._own_while_open(talent),
                           lambda a: rules.accept_invitation(a, now_iso()))
        return self._talent_view(app)

    def edit(self, talent: User, application_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self._require_talent(talent)
        note = rules.parse_note(body["note"]) if "note" in body else None
        media = None
        if "media_ids" in body:
            media = _refs(self.files.ready_media(talent.user_id, rules.parse_media_ids(body["media_ids"])))
        app = self._change(application_id, self._own_while_open(talent),
                           lambda a: rules.edit(a, now_iso(), note, media))
        return self._talent_view(app)

    def submit(self, talent: User, application_id: str) -> dict[str, Any]:
        self._require_talent(talent)
        completeness = self._completeness(talent.user_id)
        app = self._change(application_id, self._own_while_open(talent),
                           lambda a: rules.submit(a, now_iso(), completeness))
        return self._talent_view(app)

    def withdraw(self, talent: User, application_id: str) -> dict[str, Any]:
        app = self._change(application_id, self._own(talent), lambda a: rules.withdraw(a, now_iso()))
        return self._talent_view(app)

    def answer_self_tape(self, talent: User, application_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self._require_talent(talent)
        media_id, reason = rules.parse_self_tape(body)
        media = _refs(self.files.ready_media(talent.user_id, [media_id]))[0] if media_id else None
        app = self._change(application_id, self._own_while_open(talent),
                           lambda a: rules.answer_audition(a, now_iso(), media, reason))
        return self._talent_view(app)

    def list_mine(self, talent: User, tab: str, cursor: str | None, limit: int) -> dict[str, Any]:
        scope = f"applications|{talent.user_id}|{tab}"
        items, position = self.apps.list_for_talent(talent.user_id, tab, decode_cursor(cursor, self.secret, scope),
                                                    limit)
        # One read of the talent's time zone for the page, only if a due date is on it.
        zone = self._timezone(talent.user_id) if any(a.audition for a in items) else None
        return {"items": [self._talent_view(a, zone, zone_known=True) for a in items],
                "next_cursor": encode_cursor(position, self.secret, scope),
                "counts": rules.tab_counts(self.users.counters(talent.user_id))}

    def get(self, user: User, application_id: str) -> dict[str, Any]:
        """The talent's own application, or a submission to a production the caller casts (which
        marks it viewed: from then on the talent can no longer withdraw it)."""
        app = self.apps.get(application_id)
        if app is not None and app.talent_id == user.user_id:
            return self._talent_view(app)
        if app is None or not app.visible_to_casting or not self._is_member(user, app.production_id):
            raise NotFound("application not found", code="application_not_found")
        if app.unviewed:  # membership was checked above: the retries need only re-check visibility
            app = self._change(application_id, _still_submitted, lambda a: rules.mark_viewed(a, now_iso()))
        return self._casting_views([app])[0]

    # -- casting ---------------------------------------------------------------------------------
    def invite(self, casting: User, role_id: str, talent_id: str, message: Any) -> dict[str, Any]:
        text = rules.parse_invitation_message(message)
        casting.ensure_can_send()
        production, role = self._published_role(role_id)
        if not production.is_member(casting.user_id):
            raise NotFound("role not found", code="role_not_found")
        ensure_open(production, now_iso())
        talent = self.users.get(talent_id)
        if talent is None or talent.role != "talent" or talent.suspended:
            raise NotFound("no talent with that id", code="talent_not_found")
        if self.users.who_blocked(casting.user_id, [talent_id]):
            raise Forbidden("this person does not accept messages from you", code="blocked")
        existing = self.apps.id_for_role(talent_id, role_id)
        if existing is not None:
            raise Conflict("this talent has already been invited to or applied for this role", code="already_applied")
        now = now_iso()
        name = production.name
        subject = f"Invitation to apply: {role['name']} in {name}"[:message_rules.SUBJECT_MAX]
        body = (text + "\n\n" if text else "") + (
            f"{casting.name} invites you to apply for the role of {role['name']} in {name}. "
            "Open your Invites to accept: your application starts as a draft you can finish and submit.")
        message_rules.validate_subject(subject)
        message_rules.validate_body(body)  # before anything is written: a refused message refuses the invite
        app = Application(
            application_id=new_id("app"), talent_id=talent_id, talent_name=talent.name,
            production_id=production.production_id, production_name=name, role_id=role_id, role_name=role["name"],
            status="invited", created_at=now, updated_at=now, invited_by=casting.user_id, invited_at=now,
            invitation_message=text)
        app = self._create(app, "this talent has already been invited to or applied for this role")
        try:
            thread = self.messaging.start_thread(
                casting, [talent_id], subject, body, production_id=production.production_id, role_id=role_id,
                production_name=name, role_name=role["name"])
        except Exception:
            self.apps.undo_create(app)  # no invitation the talent was never told about
            raise
        try:
            app = self._change(app.application_id, lambda a: None,
                               lambda a: rules.with_invitation_thread(a, thread["thread_id"]))
        except (Conflict, NotFound):
            pass  # the talent acted on it already; the thread is in their inbox either way
        # The invitation as its sender sees it: no profile or score of someone who has not applied.
        return {**app.to_dict(), "thread_id": thread["thread_id"]}

    def manager(self, casting: User, production_id: str, role_id: str | None, sort: str, cursor: str | None,
                limit: int) -> dict[str, Any]:
        production = self.notices.get(production_id)
        if production is None or not production.is_member(casting.user_id):
            raise NotFound("notice not found", code="notice_not_found")
        roles = production.role_names()
        if role_id is not None and role_id not in roles:
            raise NotFound("this notice has no such role", code="role_not_found")
        scope = f"manager|{production_id}|{role_id or '*'}|{sort}"
        items, position = self.apps.list_for_manager(production_id, role_id, sort == "completeness",
                                                     decode_cursor(cursor, self.secret, scope), limit)
        stats = self.apps.role_stats_of([(production_id, rid) for rid in roles])
        return {"items": self._casting_views(items), "next_cursor": encode_cursor(position, self.secret, scope),
                "roles": [{"role_id": rid, "name": name, **stats[rid]} for rid, name in roles.items()]}

    def request_audition(self, casting: User, application_id: str, body: dict[str, Any]) -> dict[str, Any]:
        casting.ensure_can_send()
        now = now_iso()
        instructions, due_at = rules.parse_audition_request(body, now)

        def change(app: Application) -> Application:
            production = self.notices.get(app.production_id)  # one read: who may, and whether it is open
            if not app.visible_to_casting or production is None or not production.is_member(casting.user_id):
                raise NotFound("application not found", code="application_not_found")
            if not app.archived:  # an archived one gets the clearer "archived" answer from the rules
                ensure_open(production, now_iso())
            after = rules.request_audition(app, now_iso(), casting.user_id, instructions, due_at)
            message_rules.validate_body(self._audition_text(casting.name, after))  # refused text, nothing saved
            return after

        app = self._change(application_id, lambda a: None, change)
        thread_id = self._tell_of_audition(casting, app)
        return {**self._casting_views([app])[0], "thread_id": thread_id}

    def resend_audition_message(self, application_id: str) -> str | None:
        """The queued retry of a self-tape request's message (the request itself is saved). A job
        delivered twice sends one message: at most once per (application, request)."""
        app = self.apps.get(application_id)
        if app is None or app.audition is None or app.audition.status != "requested" or app.archived:
            return None
        request = {"application_id": application_id, "requested_at": app.audition.requested_at}
        return self._resend_once(request=request)  # type: ignore[no-any-return]

    def _resend(self, request: dict[str, Any]) -> str | None:
        app = self.apps.get(request["application_id"])
        if app is None or app.audition is None or app.audition.requested_at != request["requested_at"]:
            return None
        casting = self.users.get(app.audition.requested_by)
        return self._tell_of_audition(casting, app, queue_on_failure=False) if casting else None

    def _tell_of_audition(self, casting: User, app: Application, queue_on_failure: bool = True) -> str | None:
        """The request arrives in the talent's inbox too. If the talent blocked this casting user or is
        gone, it still shows under their Auditions; any other failure is retried through the jobs queue."""
        try:
            thread = self.messaging.start_thread(
                casting, [app.talent_id], f"Self-tape request: {app.role_name} in {app.production_name}"[:200],
                self._audition_text(casting.name, app), production_id=app.production_id, role_id=app.role_id,
                production_name=app.production_name, role_name=app.role_name)
            return str(thread["thread_id"])
        except (Forbidden, NotFound):
            return None
        except Exception:
            if not queue_on_failure:
                raise
            log.warning("self-tape request message failed; queued", exc_info=True,
                        extra={"application_id": app.application_id})
            self.jobs.send({"kind": "audition_message", "application_id": app.application_id})
            return None

    @staticmethod
    def _audition_text(casting_name: str, app: Application) -> str:
        assert app.audition is not None
        return (f"{casting_name} asks you for a self-tape for the role of {app.role_name} in {app.production_name}."
                f"\n\n{app.audition.instructions}\n\nDue: {app.audition.due_at} (UTC). Send a video from your "
                "media locker, or decline, from your Auditions.")

    def submission_for(self, casting: User, application_id: str) -> Application:
        """A submission to a production the caller casts (owner or collaborator), or NotFound."""
        app = self.apps.get(application_id)
        if app is None or not app.visible_to_casting or not self._is_member(casting, app.production_id):
            raise NotFound("application not found", code="application_not_found")
        return app

    def is_member(self, user: User, production_id: str) -> bool:
        return self._is_member(user, production_id)

    def note_contacted(self, app: Application) -> None:
        """Casting wrote to the applicant: the submission counts as viewed (only once the message
        went: a refused one must not cost the talent their withdraw)."""
        if app.unviewed:
            self._change(app.application_id, _still_submitted, lambda a: rules.mark_viewed(a, now_iso()))

    def media_link(self, user: User, application_id: str, media_id: str) -> dict[str, Any]:
        """A download link for a video or photo an application shows (talent or its casting)."""
        app = self.apps.get(application_id)
        allowed = app is not None and (app.talent_id == user.user_id or (
            app.visible_to_casting and self._is_member(user, app.production_id)))
        shown = {m.media_id for m in app.media} if app else set()
        if app and app.audition and app.audition.media:
            shown.add(app.audition.media.media_id)
        if not allowed or app is None or media_id not in shown:
            raise NotFound("media not found", code="media_not_found")
        url = self.files.media_download_url(app.talent_id, media_id)
        if url is None:
            raise NotFound("the talent has removed this media from their locker", code="media_not_found")
        return {"media_id": media_id, "download_url": url}

    # -- expiry ----------------------------------------------------------------------------------
    def miss_overdue_auditions(self, now: str | None = None) -> int:
        """The hourly sweep: self-tape requests past their due date without an answer stop
        counting as awaiting (the talent's Auditions and dashboard). Reads only what fell due
        since its last run (storage/sweeps.py), the applications a hundred at a time; only an
        unanswered one is read again and written. Safe to repeat."""
        now = now or now_iso()
        missed: set[str] = set()

        def miss(app: Application) -> Application | None:
            after = rules.miss_audition(app, now)
            if after is not None:
                missed.add(app.application_id)
            return after

        def handle(keys: list[str]) -> set[str]:
            unsettled: set[str] = set()
            for start in range(0, len(keys), SWEEP_BATCH):
                batch = {entity_of(k): k for k in keys[start:start + SWEEP_BATCH]}
                for application_id, app in self.apps.get_many(list(batch)).items():
                    if rules.miss_audition(app, now) is None:
                        continue  # answered, withdrawn or already missed: nothing to write
                    try:
                        self._change(application_id, lambda a: None, miss)
                    except Conflict:
                        unsettled.add(batch[application_id])
            return unsettled

        run_sweep(self.sweeps, "auditions_due", lambda after: self.apps.auditions_due(after, now), handle)
        return len(missed)

    def archive_production(self, production_id: str, private: bool = False,
                           start: dict[str, Any] | None = None, budget: int = 200) -> dict[str, Any] | None:
        """Archives a closed or expired notice's applications, a page at a time; returns the job
        that continues (None when done). Safe to repeat: archived ones are skipped."""
        archived = 0
        while budget > 0:
            page, start = self.apps.page_of_production(production_id, private, start, min(SWEEP_PAGE, budget))
            budget -= len(page)
            for app in page:
                if not app.archived:
                    self._change(app.application_id, lambda a: None, lambda a: rules.archive(a, now_iso()))
                    archived += 1
            if start is None:
                if private:
                    return None
                private, start = True, None
        return {"kind": "archive_applications", "production_id": production_id, "private": private,
                "start": start, "archived_so_far": archived}

    # -- helpers ---------------------------------------------------------------------------------
    def _change(self, application_id: str, check: Callable[[Application], None],
                transition: Callable[[Application], Application | None]) -> Application:
        """Read, check who may, apply the rule, write if nobody changed it meanwhile (else again)."""
        def attempt() -> Application:
            app = self.apps.get(application_id)
            if app is None:
                raise NotFound("application not found", code="application_not_found")
            check(app)
            after = transition(app)
            return app if after is None else self.apps.save(app, after)

        return retry_on_conflict(attempt, _busy)

    def _create(self, app: Application, taken: str) -> Application:
        try:
            return retry_on_conflict(lambda: self.apps.create(app), _busy)
        except AlreadyApplied:
            raise Conflict(taken, code="already_applied") from None

    @staticmethod
    def _own(talent: User) -> Callable[[Application], None]:
        def check(app: Application) -> None:
            if app.talent_id != talent.user_id:
                raise NotFound("application not found", code="application_not_found")
        return check

    def _own_while_open(self, talent: User) -> Callable[[Application], None]:
        """The talent's own, on a notice still taking applications (an archived one gets the
        clearer "archived" answer from the rules)."""
        def check(app: Application) -> None:
            self._own(talent)(app)
            if not app.archived:
                ensure_open(self.notices.get(app.production_id), now_iso())
        return check

    def _is_member(self, user: User, production_id: str) -> bool:
        production = self.notices.get(production_id)
        return production is not None and production.is_member(user.user_id)

    @staticmethod
    def _require_talent(user: User) -> None:
        if user.role != "talent":
            raise Forbidden("only talent accounts can apply to roles", code="not_talent")
        if user.suspended:
            raise Forbidden("your account is suspended", code="suspended")

    def _published_role(self, role_id: str) -> tuple[Production, dict[str, Any]]:
        production_id = production_of_role(role_id)
        production = self.notices.get(production_id) if production_id else None
        role = production.visible_role(role_id) if production else None
        if production is None or role is None:
            raise NotFound("role not found", code="role_not_found")
        return production, role

    def _completeness(self, talent_id: str) -> int:
        return int(self.profiles.score(talent_id)["value"])

    def _timezone(self, talent_id: str) -> str | None:
        return self.profiles.timezone_of(talent_id)

    def _talent_view(self, app: Application, zone: str | None = None, zone_known: bool = False) -> dict[str, Any]:
        view = app.to_dict()
        if app.audition is not None:
            view["audition"]["due"] = rules.due_view(app.audition.due_at,
                                                     zone if zone_known else self._timezone(app.talent_id))
        return view

    def _casting_views(self, apps: list[Application]) -> list[dict[str, Any]]:
        """Submissions as casting sees them: the applicant's public profile summary, the note and
        the media shown (never the profile score: the manager can sort by it, not show it)."""
        profiles = self.profiles.summaries([a.talent_id for a in apps]) if apps else {}
        views = []
        for app in apps:
            view = app.to_dict()
            for private in ("invitation_thread_id",):
                view.pop(private, None)
            profile = profiles.get(app.talent_id, {})
            # The score is its owner's alone (SPEC.md section 8): casting may sort by it, never read it.
            view["applicant"] = {"user_id": app.talent_id, "name": app.talent_name,
                                 **{k: v for k, v in profile.items() if k != "completeness"}}
            views.append(view)
        return views
