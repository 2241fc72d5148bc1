"""Casting notices and the vetting rules they pass before an editor sees them (SPEC.md section 6).

`parse_notice` (parsing.py) turns a POST/PATCH /productions body into a `Notice` (model.py;
malformed input -> InvalidInput, a 400). `vet(notice, poster, config)` (vetting.py) runs every rule
in RULES, one module each, and answers a `Vetting` (findings.py): findings `{rule, severity:
block|review, message}`, the Paid tag, the student badge and the status (`returned` if any finding
blocks, else `pending_review`).

The text rules read text through the shared `domain.text.analyse`, which undoes the usual disguises
(look-alike letters, leetspeak, spaced or split words) and matches whole words and phrases, with
negation ("no nudity", "there is no cost to apply") counted as denied.
"""
from ..text import analyse
from .adult import rule_adult_content
from .contact import rule_off_platform_contact
from .findings import (
    ADULT_CONTENT,
    BLOCK,
    DEFAULT_CONFIG,
    NON_CASTING_LIMIT,
    OFF_PLATFORM_CONTACT,
    PAID_TAG,
    PAY_TO_PLAY,
    PENDING_REVIEW,
    RETURNED,
    REVIEW,
    SCHOOL_DOMAINS,
    STUDENT_FILM,
    THIRD_PARTY,
    UNION_CONTRACT,
    VAGUE_LISTING,
    Finding,
    Vetting,
    VettingConfig,
)
from .model import (
    AGE_MAX,
    CATEGORIES,
    CITY_MAX,
    COMPANY_MAX,
    CONTRACT_MAX,
    COUNTRIES,
    DESCRIPTION_MAX,
    GENDER_MAX,
    JOB_TYPES,
    MAX_ROLES,
    MONEY_MAX,
    NAME_MAX,
    NON_CASTING_CATEGORIES,
    NOTES_MAX,
    PAY_KINDS,
    PAY_UNITS,
    ROLE_DESCRIPTION_MAX,
    ROLE_NAME_MAX,
    UNION_STATUSES,
    Fee,
    Location,
    Notice,
    Pay,
    Poster,
    Role,
    Union,
)
from .non_casting import rule_non_casting_limit
from .parsing import parse_notice
from .pay import NOT_PAID, PAID, PAY_NOT_STATED, PayAssessment, assess_pay, hourly_rate, pay_label, rule_paid_tag
from .pay_to_play import rule_pay_to_play
from .student import is_school_email, rule_student_film, student_badge
from .third_party import rule_third_party
from .union import KNOWN_CONTRACTS, rule_union
from .vague import rule_vague_listing
from .vetting import RULES, Rule, vet

__all__ = [
    "ADULT_CONTENT",
    "AGE_MAX",
    "BLOCK",
    "CATEGORIES",
    "CITY_MAX",
    "COMPANY_MAX",
    "CONTRACT_MAX",
    "COUNTRIES",
    "DEFAULT_CONFIG",
    "DESCRIPTION_MAX",
    "GENDER_MAX",
    "JOB_TYPES",
    "KNOWN_CONTRACTS",
    "MAX_ROLES",
    "MONEY_MAX",
    "NAME_MAX",
    "NON_CASTING_CATEGORIES",
    "NON_CASTING_LIMIT",
    "NOTES_MAX",
    "NOT_PAID",
    "OFF_PLATFORM_CONTACT",
    "PAID",
    "PAID_TAG",
    "PAY_KINDS",
    "PAY_NOT_STATED",
    "PAY_TO_PLAY",
    "PAY_UNITS",
    "PENDING_REVIEW",
    "RETURNED",
    "REVIEW",
    "ROLE_DESCRIPTION_MAX",
    "ROLE_NAME_MAX",
    "RULES",
    "SCHOOL_DOMAINS",
    "STUDENT_FILM",
    "THIRD_PARTY",
    "UNION_CONTRACT",
    "UNION_STATUSES",
    "VAGUE_LISTING",
    "Fee",
    "Finding",
    "Location",
    "Notice",
    "Pay",
    "PayAssessment",
    "Poster",
    "Role",
    "Rule",
    "Union",
    "Vetting",
    "VettingConfig",
    "analyse",
    "assess_pay",
    "hourly_rate",
    "is_school_email",
    "parse_notice",
    "pay_label",
    "rule_adult_content",
    "rule_non_casting_limit",
    "rule_off_platform_contact",
    "rule_paid_tag",
    "rule_pay_to_play",
    "rule_student_film",
    "rule_third_party",
    "rule_union",
    "rule_vague_listing",
    "student_badge",
    "vet",
]
