"""Media locker rules that need no AWS: what a title may be, which item can be the headshot."""
from __future__ import annotations

from typing import Any

from .errors import Conflict, InvalidInput, RuleBroken
from .messaging import has_control_characters

TITLE_MAX = 200


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


def check_headshot(record: dict[str, Any]) -> None:
    """Only a verified photo can be the face of a public profile."""
    if record["kind"] != "photo":
        raise RuleBroken("Only a photo can be your headshot.", code="not_a_photo")
    if record["status"] != "ready":
        raise RuleBroken("This photo is still being checked (or was refused); choose a ready one.",
                         code="media_not_ready")


def check_deletable(record: dict[str, Any]) -> None:
    if record["status"] == "pending":
        raise Conflict("This file is still uploading or being checked; delete it once it shows as ready or refused.",
                       code="media_pending")
