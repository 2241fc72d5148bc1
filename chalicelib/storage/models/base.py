"""What every item shares: the table's Meta, the base item, the key builders every area uses,
the index names, and the editors' queue index (notices and moderation cases)."""
from __future__ import annotations

from pynamodb.attributes import (
    UnicodeAttribute,
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


def sparse_index(class_name: str, index_name: str, hash_key: str, range_key: str, doc: str
                 ) -> type[GlobalSecondaryIndex]:
    """A global secondary index keyed by two string attributes, projecting every attribute. It is
    sparse: an item is in it only while it carries the hash key attribute. (Every index of the
    table has this shape; each is declared once, here, by its names.)"""
    meta = type("Meta", (), {"index_name": index_name, "projection": AllProjection()})
    return type(class_name, (GlobalSecondaryIndex,), {
        "__doc__": doc, "Meta": meta,
        hash_key: UnicodeAttribute(hash_key=True), range_key: UnicodeAttribute(range_key=True)})


QueueIndex = sparse_index("QueueIndex", INDEX_QUEUE, "queue_pk", "queue_sk",
                          "The editors' queues: queue_pk = the queue, queue_sk = <since>#<id>, oldest first.")

