"""Routes: threads, messages, folders, search, bulk actions, unread count."""
from __future__ import annotations

from typing import Any

from chalice import Response

from ..domain.errors import InvalidInput
from ..domain.messaging import LISTS
from . import schemas as s
from .http import Api, Call, count, logger

FOLDER_QUERY = {
    **s.LIST_QUERY,
    "folder": {"enum": list(LISTS), "default": "inbox"},
    "q": {"type": "string", "maxLength": 200},
    "unread": {"type": "boolean"},
}


def count_message(message: dict[str, Any]) -> None:
    count("MessagesSent")
    if message.get("status") == "held":
        count("MessagesHeld")  # waiting for an editor (docs/SAFETY.md)


def register(api: Api) -> None:
    @api.post("/threads", "Start a thread with one or more users", status=201,
              body=s.NEW_THREAD, response=s.THREAD_DETAIL)
    def create_thread(call: Call) -> dict[str, Any]:
        body = call.body
        thread = call.services.messaging.start_thread(
            call.user,
            recipient_ids=body["recipient_ids"],
            subject=body["subject"],
            body=body["body"],
            production_id=body.get("production_id"),
            role_id=body.get("role_id"),
            attachment_ids=body.get("attachment_ids"),
        )
        count("ThreadsStarted")
        count_message(thread["messages"][-1] if thread.get("messages") else {})
        return thread

    @api.get("/threads", "List a folder (or search it), newest activity first",
             response=s.page_of(s.THREAD_ITEM), query=FOLDER_QUERY)
    def list_threads(call: Call) -> dict[str, Any]:
        return call.services.messaging.list_threads(
            call.user,
            folder=call.query_choice("folder", LISTS, "inbox"),
            q=(call.query("q", 200) or "").strip() or None,
            unread_only=call.query_bool("unread"),
            cursor=call.query("cursor", 2048),
            limit=call.limit(),
        )

    @api.get("/threads/unread-count", "How many of your threads are unread, and how many of those are in "
             "your Archive", response=s.UNREAD_COUNT)
    def unread_count(call: Call) -> dict[str, Any]:
        return call.services.messaging.unread_count(call.user)

    @api.get("/threads/{thread_id}", "Open a thread: its newest messages, in order; marks it read",
             response=s.THREAD_DETAIL, query=s.LIST_QUERY)
    def get_thread(call: Call, thread_id: str) -> dict[str, Any]:
        limit = call.limit() if call.query("limit") else 50
        return call.services.messaging.open_thread(call.user, thread_id, call.query("cursor", 2048), limit)

    @api.post("/threads/{thread_id}/messages", "Reply in a thread", status=201,
              body=s.NEW_MESSAGE, response=s.MESSAGE)
    def reply(call: Call, thread_id: str) -> dict[str, Any]:
        body = call.body
        message = call.services.messaging.reply(call.user, thread_id, body["body"], body.get("attachment_ids"))
        count_message(message)
        return message

    @api.post("/threads/actions", "Mark read/unread, archive, unarchive or delete chosen threads or a whole folder",
              body=s.THREAD_ACTION, response=s.THREAD_ACTION_RESULT)
    def thread_actions(call: Call) -> Any:
        body = call.body
        messaging = call.services.messaging
        if body.get("all") is True:
            if "thread_ids" in body:
                raise InvalidInput("send either thread_ids or all=true, not both", code="invalid_selection")
            folder = body.get("folder", "inbox")
            result, background = messaging.act_on_folder(
                call.user, body["action"], folder, (body.get("q") or "").strip() or None, bool(body.get("unread"))
            )
            if background:
                logger.info("bulk action continues in background", extra={"job_id": result["job_id"]})
                return Response(body=result, status_code=202, headers={"Content-Type": "application/json"})
            return result
        if "thread_ids" not in body:
            raise InvalidInput("send thread_ids, or all=true with a folder", code="invalid_selection")
        return messaging.act_on_threads(call.user, body["action"], body["thread_ids"])
