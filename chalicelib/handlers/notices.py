"""Routes: productions and their notices, the editors' queue, public notice search."""
from __future__ import annotations

from typing import Any

from ..domain.errors import InvalidInput
from . import schemas as s
from .http import Api, Call, count

DECISION = s.obj({"decision": {"enum": ["approve", "reject"], "title": "decision"}, "reason": s.text("reason", 2000)},
                 ("decision",))
COLLABORATOR = s.obj({"user_id": s.titled(s.ID, "collaborator")}, ("user_id",))
SEARCH_QUERY = {**s.LIST_QUERY, "state": {"type": "string"}, "job_type": {"type": "string"},
                "q": {"type": "string"}, "union": {"enum": ["union", "non-union"]}, "paid": {"type": "boolean"},
                # true: remote notices only, from every state (not with state); false or absent: all
                "remote": {"type": "boolean"}}


def register(api: Api) -> None:
    @api.post("/productions", "Create a production with its notice and roles (a draft)", status=201,
              body=s.NOTICE_CREATE, error_code=s.notice_error_code)
    def create_production(call: Call) -> dict[str, Any]:
        return call.services.notices.create(call.user, call.body)

    @api.get("/productions/{production_id}", "Your production: the notice, its status and vetting findings")
    def get_production(call: Call, production_id: str) -> dict[str, Any]:
        return call.services.notices.get_own(call.user, production_id)

    @api.patch("/productions/{production_id}", "Edit a draft or returned notice (owner or collaborator)",
               body=s.NOTICE_PATCH, error_code=s.notice_error_code)
    def patch_production(call: Call, production_id: str) -> dict[str, Any]:
        return call.services.notices.update(call.user, production_id, call.body)

    @api.post("/productions/{production_id}/submit", "Run the vetting rules; returned, or waiting for an editor")
    def submit_production(call: Call, production_id: str) -> dict[str, Any]:
        result = call.services.notices.submit(call.user, production_id)
        count("NoticesToReview" if result.get("status") == "pending_review" else "NoticesReturned")
        return result

    @api.post("/productions/{production_id}/close", "Stop taking applications now (owner or collaborator): "
              "the notice is unlisted and its applications move to Archived")
    def close_production(call: Call, production_id: str) -> dict[str, Any]:
        return call.services.notices.close(call.user, production_id)

    @api.post("/productions/{production_id}/collaborators", "Give another casting user the same access",
              body=COLLABORATOR)
    def add_collaborator(call: Call, production_id: str) -> dict[str, Any]:
        return call.services.notices.add_collaborator(call.user, production_id, call.body["user_id"])

    @api.get("/moderation/notices", "Editors: notices waiting for review, or hidden by reports",
             query={**s.LIST_QUERY, "status": {"enum": ["pending_review", "reported"]}})
    def moderation_queue(call: Call) -> dict[str, Any]:
        status = call.query_choice("status", ("pending_review", "reported"), "pending_review")
        return call.services.notices.queue(call.user, status, call.query("cursor", 2048), call.limit())

    @api.post("/moderation/notices/{production_id}/decision", "Editors: approve (publish) or reject, with a reason",
              body=DECISION)
    def decide(call: Call, production_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.notices.decide(call.user, production_id, body["decision"], body.get("reason", ""))

    @api.post("/moderation/users/{user_id}/third-party-approval",
              "Editors: pre-approve a poster whose notices send applicants to another site or app",
              body=s.obj({"approved": s.flag("approved")}, ("approved",)))
    def third_party_approval(call: Call, user_id: str) -> dict[str, Any]:
        return call.services.notices.approve_third_party(call.user, user_id, call.body["approved"])

    @api.get("/notices", "Published notices, newest first: a summary, or the whole notice for subscribers",
             auth=False, query=SEARCH_QUERY)
    def search_notices(call: Call) -> dict[str, Any]:
        paid_raw = call.query("paid", 10)
        if paid_raw not in (None, "true", "false"):
            raise InvalidInput("paid must be true or false", code="invalid_paid")
        union = call.query("union", 20)
        if union not in (None, "union", "non-union"):
            raise InvalidInput("union must be union or non-union", code="invalid_union")
        return call.services.notices.search(
            call.optional_user(), call.query("state", 40), call.query("job_type", 40), call.query("q", 200), union,
            None if paid_raw is None else paid_raw == "true", call.query("cursor", 2048), call.limit(),
            remote=call.query_bool("remote"))

    @api.get("/notices/{production_id}", "One published notice (summary or full, as above)", auth=False)
    def get_notice(call: Call, production_id: str) -> dict[str, Any]:
        return call.services.notices.get_public(call.optional_user(), production_id)
