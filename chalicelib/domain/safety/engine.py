"""Running the scam signals over a message: which fired, and what they add up to (assessment.py)."""
from __future__ import annotations

import re
from collections.abc import Callable

from ..text import Text, analyse
from .advice import without_story
from .assessment import (
    ACCOUNT_ACCESS,
    ASKS_FOR_MONEY,
    BUY_FROM_THEM,
    CRYPTO,
    FAKE_CHEQUE,
    GIFT_CARDS,
    OFF_PLATFORM,
    PAYMENT_METHOD,
    PERSONAL_DETAILS,
    MessageAssessment,
    combine,
)
from .contact import off_platform_contact
from .details import account_access, personal_details
from .money import asks_for_money, buys_from_them, crypto, fake_cheque, gift_cards, payment_method

Signal = Callable[[Text], list[str]]  # what in the text fired the signal, as an editor would read it
SIGNALS: tuple[tuple[str, Signal], ...] = (
    (ASKS_FOR_MONEY, asks_for_money),
    (BUY_FROM_THEM, buys_from_them),
    (PAYMENT_METHOD, payment_method),
    (GIFT_CARDS, gift_cards),
    (CRYPTO, crypto),
    (FAKE_CHEQUE, fake_cheque),
    (PERSONAL_DETAILS, personal_details),
    (ACCOUNT_ACCESS, account_access),
    (OFF_PLATFORM, off_platform_contact),
)

# Amounts read as words, so phrase rules see them: "$150", "150 USD", "150 bucks" -> "150 dollars".
_SYMBOL_AMOUNT = re.compile(
    r"(?:[$€£]|\b(?:usd|cad|us\$|c\$|eur)\s?)\s?(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s?(?:usd|cad|dollars?|bucks))?",
    re.IGNORECASE)
_WORD_AMOUNT = re.compile(
    r"\b(\d+(?:,\d{3})*(?:\.\d+)?)\s?(?:usd|cad|dollars?|bucks|euros?|pounds|\$(?!\w))(?:\b|(?<=\$))", re.IGNORECASE)


# "non-refundable" is one word here: "non" before "deposit" is not a denial of it.
_NON_REFUNDABLE = re.compile(r"\bnon[\s-]?refundable\b", re.IGNORECASE)


# Text-speak spelled out, so "send ur social b4 friday" reads like "send your social before friday".
_TEXT_SPEAK = {"u": "you", "ur": "your", "b4": "before", "pls": "please", "plz": "please", "msg": "message"}
_SPEAK_WORD = re.compile(r"(?<![\w.])(?:" + "|".join(_TEXT_SPEAK) + r")(?![\w.])", re.IGNORECASE)


def read_speech(text: str) -> str:
    return _SPEAK_WORD.sub(lambda match: _TEXT_SPEAK[match.group(0).lower()], text)


def read_money(text: str) -> str:
    def words(match: re.Match[str]) -> str:
        return f" {match.group(1).replace(',', '')} dollars "
    text = _NON_REFUNDABLE.sub("nonrefundable", text)
    return _WORD_AMOUNT.sub(words, _SYMBOL_AMOUNT.sub(words, text))


def find_signals(subject: str, body: str) -> dict[str, list[str]]:
    """Every signal that fired, with what fired it (for tests, the bench and an editor's view)."""
    text = analyse(read_money(read_speech(without_story(f"{subject}\n{body}"))))
    found = {code: list(dict.fromkeys(signal(text))) for code, signal in SIGNALS}  # each phrase once, in order
    return {code: hits for code, hits in found.items() if hits}


def assess_message(subject: str, body: str) -> MessageAssessment:
    """Deliver, warn the recipient, or hold for an editor: the first messages from a stranger go through this."""
    return combine(frozenset(find_signals(subject, body)))
