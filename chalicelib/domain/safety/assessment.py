"""What a message's scam signals add up to: deliver it, warn its recipient, or hold it for an editor.

Signals are graded by what they mean together, the way casting sites and consumer agencies describe
the scams: one medium signal (a fee, a chat app, a request for an ID) is worth a warning the recipient
reads next to the message; a combination that only a scam makes (a money request plus the way to send
it, a cheque to deposit and pay back, moving off the platform to ask for money or details) holds the
message until an editor has looked. The sender is never told which rule fired.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Signal codes (what editors see; never the sender).
ASKS_FOR_MONEY = "asks_for_money"  # a fee, deposit or sum to send, to get or keep a role
BUY_FROM_THEM = "buy_from_them"  # headshots, classes, portfolio or a package bought from them
PAYMENT_METHOD = "payment_method"  # talent asked to send money by wire, app, money order
GIFT_CARDS = "gift_cards"
CRYPTO = "crypto"
FAKE_CHEQUE = "fake_cheque"  # deposit our cheque and send back the difference
PERSONAL_DETAILS = "personal_details"  # SSN, passport or ID, bank account numbers
ACCOUNT_ACCESS = "account_access"  # bank login, passwords, card numbers, one-time codes
OFF_PLATFORM = "off_platform_contact"  # a chat app, "text me", a phone number, a personal e-mail

SIGNAL_CODES = (ASKS_FOR_MONEY, BUY_FROM_THEM, PAYMENT_METHOD, GIFT_CARDS, CRYPTO, FAKE_CHEQUE, PERSONAL_DETAILS,
                ACCOUNT_ACCESS, OFF_PLATFORM)
# Only a scam asks these, whatever else the message says.
STRONG_ALONE = frozenset({FAKE_CHEQUE, GIFT_CARDS, CRYPTO, ACCOUNT_ACCESS})
MONEY_ASKS = frozenset({ASKS_FOR_MONEY, BUY_FROM_THEM})
WAYS_TO_PAY = frozenset({PAYMENT_METHOD, GIFT_CARDS, CRYPTO})

Action = Literal["deliver", "warn", "hold"]
DELIVER: Action = "deliver"
WARN: Action = "warn"
HOLD: Action = "hold"


@dataclass(frozen=True)
class Warning:  # the messaging contract's name; shadows the builtin only inside modules that import it
    """What the recipient sees on the message: what it asks, in plain words, and a short safety tip."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class MessageAssessment:
    action: Action
    signals: tuple[str, ...]  # rule codes that fired, in SIGNAL_CODES order (editors only, never the sender)
    warning: Warning | None  # set when action is "warn" or "hold"


_MONEY_TIP = ("Real castings never charge you to audition or be cast, and never ask for gift cards, crypto or "
              "money transfers. Do not pay; report the message if it asks you to.")
FAKE_CHEQUE_WARNING = Warning("fake_cheque", (
    "This message talks about depositing a cheque or payment and sending part of it back. That is a known "
    "scam: the cheque bounces after you have sent the money, and you owe the bank. Never send money back "
    "from a payment you received."))
ASKS_FOR_MONEY_WARNING = Warning("asks_for_money", (
    "This message asks you to pay: a fee, a deposit, a purchase, or money sent by transfer, app, gift card "
    "or crypto. " + _MONEY_TIP))
PERSONAL_DETAILS_WARNING = Warning("asks_for_personal_details", (
    "This message asks for private details such as a Social Security number, bank login, card number, "
    "passport or ID, or a verification code. Never send them in a message: once you are booked, a real "
    "production collects payroll paperwork through its payroll company."))
OFF_PLATFORM_WARNING = Warning("off_platform_contact", (
    "This message asks you to continue somewhere else (a chat app, a phone number or a personal e-mail). "
    "Keep the conversation on Callboard until you have checked the production: scammers move the talk "
    "off the platform so they cannot be reported."))


def combine(signals: frozenset[str]) -> MessageAssessment:
    """The action and the warning the recipient sees, from the signals that fired."""
    fired = tuple(code for code in SIGNAL_CODES if code in signals)
    if not fired:
        return MessageAssessment(DELIVER, (), None)
    money, pay_by, details, elsewhere = (bool(signals & MONEY_ASKS), bool(signals & WAYS_TO_PAY),
                                         PERSONAL_DETAILS in signals, OFF_PLATFORM in signals)
    strong = (bool(signals & STRONG_ALONE)
              or (money and pay_by)
              or (elsewhere and (money or pay_by or details))
              or (details and (money or pay_by)))
    return MessageAssessment(HOLD if strong else WARN, fired, _warning(signals))


def _warning(signals: frozenset[str]) -> Warning:
    """The most serious thing the message asks, as the recipient reads it."""
    if FAKE_CHEQUE in signals:
        return FAKE_CHEQUE_WARNING
    if signals & (MONEY_ASKS | WAYS_TO_PAY):
        return ASKS_FOR_MONEY_WARNING
    if signals & {PERSONAL_DETAILS, ACCOUNT_ACCESS}:
        return PERSONAL_DETAILS_WARNING
    return OFF_PLATFORM_WARNING
