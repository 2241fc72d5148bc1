"""Routes: attachment uploads and downloads, the media locker."""
from __future__ import annotations

from typing import Any

from . import schemas as s
from .http import Api, Call


def register(api: Api) -> None:
    @api.post("/attachments", "Ask to upload an attachment: answers a presigned S3 POST (≤ 6 MB, allowed types)",
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
        return call.services.files.list_media(call.user, call.query("cursor", 2048), call.limit())
