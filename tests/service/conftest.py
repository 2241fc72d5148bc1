"""The service tier: use cases wired to in-memory repositories and gateways (tests/service/fakes.py),
as the composition root wires them to DynamoDB, S3 and SES. No moto, no HTTP."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.users import User
from chalicelib.filetypes import sniff
from chalicelib.services.accounts import AccountService
from chalicelib.services.applications import ApplicationService
from chalicelib.services.files import FilesService
from chalicelib.services.messaging import MessagingService
from chalicelib.services.profiles import ProfileService
from chalicelib.services.search import SearchService

from .fake_casting import (
    FakeApplicationRepository,
    FakeNoticeRepository,
    FakeProfileRepository,
    FakeSweepMarks,
    once_in_memory,
)
from .fake_files import FakeFileRepository
from .fake_gateways import FakeFileStore, FakeJobQueue
from .fakes import FakeMailRepository, FakeSearchIndex, FakeUnitOfWork, FakeUserRepository

SECRET = "service-tier-secret"


@dataclass
class World:
    users: FakeUserRepository
    mail: FakeMailRepository
    jobs: FakeJobQueue
    search: SearchService
    messaging: MessagingService
    accounts: AccountService

    def person(self, name: str, role: str = "talent") -> User:
        user = User(user_id=f"usr_{name.lower()}", email=f"{name.lower()}@example.com", name=name, role=role)
        return self.users.create(user)


class TickingClock:
    """Each reading is a millisecond after the last: ids and times are in the order things
    happened, as they are when requests arrive apart (here a use case takes microseconds)."""

    def __init__(self) -> None:
        self.moment = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)

    def _tick(self) -> datetime:
        self.moment += timedelta(milliseconds=1)
        return self.moment

    def now(self, tz: Any = None) -> datetime:  # as datetime.now
        return self._tick()

    def time(self) -> float:  # as time.time
        return self._tick().timestamp()


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> TickingClock:
    from chalicelib.domain import clock as clock_module

    ticking = TickingClock()
    monkeypatch.setattr(clock_module, "datetime", type("Ticking", (datetime,), {"now": staticmethod(ticking.now)}))
    monkeypatch.setattr(clock_module, "time", ticking)
    return ticking


@pytest.fixture
def world() -> World:
    users = FakeUserRepository()
    mail = FakeMailRepository(users)
    jobs = FakeJobQueue()
    search = SearchService(mail, FakeSearchIndex())
    messaging = MessagingService(users, mail, jobs, SECRET, NoFiles(), search, units=FakeUnitOfWork)
    accounts = AccountService(users, SECRET)
    return World(users, mail, jobs, search, messaging, accounts)


class NoFiles:
    """The files service as messaging uses it, for messages without attachments."""

    def for_message(self, sender: User, ids: list[str], thread_id: str, message_id: str, unit: Any) -> list[Any]:
        assert not ids, "attachments need the files service's own fakes"
        return []


@dataclass
class Casting:
    """The applications use cases over in-memory repositories, with the real messaging, files
    and profiles services they call (each over its own fakes)."""
    world: World
    notices: FakeNoticeRepository
    apps: FakeApplicationRepository
    locker: FakeFileRepository
    store: FakeFileStore
    sweeps: FakeSweepMarks
    files: FilesService
    profiles: ProfileService
    applications: ApplicationService


@pytest.fixture
def casting(world: World) -> Casting:
    sweeps = FakeSweepMarks()
    notices = FakeNoticeRepository(sweeps)
    apps = FakeApplicationRepository(world.users, sweeps)
    locker, store = FakeFileRepository(world.users), FakeFileStore()
    files = FilesService(locker, world.mail, store, sniff, SECRET)
    profiles = ProfileService(FakeProfileRepository(world.users, notices, locker.headshots.get), notices, SECRET)
    profiles.applied_roles = apps.statuses_for_roles
    applications = ApplicationService(apps, notices, world.users, files, world.messaging, profiles, world.jobs,
                                      SECRET, once_in_memory, sweeps)
    return Casting(world, notices, apps, locker, store, sweeps, files, profiles, applications)
