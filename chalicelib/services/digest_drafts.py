"""What each pending user's next digest will say (services/digests.py sends it).

Its own module and part of the composition root: it needs only the pending set, so marking a
thread read (the API) never reaches the digest queue or the mailer.
"""
from __future__ import annotations

from collections.abc import Callable

from ..domain.clock import now_iso
from ..domain.digests import DigestDraft
from ..domain.messaging import ThreadView
from ..storage.digests import DigestRepository
from ..storage.unit_of_work import ConcurrentChange, retry_on_conflict

MAX_TRIES = 5


class DigestDrafts:
    """Keeps each pending user's draft, retried on a concurrent change."""

    def __init__(self, pending: DigestRepository) -> None:
        self.pending = pending

    def note_message(self, view: ThreadView, message_id: str) -> None:
        """An alert for a user on "daily": the message's thread goes into their draft."""
        self.change(view.user_id, lambda draft: draft.with_message(view, message_id))

    def forget(self, user_id: str, thread_ids: set[str]) -> None:
        """The user read or deleted these threads: their digest no longer mentions them."""
        if thread_ids:
            self.change(user_id, lambda draft: draft.without(thread_ids), create=False)

    def change(self, user_id: str, change: Callable[[DigestDraft], DigestDraft], create: bool = True) -> None:
        """Read, change, write if nobody changed the draft meanwhile (else again, under the shared
        retry policy); ConcurrentChange if it kept changing."""
        def attempt() -> None:
            found = self.pending.pending_digest(user_id)
            if found is None and not create:
                return
            before = found.draft if found else DigestDraft()
            after = change(before)
            if found is not None and after == before:
                return
            if found is not None and after.empty:
                if not self.pending.clear(user_id, found.version):
                    raise ConcurrentChange()
                return
            self.pending.save_draft(user_id, after, now_iso(), found.version if found else None)

        retry_on_conflict(attempt, ConcurrentChange, MAX_TRIES)
