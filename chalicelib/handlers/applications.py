"""Routes: applications, invitations, self-tape auditions and the application manager."""
from __future__ import annotations

from typing import Any

from ..domain import applications as rules
from ..domain import messaging as m
from ..domain.attachments import MAX_ATTACHMENTS
from . import schemas as s
from .http import Api, Call

MEDIA_IDS = s.ids("media item", maxItems=rules.MEDIA_MAX)
NOTE = s.text("note", rules.NOTE_MAX)
APPLY = s.obj({"note": NOTE, "media_ids": MEDIA_IDS, "submit": s.flag("submit")})
EDIT = s.obj({"note": NOTE, "media_ids": MEDIA_IDS})
INVITE = s.obj({"talent_id": s.titled(s.ID, "talent"), "message": s.text("message", rules.INVITE_MESSAGE_MAX)},
               ("talent_id",))
AUDITION_REQUEST = s.obj({"instructions": s.text("instructions", rules.INSTRUCTIONS_MAX, 1),
                          "due_at": s.text("due date", 40)}, ("instructions", "due_at"))
SELF_TAPE = s.obj({"media_id": s.titled(s.ID, "video"), "decline": s.flag("decline"),
                   "reason": s.text("reason", rules.DECLINE_REASON_MAX)})
ATTACHMENT_IDS = s.ids("attachment", maxItems=MAX_ATTACHMENTS)
CONTACT = s.obj({"subject": s.text("subject", m.SUBJECT_MAX), "body": s.text("message", min_length=1),
                 "attachment_ids": ATTACHMENT_IDS}, ("body",))
CONTACT_MANY = s.obj({"application_ids": s.ids("applicant", minItems=1, maxItems=rules.CONTACT_MANY_MAX),
                      "subject": s.text("subject", m.SUBJECT_MAX), "body": s.text("message", min_length=1),
                      "attachment_ids": ATTACHMENT_IDS}, ("application_ids", "body"))
MINE_QUERY = {**s.LIST_QUERY, "status": {"enum": list(rules.LIST_TABS)}}
MANAGER_QUERY = {**s.LIST_QUERY, "role_id": s.ID, "sort": {"enum": list(rules.MANAGER_SORTS)}}


def register(api: Api) -> None:
    @api.post("/roles/{role_id}/applications", "Talent: apply to a role (a draft, or submitted with submit: true)",
              status=201, body=APPLY)
    def apply(call: Call, role_id: str) -> dict[str, Any]:
        return call.services.applications.apply(call.user, role_id, call.body)

    @api.get("/me/applications", "Talent: your applications by tab (all, invites, drafts, active, auditions, "
             "archived), newest change first, with the count of each tab", query=MINE_QUERY)
    def my_applications(call: Call) -> dict[str, Any]:
        tab = call.query_choice("status", rules.LIST_TABS, "all")
        return call.services.applications.list_mine(call.user, tab, call.query("cursor", 2048), call.limit())

    @api.get("/applications/{application_id}", "Your application, or a submission to a production you cast "
             "(opening it marks it viewed)")
    def get_application(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.get(call.user, application_id)

    @api.patch("/applications/{application_id}", "Talent: change a draft's note or media", body=EDIT)
    def edit_application(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.edit(call.user, application_id, call.body)

    @api.post("/applications/{application_id}/accept", "Talent: accept an invitation (it becomes a draft)")
    def accept_invitation(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.accept_invitation(call.user, application_id)

    @api.post("/applications/{application_id}/submit", "Talent: submit a draft to casting")
    def submit_application(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.submit(call.user, application_id)

    @api.post("/applications/{application_id}/withdraw", "Talent: withdraw a submission casting has not viewed yet")
    def withdraw_application(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.withdraw(call.user, application_id)

    @api.post("/applications/{application_id}/self-tape",
              "Talent: answer a self-tape request with a video from your locker, or decline with a reason",
              body=SELF_TAPE)
    def self_tape(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.answer_self_tape(call.user, application_id, call.body)

    @api.get("/applications/{application_id}/media/{media_id}",
             "A short-lived download link for media an application shows (the talent, or its casting)")
    def application_media(call: Call, application_id: str, media_id: str) -> dict[str, Any]:
        return call.services.applications.media_link(call.user, application_id, media_id)

    @api.post("/roles/{role_id}/invitations", "Casting: invite a talent to apply (they get a message too)",
              status=201, body=INVITE)
    def invite(call: Call, role_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.applications.invite(call.user, role_id, body["talent_id"], body.get("message"))

    @api.get("/productions/{production_id}/applications",
             "Casting: the application manager: submissions to a role newest first, or by profile completeness "
             "(without role_id: every role's, grouped by role)",
             query=MANAGER_QUERY)
    def manager(call: Call, production_id: str) -> dict[str, Any]:
        role_id = call.query("role_id", 64)
        sort = call.query_choice("sort", rules.MANAGER_SORTS, "newest")
        return call.services.applications.manager(call.user, production_id, role_id, sort,
                                                  call.query("cursor", 2048), call.limit())

    @api.post("/applications/{application_id}/audition-requests",
              "Casting: ask an applicant for a self-tape, with instructions and a due date", status=201,
              body=AUDITION_REQUEST)
    def request_audition(call: Call, application_id: str) -> dict[str, Any]:
        return call.services.applications.request_audition(call.user, application_id, call.body)

    @api.post("/applications/{application_id}/contact",
              "Casting: message the applicant in a thread about this production and role", status=201, body=CONTACT)
    def contact(call: Call, application_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.applicant_contact.contact(call.user, application_id, body.get("subject"), body["body"],
                                                  body.get("attachment_ids"))

    @api.post("/productions/{production_id}/contact",
              "Casting: the same message (and attachments) to several applicants, one conversation each; "
              "answers which were sent and which were refused, and why", body=CONTACT_MANY)
    def contact_many(call: Call, production_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.applicant_contact.contact_many(call.user, production_id, body["application_ids"],
                                                       body.get("subject"), body["body"], body.get("attachment_ids"))
