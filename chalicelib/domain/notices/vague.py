"""Rule: a vague listing. The notice must say what the job is, when, where, and for which roles."""
from __future__ import annotations

from ..text import BREAK, analyse, terms
from .findings import BLOCK, REVIEW, VAGUE_LISTING, Finding, VettingConfig, and_list, at, quote
from .model import Notice, Poster

_PLACEHOLDER = terms(
    r"lorem ipsum", r"tbd", r"tba", r"to be (?:determined|announced|confirmed)",
    r"(?:details|info|information) (?:to follow|to come|later|soon|tbd|tba)",
    r"more (?:details|info|information) (?:to follow|to come|later|soon)",
    r"(?:dm|message|contact|email|call|text|inbox) (?:me |us )?for (?:more )?(?:details|info|information)",
    negatable=False,
)


def rule_vague_listing(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """The notice must say what the job is, when, where, and (for casting) for which roles."""
    findings: list[Finding] = []
    description = analyse(notice.description)
    words = description.word_count()
    distinct = len({w for w in description.words if w != BREAK})
    if words < config.min_description_words or distinct < config.min_description_words // 2:
        findings.append(Finding(VAGUE_LISTING, BLOCK, (
            f"The description is too short to say what the job is ({words} words; at least "
            f"{config.min_description_words}). Describe the project, what talent will do, and the schedule."),
            field="description"))
    dates = (("start date", "starts_on", notice.starts_on), ("end date", "ends_on", notice.ends_on),
             ("expiry date", "expires_at", notice.expires_at))
    missing = [(name, key) for name, key, value in dates if not value]
    if missing:
        findings.append(Finding(VAGUE_LISTING, BLOCK, f"Add the {and_list([name for name, _ in missing])}.",
                                field=missing[0][1]))
    loc = notice.location
    parts = (("city", "location.city", loc.city if loc else None),
             ("state or province", "location.state", loc.state if loc else None),
             ("country", "location.country", loc.country if loc else None))
    absent = [(name, key) for name, key, value in parts if not value]
    if absent:
        findings.append(Finding(VAGUE_LISTING, BLOCK, f"Add the location's {and_list([n for n, _ in absent])}.",
                                field=absent[0][1]))
    if notice.is_casting and not notice.roles:
        findings.append(Finding(VAGUE_LISTING, BLOCK, "Add at least one role: who you are casting.",
                                field="roles[0].name"))
    hit = description.first(_PLACEHOLDER)
    if hit is not None and not findings:
        findings.append(Finding(VAGUE_LISTING, REVIEW, (
            f"The description leaves details out ({quote(hit)}). Talent decide from the notice: fill them in."),
            **at(notice, "description", hit)))
    return findings
