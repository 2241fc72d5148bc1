"""Rule: pay-to-play. No fee charged to talent, except workshops, classes, competitions and events
that spell theirs out."""
from __future__ import annotations

from ..text import analyse, terms
from .findings import BLOCK, PAY_TO_PLAY, REVIEW, Finding, VettingConfig, notice_texts, quote, role_texts
from .model import Notice, Poster

_FEE_KINDS = (r"(?:registration|submission|submissions|audition|application|casting|entry|entrance|participation"
              r"|processing|enrollment|enrolment|membership|admin|administration|administrative|sign ?up|reading"
              r"|consultation|portfolio|headshot|headshots|photo|photos|photography|listing|subscription|training"
              r"|workshop|class|course|placement|representation|upfront|up front|set ?up|orientation|evaluation"
              r"|assessment|materials|showcase|reg)")
_TALENT = (r"(?:you|talent|actors?|performers?|models?|applicants?|participants?|dancers?|singers?|artists?"
           r"|students?|parents|kids|everyone|each (?:person|participant|actor|applicant|performer))")
_FEE_TO_TALENT = terms(
    _FEE_KINDS + r" (?:fee|fees|cost|costs|charge|charges|deposit|deposits|payment)",
    r"(?:fee|fees|cost|costs|charge|deposit|payment)(?:(?: of)? \d\w*+)?(?: is| are)?(?: required| due| needed)? to "
    r"(?:apply|submit|audition|participate|attend|enter|register|join|be seen|be considered|be cast|sign up|take part)",
    r"pay to (?:play|audition|submit|apply|participate|attend|enter|join|be seen|be considered|be cast|take part)",
    _TALENT + r" (?:(?:will|must|need to|needs to|have to|has to|are required to|is required to|ll|shall|should"
    r"|are expected to|is expected to|also|then) ){1,3}(?:pay|be charged)",
    _TALENT + r" (?:pays|are charged|is charged|will be charged|get charged|gets charged)",
    r"(?:charge|charges|charging) (?:all |every |each )?" + _TALENT,
    r"(?:you|youll|participants|applicants|students|parents|attendees|entrants) pay (?:a|an|the|to|for|upfront"
    r"|up front|before|in advance|\d\w*+ (?:to|for|each))",
    r"(?:charge|charges|charging|charged)(?: a| an| the)?(?: \d\w*+)?(?: \w+)? (?:fee|fees|deposit)",
    r"(?:fee|fees|deposit|charge)(?: of)?(?: \d\w*+)? (?:applies|apply|is required|required|is due|due|payable"
    r"|must be paid|is payable|is non ?refundable|non ?refundable)",
    r"\d\w*+ " + _FEE_KINDS + r"(?: fee| fees)? (?:is |are )?(?:due|payable|required|charged)",
    r"bring (?:\d\w*+ )?(?:in )?(?:cash|payment|a check|a cheque|a money order) for (?:the |your )?(?:casting"
    r"|audition|session|registration|fee|class|workshop|headshots?|photos?|slot)",
    r"(?:refundable|non ?refundable|nonrefundable|security) deposit", r"tuition",
    r"\d\w*+ (?:entry|registration|submission|audition|application|participation|membership|enrollment|enrolment"
    r"|processing|sign ?up) fee",
    not_after=("covered", "reimbursed"),  # "casting fee covered by the production"
    negated_inside=True,
)
# "pay a fee" is talent paying unless the production is the one paying ("we pay a fee of $500 to each actor").
_PAY_A_FEE = terms(
    r"pay(?: us| our)?(?: a| an| the| our| your)?(?: small| one time| onetime| nominal| modest| refundable"
    r"| non refundable| nonrefundable)? (?:fee|fees|deposit)",
    not_before=("we", "production", "producers", "producer", "company", "client", "brand", "studio", "they"),
)
# "$40 per person" is a charge unless it is what talent earns ("we pay $100 per person").
_PER_HEAD = terms(
    r"\d\w*+ (?:per|a|each) (?:person|participant|student|head|attendee|entry|submission|applicant|child|actor"
    r"|performer)",
    not_before=("paid", "pay", "paying", "pays", "earn", "earns", "rate", "compensation", "stipend", "wage", "salary",
                "receive", "receives", "get", "gets"),
)
_FEES = (_FEE_TO_TALENT, _PAY_A_FEE, _PER_HEAD)
_BUY_THINGS = (r"(?:headshots?|head shots?|photos?|photo ?shoots?|photographs|pictures|portfolios?|comp ?cards?"
               r"|zed ?cards?|z ?cards?|classes|class|workshops?|courses?|training|lessons?|coaching|sessions?"
               r"|packages?|memberships?|subscriptions?|services?|demo reels?|starter kits?|kits?|costumes?"
               r"|wardrobe|tickets?|merch\w*|products?|programs?|programmes?)")
_BUY_REQUIRED = terms(
    r"(?:must|required to|require you to|requires you to|need to|needs to|have to|has to|will need to|expected to"
    r"|obligated to|asked to|mandatory to|in order to) (?:buy|purchase|pay for|book|take|enroll in|enrol in"
    r"|sign up for|attend|invest in|rent) (?:\w+ ){0,3}" + _BUY_THINGS,
    r"(?:purchase|buy|buying|purchasing)(?: of)?(?: a| an| our| the| your| their)?(?: \w+){0,2} " + _BUY_THINGS,
    r"(?:headshots?|photos?|photo ?shoots?|portfolios?|comp ?cards?|pictures) (?:must be|need to be|needs to be"
    r"|have to be|has to be|are required to be|is required to be) (?:purchased|bought|booked|taken|shot|done)"
    r" (?:\w+ ){0,2}(?:from|with|by|through) (?:us|our|the production|the studio)\w*",
    r"(?:headshots?|photos?|photo ?shoots?|portfolios?|comp ?cards?|pictures|packages?) (?:are |is )?"
    r"(?:purchased|bought|booked|sold|required|mandatory) (?:\w+ ){0,1}(?:from|through|with) (?:us|our|the "
    r"production)\w*",
    r"mandatory (?:paid )?(?:class|classes|workshops?|courses?|bootcamp|boot camp|orientation|training|seminar)",
    r"(?:enroll|enrol|register|sign up|signup) (?:in|for) (?:our|a|the|this) (?:\w+ )?(?:class|classes|workshops?"
    r"|courses?|program|programme|academy|school|training|bootcamp|seminar)",
    not_before=("we", "production", "producers", "company", "client", "brand", "will"),
)


def rule_pay_to_play(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """No fee charged to talent, except workshops, classes, competitions and events that spell theirs out."""
    findings: list[Finding] = []
    fee = notice.fee if notice.fee is not None and notice.fee.amount != 0 else None
    if fee is not None and (fee.amount is None and not fee.description):
        fee = None
    texts = notice_texts(notice, fee=False) + role_texts(notice)
    mentions = [(where, hit) for where, text in texts for family in _FEES for hit in text.find(family)]
    purchases = [(where, hit) for where, text in texts for hit in text.find(_BUY_REQUIRED)]
    if notice.is_casting:
        if fee is not None:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                "Casting notices may not charge talent a fee. Remove the fee; only workshops, classes, "
                "competitions and events may charge one.")))
        for where, hit in mentions[:1]:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                f"The {where} asks talent to pay ({quote(hit)}). Casting notices may not charge talent to "
                "apply, audition or take part; remove it.")))
        for where, hit in purchases[:1]:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                f"The {where} requires talent to buy something ({quote(hit)}). Talent may not be made to buy "
                "headshots, classes or services to take part; remove it.")))
        return findings
    kind = notice.category
    if fee is not None:
        if fee.amount is None:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, f"State the {kind}'s fee amount in the fee field."))
        if analyse(fee.description).word_count() < config.min_fee_description_words:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                f"Say what the {kind}'s fee buys (sessions, hours, who teaches or judges, what is included) in "
                f"the fee description, in at least {config.min_fee_description_words} words.")))
    elif mentions:
        where, hit = mentions[0]
        findings.append(Finding(PAY_TO_PLAY, BLOCK, (
            f"The {where} mentions a fee ({quote(hit)}) but the notice's fee field is empty. Put the amount and "
            "what it buys in the fee field.")))
    for where, hit in purchases[:1]:
        findings.append(Finding(PAY_TO_PLAY, REVIEW, (
            f"The {where} requires a purchase ({quote(hit)}). Anything talent must pay for has to be in the fee "
            "amount and description; an editor will check.")))
    return findings
