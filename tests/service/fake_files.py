"""In-memory stand-in for `chalicelib/storage/files.py`: attachment records, the media locker
with its quota counters, and the headshot. Same method names and arguments as the real one
(tests/service/test_fakes_match.py holds them equal).

It keeps the conditions the use cases rely on: an upload settles once (pending -> ready or
rejected), the locker's declared bytes are reserved against the quota when an upload is asked
for and given back when it is refused or deleted, a message claims an upload only while it is
its sender's, ready and unused (in the message's unit of work), a delete finds the item as read."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from chalicelib.domain.attachments import Attachment
from chalicelib.domain.errors import RuleBroken
from chalicelib.domain.locker import Headshot, LockerItem
from chalicelib.storage.unit_of_work import ConcurrentChange

from .fakes import FakeUnitOfWork, FakeUserRepository

LOCKER_FULL = "your media locker is full; delete something first"
KINDS = ("photo", "video", "audio", "document")


def _locker_full() -> RuleBroken:
    return RuleBroken(LOCKER_FULL, code="quota_exceeded")


class FakeFileRepository:
    def __init__(self, users: FakeUserRepository) -> None:
        self.users = users  # the counters item: media bytes and counts live with the other counters
        self.attachments: dict[str, Attachment] = {}
        self.media: dict[tuple[str, str], LockerItem] = {}
        self.headshots: dict[str, Headshot] = {}

    # -- attachments -------------------------------------------------------------------------
    def create_attachment(self, attachment: Attachment, expires_at_epoch: int) -> None:
        if attachment.attachment_id in self.attachments:
            raise ConcurrentChange()
        self.attachments[attachment.attachment_id] = replace(attachment, expires_at_epoch=expires_at_epoch)

    def get_attachment(self, attachment_id: str) -> Attachment | None:
        return self.attachments.get(attachment_id)

    def get_attachments(self, attachment_ids: list[str]) -> dict[str, Attachment]:
        return {a: self.attachments[a] for a in dict.fromkeys(attachment_ids) if a in self.attachments}

    def settle_attachment(self, attachment_id: str, ready: bool, size: int, etag: str, version_id: str | None,
                          reason: str | None) -> bool:
        current = self.attachments.get(attachment_id)
        if current is None or current.status != "pending":
            return False
        self.attachments[attachment_id] = replace(
            current, status="ready" if ready else "rejected", size=size,
            version_id=version_id or current.version_id, reason=reason or current.reason)
        return True

    def stage_claims(self, unit: FakeUnitOfWork, attachment_ids: list[str], copies: list[Attachment],
                     owner_id: str, thread_id: str, message_id: str) -> None:
        for attachment_id in attachment_ids:
            def claimable(attachment_id: str = attachment_id) -> bool:
                current = self.attachments.get(attachment_id)
                return (current is not None and current.ready and current.owner_id == owner_id
                        and not current.message_id)

            def claim(attachment_id: str = attachment_id) -> None:
                self.attachments[attachment_id] = replace(self.attachments[attachment_id], thread_id=thread_id,
                                                          message_id=message_id, expires_at_epoch=None)

            unit.stage(claim, claimable)
        for copy in copies:
            locker_key = (copy.owner_id, copy.media_id or "")

            def save_copy(copy: Attachment = copy, locker_key: tuple[str, str] = locker_key) -> None:
                self.attachments[copy.attachment_id] = copy
                self.media[locker_key] = replace(self.media[locker_key], sent=True)

            unit.stage(save_copy, lambda copy=copy, locker_key=locker_key: copy.attachment_id not in self.attachments
                       and locker_key in self.media)

    # -- media locker ------------------------------------------------------------------------
    def _add(self, user_id: str, **deltas: int) -> None:
        for name, delta in deltas.items():
            self.users.add_to_counter(user_id, name, delta)

    def _bytes(self, user_id: str) -> int:
        return self.users.counters_by_user.get(user_id, {}).get("media_bytes", 0)

    def create_media(self, media: LockerItem, quota_bytes: int, expires_at_epoch: int) -> None:
        owner, key = media.owner_id, (media.owner_id, media.media_id)
        unit = FakeUnitOfWork()
        unit.stage(lambda: self.media.__setitem__(key, media), lambda: key not in self.media)
        unit.stage(lambda: self._add(owner, media_bytes=media.size, **{f"media_{media.kind}": 1}),
                   lambda: self._bytes(owner) <= quota_bytes - media.size, refused=_locker_full)
        unit.commit()

    def release_reservation(self, user_id: str, kind: str, size: int) -> None:
        self._add(user_id, media_bytes=-size, **{f"media_{kind}": -1})

    def get_media(self, user_id: str, media_id: str) -> LockerItem | None:
        return self.media.get((user_id, media_id))

    def get_many_media(self, user_id: str, media_ids: list[str]) -> dict[str, LockerItem]:
        return {m: self.media[(user_id, m)] for m in dict.fromkeys(media_ids) if (user_id, m) in self.media}

    def settle_media(self, user_id: str, media_id: str, ready: bool, size: int, etag: str, version_id: str | None,
                     reason: str | None, quota_bytes: int) -> str:
        key = (user_id, media_id)
        current = self.media.get(key)
        if current is None or current.status != "pending":
            return "already_settled"
        if ready:
            grow = size - current.size
            if grow <= 0 or self._bytes(user_id) <= quota_bytes - grow:
                self.media[key] = replace(current, status="ready", size=size, version_id=version_id)
                self._add(user_id, media_bytes=grow, **{f"media_ready_{current.kind}": 1})
                return "ready"
            reason = "the file is larger than declared and does not fit in your media locker"
        self.media[key] = replace(current, status="rejected", reason=reason or "rejected")
        self._add(user_id, media_bytes=-current.size, **{f"media_{current.kind}": -1})
        return "rejected"

    def rename_media(self, user_id: str, media_id: str, title: str | None) -> LockerItem | None:
        current = self.media.get((user_id, media_id))
        if current is None:
            return None
        self.media[(user_id, media_id)] = replace(current, title=title or None)
        return self.media[(user_id, media_id)]

    def delete_media(self, media: LockerItem, headshot: bool) -> bool:
        user_id, kind, key = media.owner_id, media.kind, (media.owner_id, media.media_id)
        stored = self.media.get(key)
        if stored is None or stored.status != media.status:
            return False
        del self.media[key]
        if media.ready:
            self._add(user_id, media_bytes=-media.size, **{f"media_{kind}": -1, f"media_ready_{kind}": -1})
        if headshot:
            self.headshots.pop(user_id, None)
        return True

    def set_headshot(self, user_id: str, headshot: Headshot | None) -> None:
        if headshot:
            self.headshots[user_id] = headshot
        else:
            self.headshots.pop(user_id, None)

    def list_media(self, user_id: str, start: dict[str, Any] | None, limit: int
                   ) -> tuple[list[LockerItem], dict[str, Any] | None]:
        ids = sorted((m for (uid, m) in self.media if uid == user_id), reverse=True)
        if start:
            ids = [m for m in ids if m < start["after"]]
        position = {"after": ids[limit - 1]} if len(ids) > limit else None
        return [self.media[(user_id, m)] for m in ids[:limit]], position

    def media_counts(self, user_id: str) -> dict[str, int]:
        return self.locker_state(user_id)[0]

    def locker_state(self, user_id: str) -> tuple[dict[str, int], Headshot | None]:
        counters = self.users.counters_by_user.get(user_id, {})
        counts = {kind: counters.get(f"media_{kind}", 0) for kind in KINDS}
        counts["bytes"] = counters.get("media_bytes", 0)
        return counts, self.headshots.get(user_id)
