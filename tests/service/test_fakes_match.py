"""The fakes stand in for the real classes only while they answer to the same calls: every public
method of the real class exists on its fake, with the same parameters."""
import inspect

import pytest

from chalicelib.aws.s3 import FileStore
from chalicelib.aws.ses import Mailer
from chalicelib.aws.sqs import JobQueue
from chalicelib.storage.applications import ApplicationRepository
from chalicelib.storage.digests import DigestRepository
from chalicelib.storage.files import FileRepository
from chalicelib.storage.mail import MailRepository
from chalicelib.storage.notices import NoticeRepository
from chalicelib.storage.profiles import ProfileRepository
from chalicelib.storage.search import SearchIndex
from chalicelib.storage.sweeps import SweepMarks
from chalicelib.storage.users import UserRepository

from .fake_casting import FakeApplicationRepository, FakeNoticeRepository, FakeProfileRepository, FakeSweepMarks
from .fake_digests import FakeDigestRepository
from .fake_files import FakeFileRepository
from .fake_gateways import FakeFileStore, FakeJobQueue, FakeMailer
from .fakes import FakeMailRepository, FakeSearchIndex, FakeUserRepository


def public_methods(cls):
    return {name: member for name, member in inspect.getmembers(cls, callable) if not name.startswith("_")}


@pytest.mark.parametrize(("real", "fake"), [
    (UserRepository, FakeUserRepository), (MailRepository, FakeMailRepository), (SearchIndex, FakeSearchIndex),
    (ApplicationRepository, FakeApplicationRepository), (NoticeRepository, FakeNoticeRepository),
    (ProfileRepository, FakeProfileRepository), (SweepMarks, FakeSweepMarks), (FileRepository, FakeFileRepository),
    (DigestRepository, FakeDigestRepository), (JobQueue, FakeJobQueue), (Mailer, FakeMailer),
    (FileStore, FakeFileStore)])
def test_the_fake_answers_every_call_of_the_real_one(real, fake):
    fakes = public_methods(fake)
    for name, method in public_methods(real).items():
        assert name in fakes, f"{fake.__name__} lacks {name}"
        wanted = [p for p in inspect.signature(method).parameters if p != "self"]
        given = [p for p in inspect.signature(fakes[name]).parameters if p != "self"]
        assert given == wanted, f"{fake.__name__}.{name}{tuple(given)} is not {real.__name__}.{name}{tuple(wanted)}"
