"""Off-platform contact: a chat app, "text me", a phone number, an e-mail address or a sign-up link.

Scammers move the talk somewhere Callboard cannot see (WhatsApp, Telegram, Signal, Kik, Google Chat,
a personal number or e-mail) before they ask for money or details; a notice that does the same
bypasses the relay that keeps addresses private. Legitimate casting talk keeps contact here ("send
your reel through Callboard", "our office number is on the notice", "call time is 7am").
"""
from __future__ import annotations

import re

from ..text import BREAK, Terms, Text, denied_in_clause, terms
from .advice import is_advice

_APPS = (r"(?:whatsapp|whats app|telegram|signal app|kik|wechat|we chat|viber|skype|snapchat|snap|google chat"
         r"|google hangouts|hangouts|hangout|gchat|google voice|facebook messenger|fb messenger|messenger|instagram"
         r"|insta|ig|discord|threema|wickr|line app|imessage|textnow|text now)")
_CONTACT = (r"(?:add|message|msg|text|txt|chat|contact|reach|hit|dm|talk|continue|move|write|ping|call|find|connect"
            r"|go|switch|head|jump|hop|swap|moving|switching|taking"
            r"|follow|join|speak|get in touch|get back|respond|reply|send|shoot|holla|communicate|discuss|find)")
_MAIL_HOSTS = r"(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|msn|icloud|aol|protonmail|proton|gmx|yandex|zoho)"
_OFF_PLATFORM = terms(
    # "add me on WhatsApp", "let's continue on Telegram", "message us via Signal app"
    _CONTACT + r" (?:\w+ ){0,5}(?:on|via|through|over|thru|using|in|at|to) (?:my |our |the |his |her |a )?"
    + _APPS,
    r"(?:download|install|get) (?:the )?(?:whatsapp|telegram|signal|kik|wechat|viber|snapchat|discord|threema|wickr)"
    r"(?: app)?",
    r"(?:on|via|over|thru|through|using) (?:signal|kik|telegram|whatsapp|wechat|viber|google chat|hangouts"
    r"|google hangouts|gchat|snapchat|discord|facebook messenger|fb messenger|imessage|threema|wickr)",
    r"(?:do|are) you (?:have|on|use) (?:an? )?(?:instagram|insta|ig|whatsapp|telegram|snapchat|kik|signal|wechat"
    r"|viber|discord)",
    r"(?:send|shoot|drop) (?:me|us) (?:a |an )?(?:dm|pm|direct message|private message)",
    r"follow (?:me|us) (?:\w+ )?(?:on|at) (?:instagram|insta|ig|tiktok|tik tok|twitter|x|snapchat|facebook)",
    # "my WhatsApp is ...", "Telegram handle", "WhatsApp only"
    r"(?:whatsapp|whats app|telegram|kik|wechat|viber|snapchat|skype|discord|insta|instagram|ig)"
    r" (?:me|us|id|number|no|handle|username|user|name|is|only|link|group|chat|at|account)",
    r"signal (?:me|us|id|number|handle|username|app|only|chat|group)",
    r"(?:my|our) (?:whatsapp|whats app|telegram|signal|kik|wechat|viber|snapchat|skype|discord|insta|instagram"
    r"|ig|cell|mobile|personal|private|cellphone|cell phone|socials)",
    r"my (?:direct |own )?(?:phone|number|digits|contact info|contact details|gmail|yahoo|hotmail|email|e mail"
    r"|handle)",
    # "add me on ...", "hmu on ...": nothing on Callboard is added or hit up
    r"(?:add|hmu|hit up) (?:me|us) (?:on|at|via)", r"hmu (?:on|at|via)",
    r"(?:on|via) snap(?!\S)",
    # "text me", "call me at", "reach me directly", "shoot me a text", "give me a call"
    r"(?:text|txt|sms|whatsapp|telegram|imessage|ring|phone) (?:me|us)",
    r"(?:call|reach|contact|email|e mail|message|dm|hit|ping) (?:me|us) (?:up )?(?:at|on|directly|privately"
    r"|personally|asap|via|through|outside|off)",
    r"(?:shoot|send|drop|give) (?:me|us) (?:a |an )?(?:text|txt|sms|call|ring|line|email|e mail|whatsapp)",
    # "let's talk outside the app", "this app is slow, text me"
    r"(?:outside|off) (?:of )?(?:this |the )?(?:app|platform|callboard)", r"off (?:this|the) (?:site|website)",
    r"(?:do not|dont|pls dont|please dont|no need to) (?:reply|respond|answer|message|write) (?:here|on here|on this"
    r"|on callboard|through callboard|via callboard|in this app)",
    r"(?:i|we) (?:rarely|never|dont|do not|barely|seldom) (?:check|use|read|log into|log in to) (?:this|here|"
    r"callboard|the app|my messages|messages here)",
    r"(?:personal|private|direct|cell|mobile) (?:number|email|e mail|line|phone|contact|account)",
    # asking for the talent's own number or address: "what's your WhatsApp?", "send me your cell"
    r"(?:whats|what is|send me|send us|give me|share|drop|leave|text me|dm me|reply with|may i have|can i get|can i"
    r" have) (?:\w+ ){0,2}(?:your|ur) (?:cell|cell phone|phone|mobile|whatsapp|telegram|snapchat|number|digits"
    r"|personal email|email address|email|gmail|yahoo|hotmail|outlook|instagram|ig|socials)",
    # e-mail written out to slip past: "jo dot smith at gmail dot com", "my gmail"
    r"(?:at )?" + _MAIL_HOSTS + r" (?:, )?(?:dot )?(?:, )?(?:com|net|me|co|ca|ru|fr|de)",
    not_after=("callboard", "here", "this"),  # "message me here on Callboard"
    negatable=False,
)
# Sending the talk to a page: "click the link to confirm your spot", "register on our website".
_SIGN_UP_ELSEWHERE = terms(
    r"(?:click|tap|open|visit|follow|use) (?:on )?(?:the |this |my |our )?(?:link|url|website|site|portal|form|page)"
    r" (?:\w+ ){0,6}(?:to )?(?:register|sign up|signup|verify|confirm|login|log in|pay|book|apply|claim|activate"
    r"|complete|secure|download|install|get started|continue)",
    r"(?:register|sign up|verify|confirm|login|log in|pay|apply|claim|activate|complete|download|install)"
    r" (?:\w+ ){0,6}(?:at|on|via|through|using|with) (?:the |this |our |my |a )?(?:link|url|website|site|portal"
    r"|form|page|app)",
    not_after=("callboard",),
    negatable=False,
)
# Written in the original text (folded): addresses, handles and numbers.
EMAIL = re.compile(  # an e-mail address as written; notice vetting reads it too
    r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_PHONE = re.compile(
    r"(?<![\w$.,])(?:\+?1[\s.\-]?)?\(?[2-9]\d{2}\)?[\s.\-]{0,3}[2-9]\d{2}[\s.\-]{0,3}\d{4}(?![\w])"  # North American
    r"|(?<![\w$])\+\d[\d\s.\-()]{8,16}\d(?!\d)"  # +44 7700 900123
    r"|(?<![\w$])(?:\d[\s.\-_*]){9,11}\d(?![\w])"  # 5 5 5 1 2 3 4 5 6 7
)
# An address written out to slip past filters: "casting [@] example [dot] com", "jo (at) mail (dot) net".
_WRITTEN_EMAIL = re.compile(
    r"(?<![\w.])[\w.]++\s*(?:[\[({<]\s*(?:@|at)\s*[\])}>]|\s(?:@|at)\s)"  # the name, then "[@]" or " at "
    r"\s*[\w-]+\s*(?:[\[({<]\s*(?:\.|dot)\s*[\])}>]|\s(?:\.|dot)\s)"  # the host, then "[dot]" or " . "
    r"\s*(?:com|net|org|co|io|me|ca|us|uk|info|biz)\b")
_CHAT_LINK = re.compile(r"\b(?:t\.me|wa\.me|chat\.whatsapp\.com|telegram\.me|signal\.me|m\.me|kik\.me|discord\.gg"
                        r"|discord\.com/invite)/\S+")
# Each alternative starts only where an address can start and never backtracks into one: linear on any input.
_LINK = re.compile(r"https?://\S+|\bwww\.\S+|(?<![a-z0-9-])[a-z0-9-]++\.(?:com|net|org|io|co|me|ly|link|site|online|xyz"
                   r"|info|app)(?:/\S*)?")
_LINK_ACTION = re.compile(r"\b(?:register|registration|sign ?up|verify|verification|confirm|log ?in|pay|payment"
                          r"|deposit|claim|activate|download|install|apply|book|secure)\b")
_NUMBER_WORDS = {"zero": 1, "oh": 1, "one": 1, "two": 1, "three": 1, "four": 1, "five": 1, "six": 1, "seven": 1,
                 "eight": 1, "nine": 1, "double": 0}
ON_PLATFORM = "callboard"


def spelled_phone(text: Text) -> bool:
    """Ten or more digits spelled out or mixed with words ("five five five, one two three ...")."""
    digits = spelled = 0
    for word in text.words:
        if word in _NUMBER_WORDS:
            digits, spelled = digits + _NUMBER_WORDS[word], spelled + 1
        elif word.isdigit() and spelled:
            digits += len(word)
        elif word != BREAK or not digits:
            digits = spelled = 0
        if digits >= 10 and spelled >= 3:
            return True
    return False


# "I don't check this app, so text me": the denial is about something else once one of these comes.
_TURNS = frozenset({"so", "but", "instead", "rather", "just", "please", "pls"})


def _said(text: Text, family: Terms) -> list[str]:
    """Hits that are not denied ("don't share your personal email") or safety advice."""
    return [hit.phrase for hit in text.find(family)
            if not denied_in_clause(text.words, hit.start, _TURNS) and not is_advice(text, hit)]


def contact_details(text: Text) -> list[str]:
    """Ways to reach the writer outside Callboard: chat apps, "text me", numbers, e-mail addresses."""
    found = _said(text, _OFF_PLATFORM)
    found += [m.group(0) for m in EMAIL.finditer(text.folded) if ON_PLATFORM not in m.group(0)]
    found += [m.group(0) for m in _WRITTEN_EMAIL.finditer(text.folded) if ON_PLATFORM not in m.group(0)]
    found += [m.group(0) for m in _CHAT_LINK.finditer(text.folded)]
    found += ["phone number" for _ in _PHONE.finditer(text.folded)]
    if spelled_phone(text):
        found.append("phone number spelled out")
    return found


def off_platform_contact(text: Text) -> list[str]:
    """What in a message moves the talk off Callboard: contact details, or a link to sign up or pay at."""
    found = contact_details(text) + _said(text, _SIGN_UP_ELSEWHERE)
    for sentence in text.sentences():
        links = [m.group(0) for m in _LINK.finditer(sentence) if ON_PLATFORM not in m.group(0)]
        if links and _LINK_ACTION.search(_LINK.sub(" ", sentence)):
            found.append(links[0])
    return found
