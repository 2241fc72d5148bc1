"""The table's stream, decoded: a raw record (keys and typed `{"S": ...}` values) becomes one of
a few typed events, or None for the many changes nothing reacts to. Only storage reads keys."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import MediaItem, MessageItem, ProductionItem

TTL_PRINCIPAL = "dynamodb.amazonaws.com"  # a deletion by the table's TTL, not by the app


@dataclass(frozen=True)
class MessagePosted:
    thread_id: str
    message_id: str
    sender_id: str
    body: str
    attachment_ids: tuple[str, ...]
    held: bool = False  # the safety layer held it for an editor: no index, no alert until released


@dataclass(frozen=True)
class MessageReleased:
    """An editor released a held message (its status went from held to none)."""
    thread_id: str
    message_id: str
    sender_id: str
    body: str


@dataclass(frozen=True)
class PendingMediaExpired:
    """The TTL removed a locker item that was requested but never uploaded."""
    owner_id: str
    kind: str
    size: int


@dataclass(frozen=True)
class ProductionStatusChanged:
    production_id: str
    status: str
    before: str | None


StreamEvent = MessagePosted | MessageReleased | PendingMediaExpired | ProductionStatusChanged


def _keys(image: dict[str, Any]) -> tuple[str, str]:
    return image.get("pk", {}).get("S", ""), image.get("sk", {}).get("S", "")


def decode(record: dict[str, Any]) -> StreamEvent | None:
    name = record.get("eventName")
    images = record.get("dynamodb") or {}
    new, old = images.get("NewImage") or {}, images.get("OldImage") or {}
    if name == "INSERT" and MessageItem.is_key(*_keys(new)):
        message = MessageItem.from_raw_data(new)
        return MessagePosted(message.thread_id, message.message_id, message.sender_id, message.body,
                             tuple(a.attachment_id for a in message.attachments or ()), message.status == "held")
    if name == "MODIFY" and MessageItem.is_key(*_keys(new)):
        if old.get("status", {}).get("S") != "held" or "status" in new:
            return None
        message = MessageItem.from_raw_data(new)
        return MessageReleased(message.thread_id, message.message_id, message.sender_id, message.body)
    if name == "REMOVE" and MediaItem.is_key(*_keys(old)):
        if (record.get("userIdentity") or {}).get("principalId") != TTL_PRINCIPAL:
            return None
        media = MediaItem.from_raw_data(old)
        return PendingMediaExpired(media.owner_id, media.kind, int(media.size)) if media.status == "pending" else None
    if name == "MODIFY" and ProductionItem.is_key(*_keys(new)):
        return ProductionStatusChanged(new["production_id"]["S"], new.get("status", {}).get("S", ""),
                                       old.get("status", {}).get("S"))
    return None
