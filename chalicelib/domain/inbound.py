"""Inbound mail for the relay: what a reply by email says, who sent it and whether to trust it.

The inbound handler reads one raw email (as SES stored it in S3) and asks this module, in order:

    mail = parse(raw)                                   # never raises; mail.malformed says when it is junk
    loop_reason(mail, relay_domain) -> str | None       # bounce, auto-reply, list mail, our own alert: drop silently
    judge_verdicts(mail, require_verdicts=...) -> Verdict   # SES spam/virus + SPF/DKIM/DMARC
    relay_tokens(mail, relay_domain) -> list[str]       # tokens of reply+TOKEN@relay_domain among the recipients
    thread_hints(mail, relay_domain) -> list[str]       # our Message-IDs in In-Reply-To/References
    mail.sender -> str | None                           # the From address, domain lower-cased
    extract_reply(mail) -> Reply                        # the new text only; reason "no text" when nothing is left
    judge_attachments(mail.attachments, sniff) -> AttachmentCheck   # kept files + a human reason per dropped one
    may_answer(mail, relay_domain) -> bool              # whether a rejection notice may be mailed back at all

Results are frozen dataclasses: `InboundMail`, `Attachment`, `Reply`, `AttachmentCheck`, and
`attachments.Verdict` (ok, reason). `ALERT_HEADER` is the header every outbound alert carries, so
an alert that comes back (an auto-forward loop) is recognised. `trim_reply(text)` and
`html_to_text(html)` are the two steps of `extract_reply`, public for tests and tools.

Reply trimming: `mail-parser-reply` (MIT, pure Python, ~30 KB) finds where quoted history starts:
its multi-language "On ... wrote:" / "Le ... a écrit :" / Outlook "From: ... Sent: ..." /
"-----Original Message-----" patterns. The cut itself is made on the original lines, so the
user's text keeps its indentation and every character; signatures ("-- ", "Sent from my iPhone",
a sign-off followed by a short name block) are cut by the small, conservative rules in `trim_reply`,
which never cut a sign-off that has prose after it (the library's own signature rules would cut at
any line starting with "Thanks," or "- item", losing the user's words). A reply with nothing above the
quote keeps what is written below or between ">" quoted lines (bottom-posting, inline answers).

HTML-only mail is turned into text with the stdlib `html.parser` (`html_to_text`): the maintained
converters are either GPL (html2text) or need lxml, a compiled dependency of several MB in the Lambda
zip (inscriptis, html-text), and a mail body needs only blocks, line breaks, lists, links and quotes.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import mimetypes
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from email.message import Message
from html.parser import HTMLParser

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage as _ReplySplitter

from .attachments import ALLOWED, MAX_BYTES, SNIFF_BYTES, Verdict, clean_filename, judge_upload
from .errors import InvalidInput

ALERT_HEADER = "X-Callboard-Alert"  # set on every outbound alert and digest; its presence on inbound mail = a loop
SES_AUTHSERV_ID = "amazonses.com"
MAX_ATTACHMENTS = 4
NO_TEXT = "no text"

# --------------------------------------------------------------------------------------------- results


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


@dataclass(frozen=True)
class Reply:
    text: str  # the user's new text, quoted history and signature removed
    reason: str | None = None  # NO_TEXT when nothing is left


@dataclass(frozen=True)
class AttachmentCheck:
    kept: tuple[Attachment, ...]  # with a clean file name and the allowed content type they really have
    dropped: tuple[str, ...]  # "photo5.jpg: more than 4 attachments", for the note to the sender


# --------------------------------------------------------------------------------------------- parsing

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
        headers=headers, sender=sender, subject=_first(headers, "subject") or "",
        message_id=(_first(headers, "message-id") or "").strip(), content_type=ctype, report_type=report_type,
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


def _first(headers: Iterable[tuple[str, str]], name: str) -> str | None:
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
    content_id = (_first(_decoded_headers(part), "content-id") or "").strip().strip("<>") or None
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


def _domain(address: str | None) -> str:
    return (address or "").rpartition("@")[2].strip().strip(">").lower()


# --------------------------------------------------------------------------------------------- loop guards

_AUTOMATIC_SENDER = re.compile(r"^(mailer[-_]?daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply)$", re.I)
_AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto:|automatic reply|auto[- ]?reply|out of (the )?office|autosvar|automatisk svar|automatische antwort|"
    r"abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord)",
    re.IGNORECASE,
)


def loop_reason(mail: InboundMail, relay_domain: str | None = None) -> str | None:
    """Why this mail is automatic and must be dropped silently (never posted, never answered), or None.

    Only headers that mark the mail *itself* as automatic count. X-Auto-Response-Suppress does not: it
    asks us not to auto-answer it (see `may_answer`), and some people's ordinary mail carries it.
    """
    if mail.header(ALERT_HEADER) is not None:
        return "one of our own alerts came back"
    if relay_domain and _domain(mail.sender) == relay_domain.lower():
        return "sent from the relay domain itself"
    if mail.content_type == "multipart/report" or mail.report_type or mail.content_type in (
            "message/delivery-status", "message/disposition-notification"):
        return f"a delivery or read report ({mail.report_type or mail.content_type})"
    return_path = mail.header("Return-Path")
    if return_path is not None and return_path.strip().strip("<>").strip() == "":
        return "a bounce (empty Return-Path)"
    if mail.header("X-Failed-Recipients") is not None:
        return "a bounce (X-Failed-Recipients)"
    for name in ("From", "Sender", "Return-Path"):
        for value in mail.header_all(name):
            for _, address in email.utils.getaddresses([value]):
                local = address.rpartition("@")[0] if "@" in address else address
                if local and _AUTOMATIC_SENDER.match(local.strip()):
                    return f"an automatic sender ({address})"
    auto_submitted = (mail.header("Auto-Submitted") or "no").split(";")[0].strip().lower()
    if auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in _AUTOREPLY_HEADERS:
        value = mail.header(name)
        if value is not None and value.strip().lower() != "no":
            return f"an auto-reply ({name})"
    precedence = (mail.header("Precedence") or "").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in _LIST_HEADERS:
        if mail.header(name) is not None:
            return f"a mailing-list message ({name})"
    if _AUTO_SUBJECT.match(mail.subject):
        return "an out-of-office reply (subject)"
    return None


def may_answer(mail: InboundMail, relay_domain: str | None = None) -> bool:
    """Whether a rejection notice may be mailed back: never to automatic mail, an unknown sender, or mail
    that asks for no automatic answers (X-Auto-Response-Suppress: All / AutoReply)."""
    if mail.sender is None or loop_reason(mail, relay_domain) is not None:
        return False
    suppress = {v.strip().lower() for v in (mail.header("X-Auto-Response-Suppress") or "").split(",")}
    return not suppress.intersection({"all", "autoreply"})


# --------------------------------------------------------------------------------------------- SES verdicts

_COMMENT = re.compile(r"\([^()]*\)")


def _ses_block(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...] | None:
    """The headers SES itself wrote: everything above its X-SES-RECEIPT (SES prepends Return-Path,
    Received, X-SES-Spam-Verdict, X-SES-Virus-Verdict, Received-SPF, Authentication-Results and then
    X-SES-RECEIPT above the sender's own headers). None when the mail never went through SES."""
    for index, (name, _) in enumerate(headers):
        if name.lower() == "x-ses-receipt":
            return headers[:index]
    return None


@dataclass(frozen=True)
class _Auth:
    spf: str | None = None
    spf_domain: str = ""
    dkim: tuple[tuple[str, str], ...] = ()  # (result, signing domain)
    dmarc: str | None = None

    @property
    def known(self) -> bool:
        return self.spf is not None or bool(self.dkim) or self.dmarc is not None


def _auth_results(block: Iterable[tuple[str, str]], authserv_id: str) -> _Auth:
    """SPF, DKIM and DMARC from the first Authentication-Results written by `authserv_id` (others are
    somebody else's claims), SPF from the first Received-SPF when that header has none."""
    spf: str | None = None
    spf_domain = ""
    dkim: list[tuple[str, str]] = []
    dmarc: str | None = None
    received_spf: str | None = None
    seen = False
    for name, value in block:
        lname = name.lower()
        if lname == "received-spf" and received_spf is None:
            received_spf = value
        if lname != "authentication-results" or seen:
            continue
        text = value
        while _COMMENT.search(text):
            text = _COMMENT.sub(" ", text)
        chunks = [chunk.strip() for chunk in text.split(";")]
        if (chunks[0].split() or [""])[0].lower() != authserv_id.lower():
            continue
        seen = True
        for chunk in chunks[1:]:
            key, _, rest = chunk.partition("=")
            key, rest = key.strip().lower(), rest.strip()
            result = (rest.split() or [""])[0].lower()
            props = {k.lower(): v for k, v in re.findall(r"([\w.-]+)=(\S+)", rest)}
            if key == "spf":
                spf = result
                spf_domain = _domain(props.get("smtp.mailfrom", "")) or spf_domain
            elif key in ("envelope-from", "smtp.mailfrom"):  # SES writes these as chunks of their own
                spf_domain = spf_domain or _domain(result)
            elif key == "dkim":
                dkim.append((result, _domain(props.get("header.d", "") or props.get("header.i", ""))))
            elif key == "dmarc":
                dmarc = result
    if spf is None and received_spf is not None:
        spf = (_COMMENT.sub(" ", received_spf).split() or [""])[0].lower() or None
        found = re.search(r"envelope-from=([^\s;]+)", received_spf)
        spf_domain = _domain(found.group(1)) if found else spf_domain
    return _Auth(spf=spf, spf_domain=spf_domain, dkim=tuple(dkim), dmarc=dmarc)


def _aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment without a public-suffix list: the same domain, or one is a subdomain of the other.
    A result that names no domain cannot be checked and counts as aligned (SES always names one)."""
    if not domain or not from_domain:
        return True
    return domain == from_domain or domain.endswith("." + from_domain) or from_domain.endswith("." + domain)


def judge_verdicts(mail: InboundMail, *, require_verdicts: bool = True,
                   authserv_id: str = SES_AUTHSERV_ID) -> Verdict:
    """Decides from SES's verdict headers whether to trust the mail.

    Rejects: a virus (FAIL), spam (FAIL), DMARC fail, and mail whose sender domain neither SPF nor DKIM
    vouches for (any result but "pass", or a pass for another domain than the From address's, counts as
    failing; DMARC pass is enough on its own). Only headers above SES's X-SES-RECEIPT are trusted. Without
    them (the local SMTP stand-in adds none) failures the headers show still reject, and otherwise
    `require_verdicts` decides: True rejects ("no SES verdicts"), False accepts. A virus scan that is not
    PASS (GRAY, PROCESSING_FAILED, missing) rejects when verdicts are required; a GRAY spam verdict passes.
    """
    trusted = _ses_block(mail.headers)
    block = trusted if trusted is not None else mail.headers
    virus = (_first(block, "x-ses-virus-verdict") or "").strip().upper() or None
    spam = (_first(block, "x-ses-spam-verdict") or "").strip().upper() or None
    if virus == "FAIL":
        return Verdict(False, "the virus scan found a virus")
    if spam == "FAIL":
        return Verdict(False, "the spam filter marked it as spam")
    auth = _auth_results(block, authserv_id)
    if auth.dmarc == "fail":
        return Verdict(False, "DMARC failed for the sender's domain")
    from_domain = _domain(mail.sender)
    spf_pass = auth.spf == "pass" and _aligned(auth.spf_domain, from_domain)
    dkim_pass = any(result == "pass" and _aligned(domain, from_domain) for result, domain in auth.dkim)
    if auth.spf is not None and auth.dkim and not (spf_pass or dkim_pass or auth.dmarc == "pass"):
        return Verdict(False, "SPF and DKIM both failed for the sender's domain")
    if trusted is None:
        return Verdict(True) if not require_verdicts else Verdict(False, "no SES verdicts on this mail")
    if require_verdicts:
        if virus != "PASS":
            return Verdict(False, f"the virus scan was inconclusive ({virus or 'missing'})")
        if spam in (None, "PROCESSING_FAILED"):
            return Verdict(False, f"the spam scan was inconclusive ({spam or 'missing'})")
        if not auth.known:
            return Verdict(False, "no SPF/DKIM/DMARC results on this mail")
    if auth.known and not (spf_pass or dkim_pass or auth.dmarc == "pass"):
        return Verdict(False, "SPF and DKIM both failed for the sender's domain")
    return Verdict(True)


# --------------------------------------------------------------------------------------------- tokens

_TOKEN_HEADERS = ("Delivered-To", "X-Original-To", "X-Envelope-To", "Envelope-To", "X-Forwarded-To",
                  "To", "Cc", "Bcc", "Resent-To", "Resent-Cc")
_MSGID = re.compile(r"<([^<>\s]+)>")


def _token_pattern(relay_domain: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![A-Za-z0-9._%+=-])reply\+([A-Za-z0-9_-]+)@{re.escape(relay_domain)}(?![A-Za-z0-9-]|\.[A-Za-z0-9])",
        re.IGNORECASE,
    )


def relay_tokens(mail: InboundMail, relay_domain: str) -> list[str]:
    """Tokens of every `reply+TOKEN@relay_domain` the mail was addressed to, envelope first (the topmost
    Received "for" clause is the SES recipient), then the address headers; no duplicates. The token is
    returned as written; checking its signature is the caller's job."""
    pattern = _token_pattern(relay_domain)
    sources = [re.findall(r"\bfor\s+<?([^\s;<>]+)", value) for value in mail.header_all("Received")]
    values = [address for found in sources for address in found]
    for name in _TOKEN_HEADERS:
        values.extend(mail.header_all(name))
    tokens: list[str] = []
    for value in values:
        for token in pattern.findall(value):
            if token not in tokens:
                tokens.append(token)
    return tokens


def thread_hints(mail: InboundMail, relay_domain: str) -> list[str]:
    """Message ids on the relay domain from In-Reply-To, then References newest first, without the angle
    brackets (e.g. "alert.THREADID.xyz@relay_domain"): a fallback when the reply address was mangled."""
    domain = relay_domain.lower()
    ids = _MSGID.findall(" ".join(mail.header_all("In-Reply-To")))
    ids += list(reversed(_MSGID.findall(" ".join(mail.header_all("References")))))
    hints: list[str] = []
    for msgid in ids:
        if msgid.rpartition("@")[2].lower() == domain and msgid not in hints:
            hints.append(msgid)
    return hints


# --------------------------------------------------------------------------------------------- reply text

_LANGUAGES = list(MAIL_LANGUAGES)
_HEADER_REGEX = _ReplySplitter(text="", languages=list(_LANGUAGES)).HEADER_REGEX
# mail-parser-reply 1.36's Spanish pattern only matches quoted lines (its negative lookahead repeats the
# pattern itself) and it has no Portuguese: "El ... escribió:" / "Em ... escreveu:" are added here.
_EXTRA_HEADER_REGEX = re.compile(r"^(?:> ?)*(?:El|Em)\s.{4,250}?\s(?:escribió|escreveu)\s?:$", re.MULTILINE)
_SIG_SEPARATOR = re.compile(r"^(--|__)$")
_RULE = re.compile(r"^[_\-=*~]{5,}$")
_SENT_FROM = re.compile(
    r"^(?:" + "|".join(v["sent_from"] for v in MAIL_LANGUAGES.values() if v.get("sent_from"))
    + r"|Envoyé de mon|Sent from Mail for|Sent via|Get Outlook for)\b", re.IGNORECASE)
_SIGNOFF_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "cs")
_SIGNOFF = re.compile(
    r"^(?:" + "|".join(s for lang in _SIGNOFF_LANGUAGES for s in MAIL_LANGUAGES[lang].get("signatures", []))
    + r"|cheers|thanks|many thanks|thank you|regards|best wishes|warm regards|warmly|all best|bien à vous|merci"
    r"|bises|amitiés|saludos|un abrazo|grazie|liebe grüße|lg|vg)\s*[,.!]*$",
    re.IGNORECASE)
_SIGNATURE_LINES = 5
# The library's patterns backtrack quadratically on long lines that start like a header ("On ..."), so
# they see each line cut to 250 characters and only the first 30,000: a message body is at most 20,000
# characters (messaging.BODY_MAX), so new text that long is refused whatever follows it.
_SEARCH_LINE_CHARS = 250
_SEARCH_CHARS = 30_000
_SIGNATURE_LINE_CHARS = 60


def extract_reply(mail: InboundMail) -> Reply:
    """The user's new text: text/plain preferred, HTML converted when there is no (or an empty) text part;
    then quoted history and signature trimmed. Empty after trimming -> reason NO_TEXT."""
    text = mail.text if mail.text.strip() else html_to_text(mail.html)
    trimmed = trim_reply(text)
    return Reply(trimmed, None if trimmed.strip() else NO_TEXT)


def trim_reply(text: str) -> str:
    """Removes quoted history and the signature from a reply body, keeping the rest exactly (only trailing
    spaces on lines and leading/trailing blank lines go)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut = _quote_start(lines, 0)
    if cut is None:
        kept = lines
    else:
        start, end = cut
        kept = lines[:start]
        if not _has_text(_drop_trailing_quotes(kept)):
            kept = _bottom_posted(lines, end)
    kept = _cut_signature(_drop_trailing_quotes(kept))
    kept = [line.rstrip() for line in _drop_trailing_quotes(kept)]
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept)


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _quote_start(lines: list[str], offset: int) -> tuple[int, int] | None:
    """(first line, line after the last) of the first quote header at or after `offset`, found by
    mail-parser-reply's patterns on stripped lines (a Gmail attribution wrapped before the "<address>"
    is joined first); indices are into `lines`."""
    work: list[str] = []
    spans: list[tuple[int, int]] = []  # work line -> the lines it came from
    index, size = offset, 0
    while index < len(lines) and size < _SEARCH_CHARS:
        line = lines[index].strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        wrapped = line.endswith("<") and re.match(r"^[^\s<>]+@[^\s<>]+>", following)
        work.append((line + following if wrapped else line)[:_SEARCH_LINE_CHARS])
        size += len(work[-1]) + 1
        step = 2 if wrapped else 1
        spans.append((index, index + step))
        index += step
    joined = "\n".join(work)
    matches = [m for m in (_HEADER_REGEX.search(joined), _EXTRA_HEADER_REGEX.search(joined)) if m]
    if not matches:
        return None
    match = min(matches, key=lambda m: m.start())
    found = match.group(0)
    start = match.start() + len(found) - len(found.lstrip())
    end = match.start() + len(found.rstrip())
    return spans[joined.count("\n", 0, start)][0], spans[joined.count("\n", 0, end)][1]


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _drop_trailing_quotes(lines: list[str]) -> list[str]:
    kept = list(lines)
    while kept and (not kept[-1].strip() or _is_quoted(kept[-1]) or _RULE.match(kept[-1].strip())):
        kept.pop()
    return kept


def _bottom_posted(lines: list[str], after_header: int) -> list[str]:
    """Nothing above the quote header: the reply may be below a ">" quote (bottom-posting) or between its
    lines (inline answers). Only for ">" quotes: an Outlook-style header is followed by unmarked history."""
    rest = lines[after_header:]
    first = next((line for line in rest if line.strip()), "")
    if not _is_quoted(first):
        return []
    nxt = _quote_start(rest, 0)
    if nxt is not None:
        rest = rest[: nxt[0]]
    rest = _drop_trailing_quotes(rest)
    blocks = 0
    previous_quoted = True
    for line in rest:
        if line.strip() and not _is_quoted(line):
            if previous_quoted:
                blocks += 1
            previous_quoted = False
        elif _is_quoted(line):
            previous_quoted = True
    if blocks <= 1:  # bottom-posted: just the unquoted text
        return [line for line in rest if not _is_quoted(line)]
    return rest  # inline answers: keep the quotes they answer


def _cut_signature(lines: list[str]) -> list[str]:
    """Cuts at the first of: "-- " (RFC 3676; bare "--"/"__" only before a short signature block or
    nothing), a short "Sent from my ..." / "Get Outlook for ..." line near the end, or a sign-off line
    ("Kind regards,", "Thanks,", "Mit freundlichen Grüßen") that is not the first line and is followed by
    a name block (see `_looks_like_signature_block`)."""
    for index, line in enumerate(lines):
        if line.rstrip("\n") == "-- " or (
                _SIG_SEPARATOR.match(line.strip()) and _looks_like_signature_block(lines[index + 1:], empty=True)):
            return lines[:index]
    for index, line in enumerate(lines):
        stripped = line.strip()
        if (_SENT_FROM.match(stripped) and len(stripped.split()) <= 6 and not stripped.endswith((".", "!", "?"))
                and sum(1 for rest in lines[index + 1:] if rest.strip()) <= 2):
            lines = lines[:index]
            break
    content = [i for i, line in enumerate(lines) if line.strip()]
    for index in content[1:]:  # never the first line: "Thanks, see you then" is the message
        if _SIGNOFF.match(lines[index].strip()) and _looks_like_signature_block(lines[index + 1:]):
            return lines[:index]
    return lines


def _looks_like_signature_block(lines: list[str], empty: bool = False) -> bool:
    """A name and a few contact lines: 1-5 short lines (none if `empty`), none a sentence or a P.S."""
    filled = [line.strip() for line in lines if line.strip()]
    return (1 - empty) <= len(filled) <= _SIGNATURE_LINES and all(
        len(line) <= _SIGNATURE_LINE_CHARS and not line.endswith((".", "!", "?"))
        and not re.match(r"^p\.?\s?s\b", line, re.IGNORECASE)
        for line in filled)


# --------------------------------------------------------------------------------------------- HTML to text

_SKIP = {"script", "style", "head", "title", "template", "noscript"}
_BLOCK = {"p", "div", "ul", "ol", "li", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
          "pre", "hr", "section", "article", "header", "footer", "dl", "dt", "dd", "center", "address", "blockquote"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"}


def _marks_quoted_history(tag: str, attrs: dict[str, str]) -> bool:
    """Containers mail clients put around the quoted history (Gmail, Outlook web, Yahoo, Thunderbird)."""
    classes = attrs.get("class", "").lower()
    ident = attrs.get("id", "").lower()
    return ("gmail_quote" in classes.split() or ident in ("divrplyfwdmsg", "appendonsend")
            or "yahoo_quoted" in classes or "moz-cite-prefix" in classes.split())


def _marks_signature(attrs: dict[str, str]) -> bool:
    classes = attrs.get("class", "").lower().split()
    return ("gmail_signature" in classes or "moz-signature" in classes or attrs.get("id", "").lower() == "signature"
            or attrs.get("data-smartmail", "") == "gmail_signature")


class _HtmlText(HTMLParser):
    """Blocks and <br> become line breaks, <li> "- " (or "1. "), <blockquote> "> ", links "text (url)";
    whitespace collapses except in <pre>; client-marked signatures are skipped; output stops at a
    client-marked quoted history."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str, bool]] = []  # (quote depth, text, preformatted)
        self.current: list[str] = []
        self.quote_depth = 0
        self.pre = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.hidden = 0
        self.stopped = False
        self.lists: list[int | None] = []  # None for <ul>, the next number for <ol>
        self.links: list[str | None] = []

    def _flush(self, force: bool = False) -> None:
        text = "".join(self.current)
        if self.pre == 0:
            text = re.sub(r" {2,}", " ", text).strip(" ")
        if text or force:
            self.lines.append((self.quote_depth, text, self.pre > 0))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag not in _VOID:
            hides = tag in _SKIP or _marks_signature(values)
            self.stack.append((tag, hides))
            self.hidden += hides
        if self.hidden:
            return
        if _marks_quoted_history(tag, values):
            self._flush()
            self.stopped = True
            return
        if tag == "br":
            self._flush(force=True)
        elif tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote_depth += 1
            elif tag == "pre":
                self.pre += 1
            elif tag == "ul":
                self.lists.append(None)
            elif tag == "ol":
                self.lists.append(1)
            elif tag == "li":
                number = self.lists[-1] if self.lists else None
                if number is None:
                    self.current.append("- ")
                else:
                    self.current.append(f"{number}. ")
                    self.lists[-1] = number + 1
        elif tag == "a":
            self.links.append(values.get("href"))

    def handle_endtag(self, tag: str) -> None:
        if self.stopped or tag in _VOID or all(open_tag != tag for open_tag, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag, hides = self.stack.pop()
            self.hidden -= hides
            if not hides and not self.hidden:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag == "a" and self.links:
            href = self.links.pop()
            label = "".join(self.current)
            if href and re.match(r"https?://", href, re.I) and href not in label and href.rstrip("/") not in label:
                self.current.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.stopped or self.hidden:
            return
        data = data.replace("\xa0", " ")
        if self.pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self.current.append(part)
                self._flush(force=True)
            self.current.append(parts[-1])
            return
        self.current.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        self._flush()
        out: list[str] = []
        for depth, line, _ in self.lines:
            rendered = (">" * depth + (" " if line else "") + line) if depth else line
            if not rendered.strip() and out and not out[-1].strip():
                continue  # at most one blank line in a row
            out.append(rendered)
        return "\n".join(out).strip("\n")


def html_to_text(html: str) -> str:
    """A mail body's HTML as plain text (see `_HtmlText`). Never raises."""
    if not html.strip():
        return ""
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; keep whatever was read before a failure
        pass
    return parser.text()


# --------------------------------------------------------------------------------------------- attachments

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
            dropped.append(f"{name}: larger than 6 MB")
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
