"""Storage decodes the table's stream records into typed events; everything else is None."""
from chalicelib.storage.stream import (
    MessagePosted,
    MessageReleased,
    PendingMediaExpired,
    ProductionStatusChanged,
    decode,
)


def record(name, new=None, old=None, principal=None):
    out = {"eventName": name, "dynamodb": {"NewImage": new or {}, "OldImage": old or {}}}
    if principal:
        out["userIdentity"] = {"principalId": principal, "type": "Service"}
    return out


MESSAGE = {"pk": {"S": "THREAD#thr_1"}, "sk": {"S": "MSG#thr_1.msg_2"}, "message_id": {"S": "thr_1.msg_2"},
           "thread_id": {"S": "thr_1"}, "sender_id": {"S": "usr_1"}, "sender_name": {"S": "Ann"},
           "body": {"S": "Hello"}, "sent_at": {"S": "2026-01-01T00:00:00.000Z"}, "via": {"S": "web"},
           "attachments": {"L": [{"M": {"attachment_id": {"S": "att_9"}, "filename": {"S": "a.pdf"},
                                        "content_type": {"S": "application/pdf"}, "size": {"N": "10"}}}]}}
MEDIA = {"pk": {"S": "USER#usr_1"}, "sk": {"S": "MEDIA#med_1"}, "media_id": {"S": "med_1"},
         "owner_id": {"S": "usr_1"}, "kind": {"S": "video"}, "size": {"N": "1234"}, "status": {"S": "pending"}}


def prod(status):
    return {"pk": {"S": "PROD#prd_1"}, "sk": {"S": "META"}, "production_id": {"S": "prd_1"}, "status": {"S": status}}


def test_a_new_message_becomes_message_posted():
    assert decode(record("INSERT", MESSAGE)) == MessagePosted("thr_1", "thr_1.msg_2", "usr_1", "Hello", ("att_9",))
    assert decode(record("MODIFY", MESSAGE, MESSAGE)) is None, "only an insert is a new message"
    thread_meta = {**MESSAGE, "sk": {"S": "META"}}
    assert decode(record("INSERT", thread_meta)) is None


def test_only_the_ttl_removing_a_pending_media_item_releases_its_quota():
    ttl = "dynamodb.amazonaws.com"
    assert decode(record("REMOVE", old=MEDIA, principal=ttl)) == PendingMediaExpired("usr_1", "video", 1234)
    assert decode(record("REMOVE", old=MEDIA)) is None, "the app deleted it: not an expiry"
    ready = {**MEDIA, "status": {"S": "ready"}}
    assert decode(record("REMOVE", old=ready, principal=ttl)) is None


def test_a_production_change_carries_its_status_before_and_after():
    assert decode(record("MODIFY", prod("closed"), prod("approved"))) == ProductionStatusChanged(
        "prd_1", "closed", "approved")
    role_stats = {"pk": {"S": "PROD#prd_1"}, "sk": {"S": "ROLE#prd_1.rol_a"}}
    assert decode(record("MODIFY", role_stats, role_stats)) is None


def test_anything_else_is_ignored():
    assert decode({"eventName": "INSERT"}) is None
    assert decode(record("INSERT", {"pk": {"S": "SEARCH#usr_1#word"}, "sk": {"S": "thr_1"}})) is None


def test_a_held_message_is_posted_held_and_released_once_its_status_goes():
    held = {**MESSAGE, "status": {"S": "held"}}
    posted = decode(record("INSERT", held))
    assert isinstance(posted, MessagePosted) and posted.held
    assert decode(record("MODIFY", MESSAGE, held)) == MessageReleased("thr_1", "thr_1.msg_2", "usr_1", "Hello")
    removed = {**MESSAGE, "status": {"S": "removed"}}
    assert decode(record("MODIFY", removed, held)) is None, "removed by an editor: never released"
    assert decode(record("MODIFY", MESSAGE, MESSAGE)) is None
