"""Attachments and media-locker uploads: what may be uploaded, and the verdict on what landed.

The client declares name, type and size; S3's POST policy pins them; and once the object
lands the verifier compares its real size and its real type (from its first bytes) with the
declaration. Only then is it `ready`. The type sniffing itself is a library's job
(`chalicelib/aws` passes us its answer); this module decides what the answer means.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .errors import InvalidInput, RuleBroken, TooLarge

# Every limit on files lives here; the web client gets them from its config.js (client_limits).
MAX_BYTES = 6 * 1024 * 1024  # 6,291,456: the product's promise (SPEC.md section 3)
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_ATTACHMENTS = 4  # per message, from the web or by email
MEDIA_QUOTA_BYTES = 500 * 1024 * 1024  # a media locker's room
SNIFF_BYTES = 8192
UNATTACHED_TTL_SECONDS = 24 * 3600
UPLOAD_URL_SECONDS = 300
DOWNLOAD_URL_SECONDS = 300
FILENAME_MAX = 200

# Declared content type -> the extensions a file of that type may carry, and the types the
# sniffer may report for it (aliases seen in the wild).
ALLOWED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "application/pdf": ((".pdf",), ("application/pdf",)),
    "image/jpeg": ((".jpg", ".jpeg"), ("image/jpeg",)),
    "image/png": ((".png",), ("image/png",)),
    "image/gif": ((".gif",), ("image/gif",)),
    "image/webp": ((".webp",), ("image/webp",)),
    "audio/mpeg": ((".mp3",), ("audio/mpeg",)),
    "audio/mp4": ((".m4a",), ("audio/mp4", "audio/m4a", "audio/x-m4a", "video/mp4")),
    "audio/x-m4a": ((".m4a",), ("audio/mp4", "audio/m4a", "audio/x-m4a", "video/mp4")),
    "audio/wav": ((".wav",), ("audio/wav", "audio/x-wav", "audio/wave")),
    "audio/x-wav": ((".wav",), ("audio/wav", "audio/x-wav", "audio/wave")),
    "video/mp4": ((".mp4", ".m4v"), ("video/mp4",)),
    "video/quicktime": ((".mov", ".qt"), ("video/quicktime",)),
    "application/msword": ((".doc",), ("application/msword",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        (".docx",), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)),
    "text/plain": ((".txt", ".text"), ("text/plain",)),
}

MEDIA_KINDS: dict[str, tuple[str, ...]] = {
    "photo": ("image/jpeg", "image/png", "image/gif", "image/webp"),
    "video": ("video/mp4", "video/quicktime"),
    "audio": ("audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/wav", "audio/x-wav"),
    "document": ("application/pdf", "application/msword", "text/plain",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}

# What each allowed type is called, for people (same keys as ALLOWED; a unit test holds them equal).
TYPE_NAMES: dict[str, str] = {
    "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP",
    "audio/mpeg": "MP3", "audio/mp4": "M4A", "audio/x-m4a": "M4A", "audio/wav": "WAV", "audio/x-wav": "WAV",
    "video/mp4": "MP4", "video/quicktime": "MOV", "application/msword": "Word (DOC)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "text/plain": "plain text",
}

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]")


@dataclass(frozen=True)
class Declared:
    filename: str
    content_type: str
    size: int


def clean_filename(name: str) -> str:
    """A display- and header-safe file name: no paths, control or reserved characters."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip().strip(".")
    if not cleaned:
        raise InvalidInput("filename must name a file", code="invalid_filename")
    if len(cleaned) > FILENAME_MAX:
        stem, dot, ext = cleaned.rpartition(".")
        keep_extension = dot and len(ext) <= 10  # shorten the name, never the extension
        cleaned = stem[: FILENAME_MAX - len(ext) - 1] + dot + ext if keep_extension else cleaned[:FILENAME_MAX]
    return cleaned


def validate_declared(filename: str, content_type: str, size: int, allowed: tuple[str, ...] | None = None) -> Declared:
    content_type = content_type.strip().lower()
    kinds = allowed if allowed is not None else tuple(ALLOWED)
    if content_type not in kinds:
        raise InvalidInput(
            f"content_type {content_type!r} is not allowed; use one of {', '.join(kinds)}", code="type_not_allowed")
    name = clean_filename(filename)
    extensions, _ = ALLOWED[content_type]
    if not name.lower().endswith(extensions):
        raise InvalidInput(
            f"filename must end with {' or '.join(extensions)} for {content_type}", code="extension_mismatch")
    if size < 1:
        raise InvalidInput("size must be at least 1 byte", code="invalid_size")
    if size > MAX_BYTES:
        raise TooLarge(f"a file is at most {MAX_MB} MB ({MAX_BYTES} bytes); this one is {size} bytes",
                       code="file_too_large")
    return Declared(name, content_type, size)


def looks_like_text(head: bytes) -> bool:
    """Plain text has no magic number: UTF-8 (a cut multi-byte character at the end is fine)
    without NULs or other binary control bytes."""
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls == 0


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def judge_upload(declared_type: str, real_size: int, sniffed_type: str | None, head: bytes) -> Verdict:
    """Decides whether what landed in S3 is what was declared."""
    if real_size <= 0:
        return Verdict(False, "the file is empty")
    if real_size > MAX_BYTES:
        return Verdict(False, f"the file is {real_size} bytes; the limit is {MAX_MB} MB ({MAX_BYTES} bytes)")
    _, accepted = ALLOWED.get(declared_type, ((), ()))
    if declared_type == "text/plain":
        if sniffed_type is None and looks_like_text(head):
            return Verdict(True)
        return Verdict(False, f"the file is not plain text (it looks like {sniffed_type or 'binary data'})")
    if sniffed_type in accepted:
        return Verdict(True)
    return Verdict(False, f"the file is {sniffed_type or 'of an unrecognised type'}, not {declared_type} as declared")


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback plus the exact UTF-8 name, always as an attachment."""
    from urllib.parse import quote

    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "file"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def check_count(ids: list[str]) -> None:
    if len(ids) > MAX_ATTACHMENTS:
        raise RuleBroken(f"a message carries at most {MAX_ATTACHMENTS} attachments", code="too_many_attachments")


def _names(types: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(TYPE_NAMES[t] for t in types))


def client_limits() -> dict[str, Any]:
    """What the web client checks before uploading (the server checks again): JSON for config.js."""
    extensions: dict[str, str] = {}
    for content_type, (exts, _) in ALLOWED.items():
        for ext in exts:
            extensions.setdefault(ext, content_type)
    return {
        "maxBytes": MAX_BYTES,
        "maxMegabytes": MAX_MB,
        "maxAttachments": MAX_ATTACHMENTS,
        "mediaQuotaBytes": MEDIA_QUOTA_BYTES,
        "types": list(ALLOWED),
        "extensions": extensions,
        "typeNames": _names(tuple(ALLOWED)),
        "mediaKinds": {kind: {"types": list(types), "typeNames": _names(types)} for kind, types in MEDIA_KINDS.items()},
    }


# -- the records ---------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class StoredFile:
    """A file a user asked to store (an upload for a message, or a locker item): what they
    declared, then what the verifier found. Only a `ready` one is ever served, and only its
    verified version (`version_id`)."""

    owner_id: str
    filename: str
    content_type: str
    size: int
    s3_key: str
    created_at: str
    status: str = "pending"  # pending | ready | rejected
    reason: str | None = None  # why it was rejected
    version_id: str | None = None

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def state(self) -> str:
        """Its status as a person reads it: "rejected: <why>" when there is a reason."""
        return f"{self.status}: {self.reason}" if self.reason else self.status


@dataclass(frozen=True, kw_only=True)
class Attachment(StoredFile):
    """An upload meant for one message (or a file received by email). `expires_at_epoch` is set
    while no message claims it; a locker item sent in a message becomes one (`media_id`)."""

    attachment_id: str
    thread_id: str | None = None
    message_id: str | None = None
    media_id: str | None = None
    expires_at_epoch: int | None = None

    def public(self) -> dict[str, Any]:
        """As its owner and the thread's people see it."""
        shown: dict[str, Any] = {"attachment_id": self.attachment_id, "filename": self.filename,
                                 "content_type": self.content_type, "size": self.size, "status": self.status}
        if self.status == "rejected":
            shown["reason"] = self.reason
        return shown

    def ref(self) -> dict[str, Any]:
        """What a message keeps of it."""
        return {"attachment_id": self.attachment_id, "filename": self.filename, "content_type": self.content_type,
                "size": self.size}
