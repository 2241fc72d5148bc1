"""Routes: the editors' safety queue (held messages, open reports), decisions, history, suspension."""
from __future__ import annotations

from typing import Any

from ..domain import moderation as rules
from . import schemas as s
from .http import Api, Call

MESSAGE_DECISION = s.obj({"decision": {"enum": list(rules.MESSAGE_DECISIONS)},
                          "reason": {"type": "string", "minLength": 1, "maxLength": rules.DECISION_REASON_MAX}},
                         ("decision", "reason"))
USER_DECISION = s.obj({"decision": {"enum": list(rules.USER_DECISIONS)},
                       "reason": {"type": "string", "minLength": 1, "maxLength": rules.DECISION_REASON_MAX}},
                      ("decision", "reason"))
HISTORY_QUERY = {**s.LIST_QUERY, "kind": {"enum": list(rules.REPORT_KINDS)}, "target_id": {"type": "string"}}


def register(api: Api) -> None:
    @api.get("/moderation/queue", "Editors: held messages and open reports, most urgent first (severity, then "
             "distinct reporters, then the longest waiting)", response=s.page_of(s.CASE), query=s.LIST_QUERY)
    def moderation_queue(call: Call) -> dict[str, Any]:
        return call.services.moderation.queue(call.user, call.query("cursor", 2048), call.limit())

    @api.get("/moderation/history", "Editors: every report, hold, vetting run and decision on one target, oldest "
             "first", response=s.page_of(s.HISTORY_EVENT), query=HISTORY_QUERY)
    def moderation_history(call: Call) -> dict[str, Any]:
        kind = call.query_choice("kind", rules.REPORT_KINDS, "")
        return call.services.moderation.history(call.user, kind, (call.query("target_id", 200) or "").strip(),
                                                call.query("cursor", 2048), call.limit())

    @api.post("/moderation/messages/{message_id}/decision", "Editors: release or remove a held or reported "
              "message; or dismiss its reports, warn or suspend its sender", body=MESSAGE_DECISION,
              response=s.DECISION_RESULT)
    def decide_message(call: Call, message_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.moderation.decide_message(call.user, message_id, body["decision"], body["reason"])

    @api.post("/moderation/users/{user_id}/decision", "Editors: dismiss reports of a user, warn or suspend them",
              body=USER_DECISION, response=s.DECISION_RESULT)
    def decide_user(call: Call, user_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.moderation.decide_user(call.user, user_id, body["decision"], body["reason"])

    @api.post("/moderation/users/{user_id}/suspend", "Editors: suspend an account: it cannot send, its notices are "
              "hidden and its reply-by-email addresses revoked")
    def suspend(call: Call, user_id: str) -> dict[str, Any]:
        return call.services.moderation.suspend(call.user, user_id, "suspended by an editor")
