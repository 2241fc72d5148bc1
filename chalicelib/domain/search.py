"""Search rules: how text becomes index words, what a query asks for, what a thread must hold to
match it, and which words a new message posts for each participant (docs/ARCHITECTURE.md, Search).

Matching is case- and accent-insensitive. A query's words must all match, as whole words; its
last word also matches as a prefix (`audi` finds audition), so results follow what is typed.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import InvalidInput

MIN_TOKEN = 2
MAX_TOKEN = 40
# A 20,000-character body has at most a few thousand distinct words; the cap bounds the
# indexing work one message can cause.
MAX_TOKENS_PER_TEXT = 2_000
MAX_QUERY_TOKENS = 8
# A message adds at most this many of its (longest) words to its thread's word set, and a
# thread holds at most THREAD_WORDS_MAX (the word set is one item, read whole by a search).
INDEXED_BODY_WORDS = 300
THREAD_WORDS_MAX = 3_000
# Per-user postings a message may write in all, shared out between its participants.
POSTING_BUDGET = 240

# Words so common that an index entry for them finds nothing a person would look for.
STOP_WORDS = frozenset(
    "a an and are as at be but by can do for from had has have he her his i if in is it its me my no not of on "
    "or our she so that the their them then there they this to up us was we were will with you your".split()
)

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> Iterable[str]:
    for word in _WORD.findall(normalise(text)):
        word = word.strip("_")
        if MIN_TOKEN <= len(word) <= MAX_TOKEN:
            yield word


def tokenize(*texts: str | None) -> set[str]:
    """Every distinct word of the texts (stop words too: a card is matched in full)."""
    tokens: set[str] = set()
    for text in texts:
        for word in _words(text or ""):
            tokens.add(word)
            if len(tokens) >= MAX_TOKENS_PER_TEXT:
                return tokens
    return tokens


def index_words(*texts: str | None) -> set[str]:
    """The words worth an index entry: `tokenize` without the stop words."""
    return tokenize(*texts) - STOP_WORDS


def query_tokens(query: str) -> list[str]:
    """Tokens of a search box entry, longest first (longer words tend to be rarer)."""
    return rarest_first(tokenize(query))[:MAX_QUERY_TOKENS]


def rarest_first(words: Iterable[str]) -> list[str]:
    """Longer words tend to be rarer: they are indexed first when a budget runs out."""
    return sorted(set(words), key=lambda w: (-len(w), w))


def message_words(body: str) -> list[str]:
    """What one message adds to its thread's word set (at most INDEXED_BODY_WORDS)."""
    return rarest_first(index_words(body))[:INDEXED_BODY_WORDS]


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...]  # whole words, longest first
    prefix: str  # the last word typed, matched as a prefix

    @property
    def terms_to_try(self) -> list[tuple[str, bool]]:
        """(term, is prefix), longest first: the order in which their postings are tried."""
        terms = [(word, False) for word in self.words] + [(self.prefix, True)]
        return sorted(terms, key=lambda t: -len(t[0]))

    @property
    def single_term(self) -> bool:
        return not self.words

    def matches(self, tokens: set[str]) -> bool:
        """Every term is among the tokens (the last as a prefix of one)."""
        if any(word not in tokens for word in self.words):
            return False
        return any(t.startswith(self.prefix) for t in tokens)


def parse_query(text: str) -> SearchQuery:
    """The search box's text as terms. Stop words among the whole words are dropped (they are
    not indexed); the last word is kept whatever it is, as a prefix."""
    typed = list(dict.fromkeys(_words(text)))
    if not typed:
        raise InvalidInput("q must contain a word of at least 2 letters or digits", code="invalid_query")
    *whole, last = typed[:MAX_QUERY_TOKENS]
    words = tuple(w for w in rarest_first(whole) if w not in STOP_WORDS)
    return SearchQuery(words, last)


def card_tokens(subject: str, production: str | None, role: str | None, other_names: Iterable[str]) -> set[str]:
    """What a thread's card offers to match: subject, production, role and the other people's names."""
    return index_words(subject, production, role, *other_names)


@dataclass(frozen=True)
class Postings:
    words: dict[str, list[str]]  # user id -> the words posted for them
    partial: list[str]  # users who got fewer words than the message had: marked, not posted in full

    @property
    def count(self) -> int:
        return sum(len(w) for w in self.words.values()) + len(self.partial)


def share_postings(new_words: Iterable[str], cards: dict[str, set[str]], budget: int = POSTING_BUDGET) -> Postings:
    """Which words a message posts for each participant (`cards`: user id -> card words, given
    when the thread starts, else empty sets). Each gets at most budget // participants words:
    card words first (longest first), then the message's new words (longest first); whoever
    would need more is marked partial instead, and the thread's word set answers for them."""
    body = rarest_first(new_words)
    share = max(1, budget // max(1, len(cards)))
    words: dict[str, list[str]] = {}
    partial: list[str] = []
    for user_id, card in cards.items():
        card_words = rarest_first(card)
        wanted = card_words + [w for w in body if w not in card]
        if len(wanted) > share:
            partial.append(user_id)
        if wanted:
            words[user_id] = wanted[:share]
    return Postings(words, partial)
