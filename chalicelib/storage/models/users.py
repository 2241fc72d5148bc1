"""Users: the profile item, email claims, counters, blocks."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)

from .base import BaseItem, _Meta


class UserItem(BaseItem):
    """pk USER#<user_id>, sk PROFILE."""

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    notifications = UnicodeAttribute(default="immediate")
    subscriber = BooleanAttribute(default=False)
    suspended = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    # Set by SES bounce/complaint feedback: no email goes to a suppressed address.
    email_suppressed = UnicodeAttribute(null=True)
    last_digest_at = UnicodeAttribute(null=True)
    third_party_approved = BooleanAttribute(null=True)  # an editor lets this poster take applications off-site


class EmailItem(BaseItem):
    """pk EMAIL#<address>, sk EMAIL: makes an address unique and finds its user."""

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute()


class CounterItem(BaseItem):
    """pk USER#<user_id>, sk COUNTERS: kept in the same transaction as the views it counts."""

    class Meta(_Meta):
        pass

    unread_threads = NumberAttribute(default=0)
    # Media locker: bytes reserved by every upload not rejected (the quota), and items per kind.
    media_bytes = NumberAttribute(null=True)
    media_photo = NumberAttribute(null=True)
    media_video = NumberAttribute(null=True)
    media_audio = NumberAttribute(null=True)
    media_document = NumberAttribute(null=True)
    # Locker items per kind that passed verification (the counts above include pending uploads):
    # the profile score gives its headshot and reel points only for these.
    media_ready_photo = NumberAttribute(null=True)
    media_ready_video = NumberAttribute(null=True)
    media_ready_audio = NumberAttribute(null=True)
    media_ready_document = NumberAttribute(null=True)
    # Applications per tab of the talent's list, and self-tape requests awaiting an answer.
    apps_invites = NumberAttribute(null=True)
    apps_drafts = NumberAttribute(null=True)
    apps_active = NumberAttribute(null=True)
    apps_auditions = NumberAttribute(null=True)
    apps_archived = NumberAttribute(null=True)
    apps_awaiting = NumberAttribute(null=True)
    # The locker photo the public profile shows: {"media_id", "s3_key", "content_type", "version_id"}.
    headshot_json = UnicodeAttribute(null=True)
    # The poster's open (pending or published) non-casting notices, by id: a set, so the same
    # save applied twice leaves it right; its size is what the vetting rule's limit counts.
    open_non_casting = UnicodeSetAttribute(null=True)


class BlockItem(BaseItem):
    """pk USER#<blocker>, sk BLOCK#<blocked>."""

    class Meta(_Meta):
        pass

    created_at = UnicodeAttribute()
