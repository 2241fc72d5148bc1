"""Reports and the editors' side of safety (docs/SAFETY.md): reporting, the queue of held
messages and open reports, decisions with their record, each target's history, suspension."""
from __future__ import annotations

from typing import Any

from ..domain import messaging as messaging_rules
from ..domain import moderation as rules
from ..domain import relay
from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.messaging import Message, Thread
from ..domain.users import User
from ..storage.mail import MailRepository
from ..storage.moderation import ModerationRepository
from ..storage.relay import RelayRepository
from ..storage.unit_of_work import UnitOfWork, retry_on_conflict
from ..storage.users import UserRepository
from .action_limits import ActionLimits
from .safety import SafetyService

REVOKE_INLINE = 200  # relay addresses revoked inside the request; the rest by a queued job
NOTICE_REPORTABLE = ("approved", "hidden")
SYSTEM = "system"


def _require_editor(user: User) -> None:
    if user.role != "editor":
        raise Forbidden("only editors can do this", code="not_editor")


class ModerationService:
    def __init__(self, users: UserRepository, mail: MailRepository, cases: ModerationRepository,
                 relay_store: RelayRepository, safety: SafetyService, limits: ActionLimits, notices: Any,
                 messaging: Any, jobs: Any, secret: str) -> None:
        self.users = users
        self.limits = limits
        self.mail = mail
        self.cases = cases
        self.relay = relay_store
        self.safety = safety
        self.notices = notices
        self.messaging = messaging
        self.jobs = jobs
        self.secret = secret

    # -- reports -----------------------------------------------------------------------------
    def report(self, reporter: User, kind: str, target_id: str, reason: str,
               category: str | None = None) -> tuple[dict[str, Any], bool]:
        """(the report, whether it is new). One person counts once per target: a repeat
        returns their first report and changes nothing."""
        reporter.ensure_active("reporting")
        given = rules.parse_report(kind, target_id, reason, category)
        subject_user_id, context = self._reported_target(reporter, given.kind, given.target_id)
        self.limits.take_report(reporter)
        report, created = self.cases.add_report(given.kind, given.target_id, reporter.user_id, given.category,
                                                given.reason, now_iso(), subject_user_id, context)
        if created and given.kind == "notice":
            # Counted once per person, so one person can never hide a notice alone.
            self.notices.report(given.target_id, self.safety.policy.notice_hide_reporters)
        return report, created

    def reporter_of_link(self, token: str) -> tuple[User, str]:
        """(the recipient, the message) a signed "Report this message" link stands for."""
        message_id, user_id = relay.report_from_token(self.secret, token)
        reporter = self.users.get(user_id)
        if reporter is None:
            raise NotFound("this report link is for an account that no longer exists", code="user_not_found")
        return reporter, message_id

    def report_from_link(self, token: str, category: str | None) -> tuple[dict[str, Any], bool]:
        """The email alert's one-click report: the recipient reports that message."""
        reporter, message_id = self.reporter_of_link(token)
        return self.report(reporter, "message", message_id, "Reported from an email alert", category)

    def _reported_target(self, reporter: User, kind: str, target_id: str) -> tuple[str | None, dict[str, Any]]:
        """Who the target belongs to and what the editor needs to judge it; 404 for anything the
        reporter cannot see (nothing is written)."""
        if kind == "message":
            thread_id = target_id.partition(".")[0]
            view = self.mail.get_view(reporter.user_id, thread_id) if thread_id else None
            message = self.mail.get_message(thread_id, target_id) if view is not None else None
            if message is None or not message.visible_to(reporter.user_id):
                raise NotFound("message not found", code="message_not_found")
            if message.sender.user_id == reporter.user_id:
                raise InvalidInput("you cannot report your own message", code="invalid_target")
            return message.sender.user_id, {"message": message.for_editors(view.subject)}
        if kind == "user":
            target = self.users.get(target_id)
            if target is None or target_id == reporter.user_id:
                raise NotFound("user not found", code="user_not_found")
            return target_id, {"user": target.public()}
        production = self.notices.notices.get(target_id)
        if production is None or production.status not in NOTICE_REPORTABLE:
            raise NotFound("notice not found", code="notice_not_found")
        return production.owner_id, {"notice": {"production_id": target_id, "name": production.name,
                                                "owner_id": production.owner_id}}

    # -- the queue and history ---------------------------------------------------------------
    def queue(self, editor: User, cursor: str | None, limit: int) -> dict[str, Any]:
        _require_editor(editor)
        scope = "moderation|queue"
        items, position = self.cases.queue(decode_cursor(cursor, self.secret, scope), limit)
        return {"items": items, "next_cursor": encode_cursor(position, self.secret, scope)}

    def history(self, editor: User, kind: str, target_id: str, cursor: str | None, limit: int) -> dict[str, Any]:
        _require_editor(editor)
        if kind not in rules.REPORT_KINDS:
            raise InvalidInput(f"kind must be one of {', '.join(rules.REPORT_KINDS)}", code="invalid_kind")
        if not target_id:
            raise InvalidInput("target_id is required", code="invalid_target")
        scope = f"moderation|history|{kind}|{target_id}"
        items, position = self.cases.history(kind, target_id, decode_cursor(cursor, self.secret, scope), limit)
        return {"items": items, "next_cursor": encode_cursor(position, self.secret, scope),
                "case": self.cases.get_case(kind, target_id)}

    def notice_event(self, production_id: str, event: str, actor: User | None, reason: str | None,
                     detail: dict[str, Any] | None = None) -> None:
        """A notice's vetting run or an editor's decision on it, for its history."""
        if event in ("approve", "reject"):
            self.cases.decide("notice", production_id, event, now_iso(), actor.user_id if actor else None,
                              actor.name if actor else None, reason or "", detail)
        else:
            self.cases.record("notice", production_id, event, now_iso(), actor.user_id if actor else None,
                              actor.name if actor else None, reason, detail)

    # -- holds -------------------------------------------------------------------------------
    def record_hold(self, sender: User, message: Message, signals: list[str]) -> None:
        """A held message waits in the queue; repeated holds suspend the sender pending review."""
        thread = self.mail.get_thread(message.thread_id)
        context = {"message": message.for_editors(thread.subject if thread else ""),
                   "recipients": [p.as_dict() for p in thread.participants if p.user_id != sender.user_id]
                   if thread else []}
        self.cases.hold("message", message.message_id, now_iso(), sender.user_id, context,
                        [f"held: {signal}" for signal in signals] or ["held"])
        if self.safety.count_hold(sender):
            self.suspend(None, sender.user_id, "suspended pending review: repeated messages held by the scam and "
                                               "spam checks")

    # -- decisions ---------------------------------------------------------------------------
    def decide_message(self, editor: User, message_id: str, decision: str, reason: str) -> dict[str, Any]:
        _require_editor(editor)
        decision, reason = rules.parse_decision(decision, reason, rules.MESSAGE_DECISIONS)
        thread_id = message_id.partition(".")[0]
        message = self.mail.get_message(thread_id, message_id) if thread_id else None
        thread = self.mail.get_thread(thread_id) if message else None
        if message is None or thread is None:
            raise NotFound("message not found", code="message_not_found")
        if decision == "release":
            return self._release(editor, thread, message, reason)
        if decision == "remove":
            if not self.mail.set_message_status(message, "removed"):
                raise Conflict("this message was removed already", code="not_pending")
            self.cases.decide("message", message_id, "remove", now_iso(), editor.user_id, editor.name, reason,
                              {"was": message.status})
            return {"kind": "message", "target_id": message_id, "decision": decision, "status": "removed"}
        sender = self.users.get(message.sender.user_id)
        if sender is None:
            raise NotFound("the sender of this message no longer exists", code="user_not_found")
        if decision == "suspend" and message.status == "held":
            self.mail.set_message_status(message, "removed")  # a suspended sender's held message never goes out
        return self._act_on_person(editor, sender, "message", message_id, decision, reason)

    def _release(self, editor: User, thread: Thread, message: Message, reason: str) -> dict[str, Any]:
        """The held message reaches its recipients now, as if just delivered: Inbox, unread, alert."""
        if message.status != "held":
            raise Conflict(f"only a held message can be released; this one is {message.status}", code="not_held")
        others = thread.others(message.sender.user_id)

        def attempt() -> None:
            fresh = self.mail.get_message(thread.thread_id, message.message_id)
            if fresh is None or fresh.status != "held":
                raise Conflict("this message was decided meanwhile", code="not_held")
            conversation = self.mail.conversation(thread.thread_id, others, message.sender.user_id)
            # Someone who blocked the sender meanwhile never gets it.
            recipients = [rid for rid in others if rid not in conversation.blockers]
            before = conversation.views
            after = [messaging_rules.view_on_release(before.get(rid), thread, rid, message) for rid in recipients]
            unit = UnitOfWork()
            self.mail.stage_release(unit, message, before, after)
            self.safety.stage_delivered(unit, message.sender.user_id, recipients, conversation.reached)
            unit.commit()

        retry_on_conflict(attempt, lambda: Conflict("this conversation is changing quickly; try again in a moment",
                                                    code="thread_busy"))
        self.cases.decide("message", message.message_id, "release", now_iso(), editor.user_id, editor.name, reason)
        return {"kind": "message", "target_id": message.message_id, "decision": "release", "status": "delivered"}

    def decide_user(self, editor: User, user_id: str, decision: str, reason: str) -> dict[str, Any]:
        _require_editor(editor)
        decision, reason = rules.parse_decision(decision, reason, rules.USER_DECISIONS)
        target = self.users.get(user_id)
        if target is None:
            raise NotFound("user not found", code="user_not_found")
        return self._act_on_person(editor, target, "user", user_id, decision, reason)

    def _act_on_person(self, editor: User, person: User, kind: str, target_id: str, decision: str,
                       reason: str) -> dict[str, Any]:
        """dismiss: nothing wrong; warn: the person is told why, by message; suspend: as below."""
        result: dict[str, Any] = {"kind": kind, "target_id": target_id, "decision": decision}
        if decision == "warn":
            self.messaging.start_thread(editor, [person.user_id], "A warning from Callboard's editors",
                                        "An editor reviewed a report about your account and asks you to keep to "
                                        f"the community rules.\n\nEditor's note: {reason}")
        if decision == "suspend":
            result.update(self.suspend(editor, person.user_id, reason, record=kind != "user"))
        if decision == "reinstate":
            result.update(self._reinstate(person))
        self.cases.decide(kind, target_id, decision, now_iso(), editor.user_id, editor.name, reason,
                          {"user_id": person.user_id})
        return result

    def _reinstate(self, person: User) -> dict[str, Any]:
        """The account may send, report and upload again. Notices the suspension hid go back to the
        editors' review queue: an editor approves each again before it is listed."""
        if not person.suspended:
            raise Conflict("this account is not suspended", code="not_suspended")
        self.users.update(person.user_id, suspended=False)
        return {"user_id": person.user_id, "suspended": False,
                "notices_requeued": self.notices.requeue_hidden_of(person.user_id)}

    def suspend(self, actor: User | None, user_id: str, reason: str, record: bool = True) -> dict[str, Any]:
        """The account can no longer send (by web or by email: the reply use case refuses it), its
        notices leave the listings, and reply addresses of the earlier stored form are revoked
        (today's are signed, nothing to revoke). `actor` None: the automatic suspension after repeated holds."""
        if actor is not None:
            _require_editor(actor)
        target = self.users.get(user_id)
        if target is None:
            raise NotFound("user not found", code="user_not_found")
        if target.role == "editor":
            # An editor's account (their own included) is managed by operators (python -m infra.users).
            raise Forbidden("an editor's account cannot be suspended here", code="editor_account")
        self.users.update(user_id, suspended=True)
        hidden = self.notices.hide_all_of(user_id)
        revoked, more = self.revoke_relay_addresses(user_id, None, REVOKE_INLINE)
        if more is not None:
            self.jobs.send({"kind": "revoke_relay_addresses", "user_id": user_id, "start": more})
        now = now_iso()
        if actor is None:
            self.cases.open_case("user", user_id, now, user_id, reason)
            self.cases.record("user", user_id, "suspended", now, None, SYSTEM, reason)
        elif record:
            self.cases.record("user", user_id, "suspended", now, actor.user_id, actor.name, reason)
        return {"user_id": user_id, "suspended": True, "notices_hidden": hidden, "relay_addresses_revoked": revoked}

    def revoke_relay_addresses(self, user_id: str, start: dict[str, Any] | None, budget: int
                               ) -> tuple[int, dict[str, Any] | None]:
        """Revokes up to `budget` of the user's reply addresses from `start`; returns how many
        and where to go on (None: all done)."""
        done = 0
        while done < budget:
            tokens, start = self.relay.tokens_of(user_id, start, min(100, budget - done))
            self.relay.revoke(tokens)
            done += len(tokens)
            if not start:
                return done, None
        return done, start
