"""Personal-details signals: a message asking for ID or bank details, or for a login, card or one-time code.

A real production collects payroll paperwork (I-9, tax forms, direct deposit) through its payroll
company once talent is booked, and checks ID in person on set; so "bring your passport to set" and
"the payroll company will send your start paperwork" are not signals. Sending the details in a
message, or to a stranger, is.
"""
from __future__ import annotations

import re

from ..text import Hit, Terms, Text, analyse, denied_in_clause, terms
from .advice import is_advice

_NUMBERS = (
    r"(?:social security(?: number| numbers| card| no)?|ssn|ssns|ss number|social insurance number|sin number"
    r"|passport (?:number|details|info)|mothers maiden name"
    r"|your social(?! (?:media|handles?|accounts?|profiles?|links?|skills|channels?))"  # "your social" = SSN
    r"|bank (?:account|acct|details|info|information|statement|statements|account details|account number)s?"
    r"|(?:account|acct|routing|sort|iban|swift) (?:and routing )?(?:numbers?|no|details|code))"
)
# Documents: asked for by sending a copy ("a scan of both sides of your driver's licence"); a role may
# legitimately *need* a licence or a passport, so only sending one counts.
_DOCUMENTS = (
    r"(?:passports?|(?:drivers? )?licen[cs]es?|(?:government |state |photo |national )?(?:id|ids|identification)"
    r"(?: cards?)?|social security cards?|birth certificates?)"
)
_COPY = r"(?:scan|scans|copy|copies|photo|photos|picture|pictures|pic|pics|image|images|selfie|video|photocopy)"
_SEND = (r"(?:send|sending|text|txt|email|e mail|dm|message|share|forward|upload|submit|reply with|respond with"
         r"|attach|snap|post|drop)")
_DOCUMENT_ASKS = (
    _SEND + r" (?:\w+ |, ){0,16}" + _COPY + r" (?:\w+ ){0,5}(?:of|with|holding|showing) (?:\w+ ){0,5}" + _DOCUMENTS,
    _SEND + r" (?:me |us )?(?:your |a |the )?(?:\w+ )?" + _DOCUMENTS,
    r"(?:need|needs|require|requires|required|want|wants) (?:\w+ ){0,6}" + _COPY + r" (?:\w+ ){0,3}(?:of|with|holding"
    r"|showing) (?:\w+ ){0,3}" + _DOCUMENTS,
)
# What opens an account or a card: no one has a reason to ask for it, so it holds the message on its own.
_ACCESS = (
    r"(?:bank (?:login|logins|password|username|credentials|pin)|online banking(?: \w+)?|banking (?:login|password"
    r"|credentials|username|app)|(?:credit|debit|bank|atm) card(?: number| numbers| details| info| information"
    r"| pin)?|card (?:number|numbers|details|info|information)|cvv|cvc|cvv2|expiry date|(?:verification"
    r"|confirmation|login|one time|onetime|otp|6 digit|six digit|2fa|authentication|security|google voice|whatsapp)"
    r" (?:codes?|pins?)|\d digit codes?|codes? (?:we|i) (?:just )?(?:sent|texted)|pin number|pin code"
    r"|(?:apple|icloud|paypal|email|gmail|instagram|callboard|account) (?:password|login|logins|credentials)"
    r"|passwords?|login (?:details|info|credentials)|codes? (?:\w+ ){0,2}(?:texts?|sends?|sent|texted|emails?|emailed)"
    r" (?:to )?you)"
)
_ASK = (r"(?:send|sending|text|txt|email|e mail|dm|message|share|provide|give|forward|upload|submit"
        r"|(?:reply|respond|get back)(?: here| back| to me| to us)? with|need|needs|require|required|requires|confirm"
        r"|verify|what is|whats|tell|read|type|enter"
        r"|fill in|attach|include|drop|post|snap|take a (?:photo|picture|pic) of|i will need|ill need|well need)")


def _asking_for(sensitive: str, *more: str) -> Terms:
    return terms(
        # a list may run over commas ("your name, SSN and bank"); "we'll send you a code" asks for nothing
        _ASK + r" (?!you )(?:\w+ |, ){0,30}" + sensitive,
        *more,
        sensitive + r" (?:\w+ ){0,3}(?:to me|to us|here|in this|in your reply|by text|by email|asap|now|immediately"
        r"|today|tonight|required|needed|please|so (?:we|i) can)",
        # Denial is judged where the detail is named (`_asked`), so a denied request early in a message cannot
        # swallow a real one after it ("Never send bank details by message. Please provide your SSN.").
        negatable=False,
    )


# Being walked into your own bank ("log in to your bank through the link and approve the request").
_INTO_YOUR_ACCOUNT = (
    r"log ?(?:in|into|on) (?:to )?your (?:bank|banking|online banking|bank account|paypal|venmo|cash app|zelle)",
    r"(?:approve|accept|confirm) (?:the |a |this )?(?:\w+ )?(?:verification|login|log in|sign in|payment|transfer)"
    r" (?:request|prompt|notification)",
)
# "I'm sending you a code ... please read it back to me": the code and the request a few sentences apart.
_CODE = terms(r"(?:\d|six|6) digit (?:code|pin|passcode)", r"(?:verification|confirmation|login|security|one time)"
              r" (?:code|pin|passcode)", r"passcodes?", r"otp",
              r"code (?:from|by) (?:callboard|text|sms|your bank|the bank|google)", negatable=False)
_READ_IT_BACK = terms(r"(?:read|send|text|give|forward|tell|share|repeat|provide) (?:it|that|the code|them|the numbers)"
                      r" (?:back )?to (?:me|us)", r"(?:read|send) (?:it|that|the code) back", negatable=False)
CODE_REQUEST_WORDS = 60


def _code_read_back(text: Text) -> list[str]:
    codes, asks = text.find(_CODE), text.find(_READ_IT_BACK)
    return [ask.phrase for ask in asks for code in codes if 0 <= ask.start - code.start <= CODE_REQUEST_WORDS][:1]


_ASKS_IDENTITY = _asking_for(_NUMBERS, *_DOCUMENT_ASKS)
_ASKS_ACCESS = _asking_for(_ACCESS, *_INTO_YOUR_ACCOUNT)
# Details taken the proper way: shown in person, or through the payroll company's own paperwork.
_PROPER_WAY = terms(
    r"bring", r"show", r"on set", r"in person", r"to set",
    r"at (?:the )?(?:office|fitting|set|studio|wardrobe|check in)",
    r"payroll (?:company|portal|service|provider|paperwork|forms?|packet|system)", r"start (?:paperwork|packet"
    r"|forms?|work)", r"i 9", r"w 4", r"td1", r"cast and crew", r"entertainment partners", r"wrapbook",
    negatable=False,
)
# ... unless the details are still to come to the sender: "for your I-9, email me a copy of your passport".
_TO_SENDER = terms(r"to (?:me|us)", r"(?:send|email|text|dm|message|forward|give|reply)\w* (?:\w+ )?(?:me|us)",
                   negatable=False)


# A request and its list may run over lines ("send the following:\n- your SSN\n- ..."), never into the next
# sentence ("Never send bank details by message. Callboard may send you a code.").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _asked(message: Text, family: Terms) -> list[str]:
    found = []
    for sentence in _SENTENCE_END.split(message.folded):
        text = analyse(sentence)
        for hit in text.find(family):
            if denied_in_clause(text.words, hit.end - 1) or is_advice(text, hit):  # "please don't send your SSN"
                continue
            clause = " ".join(text.clause(Hit(hit.phrase, hit.end - 1, hit.end)))  # where the detail is named
            if not _PROPER_WAY.pattern.search(clause) or _TO_SENDER.pattern.search(clause):
                found.append(hit.phrase)
    return found


def personal_details(text: Text) -> list[str]:
    """Identity and bank-account details: a warning (payroll needs them, but never by message)."""
    return _asked(text, _ASKS_IDENTITY)


def account_access(text: Text) -> list[str]:
    """Logins, passwords, card numbers and one-time codes: nobody needs them, the message is held."""
    return _asked(text, _ASKS_ACCESS) + _code_read_back(text)
