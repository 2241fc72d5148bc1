"""Running every vetting rule over a notice: the verdict an editor and the poster see."""
from __future__ import annotations

from collections.abc import Callable

from .adult import rule_adult_content
from .contact import rule_off_platform_contact
from .findings import BLOCK, DEFAULT_CONFIG, PENDING_REVIEW, RETURNED, Finding, Vetting, VettingConfig
from .model import Notice, Poster
from .non_casting import rule_non_casting_limit
from .pay import assess_pay, pay_label, rule_paid_tag
from .pay_to_play import rule_pay_to_play
from .student import rule_student_film, student_badge
from .third_party import rule_third_party
from .union import rule_union
from .vague import rule_vague_listing

Rule = Callable[[Notice, Poster, VettingConfig], list[Finding]]
RULES: tuple[Rule, ...] = (
    rule_vague_listing,
    rule_pay_to_play,
    rule_third_party,
    rule_off_platform_contact,
    rule_adult_content,
    rule_union,
    rule_non_casting_limit,
    rule_paid_tag,
    rule_student_film,
)


def vet(notice: Notice, poster: Poster, config: VettingConfig | None = None) -> Vetting:
    config = config or DEFAULT_CONFIG
    findings = tuple(finding for rule in RULES for finding in rule(notice, poster, config))
    status = RETURNED if any(f.severity == BLOCK for f in findings) else PENDING_REVIEW
    paid = assess_pay(notice, config).paid
    return Vetting(findings, paid, status, student_badge(poster, config), pay_label(paid, notice.pay))
