"""Threads, messages and each participant's view of a thread (its folder indexes)."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from .base import (
    INDEX_ALL,
    INDEX_FOLDER,
    INDEX_SENT,
    INDEX_SENT_UNREAD,
    INDEX_UNREAD,
    BaseItem,
    _begins_like,
    _Meta,
    sparse_index,
    thread_key,
)


class ParticipantAttribute(MapAttribute):
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()


class AttachmentRefAttribute(MapAttribute):
    attachment_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()


class ThreadHeaderItem(BaseItem):
    """What a thread's item and each participant's view of it both carry: the subject, the
    people, what it is about, its last activity and whether it has attachments (the thread's item
    as it started; each view kept current, so a folder page needs no thread reads)."""

    class Meta(_Meta):
        pass

    thread_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    participants = ListAttribute(of=ParticipantAttribute)
    production_id = UnicodeAttribute(null=True)
    production_name = UnicodeAttribute(null=True)
    role_id = UnicodeAttribute(null=True)
    role_name = UnicodeAttribute(null=True)
    last_activity_at = UnicodeAttribute()
    has_attachments = BooleanAttribute(default=False)


class ThreadItem(ThreadHeaderItem):
    """pk THREAD#<thread_id>, sk META.

    Written once, when the thread starts: a message moves its participants' views, never this
    item (no hot item in a busy thread); the count of messages lives on each view."""

    class Meta(_Meta):
        pass

    created_at = UnicodeAttribute()
    message_count = NumberAttribute(default=0)


class MessageItem(BaseItem):
    """pk THREAD#<thread_id>, sk MSG#<message key>: message keys sort by time."""

    class Meta(_Meta):
        pass

    message_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    sender_id = UnicodeAttribute()
    sender_name = UnicodeAttribute()
    body = UnicodeAttribute()
    sent_at = UnicodeAttribute()
    via = UnicodeAttribute(default="web")
    attachments = ListAttribute(of=AttachmentRefAttribute, default=list)
    status = UnicodeAttribute(null=True)  # absent: delivered; held | removed (docs/SAFETY.md)
    warning_json = UnicodeAttribute(null=True)  # {"code", "message"} shown to the recipients

    @staticmethod
    def key(thread_id: str, message_key: str) -> tuple[str, str]:
        return thread_key(thread_id), f"MSG#{message_key}"

    @classmethod
    def is_key(cls, pk: str, sk: str) -> bool:
        return _begins_like(cls.key("", ""), pk, sk)


# A thread view's folders (ViewItem below says which keys put it in each); newest activity first.
FolderIndex = sparse_index("FolderIndex", INDEX_FOLDER, "folder_pk", "activity_sk", "Inbox and Archive.")
SentIndex = sparse_index("SentIndex", INDEX_SENT, "sent_pk", "activity_sk", "Sent.")
UnreadIndex = sparse_index("UnreadIndex", INDEX_UNREAD, "unread_pk", "activity_sk", "Unread in Inbox or Archive.")
SentUnreadIndex = sparse_index("SentUnreadIndex", INDEX_SENT_UNREAD, "sent_unread_pk", "activity_sk",
                               "Unread in Sent.")
AllIndex = sparse_index("AllIndex", INDEX_ALL, "all_pk", "activity_sk", "Every thread not deleted.")


class ViewItem(ThreadHeaderItem):
    """pk USER#<user_id>, sk THREAD#<thread_id>: one participant's state of a thread.

    Sparse index keys put it in folders: folder_pk is `<user>#inbox` or `<user>#archive`,
    sent_pk is `<user>` once they sent, unread_pk mirrors folder_pk while unread, and
    sent_unread_pk is `<user>#sent` while it is in Sent and unread, and all_pk is `<user>` while not deleted.
    activity_sk is `<last_activity_at>#<thread_id>`, so every folder lists newest first.
    """

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute()
    snippet = UnicodeAttribute(default="")
    received = BooleanAttribute(default=False)
    sent = BooleanAttribute(default=False)
    archived = BooleanAttribute(default=False)
    deleted = BooleanAttribute(default=False)
    unread = BooleanAttribute(default=False)
    # Messages this user can see in the thread (held ones reach only their sender's count).
    message_count = NumberAttribute(default=0)
    version = VersionAttribute()

    folder_pk = UnicodeAttribute(null=True)
    sent_pk = UnicodeAttribute(null=True)
    unread_pk = UnicodeAttribute(null=True)
    sent_unread_pk = UnicodeAttribute(null=True)
    all_pk = UnicodeAttribute(null=True)
    activity_sk = UnicodeAttribute()

    by_folder = FolderIndex()
    by_sent = SentIndex()
    by_unread = UnreadIndex()
    by_sent_unread = SentUnreadIndex()
    by_all = AllIndex()
