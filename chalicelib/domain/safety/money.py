"""Money signals: a message that asks talent to pay, says how to send the money, or sets up a cheque scam.

What casting sites and consumer agencies warn about: fees and deposits to get or keep a role, buying
headshots, classes or a portfolio from the sender, money sent by wire service, payment app, money
order, gift card or crypto, and the overpayment cheque ("deposit our cheque, keep your fee, send the
rest to our stylist"). Talk of money flowing the other way (the production paying talent: "you will
be paid $500/day through payroll", "we'll Venmo you after the shoot", "parking is reimbursed") is not
a signal, so each finding is dropped when its clause says the talent is the one paid.
"""
from __future__ import annotations

import re

from ..text import BREAK, Hit, Terms, Text, analyse, terms
from .advice import is_advice
from .fees import BUY_REQUIRED, FEE_FAMILIES

# The production (not talent) is the subject: "we pay a fee", "production covers the deposit".
_PRODUCTION = ("we", "production", "producers", "producer", "company", "client", "brand", "studio", "they", "wed",
               "well", "agency", "accounting", "finance", "payroll", "office", "accountant")
_AMOUNT = r"\d\w*(?: \d\w*)? dollars"  # read_money turned "$150" and "150 USD" into "150 dollars"
_SEND = (r"(?:send|sending|transfer|transferring|wire|wiring|pay|paying|remit|deposit|zelle|venmo|cashapp"
         r"|paypal|load|top up)")

_PAYEES = (r"(?:you|youll|youd|talent|actors?|readers?|performers?|cast|cast members|dancers?|models?|singers?|extras"
           r"|background|participants?|everyone|each (?:actor|performer|cast member|participant))")
_MONEY = (r"(?:" + _AMOUNT + r"|payment|pay|money|check|cheque|funds|stipend|per diem|rate|fee|gift card|honorarium"
          r"|compensation|wages?|salary|reimbursement|residuals|overtime)")
# Money moving to talent: a clause with one of these is about the talent being paid, so it is not a request.
_TALENT_PAID = terms(
    r"(?:pay|paying|pays|compensate|compensates|venmo|zelle|paypal|cashapp) (?:all |each |every |our |the )?"
    + _PAYEES,
    r"(?:send|sending|mail|mailing|transfer|wire|give|gives|giving) (?:you|talent|each actor|each participant"
    r"|everyone) (?:a |an |the |your )?(?:\w+ )?" + _MONEY,
    _PAYEES + r" (?:\w+ ){0,3}(?:paid|compensated)", r"paid (?:to you|by (?:the )?(?:production|payroll|us|client"
    r"|studio|company)|through payroll|via payroll|on payroll)",
    r"get paid", r"per diem", r"payroll", r"direct deposit", r"paycheck\w*",
    _PAYEES + r" (?:will |would |can |could |should |also |then |shall |are going to )?(?:also )?(?:receive|receives"
    r"|get|gets|earn|earns|be given|be sent) (?:a |an |the |your )?"
    r"(?:\w+ )?" + _MONEY,
    r"your (?:rate|pay|payment|wages?|earnings|compensation|stipend|check|cheque|invoice|paycheck|session fee"
    r"|fee for|fee is|fee will be)",
    r"(?:fee|rate|pay) for the (?:day|shoot|session|week|job|episode|booking|spot|show)",
    r"set up (?:your |the )?(?:payment|pay|payroll|direct deposit|invoice)",
    r"covers (?:up to |a |an |the )?" + _AMOUNT, r"guaranteed (?:fee|pay|payment|rate|minimum)",
    _AMOUNT + r" (?:a|per|an|each) (?:day|hour|week|episode|night|show|performance)",
    r"paid (?:at|as) (?:your |the |a |an )?(?:\w+ )?(?:rate|scale|" + _AMOUNT + r")",
    # "wardrobe changes pay $12 each" (but "finalists pay $60" is talent paying)
    r"(?!(?:actors|talent|finalists|extras|models|performers|participants|applicants|students|parents|dancers|singers"
    r"|cast|contestants|attendees) )[a-z]+s pay " + _AMOUNT,
    r"(?:stipend|honorarium|salary|wages?|compensation|day rate|daily rate"
    r"|hourly rate|weekly rate|your rate|rate per (?:day|hour|week))",
    r"(?:payment|money|check|cheque|fee) (?:\w+ )?(?:to you|for you|for your (?:work|services))",
    r"(?:thank you|thanks) (?:gift|for (?:your time|participating))", r"as a thank you", r"for participating",
    r"(?:rate|fee) (?:is|of) " + _AMOUNT + r" (?:per|a|an|each|for the|for a|for each|for one) (?:\w+ )?(?:day|hour"
    r"|week|session|spot|episode|shoot|show|night|performance|recording|job)",
    r"(?:we|well|we will|wed|production|producers|the production|the client|the studio|the brand|the company"
    r"|accounting|payroll) (?:\w+ )?(?:pay|pays|cover|covers|reimburse|reimburses|give|gives|add|adds)",
    r"(?:role|job|part|gig|shoot|show|spot|booking|project|session|rehearsal|performance|position|episode|day|week)"
    r" (?:\w+ ){0,2}(?:pays|will pay|is paying)",
    r"(?:weeks|days|sessions|rehearsals|performances|shows|episodes) (?:\w+ )?pay " + _AMOUNT,
    # fees the industry pays performers: a session, holding or fitting fee is earned, not charged
    r"(?:session|holding|usage|renewal|buyout|cancellation|fitting|wardrobe|kill|travel|mileage|rehearsal|reading"
    r"|weather|exclusivity|licensing|license|extension|conflict"
    r"|appearance|performance|overtime|rental|car|pet|prop|equipment|stunt|hosting|recording|reuse|extra day|day"
    r"|talent|performer) fees?",
    negatable=False,
)


# ... unless the same clause also tells talent to pay: "you'll be paid $500/day, but first send the fee".
_TALENT_PAYS = terms(
    r"(?:must|need to|needs to|have to|has to|required to|will need to|expected to) (?:\w+ )?(?:pay|send|transfer"
    r"|wire|cover|deposit|zelle|venmo)",
    r"(?:but |and )?(?:first|before that|beforehand) (?:\w+ )?(?:pay|send|transfer|wire|zelle|venmo|cover)",
    r"(?:^|please |kindly |just |pls ) ?(?:pay|send|transfer|wire|zelle|venmo|cashapp) (?:us|me|the|a|an|your|"
    + _AMOUNT + r")",
    r"bring (?:\w+ )?(?:" + _AMOUNT + r"|cash|payment|money|a money order)",
    r"(?:paid|payable|due|sent|transferred) (?:directly )?to (?:us|me|our|the production|the agency|the company)",
    r"(?:after|once|when|as soon as|before|until|if) (?:you|youve|you have) (?:\w+ )?(?:pay|paid|send|sent|transfer"
    r"|transferred|wire|wired|cover|covered|deposit|deposited)",
    negatable=False,
)


# What talent pay for themselves ("all you pay for is personal incidentals") is not a request either.
_OWN_EXPENSES = terms(r"(?:your own|personal|own) (?:incidentals|expenses|meals|food|snacks|parking|transport\w*"
                      r"|travel|gas|purchases|costs|drinks)", r"incidentals", negatable=False)
_RELATIVE = frozenset({"which", "that", "who", "paid", "payable", "due", "issued", "sent"})


def _clause_bounds(text: Text, index: int) -> tuple[int, int]:
    start, end = index, index
    while start > 0 and text.words[start - 1] != BREAK:
        start -= 1
    while end < len(text.words) and text.words[end] != BREAK:
        end += 1
    return start, end


def _context(text: Text, hit: Hit) -> str:
    """The hit's clause, with the clause it continues or that continues it ("a $25 late fee, which production
    covers"; "compensation is $4,500, payable in two installments")."""
    start, end = _clause_bounds(text, hit.start)
    words = list(text.words[start:end])
    if end + 1 < len(text.words) and text.words[end + 1] in _RELATIVE:
        following_start, following_end = _clause_bounds(text, end + 1)
        words += text.words[following_start:following_end]
    if start >= 2 and text.words[start] in _RELATIVE:
        previous_start, previous_end = _clause_bounds(text, start - 2)
        words = list(text.words[previous_start:previous_end]) + words
    return " ".join(words)


def _asks(context: str) -> bool:
    """False when the words around a hit say money goes to talent (or is theirs to spend) and ask nothing."""
    quiet = _TALENT_PAID.pattern.search(context) or _OWN_EXPENSES.pattern.search(context)
    return not quiet or bool(_TALENT_PAYS.pattern.search(context))


def _to_talent(text: Text, family: Terms) -> list[str]:
    """Hits of a family, except where the clause is about paying the talent and asks nothing of them."""
    return [hit.phrase for hit in text.find(family) if _asks(_context(text, hit)) and not is_advice(text, hit)]


# --- Asks for a fee or deposit ---------------------------------------------------------------------------

_FEE_WORDS = r"(?:fee|fees|deposit|deposits|charge|charges|payment|payments|cost|costs|dues)"
_FEE_ASK = terms(
    r"(?:registration|booking|processing|admin|administration|administrative|application|audition"
    r"|casting|insurance|permit|work permit|visa|background check|verification|onboarding|activation"
    r"|release|clearance|security|refundable|confirmation|reservation|slot|agency|management|representation"
    r"|placement|membership|database|listing|website|profile|enrollment|enrolment|submission|account|booking"
    r"|commitment|good faith|upfront|up front|starter|file|filing|contract|coordination|training) " + _FEE_WORDS,
    r"(?:deposit|payment|fee|" + _AMOUNT + r") (?:\w+ ){0,4}to (?:secure|reserve|confirm|hold|lock ?in|guarantee"
    r"|book|finalize|finalise|process|activate|complete|release|unlock|proceed|keep|save|claim)",
    r"(?:secure\w*|reserve\w*|confirm\w*|hold|lock (?:\w+ )?in|lockin|guarantee\w*|finali[sz]e\w*|activate\w*|claim"
    r"|keep)"
    r" (?:\w+ ){0,5}"
    r"(?:by|with|after|once|upon|when|via) (?:\w+ ){0,4}(?:paying|payment|sending|deposit|transfer|fee|"
    + _AMOUNT + r")",
    r"(?:fee|fees|charge|price|deposit|investment|registration|entrance|entry|admission|membership|application"
    r"|audition|processing|booking|participation|tuition|attendance|cost to you|your cost|priority review|review|bond"
    r"|evaluation|assessment|critique|consultation|promotion|listing) (?:needed |required |due )?"
    r"(?:is |of |will be |are |just |only "
    r"|totals? |amounts? to )?(?:only |just |a )?" + _AMOUNT,
    _AMOUNT + r" (?:\w+ )?(?:registration|booking|processing|deposit|fee|reservation|admin|application|audition|casting"
    r"|membership|insurance|permit|entry|entrance)",
    r"bring " + _AMOUNT + r" (?:\w+ ){0,5}(?:fee|fees|session|audition|registration|casting|class|workshop|headshots?"
    r"|photos?|slot|deposit|printing)",
    r"(?:need|needs|require|requires|want|wants|collect|collects|ask) (?:\w+ )?" + _AMOUNT + r" (?:\w+ ){0,2}from"
    r" (?:you|each|every|all|talent|actors|performers|models|cast)",
    r"(?:requires?|required|mandatory|need|needs) (?:\w+ ){0,5}(?:fee|deposit|membership|commitment)",
    r"requires? (?:a |an |the )?(?:\w+ )?payment",
    r"(?:plan|subscription|membership|package|program) (?:is|costs|runs|for) (?:only |just )?" + _AMOUNT,
    _AMOUNT + r" for (?:the |your |a )?(?:\w+ )?(?:background check|registration|processing|permit|insurance|fee"
    r"|deposit|badge|pass|application|audition|booking|membership|listing|profile|slot|spot|verification)",
    r"payable (?:by|via|to|through|in|with|upfront|up front|before|in advance)",
    r"(?:spots?|slots?|places?|seats?|entry|admission|enrollment|enrolment|tuition|buy ?in) (?:are |is |cost |costs "
    r"|will cost |at |run |runs )?(?:only |just )?" + _AMOUNT,
    r"(?:spots?|slots?|places?|seats?) (?:\w+ ){0,4}(?:cost|costs|will cost|are priced at|priced at) (?:only |just )?"
    + _AMOUNT,
    r"(?:must|need to|needs to|have to|has to|required to) (?:buy|purchase|invest) (?:\w+ ){0,2}" + _AMOUNT,
    r"(?:asks?|asking) (?:\w+ ){0,3}for (?:a |an |the )?" + _AMOUNT,
    r"(?:register|registration|sign up|signup|enroll|enrol|join) (?:\w+ ){0,4}" + _AMOUNT,
    r"(?:cover|pay|contribute to|pay into|chip in to) (?:their|your|the|a|our) (?:own )?(?:\w+ )?(?:fund|kitty|pool)",
    r"(?:" + _AMOUNT + r"|\d\w* (?:eth|btc|usdt|usdc)) (?:\w+ ){0,2}to (?:receive|get|unlock|secure|book|claim|confirm"
    r"|activate|release|hold)",
    r"(?:fee|fees|charge|price|cost) (?:for|of) (?:\w+ ){0,2}" + _AMOUNT,
    r"(?:contribute|contribution of|chip in|donate|donation of|pitch in) (?:\w+ )?" + _AMOUNT,
    r"bring (?:it|that|the money|the fee|the payment|" + _AMOUNT + r") in cash",
    r"(?:invest|investment|contribute|contribution|fund|funding|finance|sponsor|buy in) (?:\w+ ){0,4}(?:in|to|into"
    r"|towards) (?:the|our|this) (?:film|project|production|movie|show|budget|series)",
    r"(?:you|youll|talent|applicants?) (?:will |would |must |need to |have to |has to |are required to |will need "
    r"to |are expected to )?(?:cover|pay for|be responsible for) (?:the |your |a |all )?(?:\w+ )?(?:fee|fees"
    r"|deposit|permit|insurance|visa|processing|registration|booking|cost of (?:registration|booking|processing"
    r"|the permit|insurance))",
    r"(?:you|youll|talent|applicants?|parents|guardians|models|actors|cast|extras|finalists|participants|attendees"
    r"|students|contestants|each (?:person|actor|model|parent|finalist))"
    r" (?:\w+ ){0,2}(?:cover|covers|pay|pays|send|sends|provide|provides|contribute|contributes) (?:a |an |the )?"
    + _AMOUNT,
    r"(?:small|one time|onetime|nominal|modest|token|minimal|little) (?:\w+ )?(?:fee|deposit|payment|charge"
    r"|investment|contribution)",
    r"invest\w* (?:in (?:yourself|your career|your future|your training)|" + _AMOUNT + r")",
    r"pay (?:for|to) (?:your |the |a |this )?(?:\w+ )?(?:spot|slot|role|place|audition|booking|callback|registration"
    r"|application|membership|profile|listing|position|part|seat|placement|badge|pass|kit|id card|wristband"
    r"|permit|insurance|background check|screening|verification|contract)",
    r"(?:payment|fee|deposit|bond|charge) (?:\w+ ){0,2}(?:is |must be |needs to be |has to be |should be |is to be "
    r"|are to be )?(?:made|sent|paid|transferred|received|completed|remitted|settled) (?:\w+ ){0,3}(?:before (?:the"
    r"|your|we|you)|by (?:today|tonight|tomorrow"
    r"|noon|midnight|end of day|eod)|prior to|first|today|tonight|asap|immediately|upfront|up front|in advance)",
    r"(?:must|has to|needs to|should|will need to) be paid (?:\w+ )?(?:upfront|up front|in advance|before|first"
    r"|prior|beforehand)",
    r"(?:paid|payable|due|(?:" + _AMOUNT + r"|money|payment|fee|deposit) (?:\w+ ){0,3}(?:sent|transferred|wired))"
    r" (?:directly )?to (?:us|me|the production|our (?:company|office|agency|team|production|coordinator|accountant)"
    r"|the (?:agency|company|casting (?:office|team|director)))",
    _AMOUNT + r" (?:\w+ ){0,2}(?:fee|cost|charge|deposit)",
    r"(?:cost|costs|fee|fees|charge|" + _AMOUNT + r") (?:\w+ ){0,3}(?:split|shared|divided) (?:between|among|by)",
    negated_inside=True,
)
# "Send $150" is a request unless the production is the one sending ("we pay $500 a day").
_SEND_SUM = terms(
    _SEND + r" (?:us |me |the |a |an |our |my |over |in |just |only |back )?(?:small |one time |onetime "
    r"|refundable |nominal |total )?(?:sum of |amount of |fee of |deposit of |payment of )?" + _AMOUNT,
    _SEND + r" (?:us |me )?(?:the |a |an |your |that |this )?(?:\w+ )?(?:deposit|fee|fees|registration|balance"
    r"|money|funds)",
    r"(?:secure|reserve|confirm|hold|lock ?in|keep|claim) (?:\w+ ){0,3}(?:role|spot|slot|place|booking|part"
    r"|position|audition|date) (?:\w+ ){0,2}(?:send|pay|transfer|deposit|zelle|venmo) (?:us |me )?(?:\d\w*|"
    + _AMOUNT + r"|the fee|a fee|the deposit|a deposit)",
    not_before=_PRODUCTION,
    negated_inside=True,
)
_FEES = (*FEE_FAMILIES, _FEE_ASK, _SEND_SUM)


# A fee named with nothing around it ("Audition fee?" as a subject) asks for nothing yet.
_BARE_FEE = re.compile(r"(?:[a-z]+ ){1,2}(?:fee|fees|deposit|deposits|charge|charges|cost|costs|payment|payments|dues)")
_MONEY_CONTEXT = terms(r"\d\w*", r"dollars", r"pay\w*", r"paid", r"to", r"for", r"send", r"sent", r"transfer\w*",
                       r"due", r"requires?",
                       r"required", r"must", r"needs?", r"cover", r"bring", r"costs?", r"charged?", r"accepts?", r"is",
                       r"are", r"of", r"via", r"by", r"before", r"upfront", negatable=False)


def asks_for_money(text: Text) -> list[str]:
    found = []
    for family in _FEES:
        for hit in text.find(family):
            clause = text.clause(hit)
            if _BARE_FEE.fullmatch(hit.phrase) and not _MONEY_CONTEXT.pattern.search(
                    " ".join(w for w in clause if w not in hit.phrase.split())):
                continue
            if _asks(_context(text, hit)) and not is_advice(text, hit):
                found.append(hit.phrase)
    return found


# --- Buying headshots, classes or a package from them ----------------------------------------------------

_GOODS = (r"(?:headshots?|head shots?|photos?|photo ?shoots?|test shoots?|pictures|portfolios?|comp ?cards?|zed ?cards?"
          r"|classes|class|workshops?|intensives?|masterclass\w*|showcases?|courses?|training|lessons?|coaching|showreels?"
          r"|sessions?|packages?|kits?|bundles?"
          r"|reels?|demo reels?|memberships?|subscriptions?|programs?|bootcamp|boot camp|seminars?|makeover)")
# Things talent are sold (a "session" or a "photo double" alone is work talent is paid for).
_PURCHASES = (r"(?:headshots?|head shots?|photo ?shoots?|test shoots?|portfolios?|comp ?cards?|zed ?cards?"
              r"|classes|class|workshops?|intensives?|masterclass\w*|courses?|training|lessons?|coaching(?: sessions?)?"
              r"|(?:photo|headshot) sessions?|packages?"
              r"|kits?|bundles?|demo reels?|memberships?|subscriptions?|bootcamp|boot camp|seminars?|makeover)")
_BUY_FROM_THEM = terms(
    r"(?:our|my|the productions|in ?house|partner|preferred|approved|recommended|affiliated|official|designated"
    r"|exclusive|certified) (?:\w+ )?(?:photographers?|studios?|coach|coaches|acting school|academy|agency|stylists?"
    r"|videographers?|trainers?) (?:\w+ ){0,14}(?:" + _AMOUNT + r"|costs?|charges?|fee|fees|package|price"
    r"|book (?:a|your)|pay)",
    _PURCHASES + r" (?:\w+ ){0,4}(?:cost|costs|is|are|for only|for just|at|only|just|runs|run|priced at|price is)"
    r" (?:\w+ ){0,2}" + _AMOUNT,
    r"(?:i|we) (?:can|will|could|would|ll) (?:\w+ ){0,2}(?:produce|make|shoot|do|create|build|design|print|edit"
    r"|record|film|take) (?:\w+ ){0,4}" + _GOODS + r" (?:\w+ ){0,3}for " + _AMOUNT,
    r"(?:i|we) (?:\w+ )?(?:review|evaluate|assess|critique|promote|feature|list|submit|coach|train|groom|develop)"
    r" (?:\w+ ){0,4}for " + _AMOUNT,
    r"(?:must|need to|needs to|have to|has to|required to|will need to) (?:have|get) (?:\w+ ){0,3}" + _GOODS
    + r" (?:taken|done|shot|made|produced|printed) (?:by|with|at|through) (?:our|my|the productions?|an? approved"
    r"|the approved|this)",
    r"(?:headshot|photo|portfolio|modeling|modelling|acting|comp card|starter|training|talent|development"
    r"|promo\w*|marketing|career|vip|premium|pro|gold|silver|platinum|management|representation|agency"
    r"|membership|subscription) (?:\w+ )?(?:package|packages|bundle|bundles"
    r"|kit|kits|plan|plans|membership|memberships|upgrade|upgrades|program|programs|programme|course|courses)",
    r"(?:buy|purchase|order|book|pay for|sign up for|enroll in|enrol in) (?:\w+ ){0,3}" + _GOODS
    + r" (?:from|with|through|thru) (?:us|me|our|my)\w*",
    r"(?:must|need to|needs to|have to|has to|required to|will need to) (?:\w+ )?(?:take|attend|complete|do|start"
    r" with|begin with|go through) (?:our|my|a paid|the paid) (?:\w+ ){0,3}" + _GOODS,
    r"(?:our|my) (?:\w+ ){0,2}(?:program|programme|package|course|training|classes|bootcamp|academy) (?:\w+ ){0,10}"
    + _AMOUNT,
    r"(?:all|every|each) (?:applicants?|actors?|talent|performers?|models?|finalists?|participants?|cast members?)"
    r" (?:\w+ )?(?:take|takes|attend|attends|complete|completes|do|does|buy|buys|purchase|purchases|enroll in"
    r"|sign up for) (?:our|my|a|the) (?:\w+ ){0,4}" + _GOODS,
)


# "A portfolio shot by our own team", "headshots from our studio photographer": bought from the sender
# when the clause makes it a condition ("only", "once", "must") of being put forward.
_MADE_BY_THEM = terms(
    _GOODS + r" (?:\w+ ){0,2}(?:taken|done|shot|made|produced|printed|edited|cut|designed|created|filmed|recorded|from"
    r"|by|with) (?:by |with |at |through |from )?"
    r"(?:our|my|her|his|their|the productions?|in house|an approved|the approved|this) (?:own )?(?:\w+ )?(?:team"
    r"|studio|studios"
    r"|photographers?|photo studio|staff|agency|partners?|people|crew|coach|coaches|teachers?|trainers?|school"
    r"|academy)",
    negatable=False,
)
_CONDITION = terms(r"only", r"once", r"must", r"need to", r"needs to", r"required", r"requires?", r"have to", r"has to",
                   r"before", r"until", r"unless", r"mandatory", negatable=False)
# A service sold for a price: "our editing team cuts reels for talent for $300" (not "we shoot the
# catalog for $800 a day", where the production is the one paying).
_SELLS_SERVICE = terms(
    r"(?:cuts|edits|shoots|makes|produces|creates|designs|prints|builds|does|records|films|takes) (?:\w+ ){0,3}"
    + _GOODS + r" (?:\w+ ){0,4}(?:for|at) (?:only |just |a |the )?(?:\w+ ){0,2}" + _AMOUNT,
    not_before=_PRODUCTION,
)
_ONLY_THEIRS = terms(
    r"(?:wants|asks|expects|requires|needs|would like) you to (?:take|attend|book|buy|do|complete|sign up for"
    r"|enroll in) (?:\w+ ){0,3}" + _GOODS,
    r"(?:must|required to|need to|needs to|have to|has to|only accept\w*|only use) (?:\w+ )?(?:use|buy|order|get|rent"
    r"|purchase) (?:our|my|the official|an official|the approved|our official) (?:\w+ ){0,3}" + _GOODS,
    r"(?:order|buy|purchase|get|rent) (?:it|them|one|yours) (?:\w+ ){0,2}(?:from|at|in|through) (?:our|my) (?:online )?"
    r"(?:store|shop|webshop|website|site|partner)",
)
# A price on something the sender offers ("the kit is $189", "priority review is $29", "a $1,250 package"),
# where nothing in the clause says the money goes to the talent.
# (Headshots, reels and a portfolio alone are what talent send with an application, so they need a
# word that makes them a product: "headshot package", "portfolio shoot".)
_SERVICES = (r"(?:courses?|class|classes|workshops?|intensives?|programs?|programmes?|(?:management|membership"
             r"|subscription|monthly|premium|vip|pro|starter|development) plans?|memberships?|packages?|kits?|reviews?"
             r"|coaching|lessons?|showcases?|listings?|promotions?|(?:portfolio|headshot|photo|test) (?:shoots?"
             r"|sessions?|packages?)|photo ?shoots?|comp ?cards?|demo reels?|training|seminars?|bootcamp|consultations?"
             r"|evaluations?|critiques?|masterclass\w*|subscriptions?|makeover|bundles?)")
_PRICED_SERVICE = terms(_SERVICES + r" (?:\w+ ){0,8}" + _AMOUNT, _AMOUNT + r" (?:\w+ ){0,4}" + _SERVICES,
                        negatable=False)
_REGISTER_FOR = terms(
    r"(?:register|sign up|signup|enroll|enrol|book) (?:for|in|into) (?:our|my|a|the|this) (?:\w+ ){0,2}(?:intensive"
    r"|workshop|class|course|bootcamp|boot camp|seminar|program|programme|masterclass|showcase|training)",
    not_before=_PRODUCTION,
)


def buys_from_them(text: Text) -> list[str]:
    made = [hit.phrase for hit in text.find(_MADE_BY_THEM)
            if _CONDITION.pattern.search(" ".join(text.clause(hit))) and not is_advice(text, hit)]
    families = (BUY_REQUIRED, _BUY_FROM_THEM, _SELLS_SERVICE, _ONLY_THEIRS, _REGISTER_FOR, _PRICED_SERVICE)
    return made + [phrase for family in families
                   for phrase in _to_talent(text, family)]


# --- Ways to send money ------------------------------------------------------------------------------------

_METHODS = (r"(?:western union|moneygram|money gram|zelle|cash ?app|cashapp|venmo|paypal|apple pay|apple cash"
            r"|google pay|gpay|chime|wire transfer|bank transfer|wire|money orders?|worldremit|remitly|paysafecard"
            r"|interac|e ?transfer|etransfer|revolut|skrill|payoneer|bank deposit"
            r"|cashiers? check)")
_PAYMENT_METHOD = terms(
    r"sent (?:\w+ )?(?:over|via|by|through|with|using) (?:a |an |the )?" + _METHODS,
    _SEND + r" (?:it|them|that|this|the (?:money|fee|payment|deposit|amount|balance)|" + _AMOUNT + r") "
    + _METHODS,
    _SEND + r" (?:\w+ ){0,6}(?:via|by|through|thru|with|using|on|over|to (?:my|our|the|this)|in) (?:a |an |the "
    r"|my |our |your )?" + _METHODS,
    r"(?:zelle|venmo|cashapp|cash app|paypal|wire|e transfer|etransfer|interac) (?:it|me|us|to|the money|the fee"
    r"|the payment|the deposit|the rest|the remainder|the difference"
    r"|the amount|the balance|the funds|(?:the |a )?" + _AMOUNT + r")",
    r"(?:fee|fees|deposit|registration|" + _AMOUNT + r") (?:\w+ ){0,4}(?:via|by|through|thru|with|using)"
    r" (?:a |an |the |my |our )?" + _METHODS,
    r"(?:my|our|the|his|her) " + _METHODS + r" (?:is|handle|tag|account|username|user|id|number|email|details"
    r"|info|name|address)",
    r"(?:western union|moneygram|money gram|worldremit|remitly|paysafecard)",
    r"(?:wire|transfer) (?:\w+ ){0,3}(?:to|into) (?:my|our|this|the following|the below|the) (?:\w+ )?account",
    not_before=_PRODUCTION,
)
# A Cash App tag written in the message ("$CastingDirectorJo"): where to send money, unless the production
# is the one sending ("what's your $cashtag? we'll pay you there").
# "We accept Zelle": whoever accepts is the one being paid, so the production as subject changes nothing.
_ACCEPTS_METHOD = terms(
    _METHODS + r" (?:is |are )?(?:easiest|easier|best|fine|ok|okay|preferred|quickest|fastest|works|only)",
    r"(?:accept|accepts|accepted|take|takes|prefer|preferred|only|payable|payment options?|payment methods?"
    r"|payment (?:must|should|can|has to|needs to) be (?:made|sent|done|paid)) (?:\w+ ){0,2}" + _METHODS,
)
_CASHTAG = re.compile(r"(?<![\w$])\$[a-z][a-z0-9_]{2,19}\b")
_CURRENCIES = frozenset({"$usd", "$cad", "$aud", "$eur", "$gbp", "$cashtag"})


def payment_method(text: Text) -> list[str]:
    found = _to_talent(text, _PAYMENT_METHOD) + _to_talent(text, _ACCEPTS_METHOD)
    for sentence in text.sentences():
        tags = [tag for tag in _CASHTAG.findall(sentence) if tag not in _CURRENCIES]
        if tags and not _TALENT_PAID.pattern.search(analyse(sentence).joined):
            found.extend(tags)
    return found


_STORES = r"(?:itunes|apple|google play|steam|amazon|ebay|target|walmart|sephora|visa|store|prepaid|vanilla)"
_CARDS = (r"(?:gift ?cards?|gift vouchers?|" + _STORES + r" (?:gift )?(?:cards?|vouchers?)|vanilla (?:visa|gift"
          r"|prepaid)|prepaid (?:visa"
          r"|debit cards?|mastercard)|green ?dot(?: cards?)?|razer gold|reload(?:able)? cards?)")
_GIFT_CARDS = terms(
    r"(?:redemption|claim|card|voucher) codes?",
    r"(?:buy|purchase|get|grab|pick up|go get|order|send|pay|load|scratch|redeem|in|with|by|via|using|accept"
    r"|accepts|take|takes|payable) (?:\w+ ){0,4}" + _CARDS,
    _CARDS + r" (?:\w+ ){0,6}(?:codes?|pins?|numbers?|pictures?|photos?|pics?|receipts?|back|scratch|send|payment"
    r"|fee|deposit|cover)",
)


def gift_cards(text: Text) -> list[str]:
    return _to_talent(text, _GIFT_CARDS)


_COINS = (r"(?:bit ?coins?|btc|crypto|cryptos|cryptocurrency|cryptocurrencies|ethereum|\d\w* eth|usdt|tether"
          r"|litecoin|ltc|dogecoin|usdc|coinbase|binance|crypto ?wallet|wallet address|bitcoin atm|btc atm|crypto atm"
          r"|bitcoin machine)")
_CRYPTO = terms(
    r"(?:send|sending|transfer|pay|paying|deposit|buy|purchase|fund|load|convert|payable|payment|accept|accepts"
    r"|in|via|through|using|with) (?:\w+ ){0,5}" + _COINS,
    _COINS + r" (?:\w+ ){0,5}(?:wallet|address|atm|fee|deposit|payment|transfer|qr|" + _AMOUNT + r")",
    r"(?:wallet address|bitcoin atm|btc atm|crypto atm|bitcoin machine)", r"\d\w* (?:eth|btc|usdt|usdc|ltc)",
    r"(?:buy|purchase|hold|invest in) (?:\w+ ){0,4}(?:our|the|my|this) (?:\w+ )?(?:tokens?|coins?|nfts?)",
    not_before=_PRODUCTION,
)


def crypto(text: Text) -> list[str]:
    return _to_talent(text, _CRYPTO)


# --- The overpayment cheque -----------------------------------------------------------------------------

_CHEQUE = terms(
    r"(?:cashiers |certified |business |company |bank |official |corporate |a |the |this |that |your |our |my "
    r"|their )(?:check|checks)", r"(?:check|checks) (?:for|of|worth) " + _AMOUNT, r"cheques?", r"money orders?",
    r"(?:a|the|this|that|your|our|my|their) " + _AMOUNT + r" (?:\w+ )?(?:check|checks)",
    r"mobile deposit", r"e ?check", r"overpa\w+", r"(?:mobile|paper|electronic|digital) (?:check|cheque)s?",
    r"(?:sent|paid|transferred|deposited) you " + _AMOUNT + r" (?:\w+ ){0,3}(?:instead of|by mistake|in error|too much"
    r"|more than)", r"(?:mistakenly|accidentally|wrongly) (?:sent|paid|transferred|deposited)",
    r"by (?:cashiers |certified |business )?(?:check|cheque)",
    negatable=False,
)
_MONEY_LEFT = (r"(?:difference|balance|remainder|rest of (?:the )?(?:money|funds|amount|payment|it)|remaining "
               r"(?:amount|funds|money|balance|" + _AMOUNT + r")|excess|extra (?:money|funds|amount|cash|" + _AMOUNT
               + r")|the other (?:" + _AMOUNT + r"|part|portion|half)|rest (?:to|via|through|by|with|back|using)"
               r"|overage|leftover|left over|overpayment|overpaid amount|surplus|what is left|whats left)")
_SEND_BACK = terms(
    r"(?:send|sending|wire|wiring|transfer|transferring|pay|paying|forward|give|zelle|venmo|cashapp|return|refund"
    r"|remit|mail|pass|hand) (?:\w+ ){0,5}" + _MONEY_LEFT,
    r"(?:keep|take out|deduct|hold back|withdraw) (?:\w+ ){0,2}" + _AMOUNT,
    r"(?:return|refund|pay back|give back) (?:the |that |this )?(?:" + _AMOUNT + r"|money|funds|amount|extra|excess)",
    r"(?:send|sending|wire|transfer|pay|give|zelle|venmo|cashapp|return|refund) (?:the |that |this )?(?:" + _AMOUNT
    + r"|money|funds|amount|payment) (?:\w+ ){0,2}back",
    r"(?:keep|take|deduct|hold on to|hang on to) (?:\w+ ){0,4}(?:for (?:yourself|you|your (?:time|fee|pay|services"
    r"|trouble|payment))|as your (?:pay|fee|payment|wage|share))",
    r"(?:the )?(?:rest|remainder|balance|difference|change) (?:is|are) (?:yours|for you|your (?:fee|pay|payment))",
    negatable=False,
)
_DEPOSIT_IT = terms(r"deposit\w*", r"cash (?:it|them|the)", r"cashed", r"clears?", r"cleared", r"posts?", r"posted",
                    r"(?:goes|comes|went|came) through",
                    r"(?:in|into|hits|reaches|lands in|shows in|shows up in) your (?:bank )?account", negatable=False)
# Passing money on to "our vendor" is the other half of the script (never an agent: commission is real).
_PASS_ON = terms(
    r"(?:purchase|buy|order) (?:\w+ ){0,4}from (?:the |our |my |their )?(?:\w+ )?(?:supplier|vendor|store|shop"
    r"|designer|stylist)",
    r"(?:send|sending|give|pay|hand|forward|wire|transfer|zelle|venmo|cashapp|remit) (?:\w+ ){0,2}" + _AMOUNT
    + r" (?:\w+ ){0,2}to",
    r"(?:(?:send|sending|wire|transfer|pay|paying|forward|give|zelle|venmo|cashapp|remit) (?:\w+ ){0,4}to|pay"
    r"|paying) (?:the |our |my |their )?(?:\w+ )?(?:stylist|stylists|wardrobe|vendor|vendors|coordinator"
    r"|photographer|makeup artist|supplier|travel agent|travel agency|designer|costume|props|shipper|logistics"
    r"|equipment)\w*",
    negatable=False,
)


CHEQUE_SCRIPT_WORDS = 80  # the cheque and what to do with its money sit within a few sentences of each other


def _near(hits: list[Hit], others: list[Hit]) -> list[tuple[Hit, Hit]]:
    return [(a, b) for a in hits for b in others if abs(a.start - b.start) <= CHEQUE_SCRIPT_WORDS]


def fake_cheque(text: Text) -> list[str]:
    """A cheque or payment to deposit, and money to pass on from it, a few sentences apart at most."""
    def found(family: Terms) -> list[Hit]:
        return [hit for hit in text.find(family) if not is_advice(text, hit)]

    cheques = found(_CHEQUE)
    if not cheques:
        return []
    pairs = _near(cheques, found(_SEND_BACK))
    if not pairs:
        deposits = _near(cheques, found(_DEPOSIT_IT))
        pairs = _near([cheque for cheque, _ in deposits], found(_PASS_ON))
    return [pairs[0][0].phrase, pairs[0][1].phrase] if pairs else []
