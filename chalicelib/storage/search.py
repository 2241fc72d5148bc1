"""The search index: each thread's word set (shared by its participants) and per-user postings.

Keys (docs/ARCHITECTURE.md, Search):
- word set   `THREAD#<thread>` / `WORDS`: string set `words`
- posting    `SEARCH#<user>#<first two letters>` / `<word>#<thread>`: a prefix of 2+ letters is one
             partition, and a whole word is `begins_with("<word>#")`
- partial    `SEARCH#<user>#*` / `<thread>`: the user has no postings for some of the thread's words
"""
from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist

from ..domain.search import Postings
from .mail import thread_key
from .models import BaseItem, WordSetItem

WORDS = "WORDS"


def _posting_pk(user_id: str, term: str) -> str:
    return f"SEARCH#{user_id}#{term[:2]}"


def _partial_pk(user_id: str) -> str:
    return f"SEARCH#{user_id}#*"


def posting_item(user_id: str, word: str, thread_id: str) -> BaseItem:
    return BaseItem(_posting_pk(user_id, word), f"{word}#{thread_id}")


def partial_item(user_id: str, thread_id: str) -> BaseItem:
    return BaseItem(_partial_pk(user_id), thread_id)


class SearchIndex:
    # -- writes (the table stream) -------------------------------------------------------------
    def thread_words(self, thread_id: str) -> set[str] | None:
        """The thread's word set; None when no message of the thread was indexed yet."""
        try:
            item = WordSetItem.get(thread_key(thread_id), WORDS, consistent_read=True)
        except DoesNotExist:
            return None
        return set(item.words or ())

    def add_thread_words(self, thread_id: str, words: list[str], started_at: str) -> None:
        """One UpdateItem: the words join the set (a set union, so replays and races are harmless)."""
        actions = [WordSetItem.started_at.set(WordSetItem.started_at | started_at)]
        if words:
            actions.append(WordSetItem.words.add(set(words)))
        WordSetItem(thread_key(thread_id), WORDS).update(actions=actions)

    def post(self, thread_id: str, postings: Postings) -> int:
        """Idempotent puts of the postings and partial marks; returns how many were written."""
        with BaseItem.batch_write() as batch:
            for user_id, words in postings.words.items():
                for word in words:
                    batch.save(posting_item(user_id, word, thread_id))
            for user_id in postings.partial:
                batch.save(partial_item(user_id, thread_id))
        return postings.count

    # -- reads (a search page) -----------------------------------------------------------------
    def threads_with(self, user_id: str, term: str, is_prefix: bool, limit: int) -> tuple[list[str], bool]:
        """Up to `limit` postings of a word (or of every word with that prefix), as thread ids in
        posting order (a thread may repeat under a prefix), and whether that was all of them."""
        start = term if is_prefix else f"{term}#"
        result = BaseItem.query(_posting_pk(user_id, term), BaseItem.sk.startswith(start), limit=limit,
                                page_size=limit)
        threads = [item.sk.rsplit("#", 1)[1] for item in result]
        return threads, len(threads) < limit or result.last_evaluated_key is None

    def partial_threads(self, user_id: str, limit: int) -> tuple[list[str], bool]:
        """Up to `limit` of the user's partially posted threads, and whether that was all of them."""
        result = BaseItem.query(_partial_pk(user_id), limit=limit, page_size=limit)
        threads = [item.sk for item in result]
        return threads, len(threads) < limit or result.last_evaluated_key is None

    def words_of_threads(self, thread_ids: Iterable[str]) -> dict[str, set[str]]:
        """The word sets of these threads (one BatchGet); a thread never indexed has none."""
        keys = [(thread_key(tid), WORDS) for tid in dict.fromkeys(thread_ids)]
        return {item.pk.removeprefix("THREAD#"): set(item.words or ()) for item in WordSetItem.batch_get(keys)}
