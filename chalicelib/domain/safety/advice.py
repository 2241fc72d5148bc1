"""What is not a request. Safety advice: "we will never ask you to pay", "if anyone asks you to
deposit a check and send money back, it's a scam", "scammers ask for a fee by Zelle" (a signal whose
clause speaks of what someone else might ask, or of what is never asked, does not count; "this is
not a scam" does not make a request advice). And a story: a casting message describes scenes and
characters ("your character texts her boyfriend on WhatsApp", "the role: a con artist who sells fake
headshot packages"), so a sentence that narrates one is left out before the rules read the message.
"""
from __future__ import annotations

import re

from ..text import Hit, Text, analyse, terms

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


# Narration, not address: what a scene, a script or a character does. Kept narrow on purpose ("your
# character's costume, send $80" is still a request): each marker names the story itself.
_STORY = terms(
    r"(?:in|from) (?:the|this|our|each) (?:pilot|episode|script|story|storyline|sketch)",
    r"scene \d\w*", r"(?:the|a) line where", r"the sides (?:include|have|call for)",
    r"(?:the|this|our) (?:film|movie|story|episode|pilot|series|play|short|show|documentary) (?:is about|follows|tells"
    r"|centers on|centres on|explores)",
    r"(?:our|the) (?:heroine|hero|protagonist|antagonist|villain|lead character)",
    r"(?:your|the|my) character(?:s)? (?:\w+ )?(?:texts|sends|buys|receives|gets|asks|calls|runs|sells|pays|wires"
    r"|deposits|is|has|was|falls|works|tries|discovers|realises|realizes|hands|counts|scams)",
    r"(?:you(?:ll| will| would| d)?|youd|youll) play (?:a|an|the)", r"(?:playing|plays) (?:a|an|the) (?:\w+ ){0,3}who",
    r"the role (?:is |of )?(?:a|an) (?:\w+ ){0,4}who",
    negatable=False,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def without_story(text: str) -> str:
    """The message without the sentences that narrate a scene or a character."""
    kept = [s for s in _SENTENCE.split(text) if not _STORY.pattern.search(analyse(s).joined)]
    return "\n".join(kept)
