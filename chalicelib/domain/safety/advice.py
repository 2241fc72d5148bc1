"""Safety advice is not a request: "we will never ask you to pay", "if anyone asks you to deposit a
check and send money back, it's a scam", "scammers ask for a fee by Zelle". A signal whose clause
speaks of what someone else might ask, or of what is never asked, does not count; "this is not a
scam" does not make a request advice.
"""
from __future__ import annotations

from ..text import Hit, Text, terms

_WHO = r"(?:anyone|anybody|someone|somebody|a stranger|strangers|people|they|a producer|a casting director|a recruiter)"
_ASKS = r"(?:asks?|asking|tells?|wants?|requests?|offers?|demands?|says?|pressures?)"
_ADVICE = terms(
    r"if " + _WHO + r" (?:\w+ )?" + _ASKS,
    _WHO + r" (?:who|that) (?:\w+ )?" + _ASKS,
    _WHO + r" (?:\w+ ){0,3}(?:pretending|posing|claiming|impersonating|using our (?:company |production )?name)",
    r"scam\w* (?:often |sometimes |may |might |will |usually |typically |commonly )?(?:\w+ )?" + _ASKS,
    r"(?:never|wont ever|will never|would never|do not ever|dont ever|will not|wont) (?:\w+ )?(?:ask|tell|request"
    r"|require|need|make|pressure|expect) (?:you|talent|anyone|actors|performers|models|applicants)",
    r"(?:we|production|callboard|casting|our team|our office|this production) (?:\w+ )?(?:never|do not|dont"
    r"|does not|doesnt|will not|wont) (?:ask|charge|require|accept)",
    r"(?:beware|watch out|be careful|be wary) (?:of|for)",
    r"(?:red flags?|warning signs?|is a scam|its a scam|are scams|are a scam|a scam if)",
    negatable=False,
)


def is_advice(text: Text, hit: Hit) -> bool:
    return _ADVICE.pattern.search(" ".join(text.clause(hit))) is not None
