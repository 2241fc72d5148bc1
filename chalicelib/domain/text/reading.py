"""Reading text past the disguises people use to slip words past a filter.

`analyse` undoes them before any word is compared: Unicode compatibility forms (fullwidth,
mathematical letters), Cyrillic/Greek look-alikes, accents and zero-width characters, case,
leetspeak inside words ("p0rn", "z3lle", "$ex"), letters spaced or dotted apart ("n u d e",
"W h a t s A p p", "p.o.r.n"), words split in two ("po rn", "pay-pal"), masked letters ("p*rn") and
stretched letters ("nuuude"). Notice vetting and the message scam signals both read text this way.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .phrases import BREAK, Text

# Letters from other scripts (and Latin small capitals) that look like Latin letters. NFKD already
# folds fullwidth, mathematical, circled and ligature forms; these have no decomposition.
_LOOKALIKES = str.maketrans({
    # Cyrillic
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
    "У": "y", "Х": "x", "Ѕ": "s", "І": "i", "Ј": "j", "Ԁ": "d", "Ү": "y", "Һ": "h", "Ӏ": "l", "Ԛ": "q", "Ԝ": "w",
    "а": "a", "в": "b", "г": "r", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l",
    "ԛ": "q", "ԝ": "w", "ү": "y", "ь": "b", "ѡ": "w",
    # Greek
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p", "ς": "s", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    "ϲ": "c", "ϳ": "j",
    # Latin look-alikes and small capitals
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o",
    "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
})
# Leetspeak, applied only inside words that also have letters ("p0rn", "$ex"; never "$25" or "18+").
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e"})
# Numbers with a unit stay numbers: 25hr, 9am, 2nd, 18yo, 35mm, 4k, 3x.
_NUMBER_WITH_UNIT = re.compile(
    r"[$€£]?\d+(?:[.,]\d+)*(?:st|nd|rd|th|am|pm|k|s|mm|p|yo|yrs?|hrs?|h|m|min|x|d|ft|in|cm|kg|lbs?)?")
_APOSTROPHES = re.compile(r"['’‘`ʼ]")
# Clause breaks become a "," token: a negation or a phrase never reaches across one.
_CLAUSE_BREAK = re.compile(r"[.,;!?…]+(?=\s|$)|[\n\r()\[\]{}•·▪►–—]")
_RUN = re.compile(r"[\w$@!|+*€]+")
_WORD = re.compile(r"[^\W_]+")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")

# Words a disguise is most often used for: "po rn", "nu.de", "p*rn" and "pay-pal" are rebuilt into them.
# Notice vetting looks for the first line, the message scam signals for the rest.
DISGUISED_WORDS = frozenset({"porn", "porno", "nude", "nudes", "nudity", "naked", "sex", "sexual", "xxx",
                             "topless", "onlyfans", "fee", "fees",
                             "whatsapp", "telegram", "signal", "kik", "zelle", "paypal", "venmo", "cashapp",
                             "bitcoin", "btc", "crypto", "usdt", "wire", "deposit", "check", "cheque", "gmail"})


def fold(text: str) -> str:
    """Compatibility forms, accents and invisible characters removed; look-alikes folded; case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    return kept.translate(_LOOKALIKES).casefold()


def _unleet(run: str) -> str:
    run = run.strip("!|+")
    if not any(ch.isalpha() for ch in run) or _NUMBER_WITH_UNIT.fullmatch(run):
        return run
    return run.translate(_LEET)


def _unmask(run: str) -> str:
    """"p*rn" -> "porn" when most letters show and exactly one disguised word fits them ("n***" stays)."""
    if "*" not in run.strip("*") or run.count("*") * 2 > len(run):
        return run
    fits = [word for word in DISGUISED_WORDS
            if len(word) == len(run) and all(c == "*" or c == w for c, w in zip(run, word, strict=True))]
    return fits[0] if len(fits) == 1 else run


def _join_spaced_letters(tokens: list[str]) -> list[str]:
    """Three or more one-character tokens in a row ("n u d e", "p.o.r.n", "p. o. r. n.") become one word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        letters: list[str] = []
        j = i
        while j < len(tokens):
            if len(tokens[j]) == 1 and tokens[j] != BREAK:
                letters.append(tokens[j])
            elif not (tokens[j] == BREAK and letters and j + 1 < len(tokens)
                      and len(tokens[j + 1]) == 1 and tokens[j + 1] != BREAK):
                break
            j += 1
        if len(letters) >= 3:
            out.append(_unleet("".join(letters)))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _join_fragments(tokens: list[str]) -> list[str]:
    """Two or three short pieces that spell a disguised word ("po rn", "nu-de") become that word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            parts = tokens[i:i + size]
            short = all(len(p) <= 3 for p in parts) or (size == 2 and min(map(len, parts)) <= 2
                                                         and max(map(len, parts)) <= 4)
            if len(parts) == size and BREAK not in parts and short:
                joined = _unleet("".join(parts))
                if joined in DISGUISED_WORDS:
                    out.append(joined)
                    i += size
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _unstretch(word: str) -> str:
    return word if len(set(word)) == 1 else _STRETCHED.sub(r"\1", word)


@lru_cache(maxsize=256)
def analyse(text: str) -> Text:
    folded = fold(text)
    spaced = _CLAUSE_BREAK.sub(f" {BREAK} ", _APOSTROPHES.sub("", folded))
    words: list[str] = []
    for chunk in spaced.split():
        if chunk == BREAK:
            words.append(BREAK)
            continue
        for run in _RUN.findall(chunk):
            words.extend(_unstretch(w) for w in _WORD.findall(_unmask(_unleet(run))))
    words = _join_fragments(_join_spaced_letters(words))
    tidy: list[str] = []
    for word in words:
        if word != BREAK or (tidy and tidy[-1] != BREAK):
            tidy.append(word)
    while tidy and tidy[-1] == BREAK:
        tidy.pop()
    return Text(folded, tuple(tidy), " ".join(tidy))
