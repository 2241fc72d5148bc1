"""The composition root: every service, built from the settings on first use, once per process.

Each part is a cached property, built the first time something asks for it: a function builds
only what it calls, so a queue consumer never reads the signing key it does not sign with, and
each Lambda function's IAM policy can name only what that function uses (infra/iam.py derives
the policies by reading these properties: a property's body is the whole of what it depends on).
"""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from .aws.idempotency import once_per_key
from .aws.s3 import FileStore
from .aws.ses import Mailer
from .aws.sqs import JobQueue
from .filetypes import sniff
from .services.accounts import AccountService
from .services.action_limits import ActionLimits
from .services.alerts import AlertService
from .services.applicant_contact import ApplicantContact
from .services.applications import ApplicationService
from .services.dashboards import DashboardService
from .services.digest_drafts import DigestDrafts
from .services.digests import DigestService
from .services.fanout import MessageFanout
from .services.files import FilesService
from .services.locker import LockerService
from .services.messaging import MessagingService
from .services.moderation import ModerationService
from .services.notices import NoticeService
from .services.profiles import ProfileService
from .services.safety import SafetyService
from .services.search import SearchService
from .settings import Settings
from .settings import settings as load_settings
from .storage import connection
from .storage.applications import ApplicationRepository
from .storage.digests import DigestRepository
from .storage.files import FileRepository
from .storage.limits import LimitRepository
from .storage.mail import MailRepository
from .storage.moderation import ModerationRepository
from .storage.notices import NoticeRepository
from .storage.profiles import ProfileRepository
from .storage.relay import RelayRepository
from .storage.search import SearchIndex
from .storage.users import UserRepository

if TYPE_CHECKING:
    from .services.inbound import InboundService


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        connection.configure(settings.table_name, settings.region, settings.aws_endpoint_url)

    def _once(self, key_expression: str, data_argument: str) -> Any:
        """At most once per key (powertools idempotency over the stage's idempotency table)."""
        settings = self.settings
        return once_per_key(settings.idempotency_table, settings.region, settings.aws_endpoint_url,
                            key_expression=key_expression, data_argument=data_argument)

    # -- repositories and gateways ------------------------------------------------------------
    @cached_property
    def users(self) -> UserRepository:
        return UserRepository()

    @cached_property
    def mail(self) -> MailRepository:
        return MailRepository()

    @cached_property
    def relay_store(self) -> RelayRepository:
        return RelayRepository()

    @cached_property
    def notice_store(self) -> NoticeRepository:
        return NoticeRepository()

    @cached_property
    def application_store(self) -> ApplicationRepository:
        return ApplicationRepository()

    @cached_property
    def jobs(self) -> JobQueue:
        return JobQueue(self.settings.jobs_queue_name, self.settings.region, self.settings.aws_endpoint_url)

    @cached_property
    def store(self) -> FileStore:
        return FileStore(self.settings.files_bucket, self.settings.region, self.settings.aws_endpoint_url)

    @cached_property
    def mailer(self) -> Mailer:
        return Mailer(self.settings.region, self.settings.aws_endpoint_url, self.settings.ses_configuration_set)

    # -- services -----------------------------------------------------------------------------
    @cached_property
    def files(self) -> FilesService:
        files = FilesService(FileRepository(), self.mail, self.store, sniff, self.settings.signing_secret)
        files.limit_uploads = lambda user: self.action_limits.take_upload(user)
        return files

    @cached_property
    def locker(self) -> LockerService:
        return LockerService(FileRepository(), self.store, self.settings.signing_secret)

    @cached_property
    def digests(self) -> DigestService:
        return DigestService(self.settings, self.users, DigestRepository(), self.relay_store, self.jobs,
                             self.mailer, self._once("[user_id, date]", "digest"))

    @cached_property
    def digest_drafts(self) -> DigestDrafts:
        return DigestDrafts(DigestRepository())

    @cached_property
    def alerts(self) -> AlertService:
        return AlertService(self.settings, self.users, self.mail, self.relay_store, self.jobs, self.mailer,
                            self._once("[message_id, recipient_id]", "alert"), self.digests)

    @cached_property
    def search(self) -> SearchService:
        return SearchService(self.mail, SearchIndex())

    @cached_property
    def messaging(self) -> MessagingService:
        messaging = MessagingService(self.users, self.mail, self.jobs, self.settings.signing_secret, self.files,
                                     self.search)
        messaging.safety = self.safety
        messaging.read_by_daily_user = lambda user_id, thread_ids: self.digest_drafts.forget(user_id, thread_ids)
        return messaging

    @cached_property
    def inbound(self) -> InboundService:
        # Imported here: MIME parsing and reply trimming serve only the inbound-mail function, and
        # every other function's cold start would pay for them.
        from .services.inbound import InboundService

        return InboundService(self.settings, self.users, self.mail, self.messaging, self.files, self.relay_store,
                              self.store, self.mailer, sniff, self._once("key", "mail"))

    @cached_property
    def notices(self) -> NoticeService:
        notices = NoticeService(self.notice_store, self.users, self.messaging, self.settings.signing_secret)
        notices.limit_new_production = lambda user: self.action_limits.take_new_production(user)
        notices.record_view = lambda user_id, summary: self.profiles.record_view(user_id, summary)
        notices.applied_roles = self.application_store.ids_for_roles
        notices.review_log = lambda *event: self.moderation.notice_event(*event)
        return notices

    @cached_property
    def profiles(self) -> ProfileService:
        profiles = ProfileService(ProfileRepository(), self.notice_store, self.settings.signing_secret)
        profiles.applied_roles = self.application_store.statuses_for_roles
        profiles.headshot_url = self.locker.headshot_url
        return profiles

    @cached_property
    def applications(self) -> ApplicationService:
        return ApplicationService(self.application_store, self.notice_store, self.users, self.files, self.messaging,
                                  self.profiles, self.jobs, self.settings.signing_secret,
                                  self._once("[application_id, requested_at]", "request"))

    @cached_property
    def applicant_contact(self) -> ApplicantContact:
        return ApplicantContact(self.applications, self.messaging, self.files)

    @cached_property
    def dashboards(self) -> DashboardService:
        return DashboardService(self.users, self.application_store, self.notice_store, self.messaging, self.profiles)

    @cached_property
    def accounts(self) -> AccountService:
        return AccountService(self.users, self.settings.signing_secret)

    @cached_property
    def safety(self) -> SafetyService:
        safety = SafetyService(self.settings.limits, LimitRepository(), self.notice_store, self.application_store)
        safety.on_hold = lambda sender, message, signals: self.moderation.record_hold(sender, message, signals)
        return safety

    @cached_property
    def moderation(self) -> ModerationService:
        # A released message is alerted from the table's stream (handlers/events.py), like a new one.
        return ModerationService(self.users, self.mail, ModerationRepository(), self.relay_store, self.safety,
                                 self.action_limits, self.notices, self.messaging, self.jobs,
                                 self.settings.signing_secret)

    @cached_property
    def fanout(self) -> MessageFanout:
        return MessageFanout(self.mail, self.search, self.alerts)

    @cached_property
    def action_limits(self) -> ActionLimits:
        return ActionLimits(self.settings.limits, LimitRepository())


_services: Services | None = None


def build(settings: Settings) -> Services:
    return Services(settings)


def services() -> Services:
    global _services
    if _services is None:
        _services = build(load_settings())
    return _services


def reset() -> None:
    """Forget built services and settings (tests change the environment between runs)."""
    global _services
    _services = None
    load_settings.cache_clear()
