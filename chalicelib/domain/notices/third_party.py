"""Rule: third-party promotion. Talent apply through Callboard, never another site, app or
service (unless an editor approved the poster's off-site process)."""
from __future__ import annotations

import re

from ..safety.contact import EMAIL
from ..text import Text, analyse, split_sentences, terms
from .findings import BLOCK, REVIEW, THIRD_PARTY, Finding, VettingConfig, at, notice_texts, quote, role_texts
from .model import Notice, Poster

_BRANDS = (r"(?:google forms?|typeform|jotform|survey ?monkey|eventbrite|actors access|breakdown express"
           r"|breakdown services|casting networks|casting frontier|la casting|now casting|casting workbook"
           r"|casting call club|project casting|mandy|star ?now|model ?mayhem|craigslist|instagram|insta|ig"
           r"|tik ?tok|facebook|fb|whatsapp|whats app|telegram|discord|snapchat|twitter|linktree|calendly"
           r"|patreon|onlyfans|only fans|fansly|cameo|kickstarter|indiegogo|gofundme|go fund me|linkedin|reddit"
           r"|wechat|kik)")
_OFF_SITE = (r"(?:" + _BRANDS[3:-1]
             + r"|app|apps|website|websites|web site|webpage|web page|site|sites|platform|portal|form)")
_APPLY = (r"(?:apply|applying|applications?|submit|submitting|submissions?|send (?:in )?(?:your )?(?:submissions?"
          r"|materials|headshots?|applications?|tapes?|self ?tapes?)|sign ?up|signing up|register|registering"
          r"|registration|enroll|enrol|enrolling|rsvp|book (?:a |your )?(?:slot|spot|audition|time)"
          r"|create (?:an? )?(?:free )?(?:account|profile)|make (?:an? )?(?:free )?(?:account|profile)|dm|audition)")
_THIS = r"(?:this|callboard)"
_GOAL = r"(?:apply|submit|register|sign up|audition|be considered|be seen|book (?:a |your )?(?:slot|spot|audition))"
_GO_THERE = (r"(?:visit|go to|head to|use|fill in|fill out|complete|join|follow|subscribe to|download|install|text"
             r"|message|dm|contact|email|register|sign up|create an? account|make an? account)")
_APPLY_OFF_SITE = terms(
    # "apply on our website", "submit through Actors Access", "send submissions to our Insta"
    _APPLY + r" (?:\w+ ){0,3}(?:on|at|via|through|thru|using|in|with|from|to) (?:the |our |a |an |their |my )?"
    r"(?!" + _THIS + r" )(?:\w+ )?" + _OFF_SITE + r"(?: page| account| profile)?",
    # "download the app"
    r"(?:download|install|get) (?:the |our |this |an |a )?(?:free )?(?:\w+ )?app",
    # "must follow us on TikTok"
    r"(?:must|required to|need to|needs to|have to|has to|in order to|to be considered|please) (?:\w+ )?"
    r"(?:follow|subscribe|like|join|download|register|sign ?up|create an? account|make an? account|message|dm)"
    r" (?:\w+ ){0,3}" + _BRANDS,
    # "join our Discord to audition", "visit our casting portal to apply"
    _GO_THERE + r" (?:\w+ ){0,2}(?:on |via |at |through )?(?:the |our |a )?(?!" + _THIS + r" )(?:\w+ )?"
    + _OFF_SITE + r" (?:\w+ ){0,3}to " + _GOAL,
    # "to apply, visit our casting portal"
    r"to " + _GOAL + r" , (?:please )?" + _GO_THERE + r" (?:\w+ ){0,2}(?:the |our |a )?(?!" + _THIS + r" )(?:\w+ )?"
    + _OFF_SITE,
    not_after=("reel", "reels"),
    not_inside=("callboard",),
)
_FOLLOW_BRAND = terms(r"(?:follow|subscribe|like|join|dm|message) (?:\w+ ){0,3}" + _BRANDS)
_APPLY_WORDS = terms(_APPLY)
_TLDS = frozenset(("com net org io co app ly me tv ca us link site online info biz xyz gg to page ai fm bio cc ws "
                   "club live studio film casting show gle gl gd").split())
# Matches start only where an address can start, and never backtrack into one: linear on any input.
_LINK = re.compile(
    r"https?://\S+|\bwww\.\S+"
    r"|(?<![\w.])@[a-z0-9_][a-z0-9_.]{1,29}"  # a social media handle
    r"|(?P<host>(?<![\w.-])[a-z0-9][a-z0-9-]*+(?:\.[a-z0-9-]++)++)(?:/\S*)?"  # castme.io, forms.gle/abc
    r"|(?<![\w-])[a-z0-9-]++ ?(?:\[\.\]|\(\.\)|\(dot\)|\[dot\]| dot )(?:com|net|org|io|co|app|ca|us)\b"  # x dot com
)


def _links(text: Text) -> list[tuple[str, str]]:
    """(link, its sentence) for every web address or handle that is not an e-mail address."""
    found = []
    for sentence in split_sentences(EMAIL.sub(" ", text.folded)):
        for match in _LINK.finditer(sentence):
            host = match.group("host")
            if host and host.rstrip(".").rsplit(".", 1)[-1] not in _TLDS:
                continue  # "e.g.", "p.o.r.n", "st.louis": dotted, but not a web address
            link = match.group(0).rstrip(".,;:)")
            if "callboard" not in link:
                found.append((link, sentence))
    return found


def rule_third_party(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """Applying or signing up through another site, service or app is refused unless an editor approved it."""
    if poster.third_party_approved:
        return []
    texts = notice_texts(notice) + role_texts(notice)
    for where, text in texts:
        hit = text.first(_APPLY_OFF_SITE)
        if hit is not None:
            return [Finding(THIRD_PARTY, BLOCK, (
                f"The {where} sends talent elsewhere to apply or sign up ({quote(hit)}). Applications go "
                "through Callboard; remove it, or ask an editor to approve your off-site process."),
                **at(notice, where, hit))]
        for link, sentence in _links(text):
            if analyse(sentence).first(_APPLY_WORDS):
                return [Finding(THIRD_PARTY, BLOCK, (
                    f"The {where} asks talent to apply or sign up at {link}. Applications go through Callboard; "
                    "remove the link, or ask an editor to approve your off-site process."),
                    **at(notice, where, words=link))]
    for where, text in texts:
        links = _links(text)
        hit = text.first(_FOLLOW_BRAND)
        if links or hit is not None:
            shown = links[0][0] if links or hit is None else quote(hit)
            return [Finding(THIRD_PARTY, REVIEW, (
                f"The {where} points talent to {shown}. An editor will check it is not a sign-up or application "
                "route; talent must never need another site or app to apply."),
                **at(notice, where, hit, words=links[0][0] if links else None))]
    return []
