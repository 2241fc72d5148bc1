"""In-memory stand-in for `chalicelib/storage/files.py`: attachment records, the media locker
with its quota counters, and the headshot. Same method names and arguments as the real one
(tests/service/test_fakes_match.py holds them equal).

It keeps the conditions the use cases rely on: an upload settles once (pending -> ready or
rejected), the locker's declared bytes are reserved against the quota when an upload is asked
for and given back when it is refused or deleted, a message claims an upload only while it is
its sender's, ready and unused (in the message's unit of work), a delete finds the item as read."""
from __future__ import annotations

from typing import Any

from chalicelib.domain.errors import RuleBroken
from chalicelib.storage.unit_of_work import ConcurrentChange

from .fakes import FakeUnitOfWork, FakeUserRepository

LOCKER_FULL = "your media locker is full; delete something first"
KINDS = ("photo", "video", "audio", "document")


def _locker_full() -> RuleBroken:
    return RuleBroken(LOCKER_FULL, code="quota_exceeded")


class FakeFileRepository:
    def __init__(self, users: FakeUserRepository) -> None:
        self.users = users  # the counters item: media bytes and counts live with the other counters
        self.attachments: dict[str, dict[str, Any]] = {}
        self.media: dict[tuple[str, str], dict[str, Any]] = {}
        self.headshots: dict[str, dict[str, Any]] = {}

    # -- attachments -------------------------------------------------------------------------
    def create_attachment(self, record: dict[str, Any], expires_at_epoch: int) -> None:
        if record["attachment_id"] in self.attachments:
            raise ConcurrentChange()
        self.attachments[record["attachment_id"]] = {**record, "expires_at_epoch": expires_at_epoch}

    def get_attachment(self, attachment_id: str) -> dict[str, Any] | None:
        record = self.attachments.get(attachment_id)
        return dict(record) if record else None

    def get_attachments(self, attachment_ids: list[str]) -> dict[str, dict[str, Any]]:
        return {a: dict(self.attachments[a]) for a in dict.fromkeys(attachment_ids) if a in self.attachments}

    def settle_attachment(self, attachment_id: str, ready: bool, size: int, etag: str, version_id: str | None,
                          reason: str | None) -> bool:
        record = self.attachments.get(attachment_id)
        if record is None or record["status"] != "pending":
            return False
        record.update(status="ready" if ready else "rejected", size=size, etag=etag)
        if version_id:
            record["version_id"] = version_id
        if reason:
            record["reason"] = reason
        return True

    def stage_claims(self, unit: FakeUnitOfWork, attachment_ids: list[str], copies: list[dict[str, Any]],
                     owner_id: str, thread_id: str, message_id: str) -> None:
        for attachment_id in attachment_ids:
            def claimable(attachment_id: str = attachment_id) -> bool:
                record = self.attachments.get(attachment_id)
                return (record is not None and record["status"] == "ready" and record["owner_id"] == owner_id
                        and not record.get("message_id"))

            def claim(attachment_id: str = attachment_id) -> None:
                self.attachments[attachment_id].update(thread_id=thread_id, message_id=message_id,
                                                       expires_at_epoch=None)

            unit.stage(claim, claimable)
        for record in copies:
            def copy(record: dict[str, Any] = record) -> None:
                self.attachments[record["attachment_id"]] = dict(record)
                self.media[(record["owner_id"], record["media_id"])]["sent"] = True

            unit.stage(copy, lambda record=record: record["attachment_id"] not in self.attachments
                       and (record["owner_id"], record["media_id"]) in self.media)

    # -- media locker ------------------------------------------------------------------------
    def _add(self, user_id: str, **deltas: int) -> None:
        for name, delta in deltas.items():
            self.users.add_to_counter(user_id, name, delta)

    def _bytes(self, user_id: str) -> int:
        return self.users.counters_by_user.get(user_id, {}).get("media_bytes", 0)

    def create_media(self, record: dict[str, Any], quota_bytes: int, expires_at_epoch: int) -> None:
        owner, size, kind = record["owner_id"], int(record["size"]), record["kind"]
        key = (owner, record["media_id"])
        unit = FakeUnitOfWork()
        unit.stage(lambda: self.media.__setitem__(key, {**record, "expires_at_epoch": expires_at_epoch}),
                   lambda: key not in self.media)
        unit.stage(lambda: self._add(owner, media_bytes=size, **{f"media_{kind}": 1}),
                   lambda: self._bytes(owner) <= quota_bytes - size, refused=_locker_full)
        unit.commit()

    def release_reservation(self, user_id: str, kind: str, size: int) -> None:
        self._add(user_id, media_bytes=-size, **{f"media_{kind}": -1})

    def get_media(self, user_id: str, media_id: str) -> dict[str, Any] | None:
        record = self.media.get((user_id, media_id))
        return dict(record) if record else None

    def get_many_media(self, user_id: str, media_ids: list[str]) -> dict[str, dict[str, Any]]:
        return {m: dict(self.media[(user_id, m)]) for m in dict.fromkeys(media_ids) if (user_id, m) in self.media}

    def settle_media(self, user_id: str, media_id: str, ready: bool, size: int, etag: str, version_id: str | None,
                     reason: str | None, quota_bytes: int) -> str:
        record = self.media.get((user_id, media_id))
        if record is None or record["status"] != "pending":
            return "already_settled"
        declared, kind = int(record["size"]), record["kind"]
        if ready:
            grow = size - declared
            if grow <= 0 or self._bytes(user_id) <= quota_bytes - grow:
                record.update(status="ready", etag=etag, size=size, version_id=version_id, expires_at_epoch=None)
                self._add(user_id, media_bytes=grow, **{f"media_ready_{kind}": 1})
                return "ready"
            reason = "the file is larger than declared and does not fit in your media locker"
        record.update(status="rejected", etag=etag, reason=reason or "rejected", expires_at_epoch=None)
        self._add(user_id, media_bytes=-declared, **{f"media_{kind}": -1})
        return "rejected"

    def rename_media(self, user_id: str, media_id: str, title: str | None) -> dict[str, Any] | None:
        record = self.media.get((user_id, media_id))
        if record is None:
            return None
        record["title"] = title or None
        return dict(record)

    def delete_media(self, record: dict[str, Any], headshot: bool) -> bool:
        user_id, kind, key = record["owner_id"], record["kind"], (record["owner_id"], record["media_id"])
        stored = self.media.get(key)
        if stored is None or stored["status"] != record["status"]:
            return False
        del self.media[key]
        if record["status"] == "ready":
            self._add(user_id, media_bytes=-int(record["size"]), **{f"media_{kind}": -1, f"media_ready_{kind}": -1})
        if headshot:
            self.headshots.pop(user_id, None)
        return True

    def set_headshot(self, user_id: str, headshot: dict[str, Any] | None) -> None:
        if headshot:
            self.headshots[user_id] = dict(headshot)
        else:
            self.headshots.pop(user_id, None)

    def list_media(self, user_id: str, start: dict[str, Any] | None, limit: int
                   ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        ids = sorted((m for (uid, m) in self.media if uid == user_id), reverse=True)
        if start:
            ids = [m for m in ids if m < start["after"]]
        position = {"after": ids[limit - 1]} if len(ids) > limit else None
        return [dict(self.media[(user_id, m)]) for m in ids[:limit]], position

    def media_counts(self, user_id: str) -> dict[str, int]:
        return self.locker_state(user_id)[0]

    def locker_state(self, user_id: str) -> tuple[dict[str, int], dict[str, Any] | None]:
        counters = self.users.counters_by_user.get(user_id, {})
        counts = {kind: counters.get(f"media_{kind}", 0) for kind in KINDS}
        counts["bytes"] = counters.get("media_bytes", 0)
        headshot = self.headshots.get(user_id)
        return counts, dict(headshot) if headshot else None
