"""Routes: /me, public profiles, blocks, reports."""
from __future__ import annotations

from typing import Any

from chalice import Response

from . import schemas as s
from .http import Api, Call, count


def register(api: Api) -> None:
    @api.get("/me", "Your own account, including your private email address", response=s.ME)
    def get_me(call: Call) -> dict[str, Any]:
        return call.user.own()

    @api.patch("/me", "Change your display name or notification preference", body=s.ME_PATCH, response=s.ME)
    def patch_me(call: Call) -> dict[str, Any]:
        body = call.body
        user = call.services.accounts.update_me(call.user, body.get("name"), body.get("notifications"))
        return user.own()

    @api.get("/users/{user_id}", "A user's public profile: name, role, what their profile says and how many "
             "verified photos, videos and audio clips they have (never an email address, never the score)",
             response=s.PUBLIC_USER)
    def get_user(call: Call, user_id: str) -> dict[str, Any]:
        return call.services.profiles.public_profile(user_id)

    @api.post("/users/{user_id}/block", "Block a user: they can no longer message you", response=s.BLOCK_RESULT)
    def block_user(call: Call, user_id: str) -> dict[str, Any]:
        return call.services.accounts.block(call.user, user_id)

    @api.delete("/users/{user_id}/block", "Unblock a user", response=s.BLOCK_RESULT)
    def unblock_user(call: Call, user_id: str) -> dict[str, Any]:
        return call.services.accounts.unblock(call.user, user_id)

    @api.get("/me/blocks", "The people you blocked (unblock with DELETE /users/{user_id}/block)",
             response=s.page_of(s.BLOCKED_USER), query=s.LIST_QUERY)
    def my_blocks(call: Call) -> dict[str, Any]:
        return call.services.accounts.blocks(call.user, call.query("cursor", 2048), call.limit())

    @api.post("/reports", "Report a message, user or notice to the editors (201; the same reporter and target "
              "again: 200 with the first report, counted once)", status=201, body=s.REPORT_REQUEST, response=s.REPORT)
    def create_report(call: Call) -> Any:
        body = call.body
        report, created = call.services.moderation.report(call.user, body["kind"], body["target_id"],
                                                          body["reason"], body.get("category"))
        if created:
            count("ReportsFiled")
            return report
        return Response(body=report, status_code=200, headers={"Content-Type": "application/json"})
