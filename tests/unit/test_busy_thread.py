"""A thread that keeps changing under a writer ends in a clear 409, never a 500."""
import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.messaging import ThreadView
from chalicelib.services import messaging
from chalicelib.storage import unit_of_work
from chalicelib.storage.unit_of_work import ConcurrentChange


class AlwaysConflicting:
    def __init__(self):
        self.attempts = 0

    def save_user_views(self, user_id, changes):
        self.attempts += 1
        raise ConcurrentChange()

    def views_of_user(self, user_id, thread_ids):
        return [ThreadView("u", tid, "s", [], "2026-01-01T00:00:00.000Z", unread=True) for tid in thread_ids]


def test_retries_with_backoff_then_answers_conflict(monkeypatch):
    monkeypatch.setattr(unit_of_work, "backoff", lambda attempt: None)
    mail = AlwaysConflicting()
    service = messaging.MessagingService(users=None, mail=mail, jobs=None, cursor_secret="x" * 32, files=None,
                                          search=None)
    view = ThreadView("u", "thr_1", "s", [], "2026-01-01T00:00:00.000Z", unread=True)
    with pytest.raises(Conflict) as raised:
        service._change_views("u", [view], "mark_read")
    assert raised.value.code == "thread_busy" and mail.attempts == unit_of_work.ATTEMPTS
