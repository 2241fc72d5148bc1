"""Managing the media locker: rename, delete (the quota given back), and choose the headshot the
public profile shows. Uploads, checks and listing are the files service's."""
from __future__ import annotations

from typing import Any, Protocol

from ..domain import attachments as files_rules
from ..domain import locker as rules
from ..domain.attachments import MEDIA_QUOTA_BYTES
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, NotFound
from ..domain.locker import Headshot, LockerItem
from ..domain.users import User
from ..storage.files import FileRepository

HEADSHOT_URL_SECONDS = 15 * 60


class Store(Protocol):
    def presigned_get(self, key: str, content_type: str, disposition: str, expires: int,
                      version_id: str | None = None) -> str: ...
    def delete(self, key: str, version_id: str | None = None) -> None: ...


class LockerService:
    def __init__(self, files: FileRepository, store: Store, cursor_secret: str) -> None:
        self.files = files
        self.store = store
        self.secret = cursor_secret

    def list(self, user: User, cursor: str | None, limit: int) -> dict[str, Any]:
        """Newest first, each ready item with its link; counts by kind; which photo is the headshot."""
        scope = f"media|{user.user_id}"
        items, position = self.files.list_media(user.user_id, decode_cursor(cursor, self.secret, scope), limit)
        counts, headshot = self.files.locker_state(user.user_id)
        return {"items": [self.shown(i, headshot) for i in items],
                "next_cursor": encode_cursor(position, self.secret, scope),
                "counts": counts,
                "headshot_media_id": headshot.media_id if headshot else None, "quota_bytes": MEDIA_QUOTA_BYTES}

    def rename(self, user: User, media_id: str, title: Any) -> dict[str, Any]:
        item = self.files.rename_media(user.user_id, media_id, rules.clean_title(title))
        if item is None:
            raise NotFound("This item is not in your media locker.", code="media_not_found")
        return self.shown(item, self.files.locker_state(user.user_id)[1])

    def delete(self, user: User, media_id: str) -> dict[str, Any]:
        """The item goes and its bytes count no more. Its file goes too, unless it was sent in a
        message (the conversation still offers it)."""
        item = self._mine(user, media_id)
        rules.check_deletable(item)
        headshot = self.files.locker_state(user.user_id)[1]
        was_headshot = bool(headshot and headshot.media_id == media_id)
        if not self.files.delete_media(item, was_headshot):
            raise Conflict("This item changed while it was being deleted; try again.", code="media_changed")
        if not item.sent:
            self.store.delete(item.s3_key, item.version_id)
        return {"media_id": media_id, "deleted": True, "headshot_cleared": was_headshot,
                "counts": self.files.media_counts(user.user_id)}

    def choose_headshot(self, user: User, media_id: str | None) -> dict[str, Any]:
        """The photo the public profile shows (None: none)."""
        if media_id is None:
            self.files.set_headshot(user.user_id, None)
            return {"headshot": None}
        item = self._mine(user, media_id)
        rules.check_headshot(item)
        self.files.set_headshot(user.user_id, item.as_headshot())
        return {"headshot": self.shown(item, item.as_headshot())}

    def headshot_url(self, headshot: Headshot | None) -> str | None:
        """A short-lived link to the headshot for whoever views the profile (only the verified version)."""
        if not headshot:
            return None
        return self.store.presigned_get(headshot.s3_key, headshot.content_type,
                                        files_rules.content_disposition(headshot.filename or "headshot"),
                                        HEADSHOT_URL_SECONDS, headshot.version_id)

    def shown(self, item: LockerItem, headshot: Headshot | None) -> dict[str, Any]:
        """A locker item as its owner sees it: with a link to view, play or download it once ready."""
        shown = item.public()
        if item.ready:
            shown["download_url"] = self.store.presigned_get(
                item.s3_key, item.content_type, files_rules.content_disposition(item.filename),
                files_rules.DOWNLOAD_URL_SECONDS, item.version_id)
        shown["headshot"] = bool(headshot and headshot.media_id == item.media_id)
        return shown

    def _mine(self, user: User, media_id: str) -> LockerItem:
        item = self.files.get_media(user.user_id, media_id)
        if item is None:
            raise NotFound("This item is not in your media locker.", code="media_not_found")
        return item
