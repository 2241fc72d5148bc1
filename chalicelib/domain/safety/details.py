"""Personal-details signals: a message asking for ID or bank details, or for a login, card or one-time code.

A real production collects payroll paperwork (I-9, tax forms, direct deposit) through its payroll
company once talent is booked, and checks ID in person on set; so "bring your passport to set" and
"the payroll company will send your start paperwork" are not signals. Sending the details in a
message, or to a stranger, is.
"""
from __future__ import annotations

from ..text import Terms, Text, terms

_IDENTITY = (
    r"(?:social security(?: number| numbers| card| no)?|ssn|ssns|ss number|social insurance number|sin number"
    r"|passport(?: photo| number| copy| scan| page| details| info)?|(?:drivers? )?licen[cs]e (?:photo|number|copy"
    r"|scan|picture|pic)|(?:photo|picture|copy|scan|pic|image|selfie) (?:of|with|holding) (?:your |the )?(?:id|ids"
    r"|passport|licen[cs]e|drivers licen[cs]e|ssn|social security card|government id|state id|photo id)"
    r"|(?:photo|picture|pic|selfie|video) (?:\w+ ){0,3}(?:holding|with) (?:\w+ ){0,2}(?:id|ids|passport|licen[cs]e"
    r"|social security card|card)"
    r"|(?:government|state|photo|national) (?:id|ids|identification)|mothers maiden name|date of birth and \w+"
    r"|bank (?:account|acct|details|info|information|statement|statements|account details|account number)s?"
    r"|(?:account|acct|routing|sort|iban|swift) (?:and routing )?(?:numbers?|no|details|code))"
)
# What opens an account or a card: no one has a reason to ask for it, so it holds the message on its own.
_ACCESS = (
    r"(?:bank (?:login|logins|password|username|credentials|pin)|online banking(?: \w+)?|banking (?:login|password"
    r"|credentials|username|app)|(?:credit|debit|bank|atm) card(?: number| numbers| details| info| information"
    r"| pin)?|card (?:number|numbers|details|info|information)|cvv|cvc|cvv2|expiry date|(?:verification"
    r"|confirmation|login|one time|onetime|otp|6 digit|six digit|2fa|authentication|security|google voice|whatsapp)"
    r" (?:codes?|pins?)|\d digit codes?|codes? (?:we|i) (?:just )?(?:sent|texted)|pin number|pin code"
    r"|(?:apple|icloud|paypal|email|gmail|instagram|callboard|account) (?:password|login|logins|credentials)"
    r"|passwords?|login (?:details|info|credentials))"
)
_ASK = (r"(?:send|sending|text|txt|email|e mail|dm|message|share|provide|give|forward|upload|submit|reply with"
        r"|respond with|need|needs|require|required|requires|confirm|verify|what is|whats|tell|read|type|enter"
        r"|fill in|attach|include|drop|post|snap|take a (?:photo|picture|pic) of|i will need|well need)")


def _asking_for(sensitive: str) -> Terms:
    return terms(
        _ASK + r" (?:\w+ |, ){0,8}" + sensitive,  # a list may run over commas: "your name, SSN and bank"
        sensitive + r" (?:\w+ ){0,3}(?:to me|to us|here|in this|in your reply|by text|by email|asap|now|immediately"
    r"|today|tonight|required|needed|please|so (?:we|i) can)",
    )


_ASKS_IDENTITY, _ASKS_ACCESS = _asking_for(_IDENTITY), _asking_for(_ACCESS)
# Details taken the proper way: shown in person, or through the payroll company's own paperwork.
_PROPER_WAY = terms(
    r"bring", r"show", r"on set", r"in person", r"to set",
    r"at (?:the )?(?:office|fitting|set|studio|wardrobe|check in)",
    r"payroll (?:company|portal|service|provider|paperwork|forms?|packet|system)", r"start (?:paperwork|packet"
    r"|forms?|work)", r"i 9", r"w 4", r"td1", r"cast and crew", r"entertainment partners", r"wrapbook",
    negatable=False,
)


def _asked(text: Text, family: Terms) -> list[str]:
    return [hit.phrase for hit in text.find(family)
            if not _PROPER_WAY.pattern.search(" ".join(text.clause(hit)))]


def personal_details(text: Text) -> list[str]:
    """Identity and bank-account details: a warning (payroll needs them, but never by message)."""
    return _asked(text, _ASKS_IDENTITY)


def account_access(text: Text) -> list[str]:
    """Logins, passwords, card numbers and one-time codes: nobody needs them, the message is held."""
    return _asked(text, _ASKS_ACCESS)
