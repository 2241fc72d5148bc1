"""The sparse set of users with a daily digest to send, sharded so no partition runs hot."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pynamodb.exceptions import DeleteError

from .models import DigestPendingItem

SHARDS = 16


def shard_of(user_id: str) -> int:
    return int(hashlib.sha256(user_id.encode()).hexdigest(), 16) % SHARDS


class DigestRepository:
    def mark_pending(self, user_id: str, since: str) -> None:
        """Idempotent; keeps the earliest `since` so nothing received since the last digest is missed."""
        item = DigestPendingItem(f"DIGEST#{shard_of(user_id)}", user_id, since=since)
        try:
            item.save(condition=DigestPendingItem.pk.does_not_exist())
        except Exception as exc:  # already pending: the earlier `since` stands
            if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise

    def pending_users(self, shard: int) -> Iterator[str]:
        for item in DigestPendingItem.query(f"DIGEST#{shard}", attributes_to_get=["sk"], page_size=1000):
            yield item.sk

    def clear(self, user_id: str) -> None:
        try:
            DigestPendingItem(f"DIGEST#{shard_of(user_id)}", user_id).delete()
        except DeleteError:
            pass
