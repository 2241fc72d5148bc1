"""The new text of a reply: quoted history and signature removed, the user's own lines kept exactly.

Where the history starts is read from the HTML part's structure when the mail program marked it there
(`html_text.reply_above_history`: Gmail's gmail_quote, Outlook's divRplyFwdMsg, Apple's and Thunderbird's
blockquote type="cite", ...), which is more reliable than guessing from text; the text part is then cut
where its words reach the HTML's, so the post keeps the plain text's own line breaks. Without such
structure, the text is cut at the first quote header `quote_headers.quote_start` finds. A reply with
nothing above the quote keeps what is written below or between ">" quoted lines (bottom-posting, inline
answers). Signatures go last (`signatures.cut_signature`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .html_text import html_to_text, reply_above_history
from .mime import InboundMail
from .quote_headers import quote_start
from .signatures import cut_signature

NO_TEXT = "no text"


@dataclass(frozen=True)
class Reply:
    text: str  # the user's new text, quoted history and signature removed
    reason: str | None = None  # NO_TEXT when nothing is left


_RULE = re.compile(r"^[_\-=*~]{5,}$")
# A message body is at most 20,000 characters (messaging.BODY_MAX), so new text longer than this is refused
# whatever follows it: the search for a quote header stops here.
_SEARCH_CHARS = 30_000


def extract_reply(mail: InboundMail) -> Reply:
    """The user's new text (see the module docstring). Empty after trimming -> reason NO_TEXT."""
    structured = reply_above_history(mail.html) if mail.html.strip() else None
    structured = trim_reply(structured) if structured else ""
    if mail.text.strip():
        trimmed = trim_reply(mail.text)
        if structured:
            trimmed = _agree(mail.text, trimmed, structured)
    else:
        trimmed = structured or trim_reply(html_to_text(mail.html, keep_history=True))
    return Reply(trimmed, None if trimmed.strip() else NO_TEXT)


def trim_reply(text: str) -> str:
    """Removes quoted history and the signature from a reply body, keeping the rest exactly (only trailing
    spaces on lines and leading/trailing blank lines go)."""
    lines = _lines(text)
    cut = quote_start(lines, 0, _SEARCH_CHARS)
    if cut is None:
        kept = lines
    else:
        start, end = cut
        kept = lines[:start]
        if not _has_text(_drop_trailing_quotes(kept)):
            kept = _bottom_posted(lines, end)
        else:
            answers = _inline_answers(lines, end)
            if answers:  # "Answers below:" above a quote the person answered line by line
                return _tidy([*cut_signature(_drop_trailing_quotes(kept)), "", *answers])
    return _tidy(cut_signature(_drop_trailing_quotes(kept)))


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _tidy(lines: list[str]) -> str:
    kept = [line.rstrip() for line in _drop_trailing_quotes(lines)]
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept)


def _words(text: str) -> str:
    """Letters and digits only: what a text part and an HTML part of one reply share, whatever their
    line breaks, link notation ("<url>" or "(url)") and spacing."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _agree(text: str, trimmed: str, structured: str) -> str:
    """The text part cut where its words reach the HTML part's new text; the HTML's text itself when the
    two never line up (e.g. an image only the text part names)."""
    wanted = _words(structured)
    have = _words(trimmed)
    if have == wanted or (have.startswith(wanted) and any(_is_quoted(line) for line in _lines(trimmed))):
        return trimmed  # the same words, or the HTML's text followed by answers between quoted lines
    lines = _lines(text)
    seen = ""
    for index, line in enumerate(lines):
        seen += _words(line)
        if seen == wanted:
            return _tidy(lines[:index + 1])
        if len(seen) > len(wanted) or not wanted.startswith(seen):
            break
    return structured


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _drop_trailing_quotes(lines: list[str]) -> list[str]:
    kept = list(lines)
    while kept and (not kept[-1].strip() or _is_quoted(kept[-1]) or _RULE.match(kept[-1].strip())):
        kept.pop()
    return kept


def _quoted_region(lines: list[str], after_header: int) -> list[str]:
    """What follows a quote header when it is a ">" quote, up to the next quote header; else []."""
    rest = lines[after_header:]
    first = next((line for line in rest if line.strip()), "")
    if not _is_quoted(first):
        return []
    nxt = quote_start(rest, 0, _SEARCH_CHARS)
    return _drop_trailing_quotes(rest[: nxt[0]] if nxt is not None else rest)


def _inline_answers(lines: list[str], after_header: int) -> list[str]:
    """The quoted history with the person's answers between its lines, when there are such answers (an
    unquoted line with quoted lines after it, signatures aside); else []."""
    region = cut_signature(_quoted_region(lines, after_header))
    answered = any(line.strip() and not _is_quoted(line) and any(_is_quoted(later) for later in region[i + 1:])
                   for i, line in enumerate(region))
    return _drop_trailing_quotes(region) if answered else []


def _bottom_posted(lines: list[str], after_header: int) -> list[str]:
    """Nothing above the quote header: the reply may be below a ">" quote (bottom-posting) or between its
    lines (inline answers). Only for ">" quotes: an Outlook-style header is followed by unmarked history."""
    rest = _quoted_region(lines, after_header)
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
