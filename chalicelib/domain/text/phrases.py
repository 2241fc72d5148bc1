"""Phrase matching over analysed words: families of phrases and when a match does not count.

A `Terms` family is one regex over lower-case words joined by single spaces, so it matches whole
words and phrases, never substrings ("Essex Street" and "Scunthorpe" are just words). A phrase
preceded by "no"/"not"/"without" (or followed by "none"/"not required") counts as denied ("no
nudity", "there is no cost to apply") unless the family says negation does not apply.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
BREAK = ","  # the token a clause break becomes: a negation or a phrase never reaches across one


@dataclass(frozen=True)
class Hit:
    phrase: str  # the words matched, as read after undoing disguises
    start: int  # token index
    end: int  # token index, exclusive


@dataclass(frozen=True)
class Terms:
    """A family of words/phrases (one regex over the analysed words) and when a match does not count."""

    source: str  # the regex, compiled on first use (`pattern`)
    not_before: frozenset[str] = frozenset()  # ignore when one of the two preceding words is one of these
    not_after: frozenset[str] = frozenset()  # ignore when the next word is one of these
    not_inside: frozenset[str] = frozenset()  # ignore a match that contains one of these words
    negatable: bool = True  # "no X", "without X", "X: none" do not count
    negated_inside: bool = False  # a negator inside the match ("charge no fee") also denies it

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled when first needed: hundreds of families would otherwise cost every cold start
        tens of milliseconds, also in functions that never read a notice or a message."""
        return re.compile(self.source)


def terms(*phrases: str, not_before: tuple[str, ...] = (), not_after: tuple[str, ...] = (),
          not_inside: tuple[str, ...] = (), negatable: bool = True, negated_inside: bool = False) -> Terms:
    """Phrases are regexes over lower-case words joined by single spaces; they match whole words only."""
    source = r"(?<!\S)(?:" + "|".join(phrases) + r")(?!\S)"
    return Terms(source, frozenset(not_before), frozenset(not_after), frozenset(not_inside), negatable,
                 negated_inside)


_NEGATORS = frozenset({"no", "not", "non", "never", "without", "zero", "none", "nor", "neither", "dont",
                       "doesnt", "wont", "isnt", "arent", "cannot", "cant", "nothing", "nobody"})
# Words that turn a preceding negation around: "not afraid of nudity", "no problem with nudity".
_NEGATION_BREAKERS = frozenset({"afraid", "shy", "opposed", "problem", "problems", "issue", "issues", "mind",
                                "hesitant", "objection", "objections", "but", "except", "unless", "only",
                                "just", "limited", "worry", "worried", "uncomfortable", "squeamish", "prude",
                                "forget", "hesitate", "delay"})
_DENIED_AFTER = frozenset({"none", "nothing", "waived", "free", "na"})
_NOT_NEEDED = frozenset({"required", "needed", "necessary", "involved", "included", "expected", "requested",
                         "charged", "applicable", "asked", "mandatory"})
NEGATION_WINDOW = 4


def _negated(tokens: tuple[str, ...], start: int, end: int, inside: bool) -> bool:
    if inside and any(t in _NEGATORS for t in tokens[start:end]):
        return True
    for i in range(start - 1, max(start - NEGATION_WINDOW, 0) - 1, -1):
        if tokens[i] == BREAK or tokens[i] in _NEGATION_BREAKERS:
            break
        if tokens[i] in _NEGATORS:
            return True
    after: list[str] = []
    following = tokens[end + 1:end + 4] if tokens[end:end + 1] == (BREAK,) else tokens[end:end + 3]  # "Nudity? None"
    for token in following:
        if token == BREAK:
            break
        after.append(token)
    if after and after[0] in _DENIED_AFTER | {"no"} and not set(after[1:2]) & _NEGATION_BREAKERS:
        return True
    return any(a == "not" and b in _NOT_NEEDED for a, b in pairwise(after)) or "waived" in after


def split_sentences(text: str) -> list[str]:
    return _SENTENCE.split(text)


def denied_in_clause(tokens: tuple[str, ...], index: int, turns: frozenset[str] = frozenset()) -> bool:
    """A negation earlier in the same clause reaches the word at `index` ("please don't ever send your SSN"),
    unless a word turns it around first ("don't hesitate to send", or one of `turns`)."""
    for i in range(index - 1, -1, -1):
        if tokens[i] == BREAK or tokens[i] in _NEGATION_BREAKERS or tokens[i] in turns:
            return False
        if tokens[i] in _NEGATORS:
            return True
    return False


@dataclass(frozen=True)
class Text:
    folded: str  # fold(original): what URL and address patterns read
    words: tuple[str, ...]  # disguises undone; BREAK marks a clause break
    joined: str  # " ".join(words): what phrase patterns read

    def find(self, family: Terms) -> list[Hit]:
        hits: list[Hit] = []
        starts = self._starts
        for match in family.pattern.finditer(self.joined):
            start = bisect.bisect_right(starts, match.start()) - 1
            end = start + match.group(0).count(" ") + 1
            before = self.words[max(start - 2, 0):start]
            before = before[before.index(BREAK) + 1:] if BREAK in before else before
            if family.not_before and set(before) & family.not_before:
                continue
            if family.not_after and end < len(self.words) and self.words[end] in family.not_after:
                continue
            if family.not_inside and family.not_inside.intersection(self.words[start:end]):
                continue
            if family.negatable and _negated(self.words, start, end, family.negated_inside):
                continue
            hits.append(Hit(match.group(0).replace(" , ", ", "), start, end))
        return hits

    def first(self, *families: Terms) -> Hit | None:
        hits = [hit for family in families for hit in self.find(family)]
        return min(hits, key=lambda h: h.start) if hits else None

    def clause(self, hit: Hit) -> tuple[str, ...]:
        """The words of the clause a hit sits in (from the break before it to the break after it)."""
        start, end = hit.start, hit.end
        while start > 0 and self.words[start - 1] != BREAK:
            start -= 1
        while end < len(self.words) and self.words[end] != BREAK:
            end += 1
        return self.words[start:end]

    def sentences(self) -> list[str]:
        """The folded text split into sentences, for patterns over the written form (addresses, links, tags)."""
        return split_sentences(self.folded)

    def word_count(self) -> int:
        return sum(1 for w in self.words if w != BREAK and any(ch.isalpha() for ch in w))

    @cached_property
    def _starts(self) -> list[int]:
        offsets, at = [], 0
        for word in self.words:
            offsets.append(at)
            at += len(word) + 1
        return offsets

