"""Attachment and media-locker use cases: request an upload, verify what landed, download,
and resolve a message's attachments inside its transaction."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..domain import attachments as rules
from ..domain.attachments import Attachment, StoredFile
from ..domain.clock import now_epoch, now_iso
from ..domain.errors import NotFound, RuleBroken
from ..domain.ids import new_id
from ..domain.locker import LockerItem
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


class FilesService:
    def __init__(self, files: FileRepository, mail: MailRepository, store: Store, sniff: Sniffer,
                 cursor_secret: str) -> None:
        self.files = files
        self.mail = mail
        self.store = store
        self.sniff = sniff
        self.secret = cursor_secret
        # Refuses (429) past the hour's number of upload requests (services/action_limits.py; set by the container).
        self.limit_uploads: Callable[[User], None] | None = None

    def _limit(self, user: User) -> None:
        if self.limit_uploads is not None:  # after every check that needs no count
            self.limit_uploads(user)

    # -- uploads ---------------------------------------------------------------------------
    def request_attachment_upload(self, user: User, filename: str, content_type: str, size: int) -> dict[str, Any]:
        user.ensure_active("uploading")
        declared = rules.validate_declared(filename, content_type, size)
        self._limit(user)
        attachment_id = new_id("att")
        key = f"uploads/{user.user_id}/{attachment_id}"
        attachment = Attachment(attachment_id=attachment_id, owner_id=user.user_id, filename=declared.filename,
                                content_type=declared.content_type, size=declared.size, s3_key=key,
                                created_at=now_iso())
        self.files.create_attachment(attachment, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
        upload = self.store.presigned_post(key, declared.content_type, rules.MAX_BYTES, rules.UPLOAD_URL_SECONDS,
                                           tagging=UNATTACHED_TAG)
        return {**attachment.public(), "upload": upload, "expires_in": rules.UPLOAD_URL_SECONDS}

    def request_media_upload(self, user: User, kind: str, filename: str, content_type: str, size: int,
                             title: str | None) -> dict[str, Any]:
        user.ensure_active("uploading")
        declared = rules.validate_declared(filename, content_type, size, allowed=rules.MEDIA_KINDS[kind])
        self._limit(user)
        media_id = new_id("med")
        key = f"media/{user.user_id}/{media_id}"
        media = LockerItem(media_id=media_id, owner_id=user.user_id, kind=kind, title=(title or "").strip() or None,
                           filename=declared.filename, content_type=declared.content_type, size=declared.size,
                           s3_key=key, created_at=now_iso())
        self.files.create_media(media, rules.MEDIA_QUOTA_BYTES, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
        upload = self.store.presigned_post(key, declared.content_type, rules.MAX_BYTES, rules.UPLOAD_URL_SECONDS)
        return {**media.public(), "upload": upload, "expires_in": rules.UPLOAD_URL_SECONDS}

    def verify_upload(self, key: str, version_id: str | None = None) -> str:
        """The S3 event handler's use case: is the landed object (this version of it) what was
        declared? A later object under a settled key (its upload form is still valid for a few
        minutes) is never verified again: it is deleted and the verified version stays served."""
        parts = key.split("/")
        if len(parts) != 3 or parts[0] not in ("uploads", "media"):
            return "ignored"
        prefix, owner_id, object_id = parts
        record: StoredFile | None = (self.files.get_attachment(object_id) if prefix == "uploads"
                                     else self.files.get_media(owner_id, object_id))
        if record is None or record.owner_id != owner_id or record.s3_key != key:
            self.store.delete(key, version_id)  # nothing asked for this upload
            return "unknown"
        stored = self.store.head(key, version_id)
        if stored is None:
            return "gone"
        if record.status != "pending":
            if record.status == "rejected" or stored.version_id != record.version_id:
                self.store.delete(key, stored.version_id)  # a retry of a rejection, or a replacement
            return "already_settled"
        head = self.store.first_bytes(key, rules.SNIFF_BYTES, stored.version_id) if stored.size else b""
        verdict = rules.judge_upload(record.content_type, stored.size, self.sniff(head) if head else None, head)
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
        attachment = Attachment(attachment_id=attachment_id, owner_id=user.user_id, filename=filename,
                                content_type=content_type, size=len(data), status="ready", s3_key=key,
                                version_id=version_id, created_at=now_iso())
        self.files.create_attachment(attachment, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
        return attachment_id

    # -- reading ---------------------------------------------------------------------------
    def get_attachment(self, user: User, attachment_id: str) -> dict[str, Any]:
        attachment = self.files.get_attachment(attachment_id)
        if attachment is None or not self._may_see(user, attachment):
            raise NotFound("attachment not found", code="attachment_not_found")
        shown = attachment.public()
        if attachment.ready:
            shown["download_url"] = self._download_url(attachment)
            shown["download_expires_in"] = rules.DOWNLOAD_URL_SECONDS
        return shown

    def ready_media(self, owner_id: str, media_ids: list[str]) -> list[LockerItem]:
        """The owner's locker items, in the order asked, each ready to be shown; else a 422 naming it."""
        found = self.files.get_many_media(owner_id, media_ids) if media_ids else {}
        items = []
        for media_id in media_ids:
            media = found.get(media_id)
            if media is None:
                raise RuleBroken(f"media {media_id} is not in your media locker", code="media_not_found")
            if not media.ready:
                raise RuleBroken(f"media {media_id} is {media.state()}", code="media_not_ready")
            items.append(media)
        return items

    def media_download_url(self, owner_id: str, media_id: str) -> str | None:
        """A short-lived link to a locker item (the caller has checked who may see it)."""
        media = self.files.get_media(owner_id, media_id)
        return self._download_url(media) if media is not None and media.ready else None

    def _download_url(self, stored: StoredFile) -> str:
        """A short-lived link to exactly the verified version."""
        return self.store.presigned_get(stored.s3_key, stored.content_type, rules.content_disposition(stored.filename),
                                        rules.DOWNLOAD_URL_SECONDS, stored.version_id)

    def _may_see(self, user: User, attachment: Attachment) -> bool:
        if attachment.owner_id == user.user_id:
            return True
        thread_id = attachment.thread_id
        return bool(thread_id) and self.mail.get_view(user.user_id, thread_id) is not None

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
        copies: list[Attachment] = []
        for item_id in ids:
            if item_id in uploads:
                upload = uploads[item_id]
                if upload.owner_id != sender.user_id:
                    raise RuleBroken(f"attachment {item_id} is not an upload of yours", code="attachment_invalid")
                if not upload.ready:
                    raise RuleBroken(f"attachment {item_id} is {upload.state()}", code="attachment_not_ready")
                if upload.message_id:
                    raise RuleBroken(f"attachment {item_id} is already in another message", code="attachment_used")
                if upload.expires_at_epoch and upload.expires_at_epoch <= now_epoch():
                    # The bucket's lifecycle rule may already have removed the file.
                    raise RuleBroken(f"attachment {item_id} was uploaded over a day ago without being sent; "
                                     "upload it again", code="attachment_expired")
                claims.append(item_id)
                refs.append(upload.ref())
            elif item_id in media:
                item = media[item_id]
                if not item.ready:
                    raise RuleBroken(f"media {item_id} is {item.status}", code="attachment_not_ready")
                copy = self._copy(sender, item, thread_id=thread_id, message_id=message_id, media_id=item_id)
                copies.append(copy)
                refs.append(copy.ref())
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
            upload = found.get(attachment_id)
            if upload is None or upload.owner_id != sender.user_id:
                raise RuleBroken(f"attachment {attachment_id} does not exist or is not yours",
                                 code="attachment_invalid")
            if not upload.ready:
                raise RuleBroken(f"attachment {attachment_id} is {upload.status}", code="attachment_not_ready")
            copy = self._copy(sender, upload)
            self.files.create_attachment(copy, now_epoch() + rules.UNATTACHED_TTL_SECONDS)
            copies.append(copy.attachment_id)
        return copies

    @staticmethod
    def _copy(sender: User, stored: StoredFile, thread_id: str | None = None, message_id: str | None = None,
              media_id: str | None = None) -> Attachment:
        """A new attachment record, ready, pointing at the same stored object (its verified version)."""
        return Attachment(attachment_id=new_id("att"), owner_id=sender.user_id, filename=stored.filename,
                          content_type=stored.content_type, size=stored.size, status="ready", s3_key=stored.s3_key,
                          version_id=stored.version_id, created_at=now_iso(), thread_id=thread_id,
                          message_id=message_id, media_id=media_id)

    def mark_attached(self, attachments: list[dict[str, Any]]) -> None:
        """After a message is stored: its uploads are no longer subject to the unattached expiry."""
        for ref in attachments:
            attachment = self.files.get_attachment(ref["attachment_id"])
            if attachment and attachment.s3_key.startswith(("uploads/", "received/")):
                self.store.mark_attached(attachment.s3_key, attachment.version_id)
