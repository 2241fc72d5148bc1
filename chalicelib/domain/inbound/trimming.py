"""The new text of a reply: quoted history and signature removed, the user's own lines kept exactly."""
from __future__ import annotations

import re
from dataclasses import dataclass

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage as _ReplySplitter

from .html_text import html_to_text
from .mime import InboundMail

NO_TEXT = "no text"


@dataclass(frozen=True)
class Reply:
    text: str  # the user's new text, quoted history and signature removed
    reason: str | None = None  # NO_TEXT when nothing is left


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
