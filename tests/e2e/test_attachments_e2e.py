"""Attachments and the media locker end to end, as a web client uses them: ask the API for an
upload, POST the file straight to the bucket with the presigned form, wait for the S3 event
(bucket -> uploads queue -> event pump -> verifier) to settle it, send it, download it.

Every test signs up its own users, so tests do not depend on order or on each other's files.
"""
from __future__ import annotations

import struct
import time
import urllib.parse
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import requests

from .conftest import Http, Response

SETTLE_TIMEOUT = 10.0  # S3 event -> SQS -> pump -> verifier; the pump polls every 0.3 s
MB = 1024 * 1024

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# A Windows executable's DOS header: what a ".pdf" that is really a program starts with.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 300


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A small but complete PNG (signature, IHDR, IDAT, IEND with real CRCs): red pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def pdf_bytes(label: str) -> bytes:
    return PDF + f"% {label}\n".encode()


# -- what the web client does ---------------------------------------------------------------------
def ok(response: Response, status: int = 200) -> Any:
    assert response.status == status, response
    return response.data


def error_code(response: Response, status: int) -> str:
    assert response.status == status, response
    return str(response.data["error"]["code"])


def request_upload(stack: Http, user: dict[str, str], filename: str, content_type: str, size: int) -> dict[str, Any]:
    ticket = ok(stack.post("/attachments", user["token"],
                           {"filename": filename, "content_type": content_type, "size": size}), 201)
    assert ticket["status"] == "pending" and ticket["attachment_id"].startswith("att_"), ticket
    return ticket


def post_form(upload: dict[str, Any], content: bytes, filename: str, content_type: str) -> None:
    """The browser's form POST to the bucket: the policy's fields, then the file (S3 ignores
    any field after it). requests puts `data` fields before `files`."""
    response = requests.post(upload["url"], data=upload["fields"], files={"file": (filename, content, content_type)},
                             timeout=30)
    assert response.status_code in (200, 201, 204), (response.status_code, response.text[:500])


def wait_settled(stack: Http, user: dict[str, str], attachment_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        state = ok(stack.get(f"/attachments/{attachment_id}", user["token"]))
        if state["status"] != "pending" or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def upload(stack: Http, user: dict[str, str], content: bytes, filename: str, content_type: str = "application/pdf",
           declared_size: int | None = None) -> dict[str, Any]:
    """Request, POST, and wait until the verifier has judged it. Returns the ticket and `state`."""
    ticket = request_upload(stack, user, filename, content_type, declared_size or len(content))
    post_form(ticket["upload"], content, filename, content_type)
    return {**ticket, "state": wait_settled(stack, user, ticket["attachment_id"])}


def upload_many(stack: Http, user: dict[str, str], files: list[tuple[bytes, str]]) -> list[dict[str, Any]]:
    """Several uploads at once, as a browser sends a multi-file selection: waits overlap."""
    with ThreadPoolExecutor(len(files)) as pool:
        return list(pool.map(lambda f: upload(stack, user, *f), files))


def download(url: str) -> requests.Response:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, (response.status_code, response.text[:500])
    return response


def start_thread(stack: Http, sender: dict[str, str], recipient: dict[str, str], attachment_ids: list[str],
                 subject: str = "Sides for Thursday") -> Response:
    return stack.post("/threads", sender["token"], {"recipient_ids": [recipient["user_id"]], "subject": subject,
                                                    "body": "Please see attached.", "attachment_ids": attachment_ids})


def inbox(stack: Http, user: dict[str, str]) -> list[dict[str, Any]]:
    return list(ok(stack.get("/threads?folder=inbox&limit=100", user["token"]))["items"])


def object_exists(stack: Http, upload_form: dict[str, Any]) -> bool:
    """Server-side check (no client can look): is the object still in the bucket?"""
    bucket = urllib.parse.urlparse(upload_form["url"]).path.strip("/")
    s3 = boto3.client("s3", endpoint_url=stack.aws_url, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    try:
        s3.head_object(Bucket=bucket, Key=upload_form["fields"]["key"])
    except s3.exceptions.ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return False
        raise
    return True


def assert_names_file(response: requests.Response, filename: str) -> None:
    """RFC 6266: an attachment, the exact name in filename*, an ASCII fallback in filename."""
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="'), disposition
    assert f"filename*=UTF-8''{urllib.parse.quote(filename, safe='')}" in disposition, disposition


# -- the tests ------------------------------------------------------------------------------------
def test_upload_is_verified_sent_and_downloaded_only_by_participants(stack: Http) -> None:
    casting = stack.sign_up("Cass Casting", "casting")
    talent = stack.sign_up("Tilda Talent")
    outsider = stack.sign_up("Orla Outsider")
    filename = "Scene 12 – Café sides.pdf"  # non-ASCII: the download must still name it exactly
    content = pdf_bytes("scene 12")

    ticket = request_upload(stack, casting, filename, "application/pdf", len(content))
    attachment_id = ticket["attachment_id"]
    pending = ok(stack.get(f"/attachments/{attachment_id}", casting["token"]))
    assert pending["status"] == "pending" and "download_url" not in pending

    post_form(ticket["upload"], content, filename, "application/pdf")
    state = wait_settled(stack, casting, attachment_id)
    assert state["status"] == "ready", f"not ready within {SETTLE_TIMEOUT} s: {state}"
    assert (state["filename"], state["content_type"], state["size"]) == (filename, "application/pdf", len(content))
    assert download(state["download_url"]).content == content  # the uploader can check their own file
    # Not sent yet: the future recipient cannot see it either.
    assert error_code(stack.get(f"/attachments/{attachment_id}", talent["token"]), 404) == "attachment_not_found"

    thread = ok(start_thread(stack, casting, talent, [attachment_id]), 201)
    assert thread["messages"][0]["attachments"] == [
        {"attachment_id": attachment_id, "filename": filename, "content_type": "application/pdf", "size": len(content)}]
    [item] = inbox(stack, talent)
    assert item["thread_id"] == thread["thread_id"] and item["has_attachments"] is True
    opened = ok(stack.get(f"/threads/{thread['thread_id']}", talent["token"]))
    assert [a["attachment_id"] for a in opened["messages"][0]["attachments"]] == [attachment_id]

    seen = ok(stack.get(f"/attachments/{attachment_id}", talent["token"]))
    assert seen["status"] == "ready" and seen["filename"] == filename
    got = download(seen["download_url"])
    assert got.content == content
    assert got.headers["Content-Type"] == "application/pdf"
    assert_names_file(got, filename)

    # Someone outside the thread learns nothing, not even that it exists.
    refused = stack.get(f"/attachments/{attachment_id}", outsider["token"])
    assert error_code(refused, 404) == "attachment_not_found"
    assert filename not in refused.text and "download_url" not in refused.text


def test_files_that_lie_about_themselves_are_rejected_deleted_and_cannot_be_sent(stack: Http) -> None:
    casting = stack.sign_up("Cy Casting", "casting")
    talent = stack.sign_up("Tess Talent")
    # Declared small: the local S3 stand-in does not enforce the POST policy's
    # content-length-range (AWS would refuse the POST), so the verifier is what stops it.
    too_big = pdf_bytes("huge") + b"0" * (7 * MB)
    big, fake = upload_many(stack, casting, [(too_big, "huge.pdf", "application/pdf", 1000),
                                             (EXE, "contract.pdf", "application/pdf")])

    assert big["state"]["status"] == "rejected", big["state"]
    assert "6 MB" in big["state"]["reason"], big["state"]
    assert fake["state"]["status"] == "rejected", fake["state"]
    assert "application/pdf" in fake["state"]["reason"], fake["state"]
    for rejected in (big, fake):
        assert "download_url" not in rejected["state"]
        assert not object_exists(stack, rejected["upload"]), "a rejected file is deleted from the bucket"
        refused = start_thread(stack, casting, talent, [rejected["attachment_id"]])
        assert error_code(refused, 422) == "attachment_not_ready"
        assert "rejected" in refused.data["error"]["message"]
    assert inbox(stack, talent) == []


def test_a_message_carries_at_most_four_attachments(stack: Http) -> None:
    casting = stack.sign_up("Coco Casting", "casting")
    talent = stack.sign_up("Tam Talent")
    uploads = upload_many(stack, casting, [(pdf_bytes(f"page {n}"), f"page-{n}.pdf") for n in range(1, 6)])
    assert [u["state"]["status"] for u in uploads] == ["ready"] * 5, [u["state"] for u in uploads]
    ids = [u["attachment_id"] for u in uploads]

    assert error_code(start_thread(stack, casting, talent, ids), 422) == "too_many_attachments"
    assert inbox(stack, talent) == [], "nothing was sent"
    assert ok(stack.get("/threads?folder=sent", casting["token"]))["items"] == []
    assert ok(stack.get("/threads/unread-count", talent["token"]))["unread"] == 0

    # The refused send claimed nothing: four of the same files go, the fifth follows in a reply.
    thread = ok(start_thread(stack, casting, talent, ids[:4]), 201)
    assert [a["attachment_id"] for a in thread["messages"][0]["attachments"]] == ids[:4]
    thread_path = f"/threads/{thread['thread_id']}"
    assert error_code(stack.post(f"{thread_path}/messages", casting["token"], {"body": "and one more",
                                                                               "attachment_ids": ids}), 422) \
        == "too_many_attachments"
    assert len(ok(stack.get(thread_path, talent["token"]))["messages"]) == 1
    ok(stack.post(f"{thread_path}/messages", casting["token"], {"body": "and one more", "attachment_ids": ids[4:]}),
       201)
    messages = ok(stack.get(thread_path, talent["token"]))["messages"]
    assert [[a["attachment_id"] for a in m["attachments"]] for m in messages] == [ids[:4], ids[4:]]


def test_media_locker_item_is_verified_counted_and_sent_by_its_media_id(stack: Http) -> None:
    talent = stack.sign_up("Tova Talent")
    casting = stack.sign_up("Cal Casting", "casting")
    outsider = stack.sign_up("Oz Outsider")
    photo = png_bytes()

    ticket = ok(stack.post("/me/media", talent["token"], {
        "kind": "photo", "filename": "headshot.png", "content_type": "image/png", "size": len(photo),
        "title": "Headshot 2026"}), 201)
    media_id = ticket["media_id"]
    assert ticket["status"] == "pending" and media_id.startswith("med_"), ticket
    post_form(ticket["upload"], photo, "headshot.png", "image/png")

    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        locker = ok(stack.get("/me/media", talent["token"]))
        mine = {item["media_id"]: item for item in locker["items"]}
        if (mine[media_id]["status"] == "ready" and locker["counts"]["photo"] == 1) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert mine[media_id]["status"] == "ready", f"not ready within {SETTLE_TIMEOUT} s: {locker}"
    assert mine[media_id]["title"] == "Headshot 2026" and mine[media_id]["size"] == len(photo)
    assert {k: locker["counts"][k] for k in ("photo", "video", "audio", "document")} == {
        "photo": 1, "video": 0, "audio": 0, "document": 0}

    thread = ok(start_thread(stack, talent, casting, [media_id], subject="My headshot"), 201)
    [sent] = thread["messages"][0]["attachments"]
    assert sent["attachment_id"].startswith("att_")
    assert (sent["filename"], sent["content_type"], sent["size"]) == ("headshot.png", "image/png", len(photo))

    seen = ok(stack.get(f"/attachments/{sent['attachment_id']}", casting["token"]))
    got = download(seen["download_url"])
    assert got.content == photo and got.headers["Content-Type"] == "image/png"
    assert_names_file(got, "headshot.png")
    assert error_code(stack.get(f"/attachments/{sent['attachment_id']}", outsider["token"]), 404)
    # Sending a locker item leaves it in the locker; someone else cannot send it.
    locker = ok(stack.get("/me/media", talent["token"]))
    assert [i["status"] for i in locker["items"] if i["media_id"] == media_id] == ["ready"]
    assert locker["counts"]["photo"] == 1
    assert start_thread(stack, casting, talent, [media_id]).status == 422


def test_a_verified_upload_cannot_be_replaced_through_its_upload_form(stack: Http) -> None:
    casting = stack.sign_up("Cleo Casting", "casting")
    talent = stack.sign_up("Tobi Talent")
    content = pdf_bytes("the real sides")
    sent = upload(stack, casting, content, "sides.pdf")
    assert sent["state"]["status"] == "ready"
    ok(start_thread(stack, casting, talent, [sent["attachment_id"]]), 201)

    # The same form, still within its expiry, now carrying a program.
    post_form(sent["upload"], EXE, "sides.pdf", "application/pdf")
    deadline = time.monotonic() + 3.0  # long enough for the pump to deliver the second event
    while time.monotonic() < deadline:
        seen = ok(stack.get(f"/attachments/{sent['attachment_id']}", talent["token"]))
        if "download_url" in seen:
            assert download(seen["download_url"]).content == content, "the recipient got the replaced file"
        time.sleep(0.3)
