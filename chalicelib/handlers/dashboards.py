"""Routes: the talent and casting dashboards."""
from __future__ import annotations

from typing import Any

from .http import Api, Call


def register(api: Api) -> None:
    @api.get("/dashboard/talent", "Talent: at a glance, applications by status, profile score, newest messages, "
             "media locker counts and recently viewed notices, in one request")
    def talent_dashboard(call: Call) -> dict[str, Any]:
        return call.services.dashboards.talent(call.user)

    @api.get("/dashboard/casting", "Casting: your productions with their vetting state and findings, new "
             "submissions per role, collaborators and unread messages")
    def casting_dashboard(call: Call) -> dict[str, Any]:
        return call.services.dashboards.casting(call.user)
