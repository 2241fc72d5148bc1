"""In-memory stand-in for `chalicelib/storage/digests.py`: each pending user's digest draft under
its version (a write from a stale read is a ConcurrentChange), by shard as the real one keeps them.
Same method names and arguments as the real one (tests/service/test_fakes_match.py)."""
from __future__ import annotations

from collections.abc import Iterator

from chalicelib.domain.digests import DigestDraft
from chalicelib.storage.digests import PendingDigest, shard_of
from chalicelib.storage.unit_of_work import ConcurrentChange


class FakeDigestRepository:
    def __init__(self) -> None:
        self.pending: dict[str, PendingDigest] = {}

    def pending_digest(self, user_id: str) -> PendingDigest | None:
        return self.pending.get(user_id)

    def save_draft(self, user_id: str, draft: DigestDraft, marked_at: str, version: int | None) -> None:
        current = self.pending.get(user_id)
        if (current.version if current else None) != version:
            raise ConcurrentChange()
        self.pending[user_id] = PendingDigest(user_id, draft, (version or 0) + 1)

    def pending_digests(self, shard: int) -> Iterator[PendingDigest]:
        yield from [p for uid, p in sorted(self.pending.items()) if shard_of(uid) == shard]

    def clear(self, user_id: str, version: int | None = None) -> bool:
        current = self.pending.get(user_id)
        if current is not None and version is not None and current.version != version:
            return False
        self.pending.pop(user_id, None)
        return True
