"""What a user's next daily digest will say, kept up to date as alerts come in.

The alert worker (which reads the recipient's view anyway) records each new message's thread
here, and opening or deleting a thread takes it out again; so the daily run reads one item per
pending user and the worker composes the email from what the run hands it, without re-reading
the mailbox. The draft is bounded: at most THREADS_SHOWN threads in full and MORE_MAX further
thread ids, whatever the user receives in a day.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from .messaging import ThreadView

THREADS_SHOWN = 10
MORE_MAX = 200  # further threads counted for "…and N more"; a day beyond that says "200 more"
COUNTED_MAX = 20  # message ids remembered per thread, so a redelivered alert is not counted twice


@dataclass(frozen=True)
class DigestEntry:
    thread_id: str
    subject: str
    senders: list[str]
    snippet: str
    last_at: str
    new_messages: int = 1
    production_name: str | None = None
    role_name: str | None = None
    message_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DigestDraft:
    entries: list[DigestEntry] = field(default_factory=list)  # newest first
    more: list[str] = field(default_factory=list)  # thread ids past THREADS_SHOWN

    @property
    def empty(self) -> bool:
        return not self.entries and not self.more

    def with_message(self, view: ThreadView, message_id: str) -> DigestDraft:
        """The draft once the message that left `view` unread is in it (idempotent per message)."""
        old = next((e for e in self.entries if e.thread_id == view.thread_id), None)
        if old is not None and message_id in old.message_ids:
            return self
        entry = DigestEntry(
            thread_id=view.thread_id, subject=view.subject,
            senders=[p.name for p in view.participants if p.user_id != view.user_id],
            snippet=view.snippet, last_at=max(view.last_activity_at, old.last_at if old else ""),
            new_messages=(old.new_messages if old else 0) + 1,
            production_name=view.production.name if view.production else None,
            role_name=view.role.name if view.role else None,
            message_ids=((old.message_ids if old else []) + [message_id])[-COUNTED_MAX:],
        )
        entries = sorted([*(e for e in self.entries if e.thread_id != view.thread_id), entry],
                         key=lambda e: (e.last_at, e.thread_id), reverse=True)
        more = [t for t in self.more if t != view.thread_id]
        # The newest threads are shown; one pushed out is still counted in "…and N more".
        more = [*(e.thread_id for e in entries[THREADS_SHOWN:]), *more][:MORE_MAX]
        return DigestDraft(entries[:THREADS_SHOWN], more)

    def without(self, thread_ids: set[str]) -> DigestDraft:
        """The draft after the user read or deleted these threads."""
        return DigestDraft([e for e in self.entries if e.thread_id not in thread_ids],
                           [t for t in self.more if t not in thread_ids])

    def minus(self, sent: DigestDraft) -> DigestDraft:
        """What is left to tell after `sent` went out: messages that came in meanwhile stay."""
        told = {e.thread_id: set(e.message_ids) for e in sent.entries}
        left = []
        for e in self.entries:
            fresh = [m for m in e.message_ids if m not in told.get(e.thread_id, set())]
            if e.thread_id not in told:
                left.append(e)
            elif fresh:
                left.append(replace(e, message_ids=fresh, new_messages=len(fresh)))
        return DigestDraft(left, [t for t in self.more if t not in set(sent.more)])

    def to_json(self) -> str:
        return json.dumps({"entries": [asdict(e) for e in self.entries], "more": self.more},
                          separators=(",", ":"))

    @staticmethod
    def from_json(text: str | None) -> DigestDraft:
        if not text:
            return DigestDraft()
        data = json.loads(text)
        return DigestDraft([DigestEntry(**e) for e in data.get("entries", [])], list(data.get("more", [])))
