"""Where the quoted history of a reply's plain text starts: the line a mail program writes above it.

Three shapes, in the languages of the common mail programs (English, Spanish, French, German, Italian,
Portuguese, Dutch, Polish, Swedish, Russian, Japanese, Chinese, Korean, and a few more):

- an attribution ("On Tue, 4 Mar 2025 at 09:58, Jo <jo@example.com> wrote:", "Am 04.03.2025 um 09:58
  schrieb Jo:", "2025年3月4日(火) 9:58 Jo <jo@example.com>:"), possibly wrapped over up to three lines
  (Gmail wraps before the "<address>", Gmail on Android inside it). Recognised by shape rather than by
  one pattern per program: it ends with a colon and names someone (an address, our relay's sender name)
  and a time or a "wrote" verb, and quoted lines, a blank line or nothing follow it (unquoted text only
  after the plainest: "On <date>, <name> wrote:"). mail-parser-reply's per-language patterns are tried
  too (`_LIBRARY_ATTRIBUTION`); the library alone misses Portuguese and Russian, the Japanese, Chinese and
  Korean forms Gmail and Apple Mail write, wrapped attributions, and its header-block patterns match one
  ordinary line ("Do: ..."), so header blocks are found here;
- a header block (Outlook, Hotmail, Yahoo, AOL): "From: ... / Sent: ... / To: ... / Subject: ..." with its
  labels in any of those languages, the From label first and at least one other label after it;
- a separator line: "-----Original Message-----" and its translations, and forwarded-message lines.

`quote_start(lines)` returns the (first, after-last) line indices of the first one found.
"""
from __future__ import annotations

import re

from mailparser_reply.constants import MAIL_LANGUAGES

from ..alerts import RELAY_NAME_SUFFIX

# The library's patterns backtrack badly on very long lines, so they see each line cut to this length.
_LINE_CHARS = 250
_ATTRIBUTION_LINES = 3  # an attribution wrapped by a mail program spans at most this many lines
_ATTRIBUTION_CHARS = 400
_HEADER_BLOCK_LINES = 6  # lines after "From:" in which the other labels must appear

_LIBRARY_ATTRIBUTION = re.compile(
    "|".join(f"(?:{v['wrote_header']})" for v in MAIL_LANGUAGES.values() if v.get("wrote_header")),
    re.IGNORECASE)

# "wrote" as attribution lines write it (and a few forms that stand for it: Apple's Japanese "のメール").
_WROTE = re.compile(
    r"\b(?:wrote|writes|schrieb|geschrieben|a\s+écrit|escribió|ha\s+scritto|escreveu|schreef|geschreven|"
    r"napisał(?:\(a\)|a)?|pisze|skrev|написал(?:\(а\)|а)?|пишет|написав|napsal(?:\(a\))?|kirjoitti|írta|yazdı|"
    r"έγραψε|a\s+scris|כתב|كتب|đã\s+viết|menulis)\b|写道|寫道|작성|쓴\s*글|のメール|書きました",
    re.IGNORECASE)
_OPENER = re.compile(
    r"^(?:on|le|am|el|em|il|op|den|dnia|w\s+dniu|dne|στις|pada|vào|в|在|\d)(?:\b|\d|\s)", re.IGNORECASE)
_ADDRESS = re.compile(r"[^\s<>()\"']+@[^\s<>()\"']+\.[^\s<>()\"']+|<[^<>]*@")
_WHEN = re.compile(
    r"\d{1,2}[:.h]\d{2}|\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\d+\s?[年月日년월일]|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)
_ENDS_WITH_COLON = re.compile(r"[:：]\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")

# Outlook-style header labels, by role, in every language above (a label may be bold: "*From:*").
_FROM_LABELS = ("From", "Von", "De", "Da", "Van", "Od", "Från", "Fra", "От", "Від", "Lähettäjä", "De la", "Από",
                "差出人", "送信者", "发件人", "寄件者", "寄件人", "보낸\\s?사람", "Feladó", "Kimden")
_OTHER_LABELS = (
    "Sent", "Date", "To", "Subject", "Cc",  # en
    "Gesendet", "Datum", "An", "Betreff",  # de
    "Envoyé", "À", "A", "Objet", "Date d'envoi",  # fr
    "Enviado", "Enviado el", "Fecha", "Para", "Asunto", "CC",  # es
    "Inviato", "Data", "Oggetto",  # it
    "Enviada em", "Enviado em", "Assunto",  # pt
    "Verzonden", "Aan", "Onderwerp",  # nl
    "Wysłane", "Wysłano", "Do", "Temat", "DW",  # pl
    "Skickat", "Till", "Ämne", "Kopia",  # sv
    "Sendt", "Til", "Emne",  # da, no
    "Отправлено", "Дата", "Кому", "Тема", "Копия",  # ru
    "送信日時", "日付", "宛先", "件名",  # ja
    "发送时间", "日期", "收件人", "主题", "抄送", "寄件日期", "收件者", "主旨", "副本",  # zh
    "보낸\\s?날짜", "날짜", "받는\\s?사람", "제목", "참조",  # ko
    "Odesláno", "Komu", "Předmět", "Lähetetty", "Vastaanottaja", "Aihe", "Gönderildi", "Kime", "Konu",  # cs fi tr
    "Elküldve", "Címzett", "Tárgy", "Στάλθηκε", "Προς", "Θέμα",  # hu el
    "Надіслано", "Trimis", "Către", "Subiect",  # uk ro
)


def _label_line(labels: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\*{{0,2}}(?:{names})\s?\*{{0,2}}\s?[:：]", re.IGNORECASE)


_FROM_LINE = _label_line(_FROM_LABELS)
_OTHER_LINE = _label_line(_OTHER_LABELS)
# A header block in a language without a label above: its first line names our relay sender; the
# other label lines are told by shape (a short label, a colon, a value).
_NAMES_US_IN_A_LABEL = re.compile(
    rf"^\*{{0,2}}[^\s:：<>@][^:：<>@]{{0,24}}[:：]\*{{0,2}}\s.*{re.escape(RELAY_NAME_SUFFIX.strip())}", re.IGNORECASE)
_ANY_LABEL_LINE = re.compile(r"^\*{0,2}[^\s:：<>@][^:：<>@]{0,24}[:：]\*{0,2}\s+\S")
_DASHED = re.compile(r"^[-=_*]{2,}\s*(.{3,300}?)\s*[-=_*]{2,}$")
# Yahoo on Android writes the attribution and the quoted text on one line: "On ..., Jo<jo@x> wrote:   Can you".
_INLINE_ATTRIBUTION = re.compile(rf"{_OPENER.pattern[1:]}.{{0,300}}?(?:{_WROTE.pattern})\s*[:：]\s+\S",
                                 re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^[-_=*\s]{2,}\s*(?:original message|original-nachricht|ursprüngliche nachricht|originalnachricht|"
    r"message d'origine|message original|mensaje original|messaggio originale|mensagem original|"
    r"oorspronkelijk bericht|oryginalna wiadomość|wiadomość oryginalna|ursprungligt meddelande|"
    r"originalmeddelande|oprindelig meddelelse|opprinnelig melding|исходное сообщение|元のメッセージ|原始邮件|"
    r"原始郵件|原始信息|原始訊息|원본 메시지|forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|"
    r"messaggio inoltrato|mensagem encaminhada|doorgestuurd bericht|wiadomość przekazana|"
    r"vidarebefordrat meddelande|пересылаемое сообщение|転送されたメッセージ|转发的邮件|전달된 메시지)"
    r"\s*[-_=*\s]{2,}$", re.IGNORECASE)


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")  # bidi marks, zero-width


def _unquoted(line: str) -> tuple[int, str]:
    """(quote depth, the line without its ">" marks, invisible bidi/zero-width marks and edge spaces)."""
    stripped = _INVISIBLE.sub("", line).strip()
    depth = 0
    while stripped.startswith(">"):
        stripped = stripped[1:].lstrip()
        depth += 1
    return depth, stripped


def quote_start(lines: list[str], offset: int = 0, limit_chars: int = 30_000) -> tuple[int, int] | None:
    """(first line, line after the last) of the first attribution, header block or separator at or after
    `offset` (only the first `limit_chars` characters are searched)."""
    read = [_unquoted(line) for line in lines]
    size = 0
    for index in range(offset, len(lines)):
        size += len(lines[index]) + 1
        if size > limit_chars:
            return None
        _, text = read[index]
        if not text:
            continue
        if _SEPARATOR.match(text):
            return index, index + 1
        dashed = _DASHED.match(text)
        if dashed and (_is_attribution(dashed.group(1), "blank", opener_required=True)
                       or _header_block_end(read, index, any_label=True) is not None):
            return index, index + 1  # "---- On ... wrote ----" (Zoho), "----- Původní e-mail -----" + headers
        if _FROM_LINE.match(text) or _NAMES_US_IN_A_LABEL.match(text):
            end = _header_block_end(read, index)
            if end is not None:
                return index, end
        if _OTHER_LINE.match(text):  # a block whose From comes later: "Gesendet: / Von: / An:" (GMX)
            end = _header_block_end(read, index - 1, any_label=False)
            block = [read[i][1] for i in range(index, end or index)]
            if len(block) >= 3 and any(_FROM_LINE.match(line) for line in block):
                return index, end
        if _INLINE_ATTRIBUTION.match(text) and _names_someone(text):
            return index, index + 1
        if _ENDS_WITH_COLON.search(text):
            start = _attribution_start(read, index, offset)
            if start is not None:
                return start, index + 1
    return None


def _header_block_end(read: list[tuple[int, str]], first: int, any_label: bool | None = None) -> int | None:
    """The line after a header block that starts at `first` (a From label, or a line naming our relay sender),
    or None when no other label follows within a few lines (a person's own "From: ..." line is not a header
    block). Label lines are told by the known labels, or (`any_label`, and for a block in a language
    without a known From label) by shape, and then two are needed."""
    generic = not _FROM_LINE.match(read[first][1]) if any_label is None else any_label
    end = None
    labels = 0
    for index in range(first + 1, min(len(read), first + 1 + _HEADER_BLOCK_LINES)):
        text = read[index][1]
        if (_ANY_LABEL_LINE if generic else _OTHER_LINE).match(text):
            end = index + 1
            labels += 1
        elif not text and end is not None:
            break
    return end if labels >= (2 if generic else 1) else None


def _attribution_start(read: list[tuple[int, str]], last: int, offset: int) -> int | None:
    """The first line of an attribution ending at `last`, or None. Up to two lines above belong to it when
    they are not blank, at the same quote depth and do not end a sentence. The shortest such window that
    starts like an attribution ("On", "Le", a date...) wins; otherwise the whole window, when its shape
    says attribution (see the module docstring)."""
    depth = read[last][0]
    first = last
    while (first > offset and last - first + 1 < _ATTRIBUTION_LINES and read[first - 1][1]
           and read[first - 1][0] == depth and not _SENTENCE_END.search(read[first - 1][1])):
        first -= 1
    follows = _following(read, last)
    for start in range(last, first - 1, -1):
        window = " ".join(text for _, text in read[start:last + 1])
        if len(window) > _ATTRIBUTION_CHARS:
            break
        if _is_attribution(window, follows, opener_required=True):
            return start
    window = " ".join(text for _, text in read[first:last + 1])
    if follows != "text" and len(window) <= _ATTRIBUTION_CHARS and _is_attribution(window, follows,
                                                                                     opener_required=False):
        return first
    return None


def _following(read: list[tuple[int, str]], last: int) -> str:
    """What comes right after an attribution: "quote" (deeper-quoted lines), "blank", "end" or "text"."""
    if last + 1 >= len(read):
        return "end"
    depth, text = read[last + 1]
    if not text:
        rest = next(((d, t) for d, t in read[last + 1:] if t), None)
        if rest is None:
            return "end"
        return "quote" if rest[0] > read[last][0] else "blank"
    return "quote" if depth > read[last][0] else "text"


def _is_attribution(window: str, follows: str, *, opener_required: bool) -> bool:
    if opener_required:
        if not _OPENER.match(window):
            return False
        if _LIBRARY_ATTRIBUTION.match(window[:_LINE_CHARS]):
            return True
    names_someone = _names_someone(window)
    wrote = bool(_WROTE.search(window))
    when = bool(_WHEN.search(window))
    if follows == "text":  # history not marked as a quote at all: only the plainest attribution will do
        return names_someone and wrote and when
    if names_someone:
        return wrote or when or follows == "quote"
    return wrote and when


def _names_someone(text: str) -> bool:
    """An address, or our relay sender's name (every alert comes from "<name> via Callboard")."""
    return bool(_ADDRESS.search(text)) or RELAY_NAME_SUFFIX.strip().lower() in text.lower()
