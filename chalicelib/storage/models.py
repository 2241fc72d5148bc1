"""One DynamoDB table (infra/template.json, `MainTable`) holds every entity; items are told
apart by their key prefixes. The table's keys and indexes are documented in docs/ARCHITECTURE.md.
"""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

INDEX_FOLDER = "folder"
INDEX_SENT = "sent"
INDEX_UNREAD = "unread"
INDEX_QUEUE = "queue"
INDEX_SENT_UNREAD = "sent_unread"
INDEX_ALL = "all"


def user_key(user_id: str) -> str:
    """Every user's partition: profile, counters, views, blocks, media, memberships, claims."""
    return f"USER#{user_id}"


def thread_key(thread_id: str) -> str:
    """A thread's partition: its META item and its messages."""
    return f"THREAD#{thread_id}"


def _begins_like(empty_key: tuple[str, str], pk: str, sk: str) -> bool:
    """Whether (pk, sk) has the prefixes of an item class's key built from empty ids."""
    return pk.startswith(empty_key[0]) and sk.startswith(empty_key[1])


class _Meta:
    table_name = "callboard-local"  # replaced from settings by storage.configure()
    region = "us-east-1"
    host: str | None = None


class BaseItem(Model):
    class Meta(_Meta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


# -- users -------------------------------------------------------------------------------------
class UserItem(BaseItem):
    """pk USER#<user_id>, sk PROFILE."""

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    notifications = UnicodeAttribute(default="immediate")
    subscriber = BooleanAttribute(default=False)
    suspended = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    # Set by SES bounce/complaint feedback: no email goes to a suppressed address.
    email_suppressed = UnicodeAttribute(null=True)
    last_digest_at = UnicodeAttribute(null=True)
    third_party_approved = BooleanAttribute(null=True)  # an editor lets this poster take applications off-site


class EmailItem(BaseItem):
    """pk EMAIL#<address>, sk EMAIL: makes an address unique and finds its user."""

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute()


class CounterItem(BaseItem):
    """pk USER#<user_id>, sk COUNTERS: kept in the same transaction as the views it counts."""

    class Meta(_Meta):
        pass

    unread_threads = NumberAttribute(default=0)
    # Media locker: bytes reserved by every upload not rejected (the quota), and items per kind.
    media_bytes = NumberAttribute(null=True)
    media_photo = NumberAttribute(null=True)
    media_video = NumberAttribute(null=True)
    media_audio = NumberAttribute(null=True)
    media_document = NumberAttribute(null=True)
    # Locker items per kind that passed verification (the counts above include pending uploads):
    # the profile score gives its headshot and reel points only for these.
    media_ready_photo = NumberAttribute(null=True)
    media_ready_video = NumberAttribute(null=True)
    media_ready_audio = NumberAttribute(null=True)
    media_ready_document = NumberAttribute(null=True)
    # Applications per tab of the talent's list, and self-tape requests awaiting an answer.
    apps_invites = NumberAttribute(null=True)
    apps_drafts = NumberAttribute(null=True)
    apps_active = NumberAttribute(null=True)
    apps_auditions = NumberAttribute(null=True)
    apps_archived = NumberAttribute(null=True)
    apps_awaiting = NumberAttribute(null=True)
    # The locker photo the public profile shows: {"media_id", "s3_key", "content_type", "version_id"}.
    headshot_json = UnicodeAttribute(null=True)
    # The poster's open (pending or published) non-casting notices, by id: a set, so the same
    # save applied twice leaves it right; its size is what the vetting rule's limit counts.
    open_non_casting = UnicodeSetAttribute(null=True)


class BlockItem(BaseItem):
    """pk USER#<blocker>, sk BLOCK#<blocked>."""

    class Meta(_Meta):
        pass

    created_at = UnicodeAttribute()


# -- messaging ---------------------------------------------------------------------------------
class ParticipantAttribute(MapAttribute):
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()


class AttachmentRefAttribute(MapAttribute):
    attachment_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()


class ThreadItem(BaseItem):
    """pk THREAD#<thread_id>, sk META."""

    class Meta(_Meta):
        pass

    thread_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    participants = ListAttribute(of=ParticipantAttribute)
    production_id = UnicodeAttribute(null=True)
    production_name = UnicodeAttribute(null=True)
    role_id = UnicodeAttribute(null=True)
    role_name = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    last_activity_at = UnicodeAttribute()
    message_count = NumberAttribute(default=0)
    has_attachments = BooleanAttribute(default=False)


class MessageItem(BaseItem):
    """pk THREAD#<thread_id>, sk MSG#<message key>: message keys sort by time."""

    class Meta(_Meta):
        pass

    message_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    sender_id = UnicodeAttribute()
    sender_name = UnicodeAttribute()
    body = UnicodeAttribute()
    sent_at = UnicodeAttribute()
    via = UnicodeAttribute(default="web")
    attachments = ListAttribute(of=AttachmentRefAttribute, default=list)
    status = UnicodeAttribute(null=True)  # absent: delivered; held | removed (docs/SAFETY.md)
    warning_json = UnicodeAttribute(null=True)  # {"code", "message"} shown to the recipients

    @staticmethod
    def key(thread_id: str, message_key: str) -> tuple[str, str]:
        return thread_key(thread_id), f"MSG#{message_key}"

    @classmethod
    def is_key(cls, pk: str, sk: str) -> bool:
        return _begins_like(cls.key("", ""), pk, sk)


class FolderIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = INDEX_FOLDER
        projection = AllProjection()

    folder_pk = UnicodeAttribute(hash_key=True)
    activity_sk = UnicodeAttribute(range_key=True)


class SentIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = INDEX_SENT
        projection = AllProjection()

    sent_pk = UnicodeAttribute(hash_key=True)
    activity_sk = UnicodeAttribute(range_key=True)


class UnreadIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = INDEX_UNREAD
        projection = AllProjection()

    unread_pk = UnicodeAttribute(hash_key=True)
    activity_sk = UnicodeAttribute(range_key=True)


class SentUnreadIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = INDEX_SENT_UNREAD
        projection = AllProjection()

    sent_unread_pk = UnicodeAttribute(hash_key=True)
    activity_sk = UnicodeAttribute(range_key=True)


class AllIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = INDEX_ALL
        projection = AllProjection()

    all_pk = UnicodeAttribute(hash_key=True)
    activity_sk = UnicodeAttribute(range_key=True)


class ViewItem(BaseItem):
    """pk USER#<user_id>, sk THREAD#<thread_id>: one participant's state of a thread.

    Sparse index keys put it in folders: folder_pk is `<user>#inbox` or `<user>#archive`,
    sent_pk is `<user>` once they sent, unread_pk mirrors folder_pk while unread, and
    sent_unread_pk is `<user>#sent` while it is in Sent and unread, and all_pk is `<user>` while not deleted.
    activity_sk is `<last_activity_at>#<thread_id>`, so every folder lists newest first.
    """

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    participants = ListAttribute(of=ParticipantAttribute)
    production_id = UnicodeAttribute(null=True)
    production_name = UnicodeAttribute(null=True)
    role_id = UnicodeAttribute(null=True)
    role_name = UnicodeAttribute(null=True)
    last_activity_at = UnicodeAttribute()
    snippet = UnicodeAttribute(default="")
    has_attachments = BooleanAttribute(default=False)
    received = BooleanAttribute(default=False)
    sent = BooleanAttribute(default=False)
    archived = BooleanAttribute(default=False)
    deleted = BooleanAttribute(default=False)
    unread = BooleanAttribute(default=False)
    version = VersionAttribute()

    folder_pk = UnicodeAttribute(null=True)
    sent_pk = UnicodeAttribute(null=True)
    unread_pk = UnicodeAttribute(null=True)
    sent_unread_pk = UnicodeAttribute(null=True)
    all_pk = UnicodeAttribute(null=True)
    activity_sk = UnicodeAttribute()

    by_folder = FolderIndex()
    by_sent = SentIndex()
    by_unread = UnreadIndex()
    by_sent_unread = SentUnreadIndex()
    by_all = AllIndex()


# -- editors' queues (notices, moderation cases) ---------------------------------------------------
class QueueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = INDEX_QUEUE
        projection = AllProjection()

    queue_pk = UnicodeAttribute(hash_key=True)
    queue_sk = UnicodeAttribute(range_key=True)


ALL_MODELS: tuple[type[BaseItem], ...] = (
    BaseItem,
    UserItem,
    EmailItem,
    CounterItem,
    BlockItem,
    ThreadItem,
    MessageItem,
    ViewItem,
)


# -- files -------------------------------------------------------------------------------------
class AttachmentItem(BaseItem):
    """pk ATT#<attachment_id>, sk META: one upload meant for a message.

    `expires_at_epoch` (the table's TTL attribute) is set while it is not attached to a
    message, so an upload nobody sends is forgotten after a day; attaching removes it.
    """

    class Meta(_Meta):
        pass

    attachment_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    status = UnicodeAttribute(default="pending")
    reason = UnicodeAttribute(null=True)
    s3_key = UnicodeAttribute()
    etag = UnicodeAttribute(null=True)
    version_id = UnicodeAttribute(null=True)  # the verified version: the only one ever served
    created_at = UnicodeAttribute()
    thread_id = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    media_id = UnicodeAttribute(null=True)
    expires_at_epoch = NumberAttribute(null=True)


class MediaItem(BaseItem):
    """pk USER#<user_id>, sk MEDIA#<media_id>: an item of the user's media locker.

    While pending it carries the table's TTL: an upload requested but never made expires, and
    the stream's REMOVE record gives its quota reservation back."""

    class Meta(_Meta):
        pass

    media_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    status = UnicodeAttribute(default="pending")
    reason = UnicodeAttribute(null=True)
    s3_key = UnicodeAttribute()
    etag = UnicodeAttribute(null=True)
    version_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at_epoch = NumberAttribute(null=True)
    # Sent in a message (as a copy pointing at the same stored file): deleting the locker item
    # then keeps the file, which the conversation still offers for download.
    sent = BooleanAttribute(null=True)

    @staticmethod
    def key(user_id: str, media_id: str) -> tuple[str, str]:
        return user_key(user_id), f"MEDIA#{media_id}"

    @classmethod
    def is_key(cls, pk: str, sk: str) -> bool:
        return _begins_like(cls.key("", ""), pk, sk)


ALL_MODELS = (*ALL_MODELS, AttachmentItem, MediaItem)


# -- search (storage/search.py) ----------------------------------------------------------------
class WordSetItem(BaseItem):
    """pk THREAD#<thread_id>, sk WORDS: the thread's distinct body words, shared by its participants."""

    class Meta(_Meta):
        pass

    words = UnicodeSetAttribute(null=True)
    started_at = UnicodeAttribute(null=True)


ALL_MODELS = (*ALL_MODELS, WordSetItem)


# -- the email relay ---------------------------------------------------------------------------
class RelayTokenItem(BaseItem):
    """pk RELAY#<token>, sk META: which thread and recipient a reply address stands for."""

    class Meta(_Meta):
        pass

    thread_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    revoked = BooleanAttribute(default=False)


class OutboxItem(BaseItem):
    """Local stage only: pk OUTBOX, sk <sent at>#<id>: every email sent, for GET /dev/outbox."""

    class Meta(_Meta):
        pass

    to = UnicodeAttribute()
    sender = UnicodeAttribute()
    reply_to = UnicodeAttribute(null=True)
    subject = UnicodeAttribute()
    raw = UnicodeAttribute()


class RelayNoticeItem(BaseItem):
    """pk NOTICE#<hash of a sender address>, sk LAST: when the last explanatory reply went out;
    pk INBOUND#<delivery key>, sk POSTED | ANSWERED: that mail was posted or refused (redelivery dedupe)."""

    class Meta(_Meta):
        pass

    expires_at_epoch = NumberAttribute()
    sent_at_epoch = NumberAttribute(null=True)


class DigestPendingItem(BaseItem):
    """pk DIGEST#<shard>, sk <user_id>: a sparse, sharded set of the users on "daily" who have
    something to be told, each with the draft of what their digest will say (`domain/digests.py`,
    as JSON: at most 10 threads in full). The daily run reads only these, never the users table."""

    class Meta(_Meta):
        pass

    marked_at = UnicodeAttribute()
    draft = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)


ALL_MODELS = (*ALL_MODELS, RelayTokenItem, OutboxItem, RelayNoticeItem, DigestPendingItem)



# -- casting notices ---------------------------------------------------------------------------
class ProductionItem(BaseItem):
    """pk PROD#<production_id>, sk META: the notice as posted, its vetting state and findings."""

    class Meta(_Meta):
        pass

    production_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    collaborator_ids = ListAttribute(of=UnicodeAttribute, default=list)
    status = UnicodeAttribute(default="draft")
    notice_json = UnicodeAttribute()  # the validated body (API.md fields), as JSON
    findings_json = UnicodeAttribute(default="[]")
    paid_tag = BooleanAttribute(default=False)
    student_badge = BooleanAttribute(default=False)
    open_reports = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    published_at = UnicodeAttribute(null=True)
    decided_reason = UnicodeAttribute(null=True)
    queue_pk = UnicodeAttribute(null=True)  # NOTICES#pending_review or NOTICES#reported
    queue_sk = UnicodeAttribute(null=True)  # <queued at>#<production_id>
    version = VersionAttribute()

    by_queue = QueueIndex()

    @staticmethod
    def key(production_id: str) -> tuple[str, str]:
        return f"PROD#{production_id}", "META"

    @classmethod
    def is_key(cls, pk: str, sk: str) -> bool:
        pk_prefix, meta = cls.key("")
        return pk.startswith(pk_prefix) and sk == meta

    @staticmethod
    def queue_partition(name: str) -> str:
        return f"NOTICES#{name}"

    @classmethod
    def queue_keys(cls, production_id: str, queue: str | None, since: str | None) -> tuple[str | None, str | None]:
        """The sparse `queue` index keys: set only while the notice waits in an editors' queue."""
        if not queue:
            return None, None
        return cls.queue_partition(queue), f"{since or ''}#{production_id}"

    @classmethod
    def queue_of(cls, item: ProductionItem) -> tuple[str | None, str | None]:
        """(queue name, since when) back from the index keys."""
        if not item.queue_pk:
            return None, None
        return item.queue_pk.removeprefix(cls.queue_partition("")), (item.queue_sk or "").rsplit("#", 1)[0] or None


class ProductionMemberItem(BaseItem):
    """pk USER#<user_id>, sk PROD#<production_id>: productions a casting user owns or helps cast."""

    class Meta(_Meta):
        pass

    production_id = UnicodeAttribute()
    role = UnicodeAttribute()  # owner | collaborator
    added_at = UnicodeAttribute()
    # The production as the casting dashboard shows it (domain ProductionSummary, as JSON), written
    # with every save of the production: the dashboard reads these, never the notice bodies.
    summary_json = UnicodeAttribute(null=True)

    @staticmethod
    def sk_of(production_id: str) -> str:
        return f"PROD#{production_id}"


class ListingItem(BaseItem):
    """pk LISTING#<country>#<state>#<job type or *>[#<union status>][#paid|#unpaid], sk <published
    at>#<production_id>: the public search, one Query per page. Each published notice is listed
    under its type and under *, and each of those again under its union status, its pay and both,
    so the union and paid filters are partitions, not filters. Carries the summary non-subscribers
    may see, so a page needs no further reads."""

    class Meta(_Meta):
        pass

    production_id = UnicodeAttribute()
    summary_json = UnicodeAttribute()
    union_status = UnicodeAttribute()
    paid_tag = BooleanAttribute()
    search_text = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    expires_at_epoch = NumberAttribute(null=True)  # the table's TTL: expired listings disappear

    @staticmethod
    def state_partition(country: str, state: str, job_type: str = "*") -> str:
        """Notices based in one state/province ("*": anywhere) of one job type ("*": any)."""
        return f"LISTING#{country}#{state}#{job_type}"

    @staticmethod
    def remote_partition(job_type: str = "*") -> str:
        """Remote notices, wherever they are based, of one job type ("*": any)."""
        return f"LISTING#REMOTE#*#{job_type}"

    @staticmethod
    def faceted(partition: str, union_status: str | None, paid: bool | None) -> str:
        """The partition narrowed to one union status and/or pay (None: either)."""
        if union_status:
            partition += f"#{union_status}"
        if paid is not None:
            partition += "#paid" if paid else "#unpaid"
        return partition

    @classmethod
    def partitions(cls, country: str, state: str, job_type: str, remote: bool = False,
                   union_status: str = "", paid: bool = False) -> list[str]:
        """Every search a published notice answers: by state and type, state only, type only, any;
        a remote notice also remote and type, remote only; each of them also narrowed to the
        notice's union status, to its pay, and to both."""
        keys = [cls.state_partition(country, state, job_type), cls.state_partition(country, state),
                cls.state_partition("*", "*", job_type), cls.state_partition("*", "*")]
        if remote:
            keys += [cls.remote_partition(job_type), cls.remote_partition()]
        unions = [None, union_status] if union_status else [None]
        return [cls.faceted(key, union, pay) for key in keys for union in unions for pay in (None, paid)]

    @staticmethod
    def position(published_at: str, production_id: str) -> str:
        """The sort key: newest published first in a descending Query."""
        return f"{published_at}#{production_id}"

    @staticmethod
    def expiry_partition(day: str) -> str:
        """Production ids filed under their expiry date (YYYY-MM-DD), sort key `<expires at>#<id>`,
        for the hourly sweep."""
        return f"EXPIRES#{day}"


ALL_MODELS = (*ALL_MODELS, ProductionItem, ProductionMemberItem, ListingItem)


# -- applications ------------------------------------------------------------------------------
class ApplicationsByTalentIndex(GlobalSecondaryIndex):
    """The talent's "All" tab: apps_talent_pk = <talent>, newest change first."""

    class Meta:
        index_name = "apps_by_talent"
        projection = AllProjection()

    apps_talent_pk = UnicodeAttribute(hash_key=True)
    apps_sk = UnicodeAttribute(range_key=True)


class ApplicationsByTabIndex(GlobalSecondaryIndex):
    """One tab of the talent's list: apps_tab_pk = <talent>#<tab>, newest change first."""

    class Meta:
        index_name = "apps_by_tab"
        projection = AllProjection()

    apps_tab_pk = UnicodeAttribute(hash_key=True)
    apps_sk = UnicodeAttribute(range_key=True)


class ApplicationsByRoleIndex(GlobalSecondaryIndex):
    """The application manager: apps_production_pk = <production> for submissions (and
    <production>#private for invitations, drafts and withdrawn ones, which only the expiry sweep
    reads); apps_role_sk = <role>#<submitted at>#<application>."""

    class Meta:
        index_name = "apps_by_role"
        projection = AllProjection()

    apps_production_pk = UnicodeAttribute(hash_key=True)
    apps_role_sk = UnicodeAttribute(range_key=True)


class ApplicationsByScoreIndex(GlobalSecondaryIndex):
    """The manager sorted by profile completeness: apps_score_sk = <role>#<score>#<submitted at>#<id>."""

    class Meta:
        index_name = "apps_by_score"
        projection = AllProjection()

    apps_production_pk = UnicodeAttribute(hash_key=True)
    apps_score_sk = UnicodeAttribute(range_key=True)


class ApplicationItem(BaseItem):
    """pk APP#<application_id>, sk META: one talent's application to one role."""

    class Meta(_Meta):
        pass

    application_id = UnicodeAttribute()
    talent_id = UnicodeAttribute()
    talent_name = UnicodeAttribute()
    production_id = UnicodeAttribute()
    production_name = UnicodeAttribute()
    role_id = UnicodeAttribute()
    role_name = UnicodeAttribute()
    status = UnicodeAttribute()
    note = UnicodeAttribute(default="")
    media_json = UnicodeAttribute(default="[]")
    archived = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    viewed_at = UnicodeAttribute(null=True)
    invited_by = UnicodeAttribute(null=True)
    invited_at = UnicodeAttribute(null=True)
    invitation_message = UnicodeAttribute(null=True)
    invitation_thread_id = UnicodeAttribute(null=True)
    audition_json = UnicodeAttribute(null=True)
    completeness = NumberAttribute(default=0)
    version = VersionAttribute()

    apps_talent_pk = UnicodeAttribute()
    apps_tab_pk = UnicodeAttribute()
    apps_sk = UnicodeAttribute()
    apps_production_pk = UnicodeAttribute()
    apps_role_sk = UnicodeAttribute()
    apps_score_sk = UnicodeAttribute()

    by_talent = ApplicationsByTalentIndex()
    by_tab = ApplicationsByTabIndex()
    by_role = ApplicationsByRoleIndex()
    by_score = ApplicationsByScoreIndex()


class AppliedItem(BaseItem):
    """pk USER#<talent>, sk APPLIED#<role_id>: one application per talent and role."""

    class Meta(_Meta):
        pass

    application_id = UnicodeAttribute()


class RoleStatsItem(BaseItem):
    """pk PROD#<production_id>, sk ROLE#<role_id>: submissions to a role, and how many casting has
    not opened yet; changed in the transaction that changes an application."""

    class Meta(_Meta):
        pass

    role_id = UnicodeAttribute()
    submitted = NumberAttribute(default=0)
    unviewed = NumberAttribute(default=0)
    last_submitted_at = UnicodeAttribute(null=True)


class AuditionDueItem(BaseItem):
    """pk AUDITIONS_DUE#<date>, sk <due at>#<application_id>: self-tape requests due that day, for
    the hourly sweep that marks unanswered ones missed (TTL a month after)."""

    class Meta(_Meta):
        pass

    expires_at_epoch = NumberAttribute()


class SweepMarkItem(BaseItem):
    """pk SWEEP#<sweep name>, sk WATERMARK: the sort key of the last due entry that sweep handled
    (storage/sweeps.py)."""

    class Meta(_Meta):
        pass

    through = UnicodeAttribute()


ALL_MODELS = (*ALL_MODELS, ApplicationItem, AppliedItem, RoleStatsItem, AuditionDueItem, SweepMarkItem)


# -- profiles ----------------------------------------------------------------------------------
class ProfileItem(BaseItem):
    """pk USER#<user_id>, sk ABOUT: what the person says about themselves (the validated PUT
    /me/profile body, as JSON) and when they last looked at their matched roles."""

    class Meta(_Meta):
        pass

    profile_json = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    matched_seen_at = UnicodeAttribute(null=True)


class RecentlyViewedItem(BaseItem):
    """pk USER#<user_id>, sk VIEWED: the last notices the user opened, newest first, at most 10,
    in one bounded item (one GetItem to read; versioned, so concurrent views never lose one)."""

    class Meta(_Meta):
        pass

    entries_json = UnicodeAttribute(default="[]")
    version = VersionAttribute()


class UserRecordsView(BaseItem):
    """Read-only: any of a user's PROFILE, ABOUT, COUNTERS and VIEWED items. A BatchGet
    deserialises every item it returns as one class, so this one declares the attributes of all
    four that profile reads need: one request then reads several of a user's items (or the same
    items of many users)."""

    class Meta(_Meta):
        pass

    user_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    profile_json = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    matched_seen_at = UnicodeAttribute(null=True)
    media_ready_photo = NumberAttribute(null=True)
    media_ready_video = NumberAttribute(null=True)
    media_ready_audio = NumberAttribute(null=True)
    media_ready_document = NumberAttribute(null=True)
    headshot_json = UnicodeAttribute(null=True)
    entries_json = UnicodeAttribute(null=True)


ALL_MODELS = (*ALL_MODELS, ProfileItem, RecentlyViewedItem, UserRecordsView)

# The safety layer's items live in their own module (imported last: it builds on these).
from .safety_models import SAFETY_MODELS  # noqa: E402

ALL_MODELS = (*ALL_MODELS, *SAFETY_MODELS)
