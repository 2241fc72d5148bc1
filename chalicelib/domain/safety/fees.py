"""Phrases that say talent pays: fees, deposits and per-head charges, and purchases they must make.

Notice vetting (pay-to-play) and the message scam signals both read them.
"""
from __future__ import annotations

from ..text import terms

_FEE_KINDS = (r"(?:registration|submission|submissions|audition|application|casting|entry|entrance|participation"
              r"|processing|enrollment|enrolment|membership|admin|administration|administrative|sign ?up|reading"
              r"|consultation|portfolio|headshot|headshots|photo|photos|photography|listing|subscription|training"
              r"|workshop|class|course|placement|representation|upfront|up front|set ?up|orientation|evaluation"
              r"|assessment|materials|showcase|reg)")
_TALENT = (r"(?:you|talent|actors?|performers?|models?|applicants?|participants?|dancers?|singers?|artists?"
           r"|students?|parents|kids|everyone|each (?:person|participant|actor|applicant|performer))")
FEE_TO_TALENT = terms(
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
PAY_A_FEE = terms(
    r"pay(?: us| our)?(?: a| an| the| our| your)?(?: small| one time| onetime| nominal| modest| refundable"
    r"| non refundable| nonrefundable)? (?:fee|fees|deposit)",
    not_before=("we", "production", "producers", "producer", "company", "client", "brand", "studio", "they"),
)
# "$40 per person" is a charge unless it is what talent earns ("we pay $100 per person").
PER_HEAD = terms(
    r"\d\w*+ (?:per|a|each) (?:person|participant|student|head|attendee|entry|submission|applicant|child|actor"
    r"|performer)",
    not_before=("paid", "pay", "paying", "pays", "earn", "earns", "rate", "compensation", "stipend", "wage", "salary",
                "receive", "receives", "get", "gets"),
)
FEE_FAMILIES = (FEE_TO_TALENT, PAY_A_FEE, PER_HEAD)
_BUY_THINGS = (r"(?:headshots?|head shots?|photos?|photo ?shoots?|photographs|pictures|portfolios?|comp ?cards?"
               r"|zed ?cards?|z ?cards?|classes|class|workshops?|courses?|training|lessons?|coaching|sessions?"
               r"|packages?|memberships?|subscriptions?|services?|demo reels?|starter kits?|kits?|costumes?"
               r"|wardrobe|tickets?|merch\w*|products?|programs?|programmes?)")
BUY_REQUIRED = terms(
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
