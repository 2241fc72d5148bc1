"""Profiles, recently viewed, and the view that reads a user's records together."""
from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from .base import BaseItem, _Meta


class ProfileItem(BaseItem):
    """pk USER#<user_id>, sk ABOUT: what the person says about themselves (the validated PUT
    /me/profile body, as JSON) and when they last looked at their matched roles."""

    class Meta(_Meta):
        pass

    profile_json = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    matched_seen_at = UnicodeAttribute(null=True)


class RecentlyViewedItem(BaseItem):
    """pk USER#<user_id>, sk VIEWED: the last notices the user opened, newest first, at most 10,
    in one bounded item (one GetItem to read; versioned, so concurrent views never lose one)."""

    class Meta(_Meta):
        pass

    entries_json = UnicodeAttribute(default="[]")
    version = VersionAttribute()


class UserRecordsView(BaseItem):
    """Read-only: any of a user's PROFILE, ABOUT, COUNTERS and VIEWED items. A BatchGet
    deserialises every item it returns as one class, so this one declares the attributes of all
    four that profile reads need: one request then reads several of a user's items (or the same
    items of many users)."""

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    profile_json = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    matched_seen_at = UnicodeAttribute(null=True)
    media_ready_photo = NumberAttribute(null=True)
    media_ready_video = NumberAttribute(null=True)
    media_ready_audio = NumberAttribute(null=True)
    media_ready_document = NumberAttribute(null=True)
    headshot_json = UnicodeAttribute(null=True)
    entries_json = UnicodeAttribute(null=True)
