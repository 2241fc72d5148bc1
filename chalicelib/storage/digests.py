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
    def mark_pending(self, user_id: str, marked_at: str) -> None:
        """Idempotent. `marked_at` is the latest marking, so a digest being built right now
        cannot clear a marking that came in after it started (see `clear`)."""
        DigestPendingItem(f"DIGEST#{shard_of(user_id)}", user_id, marked_at=marked_at).save()

    def pending_users(self, shard: int) -> Iterator[str]:
        for item in DigestPendingItem.query(f"DIGEST#{shard}", attributes_to_get=["sk"], page_size=1000):
            yield item.sk

    def clear(self, user_id: str, marked_before: str) -> None:
        """Removes the user from the set unless something marked them after `marked_before`."""
        try:
            DigestPendingItem(f"DIGEST#{shard_of(user_id)}", user_id).delete(
                condition=DigestPendingItem.marked_at <= marked_before)
        except DeleteError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
