"""Reading one raw email: MIME structure, decoded headers, the body parts and the files.

`parse(raw)` never raises: anything unreadable yields `InboundMail(malformed=True)`. Body text is read
in its declared charset (with the fallbacks senders mean), format=flowed is undone, and every leaf
that is not inline body text is an `Attachment` (an attached message is one file, never body).
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message


@dataclass(frozen=True)
class Attachment:
    """A non-body part. `is_inline` marks images the HTML shows by cid (signature logos): skip those."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)
    is_inline: bool = False
    content_id: str | None = None


@dataclass(frozen=True)
class InboundMail:
    """One parsed email. Header values are decoded; `headers` keeps every header in its original order
    (order matters: SES prepends its verdicts above anything the sender wrote)."""

    headers: tuple[tuple[str, str], ...]
    sender: str | None  # the single From address, domain lower-cased; None when missing or ambiguous
    subject: str
    message_id: str
    content_type: str  # of the whole message, e.g. "multipart/report"
    report_type: str  # the report-type parameter of a multipart/report, else ""
    text: str  # the text/plain body (format=flowed undone), "" if none
    html: str  # the text/html body, "" if none
    attachments: tuple[Attachment, ...]
    malformed: bool
    defects: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        """The first (topmost) value of a header, or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def header_all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    @property
    def delivery_key(self) -> str:
        """The same for every delivery of one mail, different for two mails: the sender and the
        Message-ID, or a hash of the body (text, HTML, files) when there is no Message-ID. A mail server
        that redelivers after a timeout, or SES retrying, stores a new object with new Received headers,
        so neither the stored key nor the raw bytes would do. Hashed: no address in a storage key."""
        identity = self.message_id.strip().lower()
        if not identity:
            body = hashlib.sha256(self.text.encode("utf-8", "replace") + b"\0" + self.html.encode("utf-8", "replace"))
            for attachment in self.attachments:
                body.update(b"\0" + attachment.data)
            identity = "body:" + body.hexdigest()
        return hashlib.sha256(f"{(self.sender or '').lower()}\n{identity}".encode("utf-8", "replace")).hexdigest()[:40]




# Defects that mean the MIME structure itself is broken (not just an odd header somewhere).
_STRUCTURAL_DEFECTS = frozenset({
    "StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect", "NoBoundaryInMultipartDefect",
    "MultipartInvariantViolationDefect", "MissingHeaderBodySeparatorDefect", "FirstHeaderLineIsContinuationDefect",
})
_FOLD = re.compile(r"\r?\n(?=[ \t])")


def parse(raw: bytes) -> InboundMail:
    """Parses one raw email. Never raises: anything unreadable yields `malformed=True`."""
    try:
        msg = email.message_from_bytes(bytes(raw), policy=email.policy.default)
        return _from_message(msg)
    except Exception as exc:  # the stdlib parser is lenient, but header objects can still blow up
        return InboundMail(headers=(), sender=None, subject="", message_id="", content_type="", report_type="",
                           text="", html="", attachments=(), malformed=True, defects=(type(exc).__name__,))


def _from_message(msg: Message) -> InboundMail:
    headers = tuple(_decoded_headers(msg))
    leaves = list(_leaves(msg))
    # Every inline text/plain part is body: Apple Mail splits a body around an inline image into several.
    text = "\n".join(_flowed_to_text(_part_text(p), p) for p in leaves if _is_body(p, "plain"))
    html_part = next((p for p in leaves if _is_body(p, "html")), None)
    html = _part_text(html_part)
    referenced = {cid.lower() for cid in _CID.findall(html)}
    attachments = tuple(
        _attachment(part, index, referenced)
        for index, part in enumerate((p for p in leaves if not _is_body_like(p)), start=1)
    )
    defects = sorted({type(d).__name__ for part in msg.walk() for d in getattr(part, "defects", ())})
    sender = _sender(msg)
    malformed = not headers or sender is None or bool(_STRUCTURAL_DEFECTS.intersection(defects))
    ctype = _safe(lambda: msg.get_content_type(), "text/plain")
    report_type = _safe(lambda: str(msg.get_param("report-type", "") or ""), "").lower()
    return InboundMail(
        headers=headers, sender=sender, subject=header_value(headers, "subject") or "",
        message_id=(header_value(headers, "message-id") or "").strip(), content_type=ctype, report_type=report_type,
        text=text, html=html, attachments=attachments, malformed=malformed, defects=tuple(defects),
    )


def _safe(fn: Callable[[], str], default: str) -> str:
    try:
        return fn()
    except Exception:
        return default


def _decoded_headers(msg: Message) -> Iterator[tuple[str, str]]:
    for name, raw in msg.raw_items():
        try:
            value = str(msg.policy.header_fetch_parse(name, raw))
        except Exception:  # a header the policy cannot parse: keep it raw, unfolded
            value = _FOLD.sub("", str(raw))
        yield name, value.strip()


def header_value(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _leaves(part: Message) -> Iterator[Message]:
    """Every leaf part, depth first. An attached message (message/rfc822) is one leaf: never read its body."""
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        payload = part.get_payload()
        if isinstance(payload, list):
            for child in payload:
                yield from _leaves(child)
            return
    yield part


def _filename(part: Message) -> str | None:
    return _safe(lambda: part.get_filename() or "", "") or None


def _is_body_like(part: Message) -> bool:
    """Inline text/plain or text/html without a file name: body, never an attachment."""
    return (part.get_content_maintype() == "text" and part.get_content_subtype() in ("plain", "html")
            and _filename(part) is None and part.get_content_disposition() != "attachment")


def _is_body(part: Message, subtype: str) -> bool:
    return _is_body_like(part) and part.get_content_subtype() == subtype


def _part_bytes(part: Message) -> bytes:
    try:
        if part.is_multipart():  # an attached message/rfc822: the message itself
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else part
            return inner.as_bytes()
        data = part.get_payload(decode=True)
        return data if isinstance(data, bytes) else b""
    except Exception:
        return b""


_LATIN1_ALIASES = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso_8859-1"}


def _part_text(part: Message | None) -> str:
    """Text of a part in its declared charset; an unknown charset falls back to UTF-8 (with replacement),
    and Latin-1/ASCII labels are read as UTF-8 when valid, else as Windows-1252 (what senders mean)."""
    if part is None:
        return ""
    data = _part_bytes(part)
    charset = (_safe(lambda: part.get_content_charset() or "", "") or "utf-8").lower()
    if charset in _LATIN1_ALIASES:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _flowed_to_text(text: str, part: Message) -> str:
    """Undoes RFC 3676 format=flowed (Thunderbird, Apple Mail): soft line breaks are joined again."""
    text = text.replace("\r\n", "\n")
    if (_safe(lambda: str(part.get_param("format", "") or ""), "")).lower() != "flowed":
        return text
    delsp = (_safe(lambda: str(part.get_param("delsp", "") or ""), "")).lower() == "yes"
    out: list[str] = []
    pending: tuple[int, str] | None = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):  # space-stuffing
            content = content[1:]
        if pending is not None and pending[0] == depth:
            content = pending[1] + content
        elif pending is not None:
            out.append(_quote_prefix(pending[0]) + pending[1])
        pending = None
        if content.endswith(" ") and content.rstrip() != "--":
            pending = (depth, content[:-1] if delsp else content)
        else:
            out.append(_quote_prefix(depth) + content)
    if pending is not None:
        out.append(_quote_prefix(pending[0]) + pending[1])
    return "\n".join(out)


def _quote_prefix(depth: int) -> str:
    return "> " * depth if depth else ""


_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)


def _attachment(part: Message, index: int, referenced: set[str]) -> Attachment:
    ctype = _safe(lambda: part.get_content_type(), "application/octet-stream").lower()
    name = _filename(part)
    if name is None:
        extension = ".eml" if ctype == "message/rfc822" else (mimetypes.guess_extension(ctype) or ".bin")
        name = f"attachment-{index}{extension}"
    content_id = (header_value(_decoded_headers(part), "content-id") or "").strip().strip("<>") or None
    is_inline = content_id is not None and content_id.lower() in referenced
    return Attachment(filename=name, content_type=ctype, data=_part_bytes(part), is_inline=is_inline,
                      content_id=content_id)


def _sender(msg: Message) -> str | None:
    """The one From address, parsed by the policy; None for no From, several, or a From the parser had to
    guess at (any defect: "a@x <b@y>" would otherwise name one of two addresses)."""
    try:
        values = msg.get_all("From") or []
        if len(values) != 1 or values[0].defects or len(values[0].addresses) != 1:
            return None
        address = values[0].addresses[0]
        local, domain = address.username, address.domain
    except Exception:
        return None
    if not local or not domain or any(ch in local + domain for ch in ' @<>,;"\\[]()'):
        return None
    return f"{local}@{domain.lower()}"


def domain_of(address: str | None) -> str:
    return (address or "").rpartition("@")[2].strip().strip(">").lower()
