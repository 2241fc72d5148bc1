"""Scam signals in messages (issue 15): what a first message from a stranger asks, and what to do with it.

`assess_message(subject, body)` answers a `MessageAssessment`: deliver, warn (the recipient sees a
`Warning` on the message) or hold (an editor looks first). Rules live in money.py, details.py and
contact.py; how they combine into strength in assessment.py. Text is read through the shared
`domain.text` normaliser, so spacing, symbols and look-alike letters do not slip past.
"""
from .assessment import (
    DELIVER,
    HOLD,
    SIGNAL_CODES,
    WARN,
    MessageAssessment,
    Warning,
)
from .contact import off_platform_contact
from .engine import SIGNALS, assess_message, find_signals

__all__ = ["DELIVER", "HOLD", "SIGNALS", "SIGNAL_CODES", "WARN", "MessageAssessment", "Warning", "assess_message",
           "find_signals", "off_platform_contact"]
