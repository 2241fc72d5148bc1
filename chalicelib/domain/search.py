"""Search tokens: how message text, subjects and names become per-user index entries.

Matching is whole-word, case- and accent-insensitive; a query of several words matches
threads that contain all of them (anywhere in the thread).
"""
from __future__ import annotations

import re
import unicodedata

MIN_TOKEN = 2
MAX_TOKEN = 40
# A 20,000-character body has at most a few thousand distinct words; the cap bounds the
# indexing work one message can cause.
MAX_TOKENS_PER_TEXT = 2_000
MAX_QUERY_TOKENS = 8

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(*texts: str | None) -> set[str]:
    tokens: set[str] = set()
    for text in texts:
        if not text:
            continue
        for word in _WORD.findall(normalise(text)):
            word = word.strip("_")
            if MIN_TOKEN <= len(word) <= MAX_TOKEN:
                tokens.add(word)
                if len(tokens) >= MAX_TOKENS_PER_TEXT:
                    return tokens
    return tokens


def query_tokens(query: str) -> list[str]:
    """Tokens of a search box entry, longest first (longer words tend to be rarer)."""
    words = sorted(tokenize(query), key=lambda w: (-len(w), w))
    return words[:MAX_QUERY_TOKENS]
