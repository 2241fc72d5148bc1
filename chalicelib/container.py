"""The composition root: builds every service from the settings, once per process."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .aws.idempotency import once_per_key
from .aws.s3 import FileStore
from .aws.ses import Mailer
from .aws.sqs import JobQueue
from .filetypes import sniff
from .services.accounts import AccountService
from .services.alerts import AlertService
from .services.applications import ApplicationService
from .services.dashboards import DashboardService
from .services.digests import DigestService
from .services.files import FilesService
from .services.inbound import InboundService
from .services.messaging import MessagingService
from .services.notices import NoticeService
from .services.profiles import ProfileService
from .settings import Settings
from .settings import settings as load_settings
from .storage import connection
from .storage.applications import ApplicationRepository
from .storage.digests import DigestRepository
from .storage.files import FileRepository
from .storage.mail import MailRepository
from .storage.notices import NoticeRepository
from .storage.profiles import ProfileRepository
from .storage.relay import RelayRepository
from .storage.reports import ReportRepository
from .storage.users import UserRepository


@dataclass
class Services:
    settings: Settings
    accounts: AccountService
    messaging: MessagingService
    files: FilesService
    alerts: AlertService
    inbound: InboundService
    digests: DigestService
    notices: NoticeService
    applications: ApplicationService
    profiles: ProfileService
    dashboards: DashboardService
    jobs: JobQueue


_services: Services | None = None


def build(settings: Settings) -> Services:
    connection.configure(settings.table_name, settings.region, settings.aws_endpoint_url)
    users, mail, reports = UserRepository(), MailRepository(), ReportRepository()
    jobs = JobQueue(settings.jobs_queue_name, settings.region, settings.aws_endpoint_url)
    store = FileStore(settings.files_bucket, settings.region, settings.aws_endpoint_url)
    files = FilesService(FileRepository(), mail, store, sniff, settings.signing_secret)
    relay_store, mailer = RelayRepository(), Mailer(settings.region, settings.aws_endpoint_url,
                                                  settings.ses_configuration_set)

    def once(key_expression: str, data_argument: str) -> Any:
        return once_per_key(settings.idempotency_table, settings.region, settings.aws_endpoint_url,
                            key_expression=key_expression, data_argument=data_argument)

    digests = DigestService(settings, users, DigestRepository(), relay_store, jobs, mailer,
                            once("[user_id, date]", "digest"))
    alerts = AlertService(settings, users, mail, relay_store, jobs, mailer,
                          once("[message_id, recipient_id]", "alert"), digests)
    messaging = MessagingService(users, mail, jobs, settings.signing_secret, files)
    inbound = InboundService(
        settings, users, messaging, files, relay_store, store, mailer, sniff,
        once("key", "mail"),
    )
    notices = NoticeService(NoticeRepository(), users, messaging, settings.signing_secret)
    messaging.describe_production = notices.names_of
    messaging.read_by_daily_user = digests.forget
    profiles = ProfileService(ProfileRepository(), NoticeRepository(), settings.signing_secret)
    notices.record_view = profiles.record_view
    profiles.applied_roles = notices.applied_roles = ApplicationRepository().ids_for_roles
    applications = ApplicationService(ApplicationRepository(), NoticeRepository(), users, files, messaging, profiles,
                                      jobs, settings.signing_secret, once("[application_id, requested_at]", "request"))
    dashboards = DashboardService(users, ApplicationRepository(), NoticeRepository(), messaging, profiles)
    accounts = AccountService(users, mail, reports, settings.signing_secret, notices)
    return Services(
        settings=settings,
        accounts=accounts,
        messaging=messaging,
        files=files,
        alerts=alerts,
        inbound=inbound,
        digests=digests,
        notices=notices,
        applications=applications,
        profiles=profiles,
        dashboards=dashboards,
        jobs=jobs,
    )


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
