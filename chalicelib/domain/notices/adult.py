"""Rule: adult content. No pornography; nudity and sexual situations only when disclosed on the
notice and the role."""
from __future__ import annotations

from ..text import terms
from .findings import ADULT_CONTENT, BLOCK, REVIEW, Finding, VettingConfig, at, notice_texts, quote, role_text
from .model import Notice, Poster

_PORNOGRAPHY = terms(
    r"porn\w*", r"xxx", r"x rated", r"adult (?:film|films|movie|movies|video|videos|website|websites|site|sites|star"
    r"|stars)",
    r"hardcore (?:sex|scenes?|content|videos?|films?)",
    r"(?:real|unsimulated|penetrative|explicit) (?:sex|intercourse)",
    r"sex tapes?", r"onlyfans", r"only fans", r"fansly", r"cam ?(?:girl|girls|boy|boys)",
    r"(?:web ?cam|cam) (?:model|models|modeling|modelling|show|shows)", r"escort (?:service|services|work|agency)",
    r"fetish (?:videos?|content|films?|clips?|shoots?|modell?ing)",
)
_NUDITY = terms(
    r"semi ?nude", r"semi ?nudity", r"full frontal", r"nude", r"nudes", r"nudity", r"naked", r"topless",
    r"bottomless", r"unclothed", r"in the buff", r"birthday suit", r"skinny dip\w*",
    r"bare (?:breasts?|buttocks|bottom|butt|behind)",
    not_after=(
        # "nude" as a colour: make-up, shoes, underwear and tights are "nude"
        "lip", "lips", "lipstick", "lipsticks", "gloss", "lipgloss", "makeup", "make", "heel", "heels", "shoe",
        "shoes", "pump", "pumps", "flats", "sandals", "tone", "tones", "toned", "color", "colour", "colored",
        "coloured", "colors", "colours", "nail", "nails", "polish", "palette", "shade", "shades", "stocking",
        "stockings", "tights", "hose", "pantyhose", "leotard", "leotards", "undergarment", "undergarments",
        "underwear", "bra", "bras", "thong", "thongs", "shapewear", "slip", "bodysuit", "camisole", "beige",
        "pink", "eyeshadow", "blush", "manicure", "mani", "pedicure", "tan", "eye", "truth", "mole",
    ),
)
_SEXUAL = terms(
    r"sex scenes?", r"sexual(?:ly)?", r"sex", r"love scenes?", r"intimate scenes?",
    r"intimacy (?:scenes?|coordinators?|coordination)", r"simulated (?:sex|intercourse)", r"intercourse",
    r"erotic\w*", r"orgy", r"orgies", r"strippers?", r"striptease", r"strip (?:club|clubs|tease|show|shows)",
    r"lap ?dances?", r"lap dancers?", r"exotic dancers?", r"fetish\w*", r"bdsm", r"nsfw",
    r"adult (?:content|scenes?|situations?)", r"make ?out scenes?", r"sexting",
    not_before=("same", "opposite", "biological", "gender", "safe"),
    not_after=(
        # "Sex: female" (a role's spec), "sexual orientation", "sex education": not sexual content
        "male", "female", "males", "females", "m", "f", "any", "all", "either", "both", "unspecified", "open",
        "ed", "education", "educator", "trafficking", "offender", "offenders", "discrimination", "ratio",
        "assigned", "gender", "orientation", "orientations", "harassment", "identity", "identities", "health",
        "misconduct", "diversity", "preference", "preferences", "minorities", "minority", "assault", "abuse",
        "violence", "transmitted", "positive", "worker", "workers", "work",
    ),
)
_SUGGESTIVE = terms(r"sexual (?:assault|abuse|violence)", r"rape", r"sensual", r"boudoir", r"lingerie",
                    r"adult themes?", r"adult (?:entertainment|industry)", r"implied (?:intimacy|sex)",
                    r"kissing scenes?", r"suggestive", r"undress(?:ed|es|ing)?", r"sex (?:worker|workers|work)")


def rule_adult_content(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """No pornography; nudity and sexual situations only when disclosed on the notice and the role."""
    findings: list[Finding] = []
    roles = [(f"role \u201c{r.name}\u201d", r, role_text(r)) for r in notice.roles]
    everything = notice_texts(notice, company=True) + [(where, text) for where, _, text in roles]
    for where, text in everything:
        hit = text.first(_PORNOGRAPHY)
        if hit is not None:
            return [Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} describes pornography ({quote(hit)}). Callboard does not publish pornographic "
                "productions."), **at(notice, where, hit))]
    flagged = [role for role in notice.roles if role.nudity]
    for where, text in notice_texts(notice):
        hit = text.first(_NUDITY, _SEXUAL)
        if hit is None:
            continue
        if not notice.nudity:
            findings.append(Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} mentions {quote(hit)} but the notice does not disclose nudity or sexual content. "
                "Tick the notice's nudity disclosure and each role it applies to, or remove the text."),
                **at(notice, where, hit)))
        elif notice.roles and not flagged:
            findings.append(Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} mentions {quote(hit)}: mark which roles involve nudity or sexual content."),
                **at(notice, where, hit)))
        break
    for where, role, text in roles:
        hit = text.first(_NUDITY, _SEXUAL)
        if hit is not None and not (role.nudity and notice.nudity):
            missing = " and ".join(x for x, ok in (("the role", role.nudity), ("the notice", notice.nudity)) if not ok)
            findings.append(Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} mentions {quote(hit)}: disclose nudity or sexual content on {missing}, or remove "
                "the text."), **at(notice, where, hit)))
    if flagged and not notice.nudity:
        names = ", ".join(f"\u201c{r.name}\u201d" for r in flagged)
        findings.append(Finding(ADULT_CONTENT, BLOCK, (
            f"Role {names} involves nudity or sexual content: tick the notice's nudity disclosure too."),
            field="nudity"))
    if notice.nudity and notice.roles and not flagged and not findings:
        findings.append(Finding(ADULT_CONTENT, BLOCK, (
            "The notice discloses nudity or sexual content: mark which roles it applies to."), field="nudity"))
    if not findings and not notice.nudity:
        for where, text in everything:
            hit = text.first(_SUGGESTIVE)
            if hit is not None:
                findings.append(Finding(ADULT_CONTENT, REVIEW, (
                    f"The {where} mentions {quote(hit)}. If any role involves nudity or sexual situations, "
                    "disclose it on the notice and the role; an editor will check."), **at(notice, where, hit)))
                break
    return findings
