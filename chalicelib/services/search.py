"""Searching a user's threads a page at a time, and indexing each new message's words.

A page reads at most 2 × (limit + 1) items whatever the word and the mailbox: a planner tries the
word's postings first (few matches: read them all, sort by activity), else walks the folder
newest first checking each thread's card and word set. docs/ARCHITECTURE.md (Search) has the
costs and the reasons.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain.messaging import Thread, ThreadView
from ..domain.search import (
    THREAD_WORDS_MAX,
    SearchQuery,
    card_tokens,
    message_words,
    parse_query,
    share_postings,
)
from ..storage.mail import MailRepository
from ..storage.search import SearchIndex

FEW = "few"
WALK = "walk"
WALK_RESERVE = 2  # items plan 1 leaves for plan 2, so a walk always moves on (a view and its word set)


@dataclass
class SearchPage:
    views: list[ThreadView]
    position: dict[str, Any] | None  # where the next page starts (None: no further page)
    searched_to: str | None = None  # the activity a walk reached (None: every match was considered)


def page_budget(limit: int) -> int:
    """Items a search page may read: twice a folder page's."""
    return 2 * (limit + 1)


def card(view: ThreadView) -> set[str]:
    others = [p.name for p in view.participants if p.user_id != view.user_id]
    return card_tokens(view.subject, view.production.name if view.production else None,
                       view.role.name if view.role else None, others)


def page_after(views: list[ThreadView], start: dict[str, Any] | None, limit: int) -> SearchPage:
    """A page of views sorted newest first, after the (activity, thread) a cursor holds."""
    if start and start.get("at"):
        after = (str(start["at"]), str(start.get("id", "")))
        views = [v for v in views if (v.last_activity_at, v.thread_id) < after]
    page = views[:limit]
    more = len(views) > limit
    return SearchPage(page, {"plan": FEW, "at": page[-1].last_activity_at, "id": page[-1].thread_id} if more else None)


class SearchService:
    def __init__(self, mail: MailRepository, index: SearchIndex) -> None:
        self.mail = mail
        self.index = index

    # -- a page --------------------------------------------------------------------------------
    def page(self, user_id: str, folder: str, q: str | None, unread_only: bool, start: dict[str, Any] | None,
             limit: int) -> SearchPage:
        """One page of the folder's threads that match `q` (every thread when q is None, e.g. the
        unread ones of "all", which no index lists by themselves), newest activity first."""
        query = parse_query(q) if q is not None else None
        budget = page_budget(limit)

        def wanted(view: ThreadView) -> bool:
            return view.in_folder(folder) and (view.unread or not unread_only)

        start = start or {}
        key = start.get("key")
        if query is not None and start.get("plan") != WALK:
            found = self._few(user_id, query, wanted, start, limit, budget)
            if isinstance(found, SearchPage):
                return found
            budget -= found
            if start.get("at"):  # the matches outgrew plan 1 between pages: walk on from where it stopped
                key = self.mail.folder_position(user_id, folder, unread_only, start["at"], str(start.get("id")))
        return self._walk(user_id, folder, unread_only, query, wanted, key, limit, budget)

    def _few(self, user_id: str, query: SearchQuery, wanted: Callable[[ThreadView], bool], start: dict[str, Any],
             limit: int, budget: int) -> SearchPage | int:
        """Plan 1: every match is among one term's postings and the user's partial marks, if both
        run out within the budget (the terms are tried longest first: a rarer one may run out
        where the first did not). Returns the page, or the items spent finding out."""
        per_candidate = 2 if query.single_term else 3  # posting + view (+ word set)
        spent = 0
        for term, is_prefix in query.terms_to_try:
            probe = (budget - spent - WALK_RESERVE) // per_candidate
            if probe < 1:
                return spent
            posted, ran_out = self.index.threads_with(user_id, term, is_prefix, probe)
            spent += len(posted)
            if ran_out:
                break
        else:
            return spent
        distinct = list(dict.fromkeys(posted))
        room = (budget - spent - len(distinct) * (per_candidate - 1)) // 2  # a partial thread: view + word set
        if room < 1:
            return spent
        partial, ran_out = self.index.partial_threads(user_id, room)
        spent += len(partial)
        if not ran_out:
            return spent
        views = [v for v in self.mail.views_of_user(user_id, [*distinct, *partial]) if wanted(v)]
        settled = set(distinct)  # a posting shows the term (a prefix: the word it begins)
        matches = self._matching(query, views, lambda v: {term} if v.thread_id in settled else set())
        matches.sort(key=lambda v: (v.last_activity_at, v.thread_id), reverse=True)
        return page_after(matches, start, limit)

    def _walk(self, user_id: str, folder: str, unread_only: bool, query: SearchQuery | None,
              wanted: Callable[[ThreadView], bool], key: dict[str, Any] | None, limit: int, budget: int) -> SearchPage:
        """Plan 2: the folder newest first, a chunk at a time, until a full page or the budget."""
        found: list[ThreadView] = []
        searched_to = None
        position = key
        while len(found) < limit and budget >= (2 if query else 1):
            chunk = budget // 2 if query else budget
            steps, ended = self.mail.walk_folder(user_id, folder, unread_only, position, chunk)
            budget -= len(steps)
            kept = [v for v, _ in steps if wanted(v)]
            if query is not None:
                undecided = [v.thread_id for v in kept if not query.matches(card(v))]
                budget -= len(undecided)
                kept = self._matching(query, kept, lambda v: set(), undecided)
            keep = {v.thread_id for v in kept}
            for view, after in steps:
                position, searched_to = after, view.last_activity_at
                if view.thread_id in keep:
                    found.append(view)
                    if len(found) == limit:
                        break
            if ended and position == (steps[-1][1] if steps else position):
                return SearchPage(found, None, searched_to)
        return SearchPage(found, {"plan": WALK, "key": position}, searched_to)

    def _matching(self, query: SearchQuery, views: list[ThreadView], known: Callable[[ThreadView], set[str]],
                  undecided: list[str] | None = None) -> list[ThreadView]:
        """The views whose card, known words and (read only where those do not settle it) word set
        match every term, in the given order."""
        cards = {v.thread_id: card(v) | known(v) for v in views}
        if undecided is None:
            undecided = [v.thread_id for v in views if not query.matches(cards[v.thread_id])]
        bodies = self.index.words_of_threads(undecided) if undecided else {}
        return [v for v in views if query.matches(cards[v.thread_id] | bodies.get(v.thread_id, set()))]

    # -- indexing (the table stream) -----------------------------------------------------------
    def index_message(self, thread_id: str, body: str, thread: Thread | None = None) -> int:
        """Adds a new message's words to its thread's word set and posts the words new to the
        thread (at its start, the card's too) for each participant, within the posting budget.
        Safe to repeat: postings go first, so a retry after a failure finds the words still new.
        `thread`: the thread when the caller read it already."""
        thread = thread or self.mail.get_thread(thread_id)
        if thread is None:
            return 0
        known = self.index.thread_words(thread_id)
        room = THREAD_WORDS_MAX - len(known or ())
        new = [w for w in message_words(body) if not known or w not in known][: max(0, room)]
        if known is not None and not new:
            return 0
        production, role = (thread.production.name if thread.production else None,
                            thread.role.name if thread.role else None)
        cards = {p.user_id: set() if known is not None else
                 card_tokens(thread.subject, production, role,
                             [o.name for o in thread.participants if o.user_id != p.user_id])
                 for p in thread.participants}
        written = self.index.post(thread_id, share_postings(new, cards))
        self.index.add_thread_words(thread_id, new, thread.created_at)
        return written + 1
