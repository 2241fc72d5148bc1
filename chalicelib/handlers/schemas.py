"""JSON Schemas of request and response bodies: validation and /openapi.json both use them."""
from __future__ import annotations

from typing import Any

from ..domain import messaging as m
from ..domain import moderation as mod
from ..domain import profiles as p
from ..domain.users import NAME_MAX, NOTIFICATION_PREFERENCES, ROLES

ID_REGEX = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
ID = {"type": "string", "pattern": ID_REGEX}
NULLABLE_ID = {"type": ["string", "null"], "pattern": ID_REGEX}
TIME = {"type": "string", "format": "date-time"}


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), extra: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    return schema


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    return obj({"items": {"type": "array", "items": item}, "next_cursor": {"type": ["string", "null"]}},
               ("items", "next_cursor"), extra=True)


ERROR = obj({"error": obj({"code": {"type": "string"}, "message": {"type": "string"}}, ("code", "message"))},
            ("error",))

DEV_TOKEN_REQUEST = obj(
    {
        "email": {"type": "string", "minLength": 3, "maxLength": 254},
        "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
        "role": {"enum": list(ROLES)},
        "subscriber": {"type": "boolean"},
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
        "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
        "notifications": {"enum": list(NOTIFICATION_PREFERENCES)},
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
ATTACHMENT_IDS = {"type": "array", "items": ID, "maxItems": 50}
ATTACHMENT = obj({"attachment_id": {"type": "string"}, "filename": {"type": "string"},
                  "content_type": {"type": "string"}, "size": {"type": "integer"}}, extra=True)

NEW_THREAD = obj(
    {
        "recipient_ids": {"type": "array", "items": ID, "minItems": 1, "maxItems": m.MAX_PARTICIPANTS},
        "subject": {"type": "string", "minLength": 1, "maxLength": m.SUBJECT_MAX},
        "body": {"type": "string", "minLength": 1, "maxLength": m.BODY_MAX},
        "production_id": NULLABLE_ID,
        "role_id": NULLABLE_ID,
        "attachment_ids": ATTACHMENT_IDS,
    },
    ("recipient_ids", "subject", "body"),
)
NEW_MESSAGE = obj(
    {"body": {"type": "string", "minLength": 1, "maxLength": m.BODY_MAX}, "attachment_ids": ATTACHMENT_IDS},
    ("body",),
)
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
        "action": {"enum": list(m.ACTIONS)},
        "thread_ids": {"type": "array", "items": ID, "minItems": 1, "maxItems": m.BULK_IDS_MAX},
        "all": {"type": "boolean"},
        "folder": {"enum": list(m.LISTS)},
        "q": {"type": "string", "maxLength": 200},
        "unread": {"type": "boolean"},
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
        "kind": {"enum": list(mod.REPORT_KINDS)},
        "target_id": {"type": "string", "minLength": 1, "maxLength": 200},
        "reason": {"type": "string", "minLength": 1, "maxLength": mod.REASON_MAX},
        "category": {"enum": list(mod.CATEGORIES)},
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
        "filename": {"type": "string", "minLength": 1, "maxLength": 255},
        "content_type": {"type": "string", "minLength": 1, "maxLength": 100},
        "size": {"type": "integer", "minimum": 1},
    },
    ("filename", "content_type", "size"),
)
MEDIA_UPLOAD_REQUEST = {
    **UPLOAD_REQUEST,
    "properties": {
        **UPLOAD_REQUEST["properties"],
        "kind": {"enum": ["photo", "video", "audio", "document"]},
        "title": {"type": "string", "maxLength": 200},
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
