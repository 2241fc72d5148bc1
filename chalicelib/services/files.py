"""Attachment and media-locker use cases: request an upload, verify what landed, download,
and resolve a message's attachments inside its transaction."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..domain import attachments as rules
from ..domain.clock import now_epoch, now_iso
from ..domain.errors import NotFound, RuleBroken
from ..domain.ids import new_id
from ..domain.users import User
from ..storage.files import FileRepository
from ..storage.mail import MailRepository
from ..storage.unit_of_work import UnitOfWork

UNATTACHED_TAG = "<Tagging><TagSet><Tag><Key>state</Key><Value>unattached</Value></Tag></TagSet></Tagging>"


class Store(Protocol):
    def presigned_post(self, key: str, content_type: str, max_bytes: int, expires: int,
                       tagging: str | None = None) -> dict[str, Any]: ...
    def presigned_get(self, key: str, content_type: str, disposition: str, expires: int,
                      version_id: str | None = None) -> str: ...
    def head(self, key: str, version_id: str | None = None) -> Any: ...
    def put(self, key: str, data: bytes, content_type: str, tagging: str | None = None) -> str | None: ...
    def first_bytes(self, key: str, count: int, version_id: str | None = None) -> bytes: ...
    def delete(self, key: str, version_id: str | None = None) -> None: ...
    def mark_attached(self, key: str, version_id: str | None = None) -> None: ...


Sniffer = Callable[[bytes], "str | None"]


def _public(record: dict[str, Any]) -> dict[str, Any]:
    shown = {k: record.get(k) for k in ("attachment_id", "filename", "content_type", "size", "status")}
    if record.get("status") == "rejected":
        shown["reason"] = record.get("reason")
    return shown


class FilesService:
    def __init__(self, files: FileRepository, mail: MailRepository, store: Store, sniff: Sniffer,
                 cursor_secret: str) -> None:
        self.files = files
        self.mail = mail
        self.store = store
        self.sniff = sniff
        self.secret = cursor_secret

    # -- uploads ---------------------------------------------------------------------------
    def request_attachment_upload(self, user: User, filename: str, content_type: str, size: int) -> dict[str, Any]:
        declared = rules.validate_declared(filename, content_type, size)
        attachment_id = new_id("att")
        key = f"uploads/{user.user_id}/{attachment_id}"
        record = {"attachment_id": attachment_id, "owner_id": user.user_id, "filename": declared.filename,
                  "content_type": declared.content_type, "size": declared.size, "status": "pending",
                  "s3_key": key, "created_at": now_iso()}
        self.files.create_attachment(record, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
        upload = self.store.presigned_post(key, declared.content_type, rules.MAX_BYTES, rules.UPLOAD_URL_SECONDS,
                                           tagging=UNATTACHED_TAG)
        return {**_public(record), "upload": upload, "expires_in": rules.UPLOAD_URL_SECONDS}

    def request_media_upload(self, user: User, kind: str, filename: str, content_type: str, size: int,
                             title: str | None) -> dict[str, Any]:
        declared = rules.validate_declared(filename, content_type, size, allowed=rules.MEDIA_KINDS[kind])
        media_id = new_id("med")
        key = f"media/{user.user_id}/{media_id}"
        record = {"media_id": media_id, "owner_id": user.user_id, "kind": kind, "title": (title or "").strip() or None,
                  "filename": declared.filename, "content_type": declared.content_type, "size": declared.size,
                  "status": "pending", "s3_key": key, "created_at": now_iso()}
        self.files.create_media(record, rules.MEDIA_QUOTA_BYTES, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
        upload = self.store.presigned_post(key, declared.content_type, rules.MAX_BYTES, rules.UPLOAD_URL_SECONDS)
        return {**self._media_public(record), "upload": upload, "expires_in": rules.UPLOAD_URL_SECONDS}

    def verify_upload(self, key: str, version_id: str | None = None) -> str:
        """The S3 event handler's use case: is the landed object (this version of it) what was
        declared? A later object under a settled key (its upload form is still valid for a few
        minutes) is never verified again: it is deleted and the verified version stays served."""
        parts = key.split("/")
        if len(parts) != 3 or parts[0] not in ("uploads", "media"):
            return "ignored"
        prefix, owner_id, object_id = parts
        record = (self.files.get_attachment(object_id) if prefix == "uploads"
                  else self.files.get_media(owner_id, object_id))
        if record is None or record["owner_id"] != owner_id or record["s3_key"] != key:
            self.store.delete(key, version_id)  # nothing asked for this upload
            return "unknown"
        stored = self.store.head(key, version_id)
        if stored is None:
            return "gone"
        if record["status"] != "pending":
            if record["status"] == "rejected" or stored.version_id != record.get("version_id"):
                self.store.delete(key, stored.version_id)  # a retry of a rejection, or a replacement
            return "already_settled"
        head = self.store.first_bytes(key, rules.SNIFF_BYTES, stored.version_id) if stored.size else b""
        verdict = rules.judge_upload(record["content_type"], stored.size, self.sniff(head) if head else None, head)
        if prefix == "uploads":
            settled = self.files.settle_attachment(object_id, verdict.ok, stored.size, stored.etag,
                                                   stored.version_id, verdict.reason or None)
            outcome = ("ready" if verdict.ok else "rejected") if settled else "already_settled"
        else:
            outcome = self.files.settle_media(owner_id, object_id, verdict.ok, stored.size, stored.etag,
                                              stored.version_id, verdict.reason or None, rules.MEDIA_QUOTA_BYTES)
        if outcome == "rejected":
            self.store.delete(key, stored.version_id)  # after the record says so: a retry still finds it
        return outcome

    def store_received(self, user: User, filename: str, content_type: str, data: bytes) -> str:
        """An attachment that arrived by email, already judged by its bytes: stored ready."""
        attachment_id = new_id("att")
        # received/, not uploads/: no S3 event (these bytes were judged already), same expiry rule.
        key = f"received/{user.user_id}/{attachment_id}"
        version_id = self.store.put(key, data, content_type, tagging="state=unattached")
        record = {"attachment_id": attachment_id, "owner_id": user.user_id, "filename": filename,
                  "content_type": content_type, "size": len(data), "status": "ready", "s3_key": key,
                  "version_id": version_id, "created_at": now_iso()}
        self.files.create_attachment(record, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
        return attachment_id

    # -- reading ---------------------------------------------------------------------------
    def get_attachment(self, user: User, attachment_id: str) -> dict[str, Any]:
        record = self.files.get_attachment(attachment_id)
        if record is None or not self._may_see(user, record):
            raise NotFound("attachment not found", code="attachment_not_found")
        shown = _public(record)
        if record["status"] == "ready":
            shown["download_url"] = self.store.presigned_get(
                record["s3_key"], record["content_type"], rules.content_disposition(record["filename"]),
                rules.DOWNLOAD_URL_SECONDS, record.get("version_id"))
            shown["download_expires_in"] = rules.DOWNLOAD_URL_SECONDS
        return shown

    def ready_media(self, owner_id: str, media_ids: list[str]) -> list[dict[str, Any]]:
        """The owner's locker items, in the order asked, each ready to be shown; else a 422 naming it."""
        found = self.files.get_many_media(owner_id, media_ids) if media_ids else {}
        records = []
        for media_id in media_ids:
            record = found.get(media_id)
            if record is None:
                raise RuleBroken(f"media {media_id} is not in your media locker", code="media_not_found")
            if record["status"] != "ready":
                raise RuleBroken(f"media {media_id} is {record['status']}"
                                 + (f": {record['reason']}" if record.get("reason") else ""), code="media_not_ready")
            records.append(record)
        return records

    def media_download_url(self, owner_id: str, media_id: str) -> str | None:
        """A short-lived link to a locker item (the caller has checked who may see it)."""
        record = self.files.get_media(owner_id, media_id)
        if record is None or record["status"] != "ready":
            return None
        return self.store.presigned_get(record["s3_key"], record["content_type"],
                                        rules.content_disposition(record["filename"]), rules.DOWNLOAD_URL_SECONDS,
                                        record.get("version_id"))

    def _may_see(self, user: User, record: dict[str, Any]) -> bool:
        if record["owner_id"] == user.user_id:
            return True
        thread_id = record.get("thread_id")
        return bool(thread_id) and self.mail.get_view(user.user_id, thread_id) is not None

    @staticmethod
    def _media_public(record: dict[str, Any]) -> dict[str, Any]:
        shown = {k: record.get(k) for k in ("media_id", "kind", "title", "filename", "content_type", "size",
                                            "status", "created_at")}
        if record.get("status") == "rejected":
            shown["reason"] = record.get("reason")
        return shown

    # -- sending ---------------------------------------------------------------------------
    def for_message(self, sender: User, ids: list[str], thread_id: str, message_id: str, unit: UnitOfWork
                    ) -> list[dict[str, Any]]:
        """Checks every id (an upload or a locker item of the sender's), stages the writes that
        claim them into the message's unit of work and returns what the message shows."""
        ids = list(dict.fromkeys(ids))
        rules.check_count(ids)
        if not ids:
            return []
        uploads = self.files.get_attachments([i for i in ids if i.startswith("att_")])
        media = self.files.get_many_media(sender.user_id, [i for i in ids if i.startswith("med_")])
        refs: list[dict[str, Any]] = []
        claims: list[str] = []
        copies: list[dict[str, Any]] = []
        for item_id in ids:
            if item_id in uploads:
                record = uploads[item_id]
                if record["owner_id"] != sender.user_id:
                    raise RuleBroken(f"attachment {item_id} is not an upload of yours", code="attachment_invalid")
                if record["status"] != "ready":
                    raise RuleBroken(f"attachment {item_id} is {record['status']}"
                                     + (f": {record['reason']}" if record.get("reason") else ""),
                                     code="attachment_not_ready")
                if record.get("message_id"):
                    raise RuleBroken(f"attachment {item_id} is already in another message", code="attachment_used")
                if record.get("expires_at_epoch") and record["expires_at_epoch"] <= now_epoch():
                    # The bucket's lifecycle rule may already have removed the file.
                    raise RuleBroken(f"attachment {item_id} was uploaded over a day ago without being sent; "
                                     "upload it again", code="attachment_expired")
                claims.append(item_id)
                refs.append({k: record[k] for k in ("attachment_id", "filename", "content_type", "size")})
            elif item_id in media:
                record = media[item_id]
                if record["status"] != "ready":
                    raise RuleBroken(f"media {item_id} is {record['status']}", code="attachment_not_ready")
                copy = {"attachment_id": new_id("att"), "owner_id": sender.user_id, "filename": record["filename"],
                        "content_type": record["content_type"], "size": int(record["size"]), "status": "ready",
                        "s3_key": record["s3_key"], "version_id": record.get("version_id"),
                        "created_at": now_iso(), "thread_id": thread_id,
                        "message_id": message_id, "media_id": item_id}
                copies.append(copy)
                refs.append({k: copy[k] for k in ("attachment_id", "filename", "content_type", "size")})
            else:
                raise RuleBroken(f"attachment {item_id} does not exist or is not yours", code="attachment_invalid")
        self.files.stage_claims(unit, claims, copies, sender.user_id, thread_id, message_id)
        return refs

    def copies_to_send_again(self, sender: User, attachment_ids: list[str]) -> list[str]:
        """The same files for one more message (sides sent to several applicants, one conversation
        each): a new, unsent attachment record per file, pointing at the same stored object. Only
        the sender's own uploads that are ready; each copy is claimed by its message like any upload."""
        ids = list(dict.fromkeys(attachment_ids))
        found = self.files.get_attachments(ids) if ids else {}
        copies: list[str] = []
        for attachment_id in ids:
            record = found.get(attachment_id)
            if record is None or record["owner_id"] != sender.user_id:
                raise RuleBroken(f"attachment {attachment_id} does not exist or is not yours",
                                 code="attachment_invalid")
            if record["status"] != "ready":
                raise RuleBroken(f"attachment {attachment_id} is {record['status']}", code="attachment_not_ready")
            copy = {k: record[k] for k in ("filename", "content_type", "size", "s3_key") if k in record}
            copy.update(attachment_id=new_id("att"), owner_id=sender.user_id, status="ready",
                        version_id=record.get("version_id"), created_at=now_iso())
            self.files.create_attachment(copy, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
            copies.append(copy["attachment_id"])
        return copies

    def mark_attached(self, attachments: list[dict[str, Any]]) -> None:
        """After a message is stored: its uploads are no longer subject to the unattached expiry."""
        for ref in attachments:
            record = self.files.get_attachment(ref["attachment_id"])
            if record and record["s3_key"].startswith(("uploads/", "received/")):
                self.store.mark_attached(record["s3_key"], record.get("version_id"))
