"""Read-change-write use cases outside a transaction (the recently viewed list, a digest draft)
under the shared conflict policy: a lost race is tried again from a fresh read, and one that
keeps losing gives up as each use case says (a view is dropped; a draft change is refused)."""
from __future__ import annotations

import pytest

from chalicelib.domain.messaging import Participant, ThreadView
from chalicelib.services.digest_drafts import MAX_TRIES, DigestDrafts
from chalicelib.services.profiles import VIEW_ATTEMPTS
from chalicelib.storage.unit_of_work import ConcurrentChange

from .fake_digests import FakeDigestRepository


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr("chalicelib.storage.unit_of_work.backoff", lambda attempt: None)


def viewed(casting, user):
    return [e["production_id"] for e in casting.profiles.recently_viewed(user.user_id)]


def test_a_view_racing_another_is_kept_with_it(casting):
    tia = casting.world.person("Tia")
    profiles, read = casting.profiles, casting.profiles.profiles.viewed
    raced = []

    def read_then_another_tab_views(user_id):
        current = read(user_id)
        if not raced:
            raced.append(True)
            assert profiles.record_view(user_id, {"production_id": "prd_b", "name": "Other tab"})
        return current

    casting.profiles.profiles.viewed = read_then_another_tab_views
    assert profiles.record_view(tia.user_id, {"production_id": "prd_a", "name": "This tab"}) is True
    assert viewed(casting, tia) == ["prd_a", "prd_b"]


def test_a_view_that_keeps_losing_is_dropped_after_its_attempts(casting):
    tia = casting.world.person("Tia")
    attempts = []

    def always_stale(user_id, entries, version):
        attempts.append(version)
        raise ConcurrentChange()

    casting.profiles.profiles.save_viewed = always_stale
    assert casting.profiles.record_view(tia.user_id, {"production_id": "prd_a", "name": "A"}) is False
    assert len(attempts) == VIEW_ATTEMPTS and viewed(casting, tia) == []


def _view(user_id: str, thread_id: str) -> ThreadView:
    return ThreadView(user_id=user_id, thread_id=thread_id, subject=f"About {thread_id}", snippet="Hello",
                      participants=[Participant("usr_cara", "Cara"), Participant(user_id, "Tom")],
                      last_activity_at="2027-01-04T09:00:00Z", unread=True)


def test_a_digest_draft_racing_another_change_keeps_both():
    store = FakeDigestRepository()
    drafts = DigestDrafts(store)
    read, raced = store.pending_digest, []

    def read_then_another_message(user_id):
        current = read(user_id)
        if not raced:
            raced.append(True)
            drafts.note_message(_view(user_id, "thr_b"), "msg_b")
        return current

    store.pending_digest = read_then_another_message
    drafts.note_message(_view("usr_tom", "thr_a"), "msg_a")
    assert sorted(e.thread_id for e in read("usr_tom").draft.entries) == ["thr_a", "thr_b"]
    drafts.forget("usr_tom", {"thr_a", "thr_b"})
    assert read("usr_tom") is None, "an emptied draft leaves the pending set"


def test_a_digest_draft_that_keeps_changing_is_a_concurrent_change():
    store = FakeDigestRepository()
    drafts = DigestDrafts(store)
    drafts.note_message(_view("usr_tom", "thr_a"), "msg_a")
    tries = []
    store.clear = lambda user_id, version=None: tries.append(version) or False
    with pytest.raises(ConcurrentChange):
        drafts.forget("usr_tom", {"thr_a"})
    assert len(tries) == MAX_TRIES and store.pending_digest("usr_tom") is not None


def test_emptying_a_draft_keeps_a_message_that_came_in_meanwhile():
    store = FakeDigestRepository()
    drafts = DigestDrafts(store)
    drafts.note_message(_view("usr_tom", "thr_a"), "msg_a")
    read, raced = store.pending_digest, []

    def read_then_a_new_message(user_id):
        current = read(user_id)
        if not raced:  # a message lands between reading the draft and clearing it
            raced.append(True)
            drafts.note_message(_view(user_id, "thr_b"), "msg_b")
        return current

    store.pending_digest = read_then_a_new_message
    drafts.forget("usr_tom", {"thr_a"})
    assert [e.thread_id for e in read("usr_tom").draft.entries] == ["thr_b"]
