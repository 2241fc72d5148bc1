"""Attachment and media-locker records (the files themselves live in S3)."""
from __future__ import annotations

import json
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.attachments import Attachment
from ..domain.errors import RuleBroken
from ..domain.locker import Headshot, LockerItem
from .conditional import update_if
from .models import AttachmentItem, CounterItem, MediaItem, StoredFileItem
from .unit_of_work import ConcurrentChange, UnitOfWork
from .users import user_key

META = "META"


def attachment_key(attachment_id: str) -> tuple[str, str]:
    return f"ATT#{attachment_id}", META


def media_key(user_id: str, media_id: str) -> tuple[str, str]:
    return MediaItem.key(user_id, media_id)


def _stored(item: StoredFileItem) -> dict[str, Any]:
    """What both kinds of record say about the file itself."""
    return {"owner_id": item.owner_id, "filename": item.filename, "content_type": item.content_type,
            "size": int(item.size), "s3_key": item.s3_key, "created_at": item.created_at, "status": item.status,
            "reason": item.reason, "version_id": item.version_id}


def _attachment(item: AttachmentItem) -> Attachment:
    expires = item.expires_at_epoch
    return Attachment(**_stored(item), attachment_id=item.attachment_id, thread_id=item.thread_id,
                      message_id=item.message_id, media_id=item.media_id,
                      expires_at_epoch=int(expires) if expires is not None else None)


def _attachment_item(attachment: Attachment) -> AttachmentItem:
    return AttachmentItem(
        *attachment_key(attachment.attachment_id), attachment_id=attachment.attachment_id,
        owner_id=attachment.owner_id, filename=attachment.filename, content_type=attachment.content_type,
        size=attachment.size, status=attachment.status, reason=attachment.reason, s3_key=attachment.s3_key,
        version_id=attachment.version_id, created_at=attachment.created_at, thread_id=attachment.thread_id,
        message_id=attachment.message_id, media_id=attachment.media_id, expires_at_epoch=attachment.expires_at_epoch)


def _locker_item(item: MediaItem) -> LockerItem:
    return LockerItem(**_stored(item), media_id=item.media_id, kind=item.kind, title=item.title,
                      sent=bool(item.sent))


def _media_item(media: LockerItem, expires_at_epoch: int) -> MediaItem:
    return MediaItem(
        *media_key(media.owner_id, media.media_id), media_id=media.media_id, owner_id=media.owner_id,
        kind=media.kind, title=media.title, filename=media.filename, content_type=media.content_type,
        size=media.size, status=media.status, reason=media.reason, s3_key=media.s3_key, version_id=media.version_id,
        created_at=media.created_at, sent=True if media.sent else None, expires_at_epoch=expires_at_epoch)


class _NoRoom(Exception):
    """The media locker's quota condition failed."""


class _Settled(Exception):
    """The media item was no longer pending."""


def _locker_full() -> RuleBroken:
    return RuleBroken("your media locker is full; delete something first", code="quota_exceeded")


class FileRepository:
    # -- attachments -----------------------------------------------------------------------
    def create_attachment(self, attachment: Attachment, expires_at_epoch: int) -> None:
        item = _attachment_item(attachment)
        item.expires_at_epoch = expires_at_epoch
        item.save(condition=AttachmentItem.pk.does_not_exist())

    def get_attachment(self, attachment_id: str) -> Attachment | None:
        try:
            return _attachment(AttachmentItem.get(*attachment_key(attachment_id), consistent_read=True))
        except DoesNotExist:
            return None

    def get_attachments(self, attachment_ids: list[str]) -> dict[str, Attachment]:
        keys = [attachment_key(a) for a in dict.fromkeys(attachment_ids)]
        return {item.attachment_id: _attachment(item) for item in AttachmentItem.batch_get(keys, consistent_read=True)}

    def settle_attachment(self, attachment_id: str, ready: bool, size: int, etag: str, version_id: str | None,
                          reason: str | None) -> bool:
        """pending -> ready/rejected, once: a repeated S3 event finds it settled and changes nothing."""
        item = AttachmentItem(*attachment_key(attachment_id))
        actions = [AttachmentItem.status.set("ready" if ready else "rejected"), AttachmentItem.size.set(size),
                   AttachmentItem.etag.set(etag)]
        if version_id:
            actions.append(AttachmentItem.version_id.set(version_id))
        if reason:
            actions.append(AttachmentItem.reason.set(reason))
        return update_if(item, actions, AttachmentItem.status == "pending")

    @staticmethod
    def stage_claims(unit: UnitOfWork, attachment_ids: list[str], copies: list[Attachment], owner_id: str,
                     thread_id: str, message_id: str) -> None:
        """Part of the message's transaction: each upload must still be the sender's, ready and
        unused, or the whole send fails (so one file can never end up in two messages); a locker
        item sent as an attachment becomes a new record pointing at the same S3 object."""
        for attachment_id in attachment_ids:
            unit.update(
                AttachmentItem(*attachment_key(attachment_id)),
                actions=[AttachmentItem.thread_id.set(thread_id), AttachmentItem.message_id.set(message_id),
                         AttachmentItem.expires_at_epoch.remove()],
                condition=(AttachmentItem.status == "ready") & (AttachmentItem.owner_id == owner_id)
                & AttachmentItem.message_id.does_not_exist(),
            )
        for copy in copies:
            assert copy.media_id is not None
            unit.save(_attachment_item(copy), condition=AttachmentItem.pk.does_not_exist())
            # The locker item is marked sent: deleting it later keeps the file the message shows.
            unit.update(MediaItem(*media_key(copy.owner_id, copy.media_id)),
                        actions=[MediaItem.sent.set(True)], condition=MediaItem.pk.exists())

    # -- media locker ----------------------------------------------------------------------
    def create_media(self, media: LockerItem, quota_bytes: int, expires_at_epoch: int) -> None:
        """Reserves the declared size against the quota in the same transaction."""
        kind_counter = getattr(CounterItem, f"media_{media.kind}")
        room = quota_bytes - media.size
        unit = UnitOfWork()
        unit.save(_media_item(media, expires_at_epoch), condition=MediaItem.pk.does_not_exist())
        unit.update(
            CounterItem(user_key(media.owner_id), "COUNTERS"),
            actions=[CounterItem.media_bytes.add(media.size), kind_counter.add(1)],
            condition=CounterItem.media_bytes.does_not_exist() | (CounterItem.media_bytes <= room),
            refused=_locker_full,
        )
        unit.commit()

    def release_reservation(self, user_id: str, kind: str, size: int) -> None:
        """A pending media item expired (TTL): its reserved bytes and count are given back."""
        CounterItem(user_key(user_id), "COUNTERS").update(
            actions=[CounterItem.media_bytes.add(-size), getattr(CounterItem, f"media_{kind}").add(-1)])

    def get_media(self, user_id: str, media_id: str) -> LockerItem | None:
        try:
            return _locker_item(MediaItem.get(*media_key(user_id, media_id), consistent_read=True))
        except DoesNotExist:
            return None

    def get_many_media(self, user_id: str, media_ids: list[str]) -> dict[str, LockerItem]:
        keys = [media_key(user_id, m) for m in dict.fromkeys(media_ids)]
        return {item.media_id: _locker_item(item) for item in MediaItem.batch_get(keys, consistent_read=True)}

    def settle_media(self, user_id: str, media_id: str, ready: bool, size: int, etag: str, version_id: str | None,
                     reason: str | None, quota_bytes: int) -> str:
        """pending -> ready (the reservation becomes the real size, if that still fits the quota)
        or rejected (the reservation is released). Returns the outcome; a repeat changes nothing."""
        current = self.get_media(user_id, media_id)
        if current is None or current.status != "pending":
            return "already_settled"
        declared = current.size
        counter = CounterItem(user_key(user_id), "COUNTERS")
        if ready:
            grow = size - declared
            unit = UnitOfWork()
            unit.update(MediaItem(*media_key(user_id, media_id)),
                        actions=[MediaItem.status.set("ready"), MediaItem.etag.set(etag),
                                 MediaItem.size.set(size), MediaItem.version_id.set(version_id),
                                 MediaItem.expires_at_epoch.remove()],
                        condition=MediaItem.status == "pending", refused=_Settled)
            unit.update(counter, actions=[CounterItem.media_bytes.add(grow),
                                          getattr(CounterItem, f"media_ready_{current.kind}").add(1)],
                        condition=(CounterItem.media_bytes <= quota_bytes - grow) if grow > 0 else None,
                        refused=_NoRoom)
            try:
                unit.commit()
                return "ready"
            except _Settled:
                return "already_settled"
            except _NoRoom:
                if self._settled_meanwhile(user_id, media_id):
                    return "already_settled"
                reason = "the file is larger than declared and does not fit in your media locker"
        unit = UnitOfWork()
        unit.update(MediaItem(*media_key(user_id, media_id)),
                    actions=[MediaItem.status.set("rejected"), MediaItem.etag.set(etag),
                             MediaItem.reason.set(reason or "rejected"), MediaItem.expires_at_epoch.remove()],
                    condition=MediaItem.status == "pending", refused=_Settled)
        unit.update(counter, actions=[CounterItem.media_bytes.add(-declared),
                                      getattr(CounterItem, f"media_{current.kind}").add(-1)])
        try:
            unit.commit()
        except _Settled:
            return "already_settled"
        return "rejected"

    def rename_media(self, user_id: str, media_id: str, title: str | None) -> LockerItem | None:
        """None when there is no such item."""
        actions = [MediaItem.title.set(title)] if title else [MediaItem.title.remove()]
        if not update_if(MediaItem(*media_key(user_id, media_id)), actions, MediaItem.pk.exists()):
            return None
        return self.get_media(user_id, media_id)

    def delete_media(self, media: LockerItem, headshot: bool) -> bool:
        """Removes a settled locker item and gives its bytes and counts back, in one transaction
        (and the profile's headshot, if it was this). False if it changed or went meanwhile."""
        user_id, kind, status = media.owner_id, media.kind, media.status
        actions = []
        if status == "ready":
            actions = [CounterItem.media_bytes.add(-media.size), getattr(CounterItem, f"media_{kind}").add(-1),
                       getattr(CounterItem, f"media_ready_{kind}").add(-1)]
        if headshot:
            actions.append(CounterItem.headshot_json.remove())
        unit = UnitOfWork()
        unit.delete(MediaItem(*media_key(user_id, media.media_id)), condition=MediaItem.status == status)
        if actions:  # a rejected upload's reservation was already given back when it was refused
            unit.update(CounterItem(user_key(user_id), "COUNTERS"), actions=actions)
        try:
            unit.commit()
        except ConcurrentChange:
            return False
        return True

    def set_headshot(self, user_id: str, headshot: Headshot | None) -> None:
        action = (CounterItem.headshot_json.set(json.dumps(headshot.to_dict(), separators=(",", ":"))) if headshot
                  else CounterItem.headshot_json.remove())
        CounterItem(user_key(user_id), "COUNTERS").update(actions=[action])

    def _settled_meanwhile(self, user_id: str, media_id: str) -> bool:
        current = self.get_media(user_id, media_id)
        return current is None or current.status != "pending"

    def list_media(self, user_id: str, start: dict[str, Any] | None, limit: int
                   ) -> tuple[list[LockerItem], dict[str, Any] | None]:
        partition, prefix = MediaItem.key(user_id, "")
        items = list(MediaItem.query(partition, MediaItem.sk.startswith(prefix), scan_index_forward=False,
                                     limit=limit + 1, page_size=limit + 1, last_evaluated_key=start))
        position = None
        if len(items) > limit:
            last = items[limit - 1]
            position = {"pk": {"S": last.pk}, "sk": {"S": last.sk}}
        return [_locker_item(i) for i in items[:limit]], position

    def media_counts(self, user_id: str) -> dict[str, int]:
        return self.locker_state(user_id)[0]

    def locker_state(self, user_id: str) -> tuple[dict[str, int], Headshot | None]:
        """Items per kind and bytes used, and the headshot: one GetItem of the counters item."""
        try:
            counter = CounterItem.get(user_key(user_id), "COUNTERS")
        except DoesNotExist:
            counter = None
        kinds = ("photo", "video", "audio", "document")
        counts = {k: int(getattr(counter, f"media_{k}", 0) or 0) if counter else 0 for k in kinds}
        counts["bytes"] = int(counter.media_bytes or 0) if counter else 0
        headshot = Headshot.from_dict(json.loads(counter.headshot_json)) if counter and counter.headshot_json else None
        return counts, headshot
