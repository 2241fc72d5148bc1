"""Local-stage-only routes. They are registered in every stage so that a deployed stage
answers a clear 404 (API Gateway would otherwise answer 403 for an unknown path)."""
from __future__ import annotations

from typing import Any

from .. import auth
from ..domain.clock import parse_time, to_iso_seconds
from ..domain.errors import NotFound
from . import schemas as s
from .http import Api, Call


def register(api: Api) -> None:
    def local_only() -> None:
        if not api.local:
            raise NotFound("not found", code="not_found")

    @api.post("/dev/token", "Local stage only: sign in as a user by email, creating it on first use",
              auth=False, body=s.DEV_TOKEN_REQUEST, response=s.DEV_TOKEN_RESPONSE)
    def dev_token(call: Call) -> dict[str, Any]:
        local_only()
        body = call.body
        user = call.services.accounts.sign_in(body["email"], body["name"], body["role"],
                                              subscriber=bool(body.get("subscriber", False)))
        token = auth.issue_local_token(call.services.settings.signing_secret, user.user_id)
        return {"token": token, "user_id": user.user_id}

    @api.get("/dev/outbox", "Local stage only: every email the system sent, oldest first", auth=False)
    def dev_outbox(call: Call) -> dict[str, Any]:
        local_only()
        return {"items": call.services.alerts.outbox()}

    @api.post("/dev/jobs/daily-digest", "Local stage only: run the daily digest now, through its queue and workers",
              auth=False)
    def dev_daily_digest(call: Call) -> dict[str, Any]:
        local_only()
        return {"sent": call.services.digests.run_now()}

    @api.post("/dev/jobs/expire-notices", "Local stage only: run the hourly sweeps (notices, self-tape due "
              "dates) now, optionally as if at a later time (`now`), through the same stream and jobs as the "
              "schedule", auth=False,
              body=s.obj({"now": s.text("time", 40)}))
    def dev_expire_notices(call: Call) -> dict[str, Any]:
        local_only()
        now = call.body.get("now") if (call.request.raw_body or b"").strip() else None
        if now is not None:
            now = to_iso_seconds(parse_time(now, "now"))
        return {"expired": call.services.notices.expire_due(now=now),
                "auditions_missed": call.services.applications.miss_overdue_auditions(now=now)}
