"""The daily digest's draft (domain/digests.py): bounded, idempotent per message, newest first."""
from chalicelib.domain.digests import MORE_MAX, THREADS_SHOWN, DigestDraft
from chalicelib.domain.messaging import Participant, Ref, ThreadView

ME, CARA = Participant("usr_me", "Tom Talent"), Participant("usr_cara", "Cara Casting")


def view(n: int, at: str | None = None, snippet: str = "hello") -> ThreadView:
    return ThreadView("usr_me", f"thr_{n:04d}", f"Subject {n}", [CARA, ME], at or f"2026-12-06T10:{n % 60:02d}:00.000Z",
                      snippet=snippet, production=Ref("prd_1", "Hamlet"), unread=True, received=True)


def test_a_message_adds_its_thread_once_and_counts_each_message_once():
    draft = DigestDraft().with_message(view(1), "m1")
    assert draft.with_message(view(1), "m1") == draft, "a redelivered alert changes nothing"
    draft = draft.with_message(view(1, snippet="again"), "m2")
    [entry] = draft.entries
    assert entry.new_messages == 2 and entry.snippet == "again" and entry.senders == ["Cara Casting"]
    assert entry.production_name == "Hamlet"


def test_the_newest_threads_are_shown_and_the_rest_only_counted():
    draft = DigestDraft()
    for n in range(THREADS_SHOWN + 5):
        draft = draft.with_message(view(n), f"m{n}")
    assert [e.thread_id for e in draft.entries] == [f"thr_{n:04d}" for n in range(THREADS_SHOWN + 4, 4, -1)]
    assert sorted(draft.more) == [f"thr_{n:04d}" for n in range(5)]
    for n in range(THREADS_SHOWN + 5, THREADS_SHOWN + 5 + MORE_MAX + 50):
        draft = draft.with_message(view(n, at=f"2026-12-06T11:00:00.000Z{n:05d}"), f"m{n}")
    assert len(draft.entries) == THREADS_SHOWN and len(draft.more) == MORE_MAX, "bounded whatever comes in"


def test_reading_a_thread_takes_it_out_and_an_empty_draft_says_so():
    draft = DigestDraft().with_message(view(1), "m1").with_message(view(2), "m2")
    assert [e.thread_id for e in draft.without({"thr_0001"}).entries] == ["thr_0002"]
    assert draft.without({"thr_0001", "thr_0002"}).empty


def test_after_sending_only_what_came_in_meanwhile_is_left():
    sent = DigestDraft().with_message(view(1), "m1").with_message(view(2), "m2")
    now = sent.with_message(view(1), "m3").with_message(view(3), "m4")
    left = now.minus(sent)
    assert {e.thread_id: e.new_messages for e in left.entries} == {"thr_0001": 1, "thr_0003": 1}
    assert sent.minus(sent).empty


def test_the_draft_round_trips_through_json():
    draft = DigestDraft().with_message(view(1), "m1")
    assert DigestDraft.from_json(draft.to_json()) == draft and DigestDraft.from_json(None).empty
