"""The search planner over in-memory stand-ins for its two repositories: whatever the words'
frequencies, every page reads at most 2 x (limit + 1) items, the pages end, and together they
are exactly the folder's matching threads, newest first."""
import random

import pytest

from chalicelib.domain.messaging import Participant, ThreadView
from chalicelib.domain.search import card_tokens, message_words, share_postings
from chalicelib.services.search import SearchService, page_budget

ME = "me"
VOCABULARY = ["audition", "audio", "callback", "zeppelin", "lighthouse", "studio", "friday", "script"]


class Mailbox:
    """A user's views, word sets, postings and partial marks, counting every item read."""

    def __init__(self, views, bodies, postings, partial):
        self.views = sorted(views, key=lambda v: (v.last_activity_at, v.thread_id), reverse=True)
        self.bodies, self.postings, self.partial = bodies, postings, partial
        self.read = 0

    # -- MailRepository ------------------------------------------------------------------------
    def walk_folder(self, user_id, folder, unread_only, start, limit):
        listed = [v for v in self.views if v.in_folder(folder) and (v.unread or not unread_only or folder == "all")]
        after = start["i"] if start else 0
        steps = [(v, {"i": after + k + 1}) for k, v in enumerate(listed[after : after + limit])]
        self.read += len(steps)
        return steps, after + limit >= len(listed)

    def folder_position(self, user_id, folder, unread_only, at, thread_id):
        listed = [v for v in self.views if v.in_folder(folder) and (v.unread or not unread_only or folder == "all")]
        return {"i": sum((v.last_activity_at, v.thread_id) >= (at, thread_id) for v in listed)}

    def views_of_user(self, user_id, thread_ids):
        wanted = set(thread_ids)
        found = [v for v in self.views if v.thread_id in wanted]
        self.read += len(found)
        return found

    # -- SearchIndex ---------------------------------------------------------------------------
    def threads_with(self, user_id, term, is_prefix, limit):
        keys = sorted((w, t) for w, t in self.postings if (w.startswith(term) if is_prefix else w == term))
        found = [t for _, t in keys[:limit]]
        self.read += len(found)
        return found, len(found) < limit

    def partial_threads(self, user_id, limit):
        found = sorted(self.partial)[:limit]
        self.read += len(found)
        return found, len(found) < limit

    def words_of_threads(self, thread_ids):
        found = {t: self.bodies[t] for t in thread_ids if t in self.bodies}
        self.read += len(found)
        return found


def mailbox(rng, size, budget):
    views, bodies, postings, partial = [], {}, set(), set()
    for i in range(size):
        thread = f"t{i:04d}"
        other = Participant(f"u{i % 3}", ["Ana Lopez", "Ben Okafor", "Cy Moreau"][i % 3])
        weights = [0.9, 0.05, 0.5, 0.01, 0.1, 0.3, 0.5, 0.2]
        body = " ".join(w for w, p in zip(VOCABULARY, weights, strict=True) if rng.random() < p)
        subject = rng.choice(["Callback", "Wardrobe", "Table read"])
        view = ThreadView(ME, thread, subject, [Participant(ME, "Me Myself"), other], f"2026-01-01T00:{i // 60:02d}:"
                          f"{i % 60:02d}Z", received=rng.random() < 0.8, sent=rng.random() < 0.4,
                          archived=rng.random() < 0.1, deleted=rng.random() < 0.05, unread=rng.random() < 0.3)
        views.append(view)
        words = message_words(body)
        bodies[thread] = set(words)
        cards = {ME: card_tokens(subject, None, None, [other.name]), other.user_id: set()}
        shared = share_postings(words, cards, budget)
        postings |= {(w, thread) for w in shared.words.get(ME, [])}
        if ME in shared.partial:
            partial.add(thread)
    return Mailbox(views, bodies, postings, partial)


def expected(box, folder, unread_only, q):
    from chalicelib.domain.search import parse_query
    from chalicelib.services.search import card

    query = parse_query(q)
    return [v.thread_id for v in box.views if v.in_folder(folder) and (v.unread or not unread_only)
            and query.matches(card(v) | box.bodies[v.thread_id])]


@pytest.mark.parametrize("seed", range(6))
def test_every_page_stays_within_the_budget_and_the_pages_are_the_matches_in_order(seed):
    rng = random.Random(seed)
    box = mailbox(rng, size=rng.choice([5, 60, 400]), budget=rng.choice([240, 4]))
    service = SearchService(box, box)
    for q in ["audition", "audi", "zeppelin", "lighthouse studio", "zeppelin audi", "ben", "callback fri"]:
        for folder, unread_only in [("inbox", False), ("archive", False), ("sent", True), ("all", False)]:
            limit = rng.choice([1, 3, 25])
            found, start = [], None
            for _ in range(2_000):
                box.read = 0
                page = service.page(ME, folder, q, unread_only, start, limit)
                assert box.read <= page_budget(limit), (q, folder, box.read)
                assert len(page.views) <= limit
                found += [v.thread_id for v in page.views]
                start = page.position
                if start is None:
                    break
            assert start is None, "the pages end"
            assert found == expected(box, folder, unread_only, q), (q, folder, unread_only)
