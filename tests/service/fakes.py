"""In-memory repositories and unit of work, behind the same method names and arguments as
`chalicelib/storage/` (tests/service/test_fakes_match.py holds them equal), so the use cases in
`chalicelib/services/` run without moto: a service test is plain Python and takes milliseconds.

They keep the rules that matter to a use case and no more: a unit of work applies all its writes
or none, a view saved from a stale read is a ConcurrentChange (the version guard), the unread
counter moves with every view, folders hold what `ThreadView.in_folder` says, lists come newest
first a page at a time. Key formats, indexes and capacity are the real repositories' business
(and the API tests' over moto)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from chalicelib.domain.errors import Conflict
from chalicelib.domain.messaging import AlertReads, Conversation, Message, Thread, ThreadView, unread_delta
from chalicelib.domain.search import Postings
from chalicelib.domain.users import User
from chalicelib.storage.unit_of_work import ConcurrentChange

Check = Callable[[], bool]
Apply = Callable[[], None]


class FakeUnitOfWork:
    """Writes staged as (check, apply) pairs: commit checks them all, then applies them all."""

    def __init__(self) -> None:
        self._writes: list[tuple[Check, Apply, Callable[[], Exception] | None]] = []
        self.commits = 0

    def __len__(self) -> int:
        return len(self._writes)

    def stage(self, apply: Apply, check: Check = lambda: True, refused: Callable[[], Exception] | None = None) -> None:
        self._writes.append((check, apply, refused))

    def branch(self) -> FakeUnitOfWork:
        unit = FakeUnitOfWork()
        unit._writes = list(self._writes)
        return unit

    def commit(self) -> None:
        for check, _, refused in self._writes:
            if not check():
                raise refused() if refused else ConcurrentChange()
        for _, apply, _ in self._writes:
            apply()
        self.commits += 1


class FakeUserRepository:
    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.counters_by_user: dict[str, dict[str, int]] = {}
        self.blocks: set[tuple[str, str]] = set()  # (blocker, blocked)

    def get(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def get_many(self, user_ids: list[str]) -> dict[str, User]:
        return {uid: self.users[uid] for uid in dict.fromkeys(user_ids) if uid in self.users}

    def find_by_email(self, email: str) -> User | None:
        return next((u for u in self.users.values() if u.email.lower() == email.lower()), None)

    def create(self, user: User) -> User:
        if user.user_id in self.users or self.find_by_email(user.email):
            raise Conflict("a user with that email or id already exists", code="user_exists")
        self.users[user.user_id] = user
        return user

    def update(self, user_id: str, **changes: object) -> User | None:
        if user_id not in self.users:
            return None
        self.users[user_id] = replace(self.users[user_id], **changes)  # type: ignore[arg-type]
        return self.users[user_id]

    def unread_threads(self, user_id: str) -> int:
        return self.counters_by_user.get(user_id, {}).get("unread_threads", 0)

    def counters(self, user_id: str) -> dict[str, int]:
        return {name: max(0, value) for name, value in self.counters_by_user.get(user_id, {}).items()}

    def add_to_counter(self, user_id: str, name: str, delta: int) -> None:
        counters = self.counters_by_user.setdefault(user_id, {})
        counters[name] = counters.get(name, 0) + delta

    def block(self, blocker_id: str, blocked_id: str) -> None:
        self.blocks.add((blocker_id, blocked_id))

    def unblock(self, blocker_id: str, blocked_id: str) -> None:
        self.blocks.discard((blocker_id, blocked_id))

    def blocked_by(self, blocker_id: str, start: dict[str, Any] | None, limit: int
                   ) -> tuple[list[str], dict[str, Any] | None]:
        ids = sorted(blocked for blocker, blocked in self.blocks if blocker == blocker_id)
        if start:
            ids = [i for i in ids if i > start["after"]]
        return ids[:limit], ({"after": ids[limit - 1]} if len(ids) > limit else None)

    def who_blocked(self, sender_id: str, recipient_ids: list[str]) -> set[str]:
        return {rid for rid in recipient_ids if (rid, sender_id) in self.blocks}


def _after(view: ThreadView) -> dict[str, Any]:
    return {"at": view.last_activity_at, "id": view.thread_id}


def _newest_first(views: Iterable[ThreadView]) -> list[ThreadView]:
    return sorted(views, key=lambda v: (v.last_activity_at, v.thread_id), reverse=True)


class FakeMailRepository:
    """Threads, messages, per-user views (versioned) and the search index, in dictionaries."""

    def __init__(self, users: FakeUserRepository) -> None:
        self.users = users
        self.threads: dict[str, Thread] = {}
        self.messages: dict[str, dict[str, Message]] = {}
        self.views: dict[tuple[str, str], ThreadView] = {}
        self.tokens: dict[tuple[str, str], set[str]] = {}

    # -- reads -------------------------------------------------------------------------------
    def get_thread(self, thread_id: str) -> Thread | None:
        thread = self.threads.get(thread_id)
        return replace(thread) if thread else None

    def get_view(self, user_id: str, thread_id: str, consistent: bool = False) -> ThreadView | None:
        return self.views.get((user_id, thread_id))

    def conversation(self, thread_id: str, user_ids: list[str], sender_id: str) -> Conversation:
        """No contact marks here: the service tier runs messaging without the safety gate."""
        views = {uid: self.views[(uid, thread_id)] for uid in user_ids if (uid, thread_id) in self.views}
        return Conversation(views, frozenset(uid for uid in user_ids
                                             if uid != sender_id and (uid, sender_id) in self.users.blocks))

    def views_of_user(self, user_id: str, thread_ids: Iterable[str]) -> list[ThreadView]:
        return [self.views[(user_id, tid)] for tid in dict.fromkeys(thread_ids) if (user_id, tid) in self.views]

    def _folder(self, user_id: str, folder: str, unread_only: bool, start: dict[str, Any] | None) -> list[ThreadView]:
        views = _newest_first(v for (uid, _), v in self.views.items()
                              if uid == user_id and v.in_folder(folder) and (v.unread or not unread_only))
        if start:
            views = [v for v in views if (v.last_activity_at, v.thread_id) < (start["at"], start["id"])]
        return views

    def threads_in_folder(
        self, user_id: str, folder: str, unread_only: bool, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[ThreadView], dict[str, Any] | None]:
        views = self._folder(user_id, folder, unread_only, start)
        if len(views) <= limit:
            return views, None
        return views[:limit], _after(views[limit - 1])

    def folder_position(self, user_id: str, folder: str, unread_only: bool, at: str, thread_id: str) -> dict[str, Any]:
        return {"at": at, "id": thread_id}

    def walk_folder(
        self, user_id: str, folder: str, unread_only: bool, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[tuple[ThreadView, dict[str, Any]]], bool]:
        views = self._folder(user_id, folder, unread_only and folder != "all", start)
        return [(v, _after(v)) for v in views[:limit]], len(views) <= limit

    def messages_of_thread(
        self, thread_id: str, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[Message], dict[str, Any] | None]:
        found = sorted(self.messages.get(thread_id, {}).values(), key=lambda m: m.message_id, reverse=True)
        if start:
            found = [m for m in found if m.message_id < start["before"]]
        if len(found) <= limit:
            return found, None
        return found[:limit], {"before": found[limit - 1].message_id}

    def count_unread_in(self, user_id: str, folder: str) -> int:
        return sum(1 for (uid, _), v in self.views.items() if uid == user_id and v.in_folder(folder) and v.unread)

    def alert_reads(self, thread_id: str, message_id: str, recipient_id: str, sender_id: str) -> AlertReads:
        return AlertReads(self.users.get(recipient_id), self.get_view(recipient_id, thread_id),
                          self.get_message(thread_id, message_id), self.get_thread(thread_id),
                          self.users.get(sender_id), (recipient_id, sender_id) in self.users.blocks)

    def get_message(self, thread_id: str, message_id: str) -> Message | None:
        return self.messages.get(thread_id, {}).get(message_id)

    # -- writes ------------------------------------------------------------------------------
    def _stage_view(self, unit: FakeUnitOfWork, view: ThreadView, before: ThreadView | None) -> None:
        """As the real VersionAttribute: a new view must not exist yet, a read one must be unchanged."""
        key = (view.user_id, view.thread_id)

        def unchanged() -> bool:
            stored = self.views.get(key)
            return stored is None if not view.version else stored is not None and stored.version == view.version

        def save() -> None:
            self.views[key] = replace(view, version=view.version + 1)
            self.users.add_to_counter(view.user_id, "unread_threads", unread_delta(before, view))

        unit.stage(save, unchanged)

    def stage_new_thread(self, unit: FakeUnitOfWork, thread: Thread, message: Message,
                         views: list[ThreadView]) -> None:
        def save() -> None:
            self.threads[thread.thread_id] = replace(thread, message_count=0)
            self.messages[thread.thread_id] = {message.message_id: message}

        unit.stage(save, lambda: thread.thread_id not in self.threads)
        for view in views:
            self._stage_view(unit, view, None)

    def stage_message(self, unit: FakeUnitOfWork, message: Message, before: dict[str, ThreadView],
                      after: list[ThreadView], has_attachments: bool) -> None:
        def save() -> None:  # as the real one: the thread itself is not touched, the views carry the count
            self.messages[message.thread_id][message.message_id] = message

        unit.stage(save, lambda: message.thread_id in self.threads)
        for view in after:
            self._stage_view(unit, view, before.get(view.user_id))

    def stage_release(self, unit: FakeUnitOfWork, message: Message, before: dict[str, ThreadView],
                      after: list[ThreadView]) -> None:
        def held() -> bool:
            stored = self.messages.get(message.thread_id, {}).get(message.message_id)
            return stored is not None and stored.status == "held"

        def deliver() -> None:
            stored = self.messages[message.thread_id][message.message_id]
            self.messages[message.thread_id][message.message_id] = replace(stored, status="delivered")

        unit.stage(deliver, held)
        for view in after:
            self._stage_view(unit, view, before.get(view.user_id))

    def set_message_status(self, message: Message, status: str) -> bool:
        stored = self.messages.get(message.thread_id, {}).get(message.message_id)
        if stored is None or stored.status == status:
            return False
        self.messages[message.thread_id][message.message_id] = replace(stored, status=status)
        return True

    def save_user_views(self, user_id: str, changes: list[tuple[ThreadView, ThreadView]]) -> int:
        changed = [(b, a) for b, a in changes if a != b]
        unit = FakeUnitOfWork()
        for before, after in changed:
            self._stage_view(unit, after, before)
        unit.commit()
        return len(changed)



class FakeSearchIndex:
    """Each thread's word set and per-user postings, as `storage/search.py` keeps them."""

    def __init__(self) -> None:
        self.words: dict[str, set[str]] = {}
        self.started: dict[str, str] = {}
        self.postings: set[tuple[str, str, str]] = set()  # (user, word, thread)
        self.partial: set[tuple[str, str]] = set()  # (user, thread)

    def thread_words(self, thread_id: str) -> set[str] | None:
        return set(self.words[thread_id]) if thread_id in self.words else None

    def add_thread_words(self, thread_id: str, words: list[str], started_at: str) -> None:
        self.words.setdefault(thread_id, set()).update(words)
        self.started.setdefault(thread_id, started_at)

    def post(self, thread_id: str, postings: Postings) -> int:
        for user_id, words in postings.words.items():
            self.postings.update((user_id, word, thread_id) for word in words)
        self.partial.update((user_id, thread_id) for user_id in postings.partial)
        return postings.count

    def threads_with(self, user_id: str, term: str, is_prefix: bool, limit: int) -> tuple[list[str], bool]:
        found = sorted((word, thread) for user, word, thread in self.postings
                       if user == user_id and (word.startswith(term) if is_prefix else word == term))
        return [thread for _, thread in found[:limit]], len(found) <= limit

    def partial_threads(self, user_id: str, limit: int) -> tuple[list[str], bool]:
        found = sorted(thread for user, thread in self.partial if user == user_id)
        return found[:limit], len(found) <= limit

    def words_of_threads(self, thread_ids: Iterable[str]) -> dict[str, set[str]]:
        return {tid: set(self.words[tid]) for tid in dict.fromkeys(thread_ids) if tid in self.words}
