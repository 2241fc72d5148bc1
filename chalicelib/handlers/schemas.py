"""JSON Schemas of request and response bodies: validation and /openapi.json both use them.

Request schemas check shape (types, required fields, sizes); a property's `title` is the name
people see in a refusal ("Enter a subject"). What values mean (a real state, a date in the
future, which statuses follow which) is the domain parsers' job, not repeated here."""
from __future__ import annotations

from typing import Any

from ..domain import messaging as m
from ..domain import moderation as mod
from ..domain import notices as n
from ..domain import profiles as p
from ..domain.attachments import MEDIA_KINDS
from ..domain.users import NAME_MAX, NOTIFICATION_PREFERENCES, ROLES

ID_REGEX = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
ID = {"type": "string", "pattern": ID_REGEX}
NULLABLE_ID = {"type": ["string", "null"], "pattern": ID_REGEX}
TIME = {"type": "string", "format": "date-time"}


def titled(schema: dict[str, Any], title: str, **more: Any) -> dict[str, Any]:
    return {**schema, "title": title, **more}


def text(title: str, max_length: int | None = None, min_length: int | None = None,
         nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["string", "null"] if nullable else "string", "title": title}
    if min_length is not None:
        schema["minLength"] = min_length
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def flag(title: str) -> dict[str, Any]:
    return {"type": "boolean", "title": title}


def ids(title: str, **limits: Any) -> dict[str, Any]:
    """A list of ids; `title` names one of them ("recipient")."""
    return {"type": "array", "items": ID, "title": title, **limits}


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), extra: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    return schema


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    return obj({"items": {"type": "array", "items": item}, "next_cursor": {"type": ["string", "null"]}},
               ("items", "next_cursor"), extra=True)


# `field`: the path of the one field at fault, when there is one (`subject`, `roles[0].name`).
ERROR = obj({"error": obj({"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
                          ("code", "message"))}, ("error",))

DEV_TOKEN_REQUEST = obj(
    {
        "email": text("email address", 254, 3),
        "name": text("name", NAME_MAX, 1),
        "role": {"enum": list(ROLES), "title": "role"},
        "subscriber": flag("subscriber"),
    },
    ("email", "name", "role"),
)
DEV_TOKEN_RESPONSE = obj({"token": {"type": "string"}, "user_id": {"type": "string"}}, ("token", "user_id"), True)

ME = obj(
    {
        "user_id": {"type": "string"},
        "name": {"type": "string"},
        "role": {"enum": list(ROLES)},
        "email": {"type": "string"},
        "notifications": {"enum": list(NOTIFICATION_PREFERENCES)},
        "subscriber": {"type": "boolean"},
        "suspended": {"type": "boolean"},
    },
    ("user_id", "name", "role", "email", "notifications", "subscriber", "suspended"),
    extra=True,
)
ME_PATCH = obj(
    {
        "name": text("name", NAME_MAX, 1),
        "notifications": {"enum": list(NOTIFICATION_PREFERENCES), "title": "alert frequency"},
    }
)
# What a profile says (domain/profiles.py validates and names each field; this documents them).
NULLABLE_TEXT = {"type": ["string", "null"]}
PROFILE_FIELDS: dict[str, Any] = {
    "bio": {"type": ["string", "null"], "maxLength": p.BIO_MAX},
    "location": {"type": ["object", "null"], "properties": {
        "city": NULLABLE_TEXT, "state": {"type": "string"}, "country": {"enum": ["US", "CA"]}}},
    "age_min": {"type": ["integer", "null"], "minimum": 0},
    "age_max": {"type": ["integer", "null"], "minimum": 0},
    "gender": {"enum": [*p.GENDERS, None]},
    "union_status": {"enum": [*p.UNION_STATUSES, None]},
    "credits": {"type": "array", "maxItems": p.CREDITS_MAX, "items": {"oneOf": [
        {"type": "string", "maxLength": p.CREDIT_TEXT_MAX},
        obj({"title": {"type": "string"}, "role": {"type": "string"}, "company": {"type": "string"},
             "year": {"type": "integer"}}, ("title",))]}},
    "skills": {"type": "array", "maxItems": p.SKILLS_MAX, "items": {"type": "string", "maxLength": p.SKILL_MAX}},
}
# Another user's profile: never an email address, never the score.
PUBLIC_USER = obj({"user_id": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string"},
                   **PROFILE_FIELDS,
                   "media": obj({k: {"type": "integer"} for k in ("photo", "video", "audio")}, extra=True)},
                  ("user_id", "name", "role"), extra=True)
BLOCK_RESULT = obj({"user_id": {"type": "string"}, "blocked": {"type": "boolean"}}, ("user_id", "blocked"))

PARTICIPANT = obj({"user_id": {"type": "string"}, "name": {"type": "string"}}, ("user_id", "name"))
REF = {"type": ["object", "null"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
# A bound on the body's size only: how many a message may carry is the domain's rule (a 422 naming it).
ATTACHMENT_IDS = ids("attachment", maxItems=50)
ATTACHMENT = obj({"attachment_id": {"type": "string"}, "filename": {"type": "string"},
                  "content_type": {"type": "string"}, "size": {"type": "integer"}}, extra=True)

NEW_THREAD = obj(
    {
        "recipient_ids": ids("recipient", minItems=1, maxItems=m.MAX_PARTICIPANTS),
        "subject": text("subject", m.SUBJECT_MAX, 1),
        "body": text("message", m.BODY_MAX, 1),
        "production_id": titled(NULLABLE_ID, "production"),
        "role_id": titled(NULLABLE_ID, "role"),
        "attachment_ids": ATTACHMENT_IDS,
    },
    ("recipient_ids", "subject", "body"),
)
NEW_MESSAGE = obj({"body": text("message", m.BODY_MAX, 1), "attachment_ids": ATTACHMENT_IDS}, ("body",))
THREAD_ITEM = obj(
    {
        "thread_id": {"type": "string"},
        "subject": {"type": "string"},
        "participants": {"type": "array", "items": PARTICIPANT},
        "production": REF,
        "role": REF,
        "last_activity_at": TIME,
        "snippet": {"type": "string"},
        "unread": {"type": "boolean"},
        "has_attachments": {"type": "boolean"},
        "folders": {"type": "array", "items": {"enum": list(m.FOLDERS)}},
        "folder": {"enum": list(m.FOLDERS)},
    },
    ("thread_id", "subject", "participants", "production", "role", "last_activity_at", "snippet", "unread",
     "has_attachments"),
    extra=True,
)
MESSAGE = obj(
    {
        "message_id": {"type": "string"},
        "thread_id": {"type": "string"},
        "sender": PARTICIPANT,
        "body": {"type": "string"},
        "sent_at": TIME,
        "via": {"enum": ["web", "email"]},
        "attachments": {"type": "array", "items": ATTACHMENT},
        "status": {"enum": ["delivered", "held", "removed"]},
        # Only to the message's recipients, never its sender (docs/SAFETY.md).
        "warning": obj({"code": {"type": "string"}, "message": {"type": "string"}}, ("code", "message")),
    },
    ("message_id", "sender", "body", "sent_at", "via", "attachments"),
    extra=True,
)
THREAD_DETAIL = {
    **THREAD_ITEM,
    "properties": {
        **THREAD_ITEM["properties"],
        "messages": {"type": "array", "items": MESSAGE},
        "older_messages_cursor": {"type": ["string", "null"]},
    },
    "required": [*THREAD_ITEM["required"], "messages"],
}
THREAD_ACTION = {
    "type": "object",
    "properties": {
        "action": {"enum": list(m.ACTIONS), "title": "action"},
        "thread_ids": ids("thread", minItems=1, maxItems=m.BULK_IDS_MAX),
        "all": flag("all"),
        "folder": {"enum": list(m.LISTS), "title": "folder"},
        "q": text("search", 200),
        "unread": flag("unread"),
    },
    "required": ["action"],
    "additionalProperties": False,
}
THREAD_ACTION_RESULT = obj({"updated": {"type": "integer"}, "status": {"enum": ["done", "in_progress"]},
                            "job_id": {"type": "string"}}, ("updated",), extra=True)
UNREAD_COUNT = obj({"unread": {"type": "integer", "minimum": 0}, "in_archive": {"type": "integer", "minimum": 0}},
                   ("unread", "in_archive"))

REPORT_REQUEST = obj(
    {
        "kind": {"enum": list(mod.REPORT_KINDS), "title": "kind of report"},
        "target_id": text("reported item", 200, 1),
        "reason": text("reason", mod.REASON_MAX, 1),
        "category": {"enum": list(mod.CATEGORIES), "title": "category"},
    },
    ("kind", "target_id", "reason"),
)
REPORT = obj({"report_id": {"type": "string"}, "kind": {"type": "string"}, "target_id": {"type": "string"},
              "category": {"enum": list(mod.CATEGORIES)}, "reason": {"type": "string"},
              "status": {"type": "string"}, "created_at": TIME}, ("report_id", "status"), extra=True)
BLOCKED_USER = obj({"user_id": {"type": "string"}, "name": {"type": "string"}}, ("user_id", "name"))
CASE = obj({"kind": {"enum": list(mod.REPORT_KINDS)}, "target_id": {"type": "string"},
            "reasons": {"type": "array", "items": {"type": "string"}}, "reporters": {"type": "integer"},
            "created_at": TIME, "categories": {"type": "array", "items": {"enum": list(mod.CATEGORIES)}},
            "held": {"type": "boolean"}, "severity": {"type": "integer", "minimum": 1, "maximum": mod.SEVERITY_MAX},
            "status": {"enum": ["open", "closed"]}, "subject_user_id": {"type": ["string", "null"]},
            "context": {"type": ["object", "null"]}},
           ("kind", "target_id", "reasons", "reporters", "created_at"), extra=True)
HISTORY_EVENT = obj({"event": {"type": "string"}, "at": TIME, "actor_id": {"type": ["string", "null"]},
                     "actor_name": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]}},
                    ("event", "at"), extra=True)
DECISION_RESULT = obj({"kind": {"type": "string"}, "target_id": {"type": "string"}, "decision": {"type": "string"}},
                      ("kind", "target_id", "decision"), extra=True)

LIST_QUERY = {
    "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
    "cursor": {"type": "string"},
}

UPLOAD_REQUEST = obj(
    {
        "filename": text("file name", 255, 1),
        "content_type": text("file type", 100, 1),
        "size": {"type": "integer", "minimum": 1, "title": "file size"},
    },
    ("filename", "content_type", "size"),
)
MEDIA_UPLOAD_REQUEST = {
    **UPLOAD_REQUEST,
    "properties": {
        **UPLOAD_REQUEST["properties"],
        "kind": {"enum": list(MEDIA_KINDS), "title": "kind of media"},
        "title": text("title", 200),
    },
    "required": ["kind", "filename", "content_type", "size"],
}
PRESIGNED_POST = obj({"url": {"type": "string"}, "fields": {"type": "object"}}, ("url", "fields"), extra=True)
ATTACHMENT_STATUS = {"enum": ["pending", "ready", "rejected"]}
UPLOAD_TICKET = obj({"attachment_id": {"type": "string"}, "status": ATTACHMENT_STATUS, "upload": PRESIGNED_POST},
                    ("attachment_id", "status", "upload"), extra=True)
ATTACHMENT_DETAIL = obj(
    {"attachment_id": {"type": "string"}, "filename": {"type": "string"}, "content_type": {"type": "string"},
     "size": {"type": "integer"}, "status": ATTACHMENT_STATUS, "download_url": {"type": "string"},
     "reason": {"type": ["string", "null"]}},
    ("attachment_id", "filename", "content_type", "size", "status"), extra=True)
MEDIA_ITEM = obj({"media_id": {"type": "string"}, "kind": {"type": "string"}, "status": ATTACHMENT_STATUS},
                 ("media_id", "kind", "status"), extra=True)
MEDIA_TICKET = {**MEDIA_ITEM, "properties": {**MEDIA_ITEM["properties"], "upload": PRESIGNED_POST},
                "required": ["media_id", "kind", "status", "upload"]}
MEDIA_PAGE = {**page_of(MEDIA_ITEM), "properties": {**page_of(MEDIA_ITEM)["properties"], "counts": obj(
    {k: {"type": "integer"} for k in ("photo", "video", "audio", "document")}, extra=True)}}


# --- Notices (POST/PATCH /productions): shape only; domain.notices.parse_notice reads the meaning
# (choices folded to lower case, real states, dates, lengths after trimming). Unknown keys are ignored.
def _choice_text(title: str, choices: tuple[str, ...], nullable: bool = False) -> dict[str, Any]:
    return {**text(title, nullable=nullable), "description": f"one of {', '.join(choices)}"}


def _nullable_object(title: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": ["object", "null"], "title": title, "properties": properties}


MONEY = {"type": ["number", "null"]}
NOTICE_ROLE = {"type": "object", "title": "role", "properties": {
    "name": text("role name"), "description": text("role description", nullable=True),
    "age_min": {"type": ["integer", "null"], "title": "role's youngest age"},
    "age_max": {"type": ["integer", "null"], "title": "role's oldest age"},
    "gender": text("role's gender", nullable=True), "nudity": {"type": ["boolean", "null"], "title": "role nudity"},
    "role_id": {"type": ["string", "null"]}}}
NOTICE_FIELDS: dict[str, Any] = {
    "name": text("name"),
    "company": text("company", nullable=True),
    "job_type": _choice_text("job type", n.JOB_TYPES),
    "category": _choice_text("category", n.CATEGORIES),
    "description": text("description", nullable=True),
    "location": _nullable_object("location", {
        "city": text("city", nullable=True), "state": text("state or province", nullable=True),
        "country": _choice_text("country", n.COUNTRIES, nullable=True),
        "remote": {"type": ["boolean", "null"], "title": "remote"}}),
    "union": _nullable_object("union status", {
        "status": _choice_text("union status", n.UNION_STATUSES), "contract": text("union contract", nullable=True)}),
    "pay": _nullable_object("pay", {
        "kind": _choice_text("kind of pay", n.PAY_KINDS), "rate": titled(MONEY, "pay rate"),
        "unit": _choice_text("pay unit", n.PAY_UNITS, nullable=True), "notes": text("pay notes", nullable=True)}),
    "nudity": {"type": ["boolean", "null"], "title": "nudity"},
    "fee": _nullable_object("fee", {"amount": titled(MONEY, "fee amount"),
                                    "description": text("fee description", nullable=True)}),
    "starts_on": {**text("start date", nullable=True), "description": "YYYY-MM-DD"},
    "ends_on": {**text("end date", nullable=True), "description": "YYYY-MM-DD"},
    "expires_at": {**text("expiry date", nullable=True), "description": "YYYY-MM-DD or an ISO 8601 date-time"},
    "roles": {"type": ["array", "null"], "title": "role", "items": NOTICE_ROLE},
}
NOTICE_CREATE = obj(NOTICE_FIELDS, ("name", "job_type", "category"), extra=True)
NOTICE_PATCH = obj(NOTICE_FIELDS, extra=True)

# --- PUT /me/profile: shape only; domain.profiles.parse_profile reads the meaning (aliases such as
# "woman", real states and time zones, lengths after trimming). What a GET adds may come back.
PROFILE_BODY = obj({
    "bio": text("bio", nullable=True),
    "location": {"type": ["object", "null"], "title": "location", "additionalProperties": False, "properties": {
        "city": text("city", nullable=True), "state": text("state or province", nullable=True),
        "country": text("country", nullable=True)}},
    "age_min": {"type": ["integer", "null"], "title": "youngest playable age"},
    "age_max": {"type": ["integer", "null"], "title": "oldest playable age"},
    "gender": text("gender", nullable=True),
    "union_status": text("union status", nullable=True),
    "credits": {"type": ["array", "null"], "title": "credit", "items": {
        # a line of text, or an object (properties and additionalProperties apply to objects only)
        "type": ["string", "object"], "title": "credit", "additionalProperties": False, "properties": {
            "title": text("credit title", nullable=True), "role": text("credit role", nullable=True),
            "company": text("credit company", nullable=True),
            "year": {"type": ["integer", "null"], "title": "credit year"}}}},
    "skills": {"type": ["array", "null"], "title": "skill", "items": text("skill", nullable=True)},
    "timezone": text("time zone", nullable=True),
    **{name: {} for name in p.READ_ONLY},
})


def profile_error_code(path: str, rule: str) -> str:
    """The profile's codes name the top field (invalid_location); an unknown top field is invalid_field."""
    top = path.split(".", 1)[0].split("[", 1)[0]
    nested = top != path
    return f"invalid_{top}" if top and (nested or rule != "additionalProperties") else "invalid_field"


def notice_error_code(path: str, rule: str) -> str:
    return "invalid_notice"
