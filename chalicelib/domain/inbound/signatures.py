"""Signatures at the end of a reply: "-- ", a mail program's "Sent from my iPhone" line (in the languages of
the common mail programs), and a sign-off followed by a short name block. Conservative: a sign-off with
prose after it, or on the first line, is the message."""
from __future__ import annotations

import re

from mailparser_reply.constants import MAIL_LANGUAGES

_SIG_SEPARATOR = re.compile(r"^(--|__)$")
_SENT_FROM = re.compile(
    r"^(?:" + "|".join(v["sent_from"] for v in MAIL_LANGUAGES.values() if v.get("sent_from"))
    + r"|Sent from|Sent via|Sent with|Gesendet mit|Get Outlook for|Envoyé de mon|Envoyé depuis|Envoyé à partir de|"
    r"Verzonden vanuit|"
    r"Obtenir Outlook pour|Von meinem|"
    r"Outlook für \S+ beziehen|Enviado desde|Obtener Outlook para|Inviato da|Scarica Outlook per|Enviado do|"
    r"Enviado a partir do|Obter o Outlook para|Verstuurd vanaf|Verzonden met|Outlook voor \S+ downloaden|"
    r"Wysłane z|Pobierz aplikację Outlook|Skickat från|Skaffa Outlook för|Отправлено с|Отправлено из|"
    r"Загрузите Outlook|Получить Outlook)\b"
    r"|^\S+\s?から送信$|^从我的\S+发送$|^发自我的\S+$|^(?:내\s)?\S+에서 보냄$|^\S+\s?版 Outlook を入手$|^获取 Outlook"
    r"|^\S+용 Outlook 받기$",
    re.IGNORECASE)
_SENT_FROM_WORDS = 9  # "Sent from the all new AOL app for iOS"
_SIGNOFF_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "cs", "sv", "da")
_SIGNOFF = re.compile(
    r"^(?:" + "|".join(s for lang in _SIGNOFF_LANGUAGES for s in MAIL_LANGUAGES[lang].get("signatures", [])
                       if not s.startswith("/"))
    + r"|cheers|thanks|many thanks|thank you|regards|best wishes|warm regards|warmly|all best|bien à vous|merci"
    r"|bises|amitiés|saludos|un abrazo|un saludo|grazie|saluti|liebe grüße|lg|vg|abraços|atenciosamente|obrigad[oa]"
    r"|groetjes|groeten|hälsningar|с уважением|спасибо)\s*[,.!]*$",
    re.IGNORECASE)
_SIGNATURE_LINES = 5
_SIGNATURE_LINE_CHARS = 60


def cut_signature(lines: list[str]) -> list[str]:
    """Cuts at the first of: "-- " (RFC 3676; bare "--"/"__" only before a short signature block or
    nothing), a short "Sent from my ..." / "Get Outlook for ..." line near the end, or a sign-off line
    ("Kind regards,", "Thanks,", "Mit freundlichen Grüßen") that is not the first line and is followed by
    a name block (see `_looks_like_signature_block`)."""
    for index, line in enumerate(lines):
        if line.rstrip("\n") == "-- " or (
                _SIG_SEPARATOR.match(line.strip()) and _looks_like_signature_block(lines[index + 1:], empty=True)):
            return lines[:index]
    for index, line in enumerate(lines):
        if is_sent_from(line) and sum(1 for rest in lines[index + 1:] if rest.strip()) <= 2:
            lines = lines[:index]
            break
    content = [i for i, line in enumerate(lines) if line.strip()]
    for index in content[1:]:  # never the first line: "Thanks, see you then" is the message
        if _SIGNOFF.match(lines[index].strip()) and _looks_like_signature_block(lines[index + 1:]):
            return lines[:index]
    return lines


def is_sent_from(line: str) -> bool:
    """A mail program's own line ("Sent from my iPhone", "Get Outlook for iOS<https://aka.ms/o0ukef>"):
    short, no sentence."""
    stripped = re.sub(r"\s?<https?://[^<>\s]+>$", "", line.strip())  # Outlook: "Get Outlook for iOS<https://...>"
    return (bool(_SENT_FROM.match(stripped)) and len(stripped.split()) <= _SENT_FROM_WORDS
            and "," not in stripped and not stripped.endswith(("!", "?")))  # "...Galaxy smartphone." is one


def _looks_like_signature_block(lines: list[str], empty: bool = False) -> bool:
    """A name and a few contact lines: 1-5 short lines (none if `empty`), none a sentence or a P.S."""
    filled = [line.strip() for line in lines if line.strip()]
    return (1 - empty) <= len(filled) <= _SIGNATURE_LINES and all(
        len(line) <= _SIGNATURE_LINE_CHARS and not line.endswith((".", "!", "?"))
        and not re.match(r"^p\.?\s?s\b", line, re.IGNORECASE)
        for line in filled)
