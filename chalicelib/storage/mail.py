"""Threads, messages, per-user views, the unread counter and the search index."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from ..domain.messaging import AlertReads, Conversation, Message, Participant, Ref, Thread, ThreadView, unread_delta
from .models import (
    AttachmentRefAttribute,
    CounterItem,
    MessageItem,
    ParticipantAttribute,
    ThreadItem,
    UserItem,
    ViewItem,
    thread_key,
)
from .models.safety import ContactItem
from .unit_of_work import MAX_ITEMS, UnitOfWork
from .users import PROFILE, block_sk, to_user, user_key

META = "META"


def _ref(ref_id: str | None, name: str | None) -> Ref | None:
    return Ref(ref_id, name or "") if ref_id else None


def _participants(items: Iterable[Any]) -> list[Participant]:
    return [Participant(p.user_id, p.name) for p in items]


def _participant_attrs(participants: list[Participant]) -> list[ParticipantAttribute]:
    return [ParticipantAttribute(user_id=p.user_id, name=p.name) for p in participants]


def _to_thread(item: ThreadItem) -> Thread:
    return Thread(
        thread_id=item.thread_id,
        subject=item.subject,
        participants=_participants(item.participants),
        created_at=item.created_at,
        last_activity_at=item.last_activity_at,
        production=_ref(item.production_id, item.production_name),
        role=_ref(item.role_id, item.role_name),
        message_count=int(item.message_count or 0),
        has_attachments=bool(item.has_attachments),
    )


def _to_view(item: ViewItem) -> ThreadView:
    return ThreadView(
        user_id=item.user_id,
        thread_id=item.thread_id,
        subject=item.subject,
        participants=_participants(item.participants),
        last_activity_at=item.last_activity_at,
        snippet=item.snippet or "",
        production=_ref(item.production_id, item.production_name),
        role=_ref(item.role_id, item.role_name),
        has_attachments=bool(item.has_attachments),
        received=bool(item.received),
        sent=bool(item.sent),
        archived=bool(item.archived),
        deleted=bool(item.deleted),
        unread=bool(item.unread),
        message_count=int(item.message_count or 0),
        version=int(item.version or 0),
    )


def _ref_attributes(production: Ref | None, role: Ref | None) -> dict[str, str | None]:
    return {
        "production_id": production.id if production else None,
        "production_name": production.name if production else None,
        "role_id": role.id if role else None,
        "role_name": role.name if role else None,
    }


def _view_item(view: ThreadView) -> ViewItem:
    """The stored form, with the sparse index keys that place it in its folders."""
    box = None
    if view.in_folder("archive"):
        box = f"{view.user_id}#archive"
    elif view.in_folder("inbox"):
        box = f"{view.user_id}#inbox"
    item = ViewItem(
        user_key(view.user_id),
        thread_key(view.thread_id),
        user_id=view.user_id,
        thread_id=view.thread_id,
        subject=view.subject,
        participants=_participant_attrs(view.participants),
        **_ref_attributes(view.production, view.role),
        last_activity_at=view.last_activity_at,
        snippet=view.snippet,
        has_attachments=view.has_attachments,
        received=view.received,
        sent=view.sent,
        archived=view.archived,
        deleted=view.deleted,
        unread=view.unread,
        message_count=view.message_count,
        folder_pk=box,
        sent_pk=view.user_id if view.in_folder("sent") else None,
        unread_pk=box if (box and view.unread) else None,
        sent_unread_pk=f"{view.user_id}#sent" if view.in_folder("sent") and view.unread else None,
        all_pk=view.user_id if view.in_folder("all") else None,
        activity_sk=f"{view.last_activity_at}#{view.thread_id}",
    )
    # VersionAttribute: None means "must not exist yet"; otherwise "must still be this version".
    if view.version:
        item.version = view.version
    return item


def _message_item(message: Message) -> MessageItem:
    return MessageItem(
        *MessageItem.key(message.thread_id, message.message_id),
        message_id=message.message_id,
        thread_id=message.thread_id,
        sender_id=message.sender.user_id,
        sender_name=message.sender.name,
        body=message.body,
        sent_at=message.sent_at,
        via=message.via,
        attachments=[AttachmentRefAttribute(**a) for a in message.attachments],
        status=None if message.status == "delivered" else message.status,
        warning_json=json.dumps(message.warning) if message.warning else None,
    )


def _to_message(item: MessageItem) -> Message:
    return Message(
        thread_id=item.thread_id,
        message_id=item.message_id,
        sender=Participant(item.sender_id, item.sender_name),
        body=item.body,
        sent_at=item.sent_at,
        via=item.via,
        attachments=[a.as_dict() for a in item.attachments or []],
        status=item.status or "delivered",
        warning=json.loads(item.warning_json) if item.warning_json else None,
    )


def _stage_counter(unit: UnitOfWork, user_id: str, delta: int) -> None:
    if delta:
        unit.update(CounterItem(user_key(user_id), "COUNTERS"), actions=[CounterItem.unread_threads.add(delta)])


# (folder, unread only) -> the sparse index that holds exactly that list, and its key.
_FOLDER_INDEXES: dict[tuple[str, bool], tuple[Any, str, str]] = {
    ("inbox", False): (ViewItem.by_folder, "folder_pk", "{user}#inbox"),
    ("archive", False): (ViewItem.by_folder, "folder_pk", "{user}#archive"),
    ("sent", False): (ViewItem.by_sent, "sent_pk", "{user}"),
    ("inbox", True): (ViewItem.by_unread, "unread_pk", "{user}#inbox"),
    ("archive", True): (ViewItem.by_unread, "unread_pk", "{user}#archive"),
    ("sent", True): (ViewItem.by_sent_unread, "sent_unread_pk", "{user}#sent"),
    ("all", False): (ViewItem.by_all, "all_pk", "{user}"),
}


# Unread threads counted in one folder (the header's "N in Archive") are counted up to this bound.
UNREAD_COUNT_LIMIT = 1_000


def _index_position(item: ViewItem, hash_name: str) -> dict[str, Any]:
    """The LastEvaluatedKey a folder index Query would give after this item."""
    return {"pk": {"S": item.pk}, "sk": {"S": item.sk}, "activity_sk": {"S": item.activity_sk},
            hash_name: {"S": getattr(item, hash_name)}}


def _batch_get_raw(keys: list[dict[str, str]], consistent: bool) -> list[dict[str, Any]]:
    """Items of any kind by key, from BatchGetItem (100 keys a call, unprocessed keys asked again)."""
    raw: list[dict[str, Any]] = []
    connection = ViewItem._get_connection()
    while keys:
        page = connection.batch_get_item(keys[:100], consistent_read=consistent)
        raw += page.get("Responses", {}).get(ViewItem.Meta.table_name, [])
        unprocessed = page.get("UnprocessedKeys", {}).get(ViewItem.Meta.table_name, {}).get("Keys", [])
        keys = [{k: next(iter(v.values())) for k, v in key.items()} for key in unprocessed] + keys[100:]
    return raw


class MailRepository:
    # -- reads -------------------------------------------------------------------------------
    def get_thread(self, thread_id: str) -> Thread | None:
        try:
            return _to_thread(ThreadItem.get(thread_key(thread_id), META))
        except DoesNotExist:
            return None

    def get_view(self, user_id: str, thread_id: str, consistent: bool = False) -> ThreadView | None:
        try:
            return _to_view(ViewItem.get(user_key(user_id), thread_key(thread_id), consistent_read=consistent))
        except DoesNotExist:
            return None

    def conversation(self, thread_id: str, user_ids: list[str], sender_id: str) -> Conversation:
        """One consistent BatchGet for a reply or a release: these users' views of the thread, which
        of them blocked the sender (their BLOCK#<sender> items), and the contact marks both ways
        (models/safety.py: who of them wrote to the sender, who already heard from the sender)."""
        others = [uid for uid in user_ids if uid != sender_id]
        keys = [{"pk": user_key(uid), "sk": thread_key(thread_id)} for uid in user_ids]
        keys += [{"pk": user_key(uid), "sk": block_sk(sender_id)} for uid in others]
        keys += [dict(zip(("pk", "sk"), ContactItem.key(sender_id, uid), strict=True)) for uid in others]
        keys += [dict(zip(("pk", "sk"), ContactItem.key(uid, sender_id), strict=True)) for uid in others]
        views, blockers, wrote, reached = {}, set(), set(), set()
        own_contacts = ContactItem.key(sender_id, "")[0]
        for item in _batch_get_raw(keys, consistent=True):
            pk, sk = item["pk"]["S"], item["sk"]["S"]
            if sk.startswith("THREAD#"):
                view = _to_view(ViewItem.from_raw_data(item))
                views[view.user_id] = view
            elif sk.startswith("BLOCK#"):
                blockers.add(pk.removeprefix("USER#"))
            elif pk == own_contacts:
                wrote.add(sk)
            else:
                reached.add(pk.removeprefix("CONTACT#"))
        return Conversation(views, frozenset(blockers), frozenset(wrote), frozenset(reached))

    def alert_reads(self, thread_id: str, message_id: str, recipient_id: str, sender_id: str) -> AlertReads:
        """One consistent BatchGet for an alert: the recipient's record and view (is it still unread
        now), the message, the thread, the sender's record and whether the recipient blocked the sender."""
        wanted = [(user_key(recipient_id), PROFILE), (user_key(recipient_id), thread_key(thread_id)),
                  MessageItem.key(thread_id, message_id), (thread_key(thread_id), META),
                  (user_key(sender_id), PROFILE), (user_key(recipient_id), block_sk(sender_id))]
        found = {(i["pk"]["S"], i["sk"]["S"]): i for i in _batch_get_raw(
            [{"pk": pk, "sk": sk} for pk, sk in wanted], consistent=True)}
        recipient, view, message, thread, sender, block = (found.get(key) for key in wanted)
        return AlertReads(recipient=to_user(UserItem.from_raw_data(recipient)) if recipient else None,
                          view=_to_view(ViewItem.from_raw_data(view)) if view else None,
                          message=_to_message(MessageItem.from_raw_data(message)) if message else None,
                          thread=_to_thread(ThreadItem.from_raw_data(thread)) if thread else None,
                          sender=to_user(UserItem.from_raw_data(sender)) if sender else None,
                          blocked=block is not None)

    def views_of_user(self, user_id: str, thread_ids: Iterable[str]) -> list[ThreadView]:
        keys = [(user_key(user_id), thread_key(tid)) for tid in dict.fromkeys(thread_ids)]
        return [_to_view(item) for item in ViewItem.batch_get(keys)]

    def threads_in_folder(
        self, user_id: str, folder: str, unread_only: bool, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[ThreadView], dict[str, Any] | None]:
        """One Query on the folder's sparse index, newest activity first.

        Asks for one item more than the page so that `None` means "no further page" exactly.
        """
        index, hash_name, pattern = _FOLDER_INDEXES[(folder, unread_only)]
        result = index.query(
            pattern.format(user=user_id),
            scan_index_forward=False,
            limit=limit + 1,
            last_evaluated_key=start,
            page_size=limit + 1,
        )
        items = list(result)
        if len(items) <= limit:
            return [_to_view(item) for item in items], None
        return [_to_view(item) for item in items[:limit]], _index_position(items[limit - 1], hash_name)

    def folder_position(self, user_id: str, folder: str, unread_only: bool, at: str, thread_id: str) -> dict[str, Any]:
        """The position `walk_folder` would give just after the view of this thread with this activity."""
        _, hash_name, pattern = _FOLDER_INDEXES[(folder, unread_only and folder != "all")]
        return {"pk": {"S": user_key(user_id)}, "sk": {"S": thread_key(thread_id)},
                "activity_sk": {"S": f"{at}#{thread_id}"}, hash_name: {"S": pattern.format(user=user_id)}}

    def walk_folder(
        self, user_id: str, folder: str, unread_only: bool, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[tuple[ThreadView, dict[str, Any]]], bool]:
        """The next `limit` views of a folder, newest activity first, each with the position just
        after it, and whether the folder ends there. "all" with unread_only walks every visible
        view (the caller keeps the unread ones): no index holds exactly that list."""
        index, hash_name, pattern = _FOLDER_INDEXES[(folder, unread_only and folder != "all")]
        result = index.query(pattern.format(user=user_id), scan_index_forward=False, limit=limit,
                             last_evaluated_key=start, page_size=limit)
        steps = [(_to_view(item), _index_position(item, hash_name)) for item in result]
        return steps, len(steps) < limit or result.last_evaluated_key is None

    def messages_of_thread(
        self, thread_id: str, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[Message], dict[str, Any] | None]:
        """Newest first, one page (and one item more, to know whether another page exists)."""
        items = list(MessageItem.query(
            thread_key(thread_id),
            MessageItem.sk.startswith(MessageItem.key(thread_id, "")[1]),
            scan_index_forward=False,
            limit=limit + 1,
            page_size=limit + 1,
            last_evaluated_key=start,
        ))
        position = None
        if len(items) > limit:
            last = items[limit - 1]
            position = {"pk": {"S": last.pk}, "sk": {"S": last.sk}}
        return [_to_message(item) for item in items[:limit]], position

    def count_unread_in(self, user_id: str, folder: str) -> int:
        """Unread threads in the Inbox or the Archive: a count on the sparse unread index (only
        unread views are in it), bounded like every census here."""
        return ViewItem.by_unread.count(f"{user_id}#{folder}", limit=UNREAD_COUNT_LIMIT)

    def get_message(self, thread_id: str, message_id: str) -> Message | None:
        try:
            return _to_message(MessageItem.get(*MessageItem.key(thread_id, message_id)))
        except DoesNotExist:
            return None

    # -- writes ----------------------------------------------------------------------------
    @staticmethod
    def stage_new_thread(unit: UnitOfWork, thread: Thread, message: Message, views: list[ThreadView]) -> None:
        """The thread, its first message, every view and counter (the thread must be new)."""
        meta = ThreadItem(
            thread_key(thread.thread_id),
            META,
            thread_id=thread.thread_id,
            subject=thread.subject,
            participants=_participant_attrs(thread.participants),
            **_ref_attributes(thread.production, thread.role),
            created_at=thread.created_at,
            last_activity_at=thread.last_activity_at,
            message_count=0,  # the views count every message; META keeps older threads' count up to then
            has_attachments=thread.has_attachments,
        )
        unit.save(meta, condition=ThreadItem.pk.does_not_exist())
        unit.save(_message_item(message))
        for view in views:
            unit.save(_view_item(view))
            _stage_counter(unit, view.user_id, unread_delta(None, view))

    @staticmethod
    def stage_message(
        unit: UnitOfWork, message: Message, before: dict[str, ThreadView], after: list[ThreadView],
        has_attachments: bool,
    ) -> None:
        """The message and every participant's view moved (each guarded by the version it was read
        at) with their counters. The thread's own item is not touched: its activity, count and
        attachments are on the views."""
        unit.save(_message_item(message))
        for view in after:
            unit.save(_view_item(view))
            _stage_counter(unit, view.user_id, unread_delta(before.get(view.user_id), view))

    @staticmethod
    def stage_release(unit: UnitOfWork, message: Message, before: dict[str, ThreadView],
                      after: list[ThreadView]) -> None:
        """A held message becomes delivered and reaches its recipients' views (each guarded by the
        version it was read at), only while it is still held: a second release changes nothing."""
        unit.update(MessageItem(thread_key(message.thread_id), f"MSG#{message.message_id}"),
                    actions=[MessageItem.status.remove()], condition=MessageItem.status == "held")
        for view in after:
            unit.save(_view_item(view))
            _stage_counter(unit, view.user_id, unread_delta(before.get(view.user_id), view))

    def set_message_status(self, message: Message, status: str) -> bool:
        """Marks a message held or removed; False if it already was in that state."""
        item = MessageItem(thread_key(message.thread_id), f"MSG#{message.message_id}")
        try:
            item.update(actions=[MessageItem.status.set(status)],
                        condition=MessageItem.pk.exists() & (MessageItem.status.does_not_exist()
                                                             | (MessageItem.status != status)))
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def save_user_views(self, user_id: str, changes: list[tuple[ThreadView, ThreadView]]) -> int:
        """Saves one user's changed views (each guarded by its version) with the counter change.

        A transaction cannot touch the counter twice, so each chunk carries one summed update.
        Returns how many views changed.
        """
        changed = [(b, a) for b, a in changes if a != b]  # views are dataclasses: compared by value
        chunk_size = MAX_ITEMS - 1
        for start in range(0, len(changed), chunk_size):
            chunk = changed[start : start + chunk_size]
            unit = UnitOfWork()
            for _, after in chunk:
                unit.save(_view_item(after))
            _stage_counter(unit, user_id, sum(unread_delta(b, a) for b, a in chunk))
            unit.commit()
        return len(changed)
