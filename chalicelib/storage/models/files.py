"""Attachments and the media locker."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
)

from .base import BaseItem, _begins_like, _Meta, user_key


class StoredFileItem(BaseItem):
    """What an upload's record says about the file, whichever it is for (attachment or locker):
    declared name, type and size, then the verifier's verdict and the version it verified.

    `expires_at_epoch` (the table's TTL attribute) is set while nothing holds on to it."""

    class Meta(_Meta):
        pass

    owner_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    status = UnicodeAttribute(default="pending")
    reason = UnicodeAttribute(null=True)
    s3_key = UnicodeAttribute()
    etag = UnicodeAttribute(null=True)
    version_id = UnicodeAttribute(null=True)  # the verified version: the only one ever served
    created_at = UnicodeAttribute()
    expires_at_epoch = NumberAttribute(null=True)


class AttachmentItem(StoredFileItem):
    """pk ATT#<attachment_id>, sk META: one upload meant for a message.

    Its TTL is set while it is not attached to a message, so an upload nobody sends is
    forgotten after a day; attaching removes it.
    """

    class Meta(_Meta):
        pass

    attachment_id = UnicodeAttribute()
    thread_id = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    media_id = UnicodeAttribute(null=True)


class MediaItem(StoredFileItem):
    """pk USER#<user_id>, sk MEDIA#<media_id>: an item of the user's media locker.

    While pending it carries the table's TTL: an upload requested but never made expires, and
    the stream's REMOVE record gives its quota reservation back."""

    class Meta(_Meta):
        pass

    media_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    # Sent in a message (as a copy pointing at the same stored file): deleting the locker item
    # then keeps the file, which the conversation still offers for download.
    sent = BooleanAttribute(null=True)

    @staticmethod
    def key(user_id: str, media_id: str) -> tuple[str, str]:
        return user_key(user_id), f"MEDIA#{media_id}"

    @classmethod
    def is_key(cls, pk: str, sk: str) -> bool:
        return _begins_like(cls.key("", ""), pk, sk)
