"""What vetting answers: findings and their severity, the configuration, the verdict; and the
notice's free text as the rules read it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..text import BREAK, Hit, Text, analyse, split_sentences
from ..wages import COUNTRY_MINIMUMS, WAGE_FLOORS
from .model import Notice, Role

BLOCK, REVIEW = "block", "review"
RETURNED, PENDING_REVIEW = "returned", "pending_review"

PAID_TAG = "paid_tag"
PAY_TO_PLAY = "pay_to_play"
VAGUE_LISTING = "vague_listing"
THIRD_PARTY = "third_party_promotion"
ADULT_CONTENT = "adult_content"
UNION_CONTRACT = "union"
NON_CASTING_LIMIT = "non_casting_limit"
STUDENT_FILM = "student_film"
OFF_PLATFORM_CONTACT = "off_platform_contact"

# Verified school addresses: any .edu address, plus Canadian universities and colleges (which use
# .ca like everyone else) and a few film schools outside .edu. A subdomain counts (mail.utoronto.ca).
SCHOOL_DOMAINS: tuple[str, ...] = (
    "edu",
    "utoronto.ca", "yorku.ca", "torontomu.ca", "ryerson.ca", "ocadu.ca", "humber.ca", "senecacollege.ca",
    "senecapolytechnic.ca", "sheridancollege.ca", "georgebrown.ca", "centennialcollege.ca", "uottawa.ca",
    "carleton.ca", "queensu.ca", "uwaterloo.ca", "uwo.ca", "mcmaster.ca", "brocku.ca", "yorkville.ca",
    "mcgill.ca", "concordia.ca", "umontreal.ca", "uqam.ca", "ulaval.ca", "usherbrooke.ca", "inis.qc.ca",
    "ubc.ca", "sfu.ca", "uvic.ca", "capilanou.ca", "ecuad.ca", "langara.ca", "vfs.com",
    "ualberta.ca", "ucalgary.ca", "mru.ca", "umanitoba.ca", "uwinnipeg.ca", "usask.ca", "uregina.ca",
    "dal.ca", "nscad.ca", "mun.ca", "unb.ca", "upei.ca", "nfs.ca",
)


@dataclass(frozen=True)
class VettingConfig:
    wage_floors: Mapping[tuple[str, str], float] = field(default_factory=lambda: dict(WAGE_FLOORS))
    country_floors: Mapping[str, float] = field(default_factory=lambda: dict(COUNTRY_MINIMUMS))
    # Assumptions for turning a day/week/flat rate into an hourly one.
    hours_per_day: float = 8.0
    hours_per_week: float = 40.0
    non_casting_limit: int = 3
    school_domains: tuple[str, ...] = SCHOOL_DOMAINS
    min_description_words: int = 15
    min_fee_description_words: int = 4

    def minimum_wage(self, country: str | None, state: str | None) -> float | None:
        if country is None:
            return None
        if state is not None and (country, state) in self.wage_floors:
            return self.wage_floors[(country, state)]
        return self.country_floors.get(country)


DEFAULT_CONFIG = VettingConfig()


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "block" | "review"
    message: str
    field: str | None = None  # the notice field it is about, by its API name ("description", "roles[0].description")
    quote: str | None = None  # the words that set it off, whole, as the rule read them

    def to_dict(self) -> dict[str, str]:
        shown = {"rule": self.rule, "severity": self.severity, "message": self.message}
        shown.update({k: v for k, v in (("field", self.field), ("quote", self.quote)) if v})
        return shown


@dataclass(frozen=True)
class Vetting:
    findings: tuple[Finding, ...]
    paid_tag: bool
    status: str  # "returned" | "pending_review"
    student_badge: bool
    pay_label: str = "not_paid"  # "paid" | "not_paid" | "not_stated" (pay.pay_label)

    @property
    def blocked(self) -> bool:
        return self.status == RETURNED

    def rules(self, severity: str | None = None) -> set[str]:
        return {f.rule for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict[str, object]:
        return {"status": self.status, "findings": [f.to_dict() for f in self.findings],
                "paid_tag": self.paid_tag, "pay_label": self.pay_label, "student_badge": self.student_badge}


def notice_texts(notice: Notice, *, company: bool = False, fee: bool = True) -> list[tuple[str, Text]]:
    """The notice's own free text, each with where it is (for the message)."""
    parts = [("title", notice.name), ("description", notice.description)]
    if company:
        parts.append(("company name", notice.company))
    if notice.pay is not None:
        parts.append(("pay field", notice.pay.notes))
    if fee and notice.fee is not None:
        parts.append(("fee description", notice.fee.description))
    return [(where, analyse(text)) for where, text in parts if text]


def role_text(role: Role) -> Text:
    return analyse(f"{role.name}\n{role.description}")


def role_texts(notice: Notice) -> list[tuple[str, Text]]:
    return [(f"role \u201c{role.name}\u201d", role_text(role)) for role in notice.roles]


# Where a text rule found something ("the description") -> that field's API name.
_FIELDS = {"title": "name", "description": "description", "company name": "company", "pay field": "pay.notes",
           "fee description": "fee.description"}


def at(notice: Notice, where: str | None = None, hit: Hit | None = None, *, field: str | None = None,
       words: str | None = None) -> dict[str, str]:
    """A finding's place, for the poster's form: the field (a role's text by its position) and the
    quote: the whole sentence of the poster's own text the words were found in, as written."""
    name = field or _FIELDS.get(where or "")
    if name is None and where:
        name = next((f"roles[{i}].description" for i, role in enumerate(notice.roles)
                     if where == f"role \u201c{role.name}\u201d"), None)
    located = {"field": name} if name else {}
    found = words or (hit.phrase if hit is not None else None)
    if found:
        located["quote"] = _sentence_with(_written(notice, name), found) or found
    return located


def _written(notice: Notice, field: str | None) -> str:
    """The text of a notice field as the poster wrote it."""
    if field and field.startswith("roles["):
        role = notice.roles[int(field[6:field.index("]")])]
        return f"{role.name}\n{role.description or ''}"
    return {"name": notice.name, "description": notice.description, "company": notice.company,
            "pay.notes": notice.pay.notes if notice.pay else None,
            "fee.description": notice.fee.description if notice.fee else None}.get(field or "") or ""


def _sentence_with(original: str, found: str) -> str | None:
    """The sentence whose words, read as the rules read them, contain the words found."""
    wanted = [w for w in analyse(found).words if w != BREAK]
    if not wanted:
        return None
    for sentence in split_sentences(original):
        words = [w for w in analyse(sentence).words if w != BREAK]
        if any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)):
            return " ".join(sentence.split())
    return None


def quote(hit: Hit) -> str:
    return f"\u201c{hit.phrase}\u201d"


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
