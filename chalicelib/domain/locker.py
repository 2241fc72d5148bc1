"""Media locker rules that need no AWS: what a title may be, which item can be the headshot."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .attachments import StoredFile
from .errors import Conflict, InvalidInput, RuleBroken
from .messaging import has_control_characters

TITLE_MAX = 200


@dataclass(frozen=True)
class Headshot:
    """The locker photo a public profile shows: enough to link its verified version."""

    media_id: str
    s3_key: str
    content_type: str
    version_id: str | None = None
    filename: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"media_id": self.media_id, "s3_key": self.s3_key, "content_type": self.content_type,
                "version_id": self.version_id, "filename": self.filename}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Headshot:
        return Headshot(media_id=data["media_id"], s3_key=data["s3_key"], content_type=data["content_type"],
                        version_id=data.get("version_id"), filename=data.get("filename"))


@dataclass(frozen=True, kw_only=True)
class LockerItem(StoredFile):
    """An item of a user's media locker (a photo, video, audio or document of their own)."""

    media_id: str
    kind: str
    title: str | None = None
    sent: bool = False  # sent in a message: deleting the item keeps the file the message offers

    def public(self) -> dict[str, Any]:
        """As its owner sees it (a link is added once it is ready)."""
        shown: dict[str, Any] = {"media_id": self.media_id, "kind": self.kind, "title": self.title,
                                 "filename": self.filename, "content_type": self.content_type, "size": self.size,
                                 "status": self.status, "created_at": self.created_at}
        if self.status == "rejected":
            shown["reason"] = self.reason
        return shown

    def as_headshot(self) -> Headshot:
        return Headshot(media_id=self.media_id, s3_key=self.s3_key, content_type=self.content_type,
                        version_id=self.version_id, filename=self.filename)


def clean_title(title: Any) -> str | None:
    """A title shown beside the file; empty means "use the file name"."""
    if title is None:
        return None
    if not isinstance(title, str):
        raise InvalidInput("Write the title as text.", code="invalid_title")
    title = title.strip()
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"A title can be at most {TITLE_MAX} characters.", code="invalid_title")
    if has_control_characters(title):
        raise InvalidInput("A title cannot contain control characters.", code="invalid_title")
    return title or None


def check_headshot(item: LockerItem) -> None:
    """Only a verified photo can be the face of a public profile."""
    if item.kind != "photo":
        raise RuleBroken("Only a photo can be your headshot.", code="not_a_photo")
    if not item.ready:
        raise RuleBroken("This photo is still being checked (or was refused); choose a ready one.",
                         code="media_not_ready")


def check_deletable(item: LockerItem) -> None:
    if item.status == "pending":
        raise Conflict("This file is still uploading or being checked; delete it once it shows as ready or refused.",
                       code="media_pending")
