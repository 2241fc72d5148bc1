"""A mail's files under the upload rules of `domain/attachments.py`."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..attachments import ALLOWED, MAX_ATTACHMENTS, MAX_BYTES, MAX_MB, SNIFF_BYTES, clean_filename, judge_upload
from ..errors import InvalidInput
from .mime import Attachment


@dataclass(frozen=True)
class AttachmentCheck:
    kept: tuple[Attachment, ...]  # with a clean file name and the allowed content type they really have
    dropped: tuple[str, ...]  # "photo5.jpg: more than 4 attachments", for the note to the sender


Sniff = Callable[[bytes], str | None]


def judge_attachments(attachments: Iterable[Attachment], sniff: Sniff, *,
                      max_count: int = MAX_ATTACHMENTS) -> AttachmentCheck:
    """Applies the upload rules of `attachments.py` to a mail's files: inline (cid-referenced) images are
    skipped silently; each other file must be an allowed type that its bytes confirm (`sniff` is
    `chalicelib.filetypes.sniff`, passed in to keep the domain free of other packages), at most 6 MB; the
    first `max_count` good ones are kept, in mail order. Returns the kept files (clean name, real type) and
    a reason per dropped one."""
    kept: list[Attachment] = []
    dropped: list[str] = []
    for attachment in attachments:
        if attachment.is_inline:
            continue
        try:
            name = clean_filename(attachment.filename)
        except InvalidInput:
            name = "attachment"
        size = len(attachment.data)
        if size > MAX_BYTES:
            dropped.append(f"{name}: larger than {MAX_MB} MB")
            continue
        if size == 0:
            dropped.append(f"{name}: the file is empty")
            continue
        head = attachment.data[:SNIFF_BYTES]
        sniffed = sniff(head)
        ctype, name = _resolve_type(name, attachment.content_type, sniffed)
        if ctype is None:
            dropped.append(f"{name}: type not allowed")
            continue
        verdict = judge_upload(ctype, size, sniffed, head)
        if not verdict.ok:
            dropped.append(f"{name}: {verdict.reason}")
            continue
        if len(kept) >= max_count:
            dropped.append(f"{name}: more than {max_count} attachments")
            continue
        kept.append(replace(attachment, filename=name, content_type=ctype))
    return AttachmentCheck(tuple(kept), tuple(dropped))


def _resolve_type(name: str, declared: str, sniffed: str | None) -> tuple[str | None, str]:
    """The allowed type a file claims, by its declared type when its name fits it, else by its extension;
    a name without an extension takes its real (sniffed) type and gets that type's extension."""
    lower = name.lower()
    declared = declared.strip().lower()
    if declared in ALLOWED and lower.endswith(ALLOWED[declared][0]):
        return declared, name
    by_extension = [ctype for ctype, (extensions, _) in ALLOWED.items() if lower.endswith(extensions)]
    if by_extension:
        fitting = [ctype for ctype in by_extension if sniffed in ALLOWED[ctype][1]]
        return (fitting or by_extension)[0], name
    if "." not in name.strip("."):
        for ctype in (sniffed, declared):
            if ctype in ALLOWED:
                return ctype, name + ALLOWED[ctype][0][0]
    return None, name
