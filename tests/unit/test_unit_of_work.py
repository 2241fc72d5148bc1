"""The one retry policy for lost races, and a unit of work that a retried use case extends."""
import pytest

from chalicelib.storage import unit_of_work
from chalicelib.storage.unit_of_work import ConcurrentChange, UnitOfWork, retry_on_conflict


class Busy(Exception):
    pass


def test_retries_a_lost_race_then_succeeds(monkeypatch):
    pauses = []
    monkeypatch.setattr(unit_of_work, "backoff", pauses.append)
    tries = []

    def operation():
        tries.append(1)
        if len(tries) < 3:
            raise ConcurrentChange()
        return "done"

    assert retry_on_conflict(operation, Busy) == "done"
    assert pauses == [0, 1], "a growing pause between tries"


def test_gives_up_with_the_callers_error_after_the_last_try(monkeypatch):
    monkeypatch.setattr(unit_of_work, "backoff", lambda attempt: None)
    tries = []

    def operation():
        tries.append(1)
        raise ConcurrentChange()

    with pytest.raises(Busy):
        retry_on_conflict(operation, Busy, attempts=4)
    assert len(tries) == 4


def test_other_errors_are_not_retried():
    tries = []

    def operation():
        tries.append(1)
        raise ValueError("a rule refused it")

    with pytest.raises(ValueError):
        retry_on_conflict(operation, Busy)
    assert len(tries) == 1


def test_a_branch_starts_with_the_callers_writes_and_leaves_them_alone():
    caller = UnitOfWork()
    caller.save(object())
    attempt = caller.branch()
    attempt.save(object())
    attempt.delete(object())
    assert len(caller) == 1 and len(attempt) == 3


def test_an_empty_unit_commits_nothing():
    UnitOfWork().commit()  # no transaction is sent (it would need a table)
