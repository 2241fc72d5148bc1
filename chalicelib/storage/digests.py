"""The sparse set of users with a daily digest to send, sharded so no partition runs hot; each
item carries the draft of that user's digest, guarded by a version."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from ..domain.digests import DigestDraft
from .conditional import delete_if, save_if
from .models import DigestPendingItem
from .unit_of_work import ConcurrentChange

SHARDS = 16


def shard_of(user_id: str) -> int:
    return int(hashlib.sha256(user_id.encode()).hexdigest(), 16) % SHARDS


def _key(user_id: str) -> tuple[str, str]:
    return f"DIGEST#{shard_of(user_id)}", user_id


@dataclass(frozen=True)
class PendingDigest:
    user_id: str
    draft: DigestDraft
    version: int


class DigestRepository:
    def pending_digest(self, user_id: str) -> PendingDigest | None:
        """Consistent GetItem: the draft as it is now, to change it under its version."""
        try:
            item = DigestPendingItem.get(*_key(user_id), consistent_read=True)
        except DigestPendingItem.DoesNotExist:
            return None
        return PendingDigest(user_id, DigestDraft.from_json(item.draft), item.version)

    def save_draft(self, user_id: str, draft: DigestDraft, marked_at: str, version: int | None) -> None:
        """Puts the draft if the stored one is still at `version` (None: there is none yet);
        raises ConcurrentChange otherwise."""
        item = DigestPendingItem(*_key(user_id), marked_at=marked_at, draft=draft.to_json(),
                                 version=(version or 0) + 1)
        condition = (DigestPendingItem.pk.does_not_exist() if version is None
                     else DigestPendingItem.version == version)
        if not save_if(item, condition):
            raise ConcurrentChange()

    def pending_digests(self, shard: int) -> Iterator[PendingDigest]:
        """One Query of the shard's partition, pages of 1,000: every pending user with their draft."""
        for item in DigestPendingItem.query(f"DIGEST#{shard}", page_size=1000):
            yield PendingDigest(item.sk, DigestDraft.from_json(item.draft), item.version)

    def clear(self, user_id: str, version: int | None = None) -> bool:
        """Removes the user from the set, if their draft is still at `version` (None: whatever it
        holds). False when it changed since: the caller keeps what is new."""
        condition = None if version is None else DigestPendingItem.version == version
        return delete_if(DigestPendingItem(*_key(user_id)), condition)
