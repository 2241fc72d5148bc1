"""Rule: the student badge comes from a verified school address; a notice calling itself a student
film without one is noted."""
from __future__ import annotations

from ..text import terms
from .findings import DEFAULT_CONFIG, REVIEW, SCHOOL_DOMAINS, STUDENT_FILM, Finding, VettingConfig, notice_texts, quote
from .model import Notice, Poster

_STUDENT_WORK = terms(r"student (?:film|films|project|short|production|filmmaker|filmmakers)",
                      r"thesis (?:film|project|short)", r"film school (?:project|film|short)")


def is_school_email(email: str | None, domains: tuple[str, ...] = SCHOOL_DOMAINS) -> bool:
    if not email or "@" not in email:
        return False
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in domains)


def student_badge(poster: Poster, config: VettingConfig = DEFAULT_CONFIG) -> bool:
    return poster.verified_school_email or (poster.email_verified and is_school_email(poster.email,
                                                                                        config.school_domains))


def rule_student_film(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """The badge itself is `student_badge`; a notice calling itself a student film without one is noted."""
    if student_badge(poster, config):
        return []
    for where, text in notice_texts(notice):
        hit = text.first(_STUDENT_WORK)
        if hit is not None:
            return [Finding(STUDENT_FILM, REVIEW, (
                f"The {where} says this is a {quote(hit)}, but your account has no verified school address. "
                "Verify your school e-mail to get the student badge; an editor will check the claim."))]
    return []
