"""Rule: the Paid tag (guaranteed pay at or above the local minimum wage), and why a notice goes
out as Not Paid or "pay not stated"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..text import terms
from ..wages import region_name
from .findings import DEFAULT_CONFIG, PAID_TAG, REVIEW, Finding, VettingConfig, notice_texts, quote
from .model import Notice, Pay, Poster

_DEFERRED = terms(r"defer\w*")  # in the pay field any "deferred" is about pay; elsewhere it needs context
_CONTINGENT_PAY = terms(
    r"defer(?:red|ral|ment)? (?:pay|payment|payments|compensation|fees?|wages?|salary|basis)",
    r"(?:pay|payment|compensation|wages?|fees?) (?:is |are |will be )?defer(?:red|ral)",
    r"deferral", r"deferment",
    r"(?:paid|pay|payment|payments|compensation|compensated|paying) (?:\w+ ){0,3}(?:if|when|once|upon|after|"
    r"pending|contingent on|contingent upon|subject to) (?:\w+ ){0,4}(?:picked up|pick up|pickup|distributed|"
    r"distribution|sold|sells|sale|funded|funding|greenlit|green lit|released|release|profitable|"
    r"profits?|revenue|makes money|recoup\w*|crowdfunding|kickstarter)",
    r"(?:if|when|once|after) (?:the |our |this )?(?:film|project|show|series|pilot|movie|short|video|production|it)"
    r" (?:\w+ ){0,2}(?:gets|is|get|are) (?:picked up|distributed|sold|funded|greenlit|green lit|released)",
    r"(?:upon|pending) (?:\w+ )?(?:distribution|sale|pickup|funding|profits?)",
    r"back ?end (?:pay|points|deal|participation|compensation)",
    r"(?:profit|revenue|royalty) (?:share|shares|sharing|split|participation|points)",
    r"(?:share|percentage|percent|points) of (?:the |any )?(?:profits|revenue|proceeds|sales|box office)",
    r"spec (?:commercial|spot|ad)",
)
_NO_WAGE = terms(
    r"(?:meals?|food|snacks|catering|lunch|transport\w*|travel|gas money|parking|copy|credit|credits|imdb credit"
    r"|footage|exposure|experience|reel|portfolio|prints|images|photos|tips|commission|commissions|stipend)"
    r" only",
    r"only (?:meals?|food|transport\w*|travel|copy|credit|credits|footage|exposure|experience|tips|commission)",
    r"ccm", r"tfp", r"time for (?:prints|portfolio|photos|images)",
    r"trade for (?:prints|portfolio|photos|images|footage)",
    r"in exchange for (?:\w+ ){0,2}(?:credit|copy|meals?|footage|exposure|experience|photos|images|prints"
    r"|portfolio|reel)",
    r"unpaid", r"no pay", r"not paid", r"non ?paid", r"volunteer\w*", r"for (?:the )?exposure",
    r"paid in (?:exposure|credit|meals?|food|footage|experience)",
    r"no (?:monetary |financial )?compensation", r"without (?:monetary |financial )?(?:pay|compensation)",
)


# What a listing says about pay. Silence is not a statement that a job does not pay, so a notice
# without pay details reads "pay not stated", never "Not paid".
PAID, NOT_PAID, PAY_NOT_STATED = "paid", "not_paid", "not_stated"


def pay_label(paid_tag: bool, pay: object | None) -> str:
    """"paid" (the Paid tag), "not_paid" (says it does not pay, or does not earn the tag), or "not_stated"."""
    if paid_tag:
        return PAID
    return NOT_PAID if pay is not None else PAY_NOT_STATED


@dataclass(frozen=True)
class PayAssessment:
    paid: bool
    reason: str | None = None  # why a notice that asked for the Paid tag does not get it
    hourly: float | None = None
    floor: float | None = None


def hourly_rate(pay: Pay, starts_on: str | None, ends_on: str | None,
                config: VettingConfig) -> tuple[float | None, str]:
    """The rate as an hourly figure, and the assumption used to get there (None if it cannot be worked out).

    hour: as stated. day: rate / hours_per_day (8). week: rate / hours_per_week (40).
    flat: rate / (days from starts_on to ends_on, both included, x hours_per_day): a flat fee pays
    for every day of the engagement, and we assume full days.
    """
    if pay.rate is None or pay.unit is None:
        return None, ""
    if pay.unit == "hour":
        return pay.rate, "as stated"
    if pay.unit == "day":
        return pay.rate / config.hours_per_day, f"a {config.hours_per_day:g}-hour day"
    if pay.unit == "week":
        return pay.rate / config.hours_per_week, f"a {config.hours_per_week:g}-hour week"
    if not (starts_on and ends_on):
        return None, "a flat rate needs start and end dates to be checked"
    days = (date.fromisoformat(ends_on) - date.fromisoformat(starts_on)).days + 1
    hours = days * config.hours_per_day
    return pay.rate / hours, f"{days} day{'s' if days != 1 else ''} of {config.hours_per_day:g} hours"


def assess_pay(notice: Notice, config: VettingConfig = DEFAULT_CONFIG) -> PayAssessment:
    pay = notice.pay
    if pay is None:
        return PayAssessment(False, "The notice does not say whether it pays, so it is listed as \u201cpay not "
                                    "stated\u201d. Add the pay details: paid or not, and the rate.")
    if pay.kind != "paid":
        return PayAssessment(False)
    for where, text in notice_texts(notice, fee=False):
        hit = text.first(_CONTINGENT_PAY, _NO_WAGE, *((_DEFERRED,) if where == "pay field" else ()))
        if hit is not None:
            return PayAssessment(False, (
                f"In the {where}: {quote(hit)}. Deferred, contingent or in-kind pay (copy, credit, meals, "
                "transport, exposure) is not guaranteed wages, so the notice goes out as Not Paid. Remove that "
                "if you do guarantee the stated rate."))
    if pay.rate is None:
        return PayAssessment(False, "A Paid notice must state its rate and unit (hour, day, week or flat); "
                                    "without them it goes out as Not Paid.")
    loc = notice.location
    country, state = (loc.country, loc.state) if loc else (None, None)
    floor = config.minimum_wage(country, state)
    if floor is None:
        return PayAssessment(False, "Add the notice's country and state/province so the rate can be checked "
                                    "against the local minimum wage; until then it goes out as Not Paid.")
    hourly, assumption = hourly_rate(pay, notice.starts_on, notice.ends_on, config)
    if hourly is None:
        return PayAssessment(False, f"The Paid tag could not be checked: {assumption}.", None, floor)
    if hourly + 1e-9 < floor:
        place = region_name(country or "", state)
        stated = f"The rate of ${pay.rate:,.2f} per {pay.unit}"
        if pay.unit != "hour":
            stated += f" works out to ${hourly:,.2f} an hour (assuming {assumption}), which"
        return PayAssessment(False, (
            f"{stated} is below the {place} minimum wage of ${floor:,.2f} an hour, so the notice goes out as "
            "Not Paid. Raise the rate to get the Paid tag."), hourly, floor)
    return PayAssessment(True, None, hourly, floor)


def rule_paid_tag(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """Paid only with guaranteed pay at or above the local minimum wage; otherwise Not Paid, and why."""
    verdict = assess_pay(notice, config)
    return [Finding(PAID_TAG, REVIEW, verdict.reason, field="pay.kind")] if verdict.reason else []
