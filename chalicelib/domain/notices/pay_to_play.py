"""Rule: pay-to-play. No fee charged to talent, except workshops, classes, competitions and events
that spell theirs out."""
from __future__ import annotations

from ..safety.fees import BUY_REQUIRED, FEE_FAMILIES
from ..text import Hit, analyse
from .findings import BLOCK, PAY_TO_PLAY, REVIEW, Finding, VettingConfig, at, notice_texts, quote, role_texts
from .model import Notice, Poster


def _first(notice: Notice, found: list[tuple[str, Hit]], severity: str, message: str) -> list[Finding]:
    """A finding for the first place the words were found (one is enough to point the poster at
    them), quoting them: `message` names the place as {where} and the words as {quoted}."""
    return [Finding(PAY_TO_PLAY, severity, message.format(where=where, quoted=quote(hit)), **at(notice, where, hit))
            for where, hit in found[:1]]


def rule_pay_to_play(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """No fee charged to talent, except workshops, classes, competitions and events that spell theirs out."""
    findings: list[Finding] = []
    fee = notice.fee if notice.fee is not None and notice.fee.amount != 0 else None
    if fee is not None and (fee.amount is None and not fee.description):
        fee = None
    texts = notice_texts(notice, fee=False) + role_texts(notice)
    mentions = [(where, hit) for where, text in texts for family in FEE_FAMILIES for hit in text.find(family)]
    purchases = [(where, hit) for where, text in texts for hit in text.find(BUY_REQUIRED)]
    if notice.is_casting:
        if fee is not None:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                "Casting notices may not charge talent a fee. Remove the fee; only workshops, classes, "
                "competitions and events may charge one."), field="fee.amount"))
        findings += _first(notice, mentions, BLOCK, (
            "The {where} asks talent to pay ({quoted}). Casting notices may not charge talent to apply, audition "
            "or take part; remove it."))
        findings += _first(notice, purchases, BLOCK, (
            "The {where} requires talent to buy something ({quoted}). Talent may not be made to buy headshots, "
            "classes or services to take part; remove it."))
        return findings
    kind = notice.category
    if fee is not None:
        if fee.amount is None:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, f"State the {kind}'s fee amount in the fee field.",
                                    field="fee.amount"))
        if analyse(fee.description).word_count() < config.min_fee_description_words:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                f"Say what the {kind}'s fee buys (sessions, hours, who teaches or judges, what is included) in "
                f"the fee description, in at least {config.min_fee_description_words} words."),
                field="fee.description"))
    else:
        findings += _first(notice, mentions, BLOCK, (
            "The {where} mentions a fee ({quoted}) but the notice's fee field is empty. Put the amount and what it "
            "buys in the fee field."))
    findings += _first(notice, purchases, REVIEW, (
        "The {where} requires a purchase ({quoted}). Anything talent must pay for has to be in the fee amount and "
        "description; an editor will check."))
    return findings
