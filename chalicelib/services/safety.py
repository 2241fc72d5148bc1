"""The safety gate every message passes (docs/SAFETY.md): who may put a production on a thread,
the limits on cold contact and on speed, and what happens after a message is sent. Messaging
calls it at three points; the rules live in domain/limits.py, the counts in storage/limits.py."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain import limits as rules
from ..domain.errors import Forbidden
from ..domain.messaging import Message
from ..domain.safety import DELIVER, HOLD, assess_message
from ..domain.users import User
from ..storage.limits import LimitRepository
from ..storage.unit_of_work import UnitOfWork, retry_on_conflict

COLD_ATTEMPTS = 5
SAME_TEXT_SIGNAL = "same_text_to_many"
# Casting may label a thread with a production its team runs once the notice was vetted and
# published; closed and expired ones were published too (their applicants still hear from them).
PUBLISHED = ("approved", "closed", "expired")


@dataclass(frozen=True)
class ThreadContext:
    """The production and role a new thread is about, as the sender may name them."""

    production_name: str = ""
    role_name: str = ""
    # The production's roles when the sender casts it: its applicants are not cold contacts.
    own_role_ids: tuple[str, ...] = ()


@dataclass
class Screening:
    """What the gate decided about one message before it is written."""

    status: str = "delivered"  # delivered | held
    warning: dict[str, str] | None = None
    signals: list[str] = field(default_factory=list)
    # Recipients who never wrote to the sender (nor applied to their production).
    unacquainted: list[str] = field(default_factory=list)


class _SameTextFull(Exception):
    """A near-duplicate band of the text has reached the day's number of cold recipients."""


class SafetyService:
    def __init__(self, policy: rules.LimitPolicy, limits: LimitRepository, notices: Any, applications: Any,
                 clock: Callable[[], float] = time.time) -> None:
        self.policy = policy
        self.limits = limits
        self.notices = notices
        self.applications = applications
        self.clock = clock
        # (sender, held message, signals) -> the editors' queue (services/moderation.py; set by the container).
        self.on_hold: Callable[[User, Message, list[str]], None] | None = None

    # -- before a thread is started ----------------------------------------------------------
    def thread_context(self, sender: User, recipient_ids: list[str], production_id: str | None,
                       role_id: str | None) -> ThreadContext:
        """Only the production's own team may name it on a thread, and only once it is
        published, or a draft to its own team: otherwise anyone could make a message look like
        it came from a real, vetted casting call. Editors may name any (their decisions)."""
        if not production_id:
            if role_id:
                raise Forbidden("a role can only be named together with its production", code="production_not_yours")
            return ThreadContext()
        production = self.notices.get(production_id)
        team = production.members if production else ()
        if production is None or (sender.role != "editor" and sender.user_id not in team):
            raise Forbidden("you can only name a production you own or cast", code="production_not_yours")
        roles = production.role_names()
        if role_id and role_id not in roles:
            raise Forbidden("this production has no such role", code="production_not_yours")
        published = production.status in PUBLISHED
        if sender.role != "editor" and not published and any(r not in team for r in recipient_ids):
            raise Forbidden("this production is not published yet: only its own team may be messaged about it",
                            code="production_not_published")
        own_roles = tuple(r for r in roles if r) if sender.user_id in team and published else ()
        return ThreadContext(production.name, roles.get(role_id, "") if role_id else "", own_roles)

    # -- limits and screening ----------------------------------------------------------------
    def screen_new_thread(self, sender: User, recipient_ids: list[str], context: ThreadContext, subject: str,
                          body: str) -> Screening:
        """Refuses (429) a message over a limit before anything is written; otherwise says
        whether it is delivered (perhaps with a warning for its recipients) or held."""
        if sender.role == "editor":
            return Screening()
        self._take_burst(sender)
        strangers = self._strangers(sender, recipient_ids)
        if strangers and context.own_role_ids:
            strangers = [rid for rid in strangers if not self._applied(rid, context.own_role_ids)]
        if not strangers:
            return Screening()
        self._take_cold(sender, strangers)
        screening = self._assess(subject, body, strangers)
        if not self._take_same_text(sender, body, len(strangers)):
            screening.status = "held"
            screening.signals.append(SAME_TEXT_SIGNAL)
        return screening

    def screen_reply(self, sender: User, recipient_ids: list[str], wrote_to_sender: frozenset[str],
                     production_id: str | None, subject: str, body: str) -> Screening:
        """A reply in an existing conversation is never cold contact; it is checked while a
        recipient has never written to the sender. Reads nothing (the reply read the contact marks
        with the conversation) unless casting answers applicants of its own production."""
        if sender.role == "editor":
            return Screening()
        strangers = [rid for rid in recipient_ids if rid not in wrote_to_sender]
        if strangers and production_id:
            roles = self._own_roles(sender, production_id)
            strangers = [rid for rid in strangers if not (roles and self._applied(rid, roles))]
        return self._assess(subject, body, strangers) if strangers else Screening()

    def stage_reply(self, unit: UnitOfWork, sender: User, message: Message, recipient_ids: list[str],
                    reached: frozenset[str]) -> None:
        """The reply's own writes for safety, in its transaction: the burst count (the unit raises
        429 when the minute is full, nothing written) and the contact marks of a delivered reply."""
        if sender.role != "editor":
            span, refusal = self._burst_window()
            self.limits.stage_take(unit, sender.user_id, "messages", span.key, span.ends_at,
                                   self.policy.messages_per_minute, refused=refusal)
        if message.status == "delivered":
            self.stage_delivered(unit, sender.user_id, recipient_ids, reached)

    def stage_delivered(self, unit: UnitOfWork, sender_id: str, recipient_ids: list[str],
                        reached: Iterable[str]) -> None:
        """A delivered message makes its sender someone who wrote to its recipients (once a pair)."""
        known = set(reached)
        self.limits.stage_delivered(unit, sender_id, [rid for rid in recipient_ids if rid not in known])

    def after_send(self, sender: User, message: Message, screening: Screening) -> None:
        """A held message goes to the editors (set by the container: services/moderation.py)."""
        if message.status == "held" and self.on_hold is not None:
            self.on_hold(sender, message, screening.signals)

    def count_hold(self, sender: User) -> bool:
        """Counts a held message of the sender; True once they reach the week's number that
        suspends the account pending review."""
        now = self.clock()
        week = rules.window(now, rules.WEEK)
        return not self.limits.take(sender.user_id, "holds", week.key, week.ends_at, self.policy.holds_to_suspend - 1)

    @staticmethod
    def _assess(subject: str, body: str, strangers: list[str]) -> Screening:
        """The scam rules (domain/safety/) on a message to people who never wrote to the sender:
        a warning its recipients see on it, or held for an editor (the warning kept for release)."""
        assessment = assess_message(subject, body)
        warning = assessment.warning.to_dict() if assessment.warning and assessment.action != DELIVER else None
        return Screening(status="held" if assessment.action == HOLD else "delivered", warning=warning,
                         signals=list(assessment.signals), unacquainted=strangers)

    def _take_same_text(self, sender: User, body: str, recipients: int) -> bool:
        """Counts cold recipients of this text (by its near-duplicate fingerprints) today; False
        once a fingerprint would pass the day's number: the message is then held, not refused.
        All bands count in one transaction or none does, so concurrent sends of one text hold
        exactly those past the number (counted band by band, each band could hold a different one)."""
        bands = rules.text_fingerprints(body)
        maximum = self.policy.same_text_recipients_per_day
        if not bands:
            return True
        if recipients > maximum:
            return False
        day = rules.window(self.clock(), rules.DAY)

        def attempt() -> bool:
            unit = UnitOfWork()
            for band in bands:
                self.limits.stage_take(unit, sender.user_id, f"text.{band}", day.key, day.ends_at, maximum,
                                       refused=_SameTextFull, amount=recipients)
            unit.commit()
            return True

        try:
            return retry_on_conflict(attempt, lambda: rules.limited(
                "too many conversations are being started from your account at once", 5))
        except _SameTextFull:
            return False

    def _own_roles(self, sender: User, production_id: str) -> tuple[str, ...]:
        """The roles of the thread's production when the sender casts it (for the applicant rule)."""
        production = self.notices.get(production_id)
        if production is None or not production.is_member(sender.user_id):
            return ()
        return tuple(production.role_names())

    def reached(self, sender_id: str, recipient_ids: list[str]) -> set[str]:
        """Which recipients already had a message delivered from the sender (a new thread's read)."""
        return self.limits.readers_reached(sender_id, recipient_ids) if recipient_ids else set()

    # -- helpers ------------------------------------------------------------------------------
    def _burst_window(self) -> tuple[rules.Window, Callable[[], Exception]]:
        """This minute's message counter, and the 429 its being full gives."""
        now = self.clock()
        span = rules.window(now, rules.MINUTE)
        return span, lambda: rules.limited("you are sending messages faster than anyone can type them",
                                           span.retry_after(now))

    def _take_burst(self, sender: User) -> None:
        span, refusal = self._burst_window()
        if not self.limits.take(sender.user_id, "messages", span.key, span.ends_at, self.policy.messages_per_minute):
            raise refusal()

    def _strangers(self, sender: User, recipient_ids: list[str]) -> list[str]:
        """Recipients who have never written to the sender."""
        wrote = self.limits.written_by(sender.user_id, recipient_ids)
        return [rid for rid in recipient_ids if rid not in wrote]

    def _applied(self, talent_id: str, role_ids: tuple[str, ...]) -> bool:
        """Submitted an application to one of the roles (an invitation alone is not applying)."""
        for application_id in self.applications.ids_for_roles(talent_id, list(role_ids)).values():
            app = self.applications.get(application_id)
            if app is not None and app.submitted_at:
                return True
        return False

    def _take_cold(self, sender: User, recipients: list[str]) -> None:
        """Counts each person contacted cold once a day; refuses past the number for any 24 hours
        (today's count plus what of yesterday's still lies within the last 24 hours)."""
        now = self.clock()
        day = rules.window(now, rules.DAY)
        maximum = rules.cold_limit(self.policy, sender.created_at, now)
        yesterday = rules.window(now - rules.DAY, rules.DAY)
        room = maximum - rules.carried_over(self.limits.used(sender.user_id, "cold", yesterday.key), now, rules.DAY)
        for _ in range(COLD_ATTEMPTS):
            marked = self.limits.cold_marked(sender.user_id, day.key, recipients)
            new = [rid for rid in recipients if rid not in marked]
            if not new:
                return
            # The counter outlives its day by a day: tomorrow reads it for the carry.
            outcome = self.limits.take_cold(sender.user_id, day.key, day.ends_at, new, room,
                                            kept_until=day.ends_at + rules.DAY)
            if outcome == "ok":
                return
            if outcome == "limited":
                raise rules.limited(f"you have started conversations with {maximum} new people in the last day, "
                                    "the most a day for your account", day.retry_after(now))
        raise rules.limited("too many conversations are being started from your account at once", 5)
