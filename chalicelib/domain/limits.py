"""Limits on what one account may do, and how fast: the policy (numbers come from settings) and
the pure arithmetic of windows and text fingerprints. Counting happens in storage/limits.py.

Why these limits (docs/SAFETY.md says more): a person writes to a few new people a day and types
at most a message every few seconds; a scammer or spammer writes to hundreds, fast, with one text.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from .errors import RateLimited

MINUTE = 60
HOUR = 3_600
DAY = 86_400
WEEK = 7 * DAY


@dataclass(frozen=True)
class LimitPolicy:
    """Every number is a setting (CALLBOARD_SAFETY_*, settings.py), never a constant in code."""

    # Distinct people a day one account may start a conversation with, cold (docs/SAFETY.md).
    cold_per_day_new: int = 20
    cold_per_day: int = 100
    new_account_days: int = 7
    # Bursts beyond human speed.
    messages_per_minute: int = 60
    reports_per_minute: int = 10
    reports_per_day: int = 100
    # Writes that cost storage: upload requests (attachments and locker items), new productions.
    uploads_per_hour: int = 120
    productions_per_day: int = 50
    # The same (or nearly the same) text sent cold to more people than this in a day is held.
    same_text_recipients_per_day: int = 5
    # Held messages within a week that suspend the sender pending an editor's review.
    holds_to_suspend: int = 3
    # Open reports from distinct people that hide a published notice until an editor decides.
    notice_hide_reporters: int = 3


@dataclass(frozen=True)
class Window:
    """A fixed counting window: its name in a counter's key and when it ends."""

    key: str
    ends_at: int  # epoch seconds

    def retry_after(self, now: float) -> int:
        return max(1, int(self.ends_at - now + 0.999))


def window(now: float, seconds: int) -> Window:
    start = int(now) // seconds * seconds
    return Window(key=f"{seconds}:{start}", ends_at=start + seconds)


def carried_over(previous_used: int, now: float, seconds: int) -> int:
    """A sliding window over fixed counters: the share of the previous window's count that still
    lies within the last `seconds` (its units taken as spread evenly), so a burst just before a
    window ends and another just after it cannot add up to twice the limit."""
    share_left = 1 - (now % seconds) / seconds
    return math.ceil(previous_used * share_left - 1e-9)


def account_age_days(created_at: str, now: float) -> float:
    if not created_at:
        return 0.0
    try:
        created = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return (now - created.timestamp()) / DAY


def cold_limit(policy: LimitPolicy, created_at: str, now: float) -> int:
    """New accounts get the lower daily number: most throwaway scam accounts are days old."""
    young = account_age_days(created_at, now) < policy.new_account_days
    return policy.cold_per_day_new if young else policy.cold_per_day


def limited(what: str, retry_after: int) -> RateLimited:
    """The 429 a person sees: what was limited and when to try again (never a rule's internals)."""
    minutes = max(1, round(retry_after / 60))
    when = f"in about {minutes} minute{'s' if minutes != 1 else ''}" if retry_after >= 90 else "in a minute"
    return RateLimited(f"{what}; please try again {when}", retry_after=retry_after)


# -- nearly the same text ------------------------------------------------------------------------
SHINGLE_WORDS = 3
BANDS = 4
ROWS_PER_BAND = 3
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    """Letters only, case- and accent-folded: a changed name, number or emoji keeps the text the same."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


def text_fingerprints(body: str) -> list[str]:
    """Locality-sensitive fingerprints (MinHash over word shingles, in bands): two texts that differ
    only in a greeting, a name or a few words share at least one band with high probability, while
    unrelated texts share none. Empty for texts too short to fingerprint meaningfully."""
    words = _words(body)
    if len(words) < SHINGLE_WORDS + 2:
        return []
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    minima = []
    for seed in range(BANDS * ROWS_PER_BAND):
        salt = seed.to_bytes(2, "big")
        minima.append(min(hashlib.blake2b(s.encode(), digest_size=8, salt=salt).digest() for s in shingles))
    bands = []
    for band in range(BANDS):
        rows = b"".join(minima[band * ROWS_PER_BAND:(band + 1) * ROWS_PER_BAND])
        bands.append(f"{band}.{hashlib.blake2b(rows, digest_size=9).hexdigest()}")
    return bands
