"""Routes: attachment uploads and downloads, the media locker."""
from __future__ import annotations

from typing import Any

from ..domain.attachments import MAX_MB
from ..domain.locker import TITLE_MAX
from . import schemas as s
from .http import Api, Call

MEDIA_RENAME = s.obj({"title": {"type": ["string", "null"], "maxLength": TITLE_MAX}}, ("title",))
MEDIA_DELETED = s.obj({"media_id": {"type": "string"}, "deleted": {"const": True}}, ("media_id", "deleted"), extra=True)
HEADSHOT_CHOICE = s.obj({"media_id": {"anyOf": [s.ID, {"type": "null"}]}}, ("media_id",))


def register(api: Api) -> None:
    @api.post("/attachments",
              f"Ask to upload an attachment: answers a presigned S3 POST (≤ {MAX_MB} MB, allowed types)",
              status=201, body=s.UPLOAD_REQUEST, response=s.UPLOAD_TICKET)
    def request_attachment_upload(call: Call) -> dict[str, Any]:
        body = call.body
        return call.services.files.request_attachment_upload(
            call.user, body["filename"], body["content_type"], body["size"])

    @api.get("/attachments/{attachment_id}", "An attachment's state, and a short-lived download link when ready",
             response=s.ATTACHMENT_DETAIL)
    def get_attachment(call: Call, attachment_id: str) -> dict[str, Any]:
        return call.services.files.get_attachment(call.user, attachment_id)

    @api.post("/me/media", "Ask to upload an item to your media locker (same upload path)", status=201,
              body=s.MEDIA_UPLOAD_REQUEST, response=s.MEDIA_TICKET)
    def request_media_upload(call: Call) -> dict[str, Any]:
        body = call.body
        return call.services.files.request_media_upload(
            call.user, body["kind"], body["filename"], body["content_type"], body["size"], body.get("title"))

    @api.get("/me/media", "Your media locker, newest first, with counts by kind", response=s.MEDIA_PAGE,
             query=s.LIST_QUERY)
    def list_media(call: Call) -> dict[str, Any]:
        return call.services.locker.list(call.user, call.query("cursor", 2048), call.limit())

    @api.patch("/me/media/{media_id}", "Rename an item of your media locker (an empty title shows the file name)",
               body=MEDIA_RENAME, response=s.MEDIA_ITEM)
    def rename_media(call: Call, media_id: str) -> dict[str, Any]:
        return call.services.locker.rename(call.user, media_id, call.body.get("title"))

    @api.delete("/me/media/{media_id}", "Delete an item of your media locker: its space and count are given back "
                "(a file already sent in a message stays in that conversation)", response=MEDIA_DELETED)
    def delete_media(call: Call, media_id: str) -> dict[str, Any]:
        return call.services.locker.delete(call.user, media_id)

    @api.route("PUT", "/me/headshot", "Choose the locker photo your public profile shows (media_id null: none)",
               body=HEADSHOT_CHOICE)
    def choose_headshot(call: Call) -> dict[str, Any]:
        return call.services.locker.choose_headshot(call.user, call.body.get("media_id"))
