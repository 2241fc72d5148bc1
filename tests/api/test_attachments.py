"""Attachments and the media locker: presigned uploads, the verifier, sending, downloading."""
import base64
import json
import urllib.parse

import pytest
import requests

from chalicelib.domain.attachments import MAX_BYTES
from tests.api.test_threads import folder, ids

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"0" * 200
BUCKET = "callboard-local-files-000000000000"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 300


@pytest.fixture
def people(api):
    return api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent"), api.sign_up("Olly Outsider")


def request_upload(api, user, filename="sides.pdf", content_type="application/pdf", size=None, content=PDF):
    status, ticket = api.post("/attachments", user["token"], {"filename": filename, "content_type": content_type,
                                                              "size": size or len(content)})
    assert status == 201, ticket
    return ticket


def put_object(ticket, content, moto_clients_):
    """What the browser's form POST does: moto in-process cannot take a real POST, so the object
    is put under the presigned key (the policy itself is checked in its own test)."""
    fields = ticket["upload"]["fields"]
    moto_clients_("s3").put_object(Bucket=BUCKET, Key=fields["key"], Body=content, ContentType=fields["Content-Type"])


def upload(api, pump, user, content=PDF, **kw):
    from tests.conftest import moto_clients

    ticket = request_upload(api, user, content=content, **kw)
    put_object(ticket, content, moto_clients)
    pump.drain()
    status, state = api.get(f"/attachments/{ticket['attachment_id']}", user["token"])
    assert status == 200
    return ticket["attachment_id"], state


def test_presigned_post_policy_pins_key_type_size_and_expiry(api, people):
    ticket = request_upload(api, people[0], "headshot.png", "image/png", 1234)
    fields = ticket["upload"]["fields"]
    policy = json.loads(base64.b64decode(fields["policy"]))
    conditions = policy["conditions"]
    assert {"key": fields["key"]} in conditions and fields["key"].endswith(ticket["attachment_id"])
    assert {"Content-Type": "image/png"} in conditions
    assert ["content-length-range", 1, MAX_BYTES] in conditions and MAX_BYTES == 6_291_456
    assert {"tagging": fields["tagging"]} in conditions and "unattached" in fields["tagging"]
    assert policy["expiration"] and ticket["status"] == "pending" and ticket["expires_in"] <= 600


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [({"filename": "a.exe", "content_type": "application/x-msdownload", "size": 10}, 400, "type_not_allowed"),
     ({"filename": "a.png", "content_type": "application/pdf", "size": 10}, 400, "extension_mismatch"),
     ({"filename": "a.pdf", "content_type": "application/pdf", "size": MAX_BYTES + 1}, 413, "file_too_large"),
     ({"filename": "a.pdf", "content_type": "application/pdf", "size": 0}, 400, None),
     ({"filename": "../../", "content_type": "application/pdf", "size": 10}, 400, None),
     ({"filename": "a.pdf", "content_type": "application/pdf"}, 400, None)],
)
def test_bad_upload_requests(api, people, body, status, code):
    got, data = api.post("/attachments", people[0]["token"], body)
    assert got == status, data
    if code:
        assert data["error"]["code"] == code


def test_upload_turns_ready_then_travels_with_a_message(api, pump, people):
    cara, tom, olly = people
    attachment_id, state = upload(api, pump, cara)
    assert state["status"] == "ready" and state["size"] == len(PDF) and "download_url" in state
    status, thread = api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "Sides",
                                                          "body": "Attached", "attachment_ids": [attachment_id]})
    assert status == 201, thread
    assert thread["messages"][0]["attachments"][0]["attachment_id"] == attachment_id
    pump.drain()
    assert folder(api, tom)["items"][0]["has_attachments"] is True
    status, seen = api.get(f"/attachments/{attachment_id}", tom["token"])
    assert status == 200 and seen["download_url"]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(seen["download_url"]).query)
    assert query["response-content-disposition"][0].startswith("attachment; filename=\"sides.pdf\"")
    assert api.get(f"/attachments/{attachment_id}", olly["token"])[0] == 404


def test_a_file_that_lies_about_its_type_is_rejected_and_deleted(api, pump, people):
    from tests.conftest import moto_clients

    attachment_id, state = upload(api, pump, people[0], content=EXE, filename="sides.pdf")
    assert state["status"] == "rejected" and "not application/pdf" in state["reason"]
    assert "download_url" not in state
    key = f"uploads/{people[0]['user_id']}/{attachment_id}"
    with pytest.raises(moto_clients("s3").exceptions.ClientError):
        moto_clients("s3").head_object(Bucket=BUCKET, Key=key)
    status, data = api.post("/threads", people[0]["token"], {"recipient_ids": [people[1]["user_id"]], "subject": "s",
                                                              "body": "b", "attachment_ids": [attachment_id]})
    assert status == 422 and attachment_id in data["error"]["message"] and "rejected" in data["error"]["message"]


def test_a_file_over_6_mb_is_rejected_even_though_the_stand_in_took_it(api, pump, people):
    big = PDF + b"0" * (7 * 1024 * 1024)
    _, state = upload(api, pump, people[0], content=big, size=1000)
    assert state["status"] == "rejected" and "6 MB" in state["reason"]


def test_plain_text_must_really_be_text(api, pump, people):
    _, good = upload(api, pump, people[0], content="Line one\nLíne two ✨\n".encode(), filename="notes.txt",
                     content_type="text/plain")
    _, bad = upload(api, pump, people[0], content=PNG, filename="notes.txt", content_type="text/plain")
    assert good["status"] == "ready" and bad["status"] == "rejected"


def test_attachment_rules_when_sending(api, pump, people):
    cara, tom, olly = people
    pending = request_upload(api, cara)["attachment_id"]
    mine = [upload(api, pump, cara)[0] for _ in range(5)]
    others = upload(api, pump, olly)[0]

    def send(ids):
        return api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "s", "body": "b",
                                                    "attachment_ids": ids})

    for bad_ids, code in ((mine, "too_many_attachments"), ([pending], "attachment_not_ready"),
                          ([others], "attachment_invalid"), (["att_nope"], "attachment_invalid")):
        status, data = send(bad_ids)
        assert status == 422 and data["error"]["code"] == code, data
    assert ids(folder(api, tom)) == [], "nothing was sent"
    assert send(mine[:4])[0] == 201
    status, data = send([mine[0]])
    assert status == 422 and data["error"]["code"] == "attachment_used"


def test_the_same_s3_event_twice_changes_nothing(api, pump, people, app_module):
    from tests.conftest import moto_clients

    ticket = request_upload(api, people[0])
    put_object(ticket, PDF, moto_clients)
    sqs = moto_clients("sqs")
    url = sqs.get_queue_url(QueueName="callboard-local-uploads")["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    event = {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                          "attributes": {}, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": arn, "awsRegion": "us-east-1"} for m in messages]}
    app_module.on_upload(event, None)
    first = api.get(f"/attachments/{ticket['attachment_id']}", people[0]["token"])[1]
    moto_clients("s3").put_object(Bucket=BUCKET, Key=ticket["upload"]["fields"]["key"],
                                  Body=EXE)  # even if the object changed since, a settled upload stays settled
    app_module.on_upload(event, None)
    second = api.get(f"/attachments/{ticket['attachment_id']}", people[0]["token"])[1]
    assert first["status"] == second["status"] == "ready" and first["size"] == second["size"]


def test_a_bad_record_does_not_lose_the_good_ones(api, pump, people, app_module):
    from tests.conftest import moto_clients

    good = request_upload(api, people[0])
    put_object(good, PDF, moto_clients)
    sqs = moto_clients("sqs")
    url = sqs.get_queue_url(QueueName="callboard-local-uploads")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="{not json")
    messages = []
    for _ in range(5):
        messages += sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    event = {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                          "attributes": {}, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": arn, "awsRegion": "us-east-1"} for m in messages]}
    assert len(event["Records"]) >= 2
    with pytest.raises(Exception, match="1 message"):
        app_module.on_upload(event, None)
    assert api.get(f"/attachments/{good['attachment_id']}", people[0]["token"])[1]["status"] == "ready"


def test_media_locker_upload_counts_and_attaching_from_it(api, pump, people):
    from tests.conftest import moto_clients

    cara, tom, _ = people
    status, ticket = api.post("/me/media", tom["token"], {"kind": "photo", "filename": "headshot.png",
                                                          "content_type": "image/png", "size": len(PNG),
                                                          "title": "Headshot"})
    assert status == 201 and ticket["status"] == "pending"
    put_object(ticket, PNG, moto_clients)
    pump.drain()
    status, locker = api.get("/me/media", tom["token"])
    assert status == 200 and locker["items"][0]["status"] == "ready" and locker["counts"]["photo"] == 1
    status, data = api.post("/me/media", tom["token"], {"kind": "photo", "filename": "reel.mp4",
                                                        "content_type": "video/mp4", "size": 10})
    assert status == 400, data
    status, thread = api.post("/threads", tom["token"], {"recipient_ids": [cara["user_id"]], "subject": "My headshot",
                                                         "body": "Here", "attachment_ids": [ticket["media_id"]]})
    assert status == 201, thread
    sent = thread["messages"][0]["attachments"][0]
    status, seen = api.get(f"/attachments/{sent['attachment_id']}", cara["token"])
    assert status == 200 and seen["filename"] == "headshot.png" and seen["download_url"]
    status, data = api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "x",
                                                        "body": "x", "attachment_ids": [ticket["media_id"]]})
    assert status == 422, "someone else's locker item cannot be attached"


def test_media_quota_is_enforced_when_requested(api, people, monkeypatch):
    from chalicelib.domain import attachments

    monkeypatch.setattr(attachments, "MEDIA_QUOTA_BYTES", 1000)
    tom = people[1]
    body = {"kind": "document", "filename": "resume.pdf", "content_type": "application/pdf", "size": 600}
    assert api.post("/me/media", tom["token"], body)[0] == 201
    status, data = api.post("/me/media", tom["token"], body)
    assert status == 422 and data["error"]["code"] == "quota_exceeded"


def test_requests_module_is_available_for_e2e_uploads():
    assert requests.__version__


def test_media_quota_is_enforced_again_when_the_file_lands(api, pump, people, monkeypatch):
    from chalicelib.domain import attachments
    from tests.conftest import moto_clients

    monkeypatch.setattr(attachments, "MEDIA_QUOTA_BYTES", 1000)
    tom = people[1]
    status, ticket = api.post("/me/media", tom["token"], {"kind": "photo", "filename": "a.png",
                                                          "content_type": "image/png", "size": 100})
    assert status == 201
    put_object(ticket, PNG + b"\x00" * 2000, moto_clients)  # S3 allows up to 6 MB whatever was declared
    pump.drain()
    status, locker = api.get("/me/media", tom["token"])
    item = locker["items"][0]
    assert item["status"] == "rejected" and "media locker" in item["reason"]
    assert locker["counts"]["photo"] == 0 and locker["counts"]["bytes"] == 0


def test_an_upload_older_than_a_day_cannot_be_sent(api, pump, people, monkeypatch):
    import time as clock

    cara, tom, _ = people
    attachment_id, _ = upload(api, pump, cara)
    later = clock.time() + 2 * 86400
    monkeypatch.setattr("chalicelib.services.files.now_epoch", lambda: int(later))
    status, data = api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "s",
                                                        "body": "b", "attachment_ids": [attachment_id]})
    assert status == 422 and data["error"]["code"] == "attachment_expired"


def test_a_media_upload_never_made_gives_its_quota_back_when_it_expires(api, app_module):
    tom = api.sign_up("Tom Talent")
    status, ticket = api.post("/me/media", tom["token"], {"kind": "photo", "filename": "a.png",
                                                          "content_type": "image/png", "size": 5000})
    assert status == 201 and api.get("/me/media", tom["token"])[1]["counts"]["bytes"] == 5000
    # What DynamoDB's TTL deletion puts on the stream (moto never expires items itself).
    removal = {"eventID": "1", "eventName": "REMOVE", "eventSourceARN": "arn:aws:dynamodb:us-east-1:1:table/t/stream/s",
               "awsRegion": "us-east-1", "userIdentity": {"type": "Service", "principalId": "dynamodb.amazonaws.com"},
               "dynamodb": {"ApproximateCreationDateTime": 0, "SequenceNumber": "1", "SizeBytes": 1,
                            "StreamViewType": "NEW_AND_OLD_IMAGES",
                            "OldImage": {"pk": {"S": f"USER#{tom['user_id']}"},
                                         "sk": {"S": f"MEDIA#{ticket['media_id']}"},
                                         "status": {"S": "pending"}, "owner_id": {"S": tom["user_id"]},
                                         "kind": {"S": "photo"}, "size": {"N": "5000"}}}}
    app_module.on_table_stream({"Records": [removal]}, None)
    counts = api.get("/me/media", tom["token"])[1]["counts"]
    assert counts["bytes"] == 0 and counts["photo"] == 0
    removal["userIdentity"] = {}  # an ordinary delete is not an expiry
    app_module.on_table_stream({"Records": [removal]}, None)
    assert api.get("/me/media", tom["token"])[1]["counts"]["bytes"] == 0
