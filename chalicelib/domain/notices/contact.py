"""Rule: off-platform contact. A notice gives no way to reach the poster outside Callboard.

A phone number, a personal e-mail, "DM us on Instagram" or "WhatsApp us" sends talent around the
relay that keeps both sides' addresses private, and it is how a scam moves a conversation somewhere
no one can report it. The same reader as the message scam signals (safety.contact) finds them.
Applying elsewhere ("apply at our site") is the third-party rule's business.
"""
from __future__ import annotations

from ..safety.contact import contact_details
from .findings import BLOCK, OFF_PLATFORM_CONTACT, Finding, VettingConfig, at, notice_texts, role_texts
from .model import Notice, Poster


def rule_off_platform_contact(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """No phone number, personal e-mail, chat app or "text me" in the notice: talent reach the poster here."""
    for where, text in notice_texts(notice, company=True) + role_texts(notice):
        found = contact_details(text)
        if found:
            return [Finding(OFF_PLATFORM_CONTACT, BLOCK, (
                f"The {where} gives a way to contact you outside Callboard (\u201c{found[0]}\u201d). Talent reach "
                "you through Callboard, which keeps both sides' addresses private; remove it."),
                **at(notice, where, words=found[0]))]
    return []
