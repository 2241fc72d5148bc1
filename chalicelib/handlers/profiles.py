"""Routes: your profile and its score, the roles that fit it, the notices you viewed lately."""
from __future__ import annotations

from typing import Any

from ..domain import profiles as rules
from . import schemas as s
from .http import Api, Call

PROFILE = s.obj({
    "user_id": {"type": "string"},
    **s.PROFILE_FIELDS,
    "timezone": {"type": ["string", "null"], "maxLength": rules.TIMEZONE_MAX},
    "updated_at": {"type": ["string", "null"]},
    "media": s.obj({k: {"type": "integer"} for k in ("photo", "video", "audio", "document")}),
    "score": s.obj({"value": {"type": "integer", "minimum": 0, "maximum": rules.SCORE_MAX},
                    "max": {"const": rules.SCORE_MAX}, "missing": {"type": "array", "items": {"type": "string"}}},
                   ("value", "max", "missing")),
}, ("user_id", "score"), extra=True)
MATCHED_ROLE = s.obj({"production_id": {"type": "string"}, "production_name": {"type": "string"},
                      "role_id": {"type": "string"}, "role_name": {"type": "string"},
                      "published_at": {"type": "string"}, "new": {"type": "boolean"},
                      "remote": {"type": "boolean"}},
                     ("production_id", "role_id", "role_name", "new"), extra=True)
MATCHED_PAGE = {**s.page_of(MATCHED_ROLE), "properties": {**s.page_of(MATCHED_ROLE)["properties"],
                                                           "location_needed": {"type": "boolean"}}}
VIEWED_NOTICE = s.obj({"production_id": {"type": "string"}, "name": {"type": "string"},
                       "viewed_at": {"type": "string"}, "expired": {"type": "boolean"}},
                      ("production_id", "name", "viewed_at"), extra=True)


def register(api: Api) -> None:
    @api.get("/me/profile", "Your profile, with its score out of 8 and what is missing", response=PROFILE)
    def get_profile(call: Call) -> dict[str, Any]:
        return call.services.profiles.get_own(call.user)

    @api.route("PUT", "/me/profile", "Replace your profile (a field left out is cleared); answers as GET",
               body=s.PROFILE_BODY, response=PROFILE, error_code=s.profile_error_code)
    def put_profile(call: Call) -> dict[str, Any]:
        return call.services.profiles.replace(call.user, call.body)

    @api.get("/me/matched-roles", "Talent: open roles of published notices in your state or province, or "
             "remote, that fit your profile, newest first (remote roles even before you give a location); "
             "opening the first page resets the dashboard's new-roles count",
             response=MATCHED_PAGE, query=s.LIST_QUERY)
    def matched_roles(call: Call) -> dict[str, Any]:
        return call.services.profiles.look_at_matched_roles(call.user, call.query("cursor", 2048), call.limit())

    @api.get("/me/recently-viewed", "The last 10 published notices you opened, newest first",
             response=s.obj({"items": {"type": "array", "items": VIEWED_NOTICE}}, ("items",)))
    def recently_viewed(call: Call) -> dict[str, Any]:
        return {"items": call.services.profiles.recently_viewed(call.user.user_id)}
