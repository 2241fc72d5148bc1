"""Casting notices and the vetting rules they pass before an editor sees them (SPEC.md section 6).

`parse_notice` turns a POST/PATCH /productions body into a `Notice` (malformed input -> InvalidInput,
a 400). A notice may be incomplete while it is a draft: what is missing is the vetting rules' business,
not the parser's. `vet(notice, poster, config)` runs every rule in RULES and answers a `Vetting`:
findings `{rule, severity: block|review, message}`, the Paid tag, the student badge and the status
(`returned` if any finding blocks, else `pending_review`).

The text rules read text through `analyse`, which undoes the usual disguises before any word is
compared: Unicode compatibility forms (fullwidth, mathematical letters), Cyrillic/Greek look-alikes,
accents and zero-width characters, case, leetspeak inside words ("p0rn", "$ex"), letters spaced or
dotted apart ("n u d e", "p.o.r.n"), words split in two ("po rn"), masked letters ("p*rn") and
stretched letters ("nuuude"). Matching is then on whole words and phrases, never on substrings, so
"Essex Street" and "Scunthorpe" are just words; and a phrase preceded by "no"/"not"/"without" (or
followed by "none"/"not required") counts as denied ("no nudity", "there is no cost to apply").
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import pairwise

from .clock import to_iso
from .errors import InvalidInput
from .wages import COUNTRY_MINIMUMS, WAGE_FLOORS, region_code, region_name

# --- The notice -----------------------------------------------------------------------------------

JOB_TYPES = ("film", "tv", "theater", "commercial", "music video", "voiceover", "dance", "singing",
             "modeling", "multimedia", "crew", "other")
CATEGORIES = ("casting", "workshop", "class", "competition", "event")
NON_CASTING_CATEGORIES = ("workshop", "class", "competition", "event")
UNION_STATUSES = ("union", "non-union")
PAY_KINDS = ("paid", "not_paid")
PAY_UNITS = ("hour", "day", "week", "flat")
COUNTRIES = ("US", "CA")

NAME_MAX = 200
COMPANY_MAX = 200
DESCRIPTION_MAX = 10_000
NOTES_MAX = 1_000
CONTRACT_MAX = 100
CITY_MAX = 100
ROLE_NAME_MAX = 100
ROLE_DESCRIPTION_MAX = 2_000
GENDER_MAX = 40
MAX_ROLES = 50
MONEY_MAX = 1_000_000
AGE_MAX = 120


@dataclass(frozen=True)
class Location:
    city: str | None = None
    state: str | None = None  # two-letter state/province code (parse_notice accepts names too)
    country: str | None = None  # "US" | "CA"
    # Work done from anywhere: also listed (and matched) as remote. The state and country still
    # say where the production is based (the wage floor and the vetting rules read them).
    remote: bool = False

    def to_dict(self) -> dict[str, object]:
        shown: dict[str, object] = {"city": self.city, "state": self.state, "country": self.country}
        if self.remote:  # left out when false: notices stored before the flag look the same
            shown["remote"] = True
        return shown


@dataclass(frozen=True)
class Union:
    status: str  # "union" | "non-union"
    contract: str | None = None


@dataclass(frozen=True)
class Pay:
    kind: str  # "paid" | "not_paid"
    rate: float | None = None
    unit: str | None = None  # "hour" | "day" | "week" | "flat"
    notes: str = ""


@dataclass(frozen=True)
class Fee:
    amount: float | None = None
    description: str = ""


@dataclass(frozen=True)
class Role:
    name: str
    description: str = ""
    age_min: int | None = None
    age_max: int | None = None
    gender: str = ""
    nudity: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "description": self.description, "age_min": self.age_min,
                "age_max": self.age_max, "gender": self.gender, "nudity": self.nudity}


@dataclass(frozen=True)
class Notice:
    name: str
    job_type: str
    category: str
    company: str = ""
    description: str = ""
    location: Location | None = None
    union: Union | None = None
    pay: Pay | None = None
    nudity: bool = False
    fee: Fee | None = None
    starts_on: str | None = None  # YYYY-MM-DD
    ends_on: str | None = None  # YYYY-MM-DD
    expires_at: str | None = None  # ISO 8601 UTC with milliseconds (clock.to_iso), comparable with now_iso()
    roles: tuple[Role, ...] = ()

    @property
    def is_casting(self) -> bool:
        return self.category == "casting"

    def to_dict(self) -> dict[str, object]:
        """The API body shape; parse_notice(notice.to_dict()) == notice."""
        loc, union, pay, fee = self.location, self.union, self.pay, self.fee
        return {
            "name": self.name, "company": self.company, "job_type": self.job_type, "category": self.category,
            "description": self.description,
            "location": None if loc is None else loc.to_dict(),
            "union": None if union is None else {"status": union.status, "contract": union.contract},
            "pay": None if pay is None else {"kind": pay.kind, "rate": pay.rate, "unit": pay.unit, "notes": pay.notes},
            "nudity": self.nudity,
            "fee": None if fee is None else {"amount": fee.amount, "description": fee.description},
            "starts_on": self.starts_on, "ends_on": self.ends_on, "expires_at": self.expires_at,
            "roles": [role.to_dict() for role in self.roles],
        }


@dataclass(frozen=True)
class Poster:
    """What the rules need to know about who submits the notice (the caller looks it up)."""

    user_id: str
    third_party_approved: bool = False  # an editor has pre-approved this poster's off-site applications
    open_non_casting_count: int = 0  # the poster's OTHER open (pending or published) non-casting notices
    email: str | None = None
    email_verified: bool = False
    verified_school_email: bool = False  # already established elsewhere (e.g. by an editor)


# --- Parsing: is the body well-formed? (400 if not) -------------------------------------------------

def _bad(field_name: str, problem: str) -> InvalidInput:
    return InvalidInput(f"{field_name} {problem}", code="invalid_notice")


def _object(value: object, field_name: str) -> Mapping[str, object] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _bad(field_name, "must be an object")
    return value


def _text(value: object, field_name: str, max_len: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(field_name, "must be a string")
    value = value.strip()
    if required and not value:
        raise _bad(field_name, "is required")
    if len(value) > max_len:
        raise _bad(field_name, f"must be at most {max_len} characters")
    return value


def _optional_text(value: object, field_name: str, max_len: int) -> str | None:
    return _text(value, field_name, max_len) or None


def _choice(value: object, field_name: str, choices: tuple[str, ...], *, fold: bool = True) -> str:
    if not isinstance(value, str):
        raise _bad(field_name, f"must be one of {', '.join(choices)}")
    cleaned = " ".join(value.split())
    cleaned = cleaned.lower() if fold else cleaned.upper()
    if cleaned not in choices:
        raise _bad(field_name, f"must be one of {', '.join(choices)}")
    return cleaned


def _flag(value: object, field_name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _bad(field_name, "must be true or false")
    return value


def _money(value: object, field_name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN
        raise _bad(field_name, "must be a number")
    if not 0 <= value <= MONEY_MAX:
        raise _bad(field_name, f"must be between 0 and {MONEY_MAX:,}")
    return float(value)


def _age(value: object, field_name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= AGE_MAX:
        raise _bad(field_name, f"must be a whole number from 0 to {AGE_MAX}")
    return value


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: object, field_name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise _bad(field_name, "must be a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise _bad(field_name, "must be a real calendar date") from None


def _moment(value: object, field_name: str) -> str | None:
    """A date (the notice runs to the end of that day, UTC) or an ISO 8601 date-time, as clock.to_iso."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _bad(field_name, "must be an ISO 8601 date or date-time")
    raw = value.strip()
    if _DATE.fullmatch(raw):
        day = _date(raw, field_name)
        return f"{day}T23:59:59.999Z"
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _bad(field_name, "must be an ISO 8601 date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return to_iso(moment)


def _location(value: object) -> Location | None:
    body = _object(value, "location")
    if body is None:
        return None
    city = _optional_text(body.get("city"), "location.city", CITY_MAX)
    country = body.get("country")
    country = None if country in (None, "") else _choice(country, "location.country", COUNTRIES, fold=False)
    state = _optional_text(body.get("state"), "location.state", 60)
    if state is not None:
        if country is None:
            raise _bad("location.country", "is required with a state or province (US or CA)")
        code = region_code(country, state)
        if code is None:
            kind = "a US state" if country == "US" else "a Canadian province or territory"
            raise _bad("location.state", f"must be {kind}, e.g. {'NY' if country == 'US' else 'ON'}")
        state = code
    return Location(city, state, country, _flag(body.get("remote"), "location.remote"))


def _union(value: object) -> Union | None:
    body = _object(value, "union")
    if body is None:
        return None
    status = _choice(body.get("status"), "union.status", UNION_STATUSES)
    return Union(status, _optional_text(body.get("contract"), "union.contract", CONTRACT_MAX))


def _pay(value: object) -> Pay | None:
    body = _object(value, "pay")
    if body is None:
        return None
    kind = _choice(body.get("kind"), "pay.kind", PAY_KINDS)
    rate = _money(body.get("rate"), "pay.rate")
    unit = body.get("unit")
    unit = None if unit in (None, "") else _choice(unit, "pay.unit", PAY_UNITS)
    if rate is not None and unit is None:
        raise _bad("pay.unit", f"is required with pay.rate: one of {', '.join(PAY_UNITS)}")
    if unit is not None and rate is None:
        raise _bad("pay.rate", "is required with pay.unit")
    return Pay(kind, rate, unit, _text(body.get("notes"), "pay.notes", NOTES_MAX))


def _fee(value: object) -> Fee | None:
    body = _object(value, "fee")
    if body is None:
        return None
    return Fee(_money(body.get("amount"), "fee.amount"), _text(body.get("description"), "fee.description", NOTES_MAX))


def _role(value: object, index: int) -> Role:
    where = f"roles[{index}]"
    body = _object(value, where)
    if body is None:
        raise _bad(where, "must be an object")
    age_min = _age(body.get("age_min"), f"{where}.age_min")
    age_max = _age(body.get("age_max"), f"{where}.age_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        raise _bad(f"{where}.age_max", "must not be below age_min")
    return Role(
        name=_text(body.get("name"), f"{where}.name", ROLE_NAME_MAX, required=True),
        description=_text(body.get("description"), f"{where}.description", ROLE_DESCRIPTION_MAX),
        age_min=age_min, age_max=age_max,
        gender=_text(body.get("gender"), f"{where}.gender", GENDER_MAX),
        nudity=_flag(body.get("nudity"), f"{where}.nudity"),
    )


def parse_notice(body: object) -> Notice:
    """Validate a POST /productions body (types, enums, lengths) into a Notice; unknown keys are ignored.

    Only name, job_type and category are required here: a draft may lack dates, location, union,
    pay or roles, and the vetting rules say what is missing when it is submitted.
    """
    body = _object(body, "body")
    if body is None:
        raise _bad("body", "must be a JSON object")
    roles = body.get("roles")
    if roles is None:
        roles = []
    if not isinstance(roles, list):
        raise _bad("roles", "must be a list")
    if len(roles) > MAX_ROLES:
        raise _bad("roles", f"must have at most {MAX_ROLES} roles")
    starts_on, ends_on = _date(body.get("starts_on"), "starts_on"), _date(body.get("ends_on"), "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise _bad("ends_on", "must not be before starts_on")
    return Notice(
        name=_text(body.get("name"), "name", NAME_MAX, required=True),
        company=_text(body.get("company"), "company", COMPANY_MAX),
        job_type=_choice(body.get("job_type"), "job_type", JOB_TYPES),
        category=_choice(body.get("category"), "category", CATEGORIES),
        description=_text(body.get("description"), "description", DESCRIPTION_MAX),
        location=_location(body.get("location")),
        union=_union(body.get("union")),
        pay=_pay(body.get("pay")),
        nudity=_flag(body.get("nudity"), "nudity"),
        fee=_fee(body.get("fee")),
        starts_on=starts_on,
        ends_on=ends_on,
        expires_at=_moment(body.get("expires_at"), "expires_at"),
        roles=tuple(_role(role, i) for i, role in enumerate(roles)),
    )


# --- Reading text past the disguises ----------------------------------------------------------------

# Letters from other scripts (and Latin small capitals) that look like Latin letters. NFKD already
# folds fullwidth, mathematical, circled and ligature forms; these have no decomposition.
_LOOKALIKES = str.maketrans({
    # Cyrillic
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
    "У": "y", "Х": "x", "Ѕ": "s", "І": "i", "Ј": "j", "Ԁ": "d", "Ү": "y", "Һ": "h", "Ӏ": "l", "Ԛ": "q", "Ԝ": "w",
    "а": "a", "в": "b", "г": "r", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l",
    "ԛ": "q", "ԝ": "w", "ү": "y", "ь": "b", "ѡ": "w",
    # Greek
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p", "ς": "s", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    "ϲ": "c", "ϳ": "j",
    # Latin look-alikes and small capitals
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o",
    "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
})
# Leetspeak, applied only inside words that also have letters ("p0rn", "$ex"; never "$25" or "18+").
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e"})
# Numbers with a unit stay numbers: 25hr, 9am, 2nd, 18yo, 35mm, 4k, 3x.
_NUMBER_WITH_UNIT = re.compile(
    r"[$€£]?\d+(?:[.,]\d+)*(?:st|nd|rd|th|am|pm|k|s|mm|p|yo|yrs?|hrs?|h|m|min|x|d|ft|in|cm|kg|lbs?)?")
_APOSTROPHES = re.compile(r"['’‘`ʼ]")
# Clause breaks become a "," token: a negation or a phrase never reaches across one.
_CLAUSE_BREAK = re.compile(r"[.,;!?…]+(?=\s|$)|[\n\r()\[\]{}•·▪►–—]")
_RUN = re.compile(r"[\w$@!|+*€]+")
_WORD = re.compile(r"[^\W_]+")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
BREAK = ","
# Words a disguise is most often used for: "po rn", "nu.de" and "p*rn" are rebuilt into them.
_DISGUISED_WORDS = frozenset({"porn", "porno", "nude", "nudes", "nudity", "naked", "sex", "sexual", "xxx",
                              "topless", "onlyfans", "fee", "fees"})


def fold(text: str) -> str:
    """Compatibility forms, accents and invisible characters removed; look-alikes folded; case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    return kept.translate(_LOOKALIKES).casefold()


def _unleet(run: str) -> str:
    run = run.strip("!|+")
    if not any(ch.isalpha() for ch in run) or _NUMBER_WITH_UNIT.fullmatch(run):
        return run
    return run.translate(_LEET)


def _unmask(run: str) -> str:
    """"p*rn" -> "porn" when most letters show and exactly one disguised word fits them ("n***" stays)."""
    if "*" not in run.strip("*") or run.count("*") * 2 > len(run):
        return run
    fits = [word for word in _DISGUISED_WORDS
            if len(word) == len(run) and all(c == "*" or c == w for c, w in zip(run, word, strict=True))]
    return fits[0] if len(fits) == 1 else run


def _join_spaced_letters(tokens: list[str]) -> list[str]:
    """Three or more one-character tokens in a row ("n u d e", "p.o.r.n", "p. o. r. n.") become one word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        letters: list[str] = []
        j = i
        while j < len(tokens):
            if len(tokens[j]) == 1 and tokens[j] != BREAK:
                letters.append(tokens[j])
            elif not (tokens[j] == BREAK and letters and j + 1 < len(tokens)
                      and len(tokens[j + 1]) == 1 and tokens[j + 1] != BREAK):
                break
            j += 1
        if len(letters) >= 3:
            out.append(_unleet("".join(letters)))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _join_fragments(tokens: list[str]) -> list[str]:
    """Two or three short pieces that spell a disguised word ("po rn", "nu-de") become that word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            parts = tokens[i:i + size]
            short = all(len(p) <= 3 for p in parts) or (size == 2 and min(map(len, parts)) <= 2
                                                         and max(map(len, parts)) <= 4)
            if len(parts) == size and BREAK not in parts and short:
                joined = _unleet("".join(parts))
                if joined in _DISGUISED_WORDS:
                    out.append(joined)
                    i += size
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _unstretch(word: str) -> str:
    return word if len(set(word)) == 1 else _STRETCHED.sub(r"\1", word)


@dataclass(frozen=True)
class Hit:
    phrase: str  # the words matched, as read after undoing disguises
    start: int  # token index
    end: int  # token index, exclusive


@dataclass(frozen=True)
class Terms:
    """A family of words/phrases (one regex over the analysed words) and when a match does not count."""

    pattern: re.Pattern[str]
    not_before: frozenset[str] = frozenset()  # ignore when one of the two preceding words is one of these
    not_after: frozenset[str] = frozenset()  # ignore when the next word is one of these
    not_inside: frozenset[str] = frozenset()  # ignore a match that contains one of these words
    negatable: bool = True  # "no X", "without X", "X: none" do not count
    negated_inside: bool = False  # a negator inside the match ("charge no fee") also denies it


def terms(*phrases: str, not_before: tuple[str, ...] = (), not_after: tuple[str, ...] = (),
          not_inside: tuple[str, ...] = (), negatable: bool = True, negated_inside: bool = False) -> Terms:
    """Phrases are regexes over lower-case words joined by single spaces; they match whole words only."""
    pattern = re.compile(r"(?<!\S)(?:" + "|".join(phrases) + r")(?!\S)")
    return Terms(pattern, frozenset(not_before), frozenset(not_after), frozenset(not_inside), negatable,
                 negated_inside)


_NEGATORS = frozenset({"no", "not", "non", "never", "without", "zero", "none", "nor", "neither", "dont",
                       "doesnt", "wont", "isnt", "arent", "cannot", "cant", "nothing", "nobody"})
# Words that turn a preceding negation around: "not afraid of nudity", "no problem with nudity".
_NEGATION_BREAKERS = frozenset({"afraid", "shy", "opposed", "problem", "problems", "issue", "issues", "mind",
                                "hesitant", "objection", "objections", "but", "except", "unless", "only",
                                "just", "limited", "worry", "worried", "uncomfortable", "squeamish", "prude"})
_DENIED_AFTER = frozenset({"none", "waived", "free", "na"})
_NOT_NEEDED = frozenset({"required", "needed", "necessary", "involved", "included", "expected", "requested",
                         "charged", "applicable", "asked", "mandatory"})
NEGATION_WINDOW = 4


def _negated(tokens: tuple[str, ...], start: int, end: int, inside: bool) -> bool:
    if inside and any(t in _NEGATORS for t in tokens[start:end]):
        return True
    for i in range(start - 1, max(start - NEGATION_WINDOW, 0) - 1, -1):
        if tokens[i] == BREAK or tokens[i] in _NEGATION_BREAKERS:
            break
        if tokens[i] in _NEGATORS:
            return True
    after: list[str] = []
    following = tokens[end + 1:end + 4] if tokens[end:end + 1] == (BREAK,) else tokens[end:end + 3]  # "Nudity? None"
    for token in following:
        if token == BREAK:
            break
        after.append(token)
    if after and after[0] in _DENIED_AFTER | {"no"} and not set(after[1:2]) & _NEGATION_BREAKERS:
        return True
    return any(a == "not" and b in _NOT_NEEDED for a, b in pairwise(after)) or "waived" in after


@dataclass(frozen=True)
class Text:
    folded: str  # fold(original): what URL and address patterns read
    words: tuple[str, ...]  # disguises undone; BREAK marks a clause break
    joined: str  # " ".join(words): what phrase patterns read

    def find(self, family: Terms) -> list[Hit]:
        hits: list[Hit] = []
        starts = self._starts()
        for match in family.pattern.finditer(self.joined):
            start = bisect.bisect_right(starts, match.start()) - 1
            end = start + match.group(0).count(" ") + 1
            before = self.words[max(start - 2, 0):start]
            before = before[before.index(BREAK) + 1:] if BREAK in before else before
            if family.not_before and set(before) & family.not_before:
                continue
            if family.not_after and end < len(self.words) and self.words[end] in family.not_after:
                continue
            if family.not_inside and family.not_inside.intersection(self.words[start:end]):
                continue
            if family.negatable and _negated(self.words, start, end, family.negated_inside):
                continue
            hits.append(Hit(match.group(0).replace(" , ", ", "), start, end))
        return hits

    def first(self, *families: Terms) -> Hit | None:
        hits = [hit for family in families for hit in self.find(family)]
        return min(hits, key=lambda h: h.start) if hits else None

    def word_count(self) -> int:
        return sum(1 for w in self.words if w != BREAK and any(ch.isalpha() for ch in w))

    def _starts(self) -> list[int]:
        offsets, at = [], 0
        for word in self.words:
            offsets.append(at)
            at += len(word) + 1
        return offsets


@lru_cache(maxsize=256)
def analyse(text: str) -> Text:
    folded = fold(text)
    spaced = _CLAUSE_BREAK.sub(f" {BREAK} ", _APOSTROPHES.sub("", folded))
    words: list[str] = []
    for chunk in spaced.split():
        if chunk == BREAK:
            words.append(BREAK)
            continue
        for run in _RUN.findall(chunk):
            words.extend(_unstretch(w) for w in _WORD.findall(_unmask(_unleet(run))))
    words = _join_fragments(_join_spaced_letters(words))
    tidy: list[str] = []
    for word in words:
        if word != BREAK or (tidy and tidy[-1] != BREAK):
            tidy.append(word)
    while tidy and tidy[-1] == BREAK:
        tidy.pop()
    return Text(folded, tuple(tidy), " ".join(tidy))


# --- Findings, configuration, the verdict -----------------------------------------------------------

BLOCK, REVIEW = "block", "review"
RETURNED, PENDING_REVIEW = "returned", "pending_review"

PAID_TAG = "paid_tag"
PAY_TO_PLAY = "pay_to_play"
VAGUE_LISTING = "vague_listing"
THIRD_PARTY = "third_party_promotion"
ADULT_CONTENT = "adult_content"
UNION_CONTRACT = "union"
NON_CASTING_LIMIT = "non_casting_limit"
STUDENT_FILM = "student_film"

# Verified school addresses: any .edu address, plus Canadian universities and colleges (which use
# .ca like everyone else) and a few film schools outside .edu. A subdomain counts (mail.utoronto.ca).
SCHOOL_DOMAINS: tuple[str, ...] = (
    "edu",
    "utoronto.ca", "yorku.ca", "torontomu.ca", "ryerson.ca", "ocadu.ca", "humber.ca", "senecacollege.ca",
    "senecapolytechnic.ca", "sheridancollege.ca", "georgebrown.ca", "centennialcollege.ca", "uottawa.ca",
    "carleton.ca", "queensu.ca", "uwaterloo.ca", "uwo.ca", "mcmaster.ca", "brocku.ca", "yorkville.ca",
    "mcgill.ca", "concordia.ca", "umontreal.ca", "uqam.ca", "ulaval.ca", "usherbrooke.ca", "inis.qc.ca",
    "ubc.ca", "sfu.ca", "uvic.ca", "capilanou.ca", "ecuad.ca", "langara.ca", "vfs.com",
    "ualberta.ca", "ucalgary.ca", "mru.ca", "umanitoba.ca", "uwinnipeg.ca", "usask.ca", "uregina.ca",
    "dal.ca", "nscad.ca", "mun.ca", "unb.ca", "upei.ca", "nfs.ca",
)


@dataclass(frozen=True)
class VettingConfig:
    wage_floors: Mapping[tuple[str, str], float] = field(default_factory=lambda: dict(WAGE_FLOORS))
    country_floors: Mapping[str, float] = field(default_factory=lambda: dict(COUNTRY_MINIMUMS))
    # Assumptions for turning a day/week/flat rate into an hourly one.
    hours_per_day: float = 8.0
    hours_per_week: float = 40.0
    non_casting_limit: int = 3
    school_domains: tuple[str, ...] = SCHOOL_DOMAINS
    min_description_words: int = 15
    min_fee_description_words: int = 4

    def minimum_wage(self, country: str | None, state: str | None) -> float | None:
        if country is None:
            return None
        if state is not None and (country, state) in self.wage_floors:
            return self.wage_floors[(country, state)]
        return self.country_floors.get(country)


DEFAULT_CONFIG = VettingConfig()


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "block" | "review"
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message}


@dataclass(frozen=True)
class Vetting:
    findings: tuple[Finding, ...]
    paid_tag: bool
    status: str  # "returned" | "pending_review"
    student_badge: bool

    @property
    def blocked(self) -> bool:
        return self.status == RETURNED

    def rules(self, severity: str | None = None) -> set[str]:
        return {f.rule for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict[str, object]:
        return {"status": self.status, "findings": [f.to_dict() for f in self.findings],
                "paid_tag": self.paid_tag, "student_badge": self.student_badge}


def _texts(notice: Notice, *, company: bool = False, fee: bool = True) -> list[tuple[str, Text]]:
    """The notice's own free text, each with where it is (for the message)."""
    parts = [("title", notice.name), ("description", notice.description)]
    if company:
        parts.append(("company name", notice.company))
    if notice.pay is not None:
        parts.append(("pay field", notice.pay.notes))
    if fee and notice.fee is not None:
        parts.append(("fee description", notice.fee.description))
    return [(where, analyse(text)) for where, text in parts if text]


def _role_text(role: Role) -> Text:
    return analyse(f"{role.name}\n{role.description}")


def _role_texts(notice: Notice) -> list[tuple[str, Text]]:
    return [(f"role \u201c{role.name}\u201d", _role_text(role)) for role in notice.roles]


def _quote(hit: Hit) -> str:
    return f"\u201c{hit.phrase}\u201d"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# --- Rule: Paid tag ---------------------------------------------------------------------------------

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
        return PayAssessment(False, "The notice does not say whether it pays; add the pay details.")
    if pay.kind != "paid":
        return PayAssessment(False)
    for where, text in _texts(notice, fee=False):
        hit = text.first(_CONTINGENT_PAY, _NO_WAGE, *((_DEFERRED,) if where == "pay field" else ()))
        if hit is not None:
            return PayAssessment(False, (
                f"In the {where}: {_quote(hit)}. Deferred, contingent or in-kind pay (copy, credit, meals, "
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
    return [Finding(PAID_TAG, REVIEW, verdict.reason)] if verdict.reason else []


# --- Rule: pay-to-play --------------------------------------------------------------------------------

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
    texts = _texts(notice, fee=False) + _role_texts(notice)
    mentions = [(where, hit) for where, text in texts for family in _FEES for hit in text.find(family)]
    purchases = [(where, hit) for where, text in texts for hit in text.find(_BUY_REQUIRED)]
    if notice.is_casting:
        if fee is not None:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                "Casting notices may not charge talent a fee. Remove the fee; only workshops, classes, "
                "competitions and events may charge one.")))
        for where, hit in mentions[:1]:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                f"The {where} asks talent to pay ({_quote(hit)}). Casting notices may not charge talent to "
                "apply, audition or take part; remove it.")))
        for where, hit in purchases[:1]:
            findings.append(Finding(PAY_TO_PLAY, BLOCK, (
                f"The {where} requires talent to buy something ({_quote(hit)}). Talent may not be made to buy "
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
            f"The {where} mentions a fee ({_quote(hit)}) but the notice's fee field is empty. Put the amount and "
            "what it buys in the fee field.")))
    for where, hit in purchases[:1]:
        findings.append(Finding(PAY_TO_PLAY, REVIEW, (
            f"The {where} requires a purchase ({_quote(hit)}). Anything talent must pay for has to be in the fee "
            "amount and description; an editor will check.")))
    return findings


# --- Rule: vague listing ------------------------------------------------------------------------------

_PLACEHOLDER = terms(
    r"lorem ipsum", r"tbd", r"tba", r"to be (?:determined|announced|confirmed)",
    r"(?:details|info|information) (?:to follow|to come|later|soon|tbd|tba)",
    r"more (?:details|info|information) (?:to follow|to come|later|soon)",
    r"(?:dm|message|contact|email|call|text|inbox) (?:me |us )?for (?:more )?(?:details|info|information)",
    negatable=False,
)


def rule_vague_listing(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """The notice must say what the job is, when, where, and (for casting) for which roles."""
    findings: list[Finding] = []
    description = analyse(notice.description)
    words = description.word_count()
    distinct = len({w for w in description.words if w != BREAK})
    if words < config.min_description_words or distinct < config.min_description_words // 2:
        findings.append(Finding(VAGUE_LISTING, BLOCK, (
            f"The description is too short to say what the job is ({words} words; at least "
            f"{config.min_description_words}). Describe the project, what talent will do, and the schedule.")))
    missing = [name for name, value in (("start date", notice.starts_on), ("end date", notice.ends_on),
                                        ("expiry date", notice.expires_at)) if not value]
    if missing:
        findings.append(Finding(VAGUE_LISTING, BLOCK, f"Add the {_and(missing)}."))
    loc = notice.location
    absent = [] if loc else ["city", "state or province", "country"]
    if loc:
        absent = [name for name, value in (("city", loc.city), ("state or province", loc.state),
                                           ("country", loc.country)) if not value]
    if absent:
        findings.append(Finding(VAGUE_LISTING, BLOCK, f"Add the location's {_and(absent)}."))
    if notice.is_casting and not notice.roles:
        findings.append(Finding(VAGUE_LISTING, BLOCK, "Add at least one role: who you are casting."))
    hit = description.first(_PLACEHOLDER)
    if hit is not None and not findings:
        findings.append(Finding(VAGUE_LISTING, REVIEW, (
            f"The description leaves details out ({_quote(hit)}). Talent decide from the notice: fill them in.")))
    return findings


# --- Rule: third-party promotion ------------------------------------------------------------------------

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
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_TLDS = frozenset(("com net org io co app ly me tv ca us link site online info biz xyz gg to page ai fm bio cc ws "
                   "club live studio film casting show gle gl gd").split())
# Matches start only where an address can start, and never backtrack into one: linear on any input.
_LINK = re.compile(
    r"https?://\S+|\bwww\.\S+"
    r"|(?<![\w.])@[a-z0-9_][a-z0-9_.]{1,29}"  # a social media handle
    r"|(?P<host>(?<![\w.-])[a-z0-9][a-z0-9-]*+(?:\.[a-z0-9-]++)++)(?:/\S*)?"  # castme.io, forms.gle/abc
    r"|(?<![\w-])[a-z0-9-]++ ?(?:\[\.\]|\(\.\)|\(dot\)|\[dot\]| dot )(?:com|net|org|io|co|app|ca|us)\b"  # x dot com
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _links(text: Text) -> list[tuple[str, str]]:
    """(link, its sentence) for every web address or handle that is not an e-mail address."""
    found = []
    for sentence in _SENTENCE.split(_EMAIL.sub(" ", text.folded)):
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
    texts = _texts(notice) + _role_texts(notice)
    for where, text in texts:
        hit = text.first(_APPLY_OFF_SITE)
        if hit is not None:
            return [Finding(THIRD_PARTY, BLOCK, (
                f"The {where} sends talent elsewhere to apply or sign up ({_quote(hit)}). Applications go "
                "through Callboard; remove it, or ask an editor to approve your off-site process."))]
        for link, sentence in _links(text):
            if analyse(sentence).first(_APPLY_WORDS):
                return [Finding(THIRD_PARTY, BLOCK, (
                    f"The {where} asks talent to apply or sign up at {link}. Applications go through Callboard; "
                    "remove the link, or ask an editor to approve your off-site process."))]
    for where, text in texts:
        links = _links(text)
        hit = text.first(_FOLLOW_BRAND)
        if links or hit is not None:
            shown = links[0][0] if links or hit is None else _quote(hit)
            return [Finding(THIRD_PARTY, REVIEW, (
                f"The {where} points talent to {shown}. An editor will check it is not a sign-up or application "
                "route; talent must never need another site or app to apply."))]
    return []


# --- Rule: adult content -------------------------------------------------------------------------------

_PORNOGRAPHY = terms(
    r"porn\w*", r"xxx", r"x rated", r"adult (?:film|films|movie|movies|video|videos|website|websites|site|sites|star"
    r"|stars)",
    r"hardcore (?:sex|scenes?|content|videos?|films?)",
    r"(?:real|unsimulated|penetrative|explicit) (?:sex|intercourse)",
    r"sex tapes?", r"onlyfans", r"only fans", r"fansly", r"cam ?(?:girl|girls|boy|boys)",
    r"(?:web ?cam|cam) (?:model|models|modeling|modelling|show|shows)", r"escort (?:service|services|work|agency)",
    r"fetish (?:videos?|content|films?|clips?|shoots?|modell?ing)",
)
_NUDITY = terms(
    r"semi ?nude", r"semi ?nudity", r"full frontal", r"nude", r"nudes", r"nudity", r"naked", r"topless",
    r"bottomless", r"unclothed", r"in the buff", r"birthday suit", r"skinny dip\w*",
    r"bare (?:breasts?|buttocks|bottom|butt|behind)",
    not_after=(
        # "nude" as a colour: make-up, shoes, underwear and tights are "nude"
        "lip", "lips", "lipstick", "lipsticks", "gloss", "lipgloss", "makeup", "make", "heel", "heels", "shoe",
        "shoes", "pump", "pumps", "flats", "sandals", "tone", "tones", "toned", "color", "colour", "colored",
        "coloured", "colors", "colours", "nail", "nails", "polish", "palette", "shade", "shades", "stocking",
        "stockings", "tights", "hose", "pantyhose", "leotard", "leotards", "undergarment", "undergarments",
        "underwear", "bra", "bras", "thong", "thongs", "shapewear", "slip", "bodysuit", "camisole", "beige",
        "pink", "eyeshadow", "blush", "manicure", "mani", "pedicure", "tan", "eye", "truth", "mole",
    ),
)
_SEXUAL = terms(
    r"sex scenes?", r"sexual(?:ly)?", r"sex", r"love scenes?", r"intimate scenes?",
    r"intimacy (?:scenes?|coordinators?|coordination)", r"simulated (?:sex|intercourse)", r"intercourse",
    r"erotic\w*", r"orgy", r"orgies", r"strippers?", r"striptease", r"strip (?:club|clubs|tease|show|shows)",
    r"lap ?dances?", r"lap dancers?", r"exotic dancers?", r"fetish\w*", r"bdsm", r"nsfw",
    r"adult (?:content|scenes?|situations?)", r"make ?out scenes?", r"sexting",
    not_before=("same", "opposite", "biological", "gender", "safe"),
    not_after=(
        # "Sex: female" (a role's spec), "sexual orientation", "sex education": not sexual content
        "male", "female", "males", "females", "m", "f", "any", "all", "either", "both", "unspecified", "open",
        "ed", "education", "educator", "trafficking", "offender", "offenders", "discrimination", "ratio",
        "assigned", "gender", "orientation", "orientations", "harassment", "identity", "identities", "health",
        "misconduct", "diversity", "preference", "preferences", "minorities", "minority", "assault", "abuse",
        "violence", "transmitted", "positive", "worker", "workers", "work",
    ),
)
_SUGGESTIVE = terms(r"sexual (?:assault|abuse|violence)", r"rape", r"sensual", r"boudoir", r"lingerie",
                    r"adult themes?", r"adult (?:entertainment|industry)", r"implied (?:intimacy|sex)",
                    r"kissing scenes?", r"suggestive", r"undress(?:ed|es|ing)?", r"sex (?:worker|workers|work)")


def rule_adult_content(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """No pornography; nudity and sexual situations only when disclosed on the notice and the role."""
    findings: list[Finding] = []
    roles = [(f"role \u201c{r.name}\u201d", r, _role_text(r)) for r in notice.roles]
    everything = _texts(notice, company=True) + [(where, text) for where, _, text in roles]
    for where, text in everything:
        hit = text.first(_PORNOGRAPHY)
        if hit is not None:
            return [Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} describes pornography ({_quote(hit)}). Callboard does not publish pornographic "
                "productions."))]
    flagged = [role for role in notice.roles if role.nudity]
    for where, text in _texts(notice):
        hit = text.first(_NUDITY, _SEXUAL)
        if hit is None:
            continue
        if not notice.nudity:
            findings.append(Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} mentions {_quote(hit)} but the notice does not disclose nudity or sexual content. "
                "Tick the notice's nudity disclosure and each role it applies to, or remove the text.")))
        elif notice.roles and not flagged:
            findings.append(Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} mentions {_quote(hit)}: mark which roles involve nudity or sexual content.")))
        break
    for where, role, text in roles:
        hit = text.first(_NUDITY, _SEXUAL)
        if hit is not None and not (role.nudity and notice.nudity):
            missing = " and ".join(x for x, ok in (("the role", role.nudity), ("the notice", notice.nudity)) if not ok)
            findings.append(Finding(ADULT_CONTENT, BLOCK, (
                f"The {where} mentions {_quote(hit)}: disclose nudity or sexual content on {missing}, or remove "
                "the text.")))
    if flagged and not notice.nudity:
        names = ", ".join(f"\u201c{r.name}\u201d" for r in flagged)
        findings.append(Finding(ADULT_CONTENT, BLOCK, (
            f"Role {names} involves nudity or sexual content: tick the notice's nudity disclosure too.")))
    if notice.nudity and notice.roles and not flagged and not findings:
        findings.append(Finding(ADULT_CONTENT, BLOCK, (
            "The notice discloses nudity or sexual content: mark which roles it applies to.")))
    if not findings and not notice.nudity:
        for where, text in everything:
            hit = text.first(_SUGGESTIVE)
            if hit is not None:
                findings.append(Finding(ADULT_CONTENT, REVIEW, (
                    f"The {where} mentions {_quote(hit)}. If any role involves nudity or sexual situations, "
                    "disclose it on the notice and the role; an editor will check.")))
                break
    return findings


# --- Rule: union --------------------------------------------------------------------------------------

KNOWN_CONTRACTS = ("SAG-AFTRA", "AEA (Actors' Equity)", "ACTRA", "UBCP/ACTRA", "CAEA (Canadian Actors' Equity)",
                   "UDA", "AGMA", "AGVA", "AFM", "CFM", "IATSE", "DGA", "DGC", "WGA", "WGC", "Teamsters", "NABET")
_CONTRACT_NAMES = terms(
    r"sag", r"aftra", r"aea", r"caea", r"equity", r"actra", r"ubcp", r"agma", r"agva", r"uda", r"union des artistes",
    r"afm", r"cfm", r"iatse", r"dga", r"dgc", r"wga", r"wgc", r"teamsters?", r"nabet", r"screen actors guild",
    r"american guild of (?:musical|variety) artists",
    r"american federation of (?:musicians|television and radio artists)",
    r"directors guild", r"writers guild", r"canadian federation of musicians", r"alliance of canadian cinema",
    negatable=False,
)


def rule_union(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """Union status is required; a union notice names its contract."""
    if notice.union is None:
        return [Finding(UNION_CONTRACT, BLOCK, "Say whether the production is union or non-union.")]
    if notice.union.status != "union":
        return []
    examples = "e.g. SAG-AFTRA Ultra Low Budget, AEA SPT, ACTRA IPA, UBCP/ACTRA BCMPA"
    if not notice.union.contract:
        return [Finding(UNION_CONTRACT, BLOCK, f"A union notice must name its contract ({examples}).")]
    if analyse(notice.union.contract).first(_CONTRACT_NAMES) is None:
        return [Finding(UNION_CONTRACT, REVIEW, (
            f"The contract \u201c{notice.union.contract}\u201d does not name a union we know "
            f"({', '.join(KNOWN_CONTRACTS)}); an editor will check it. Name the union and the agreement "
            f"({examples})."))]
    return []


# --- Rule: non-casting limit ---------------------------------------------------------------------------

def rule_non_casting_limit(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """At most N open workshop/class/competition/event notices per poster."""
    if notice.is_casting or poster.open_non_casting_count < config.non_casting_limit:
        return []
    return [Finding(NON_CASTING_LIMIT, BLOCK, (
        f"You already have {poster.open_non_casting_count} open workshop, class, competition or event notices; "
        f"the limit is {config.non_casting_limit}. Close one or wait for one to expire, then resubmit."))]


# --- Rule: student film --------------------------------------------------------------------------------

_STUDENT_WORK = terms(r"student (?:film|films|project|short|production|filmmaker|filmmakers)",
                      r"thesis (?:film|project|short)", r"film school (?:project|film|short)")


def is_school_email(email: str | None, domains: tuple[str, ...] = SCHOOL_DOMAINS) -> bool:
    if not email or "@" not in email:
        return False
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in domains)


def student_badge(poster: Poster, config: VettingConfig = DEFAULT_CONFIG) -> bool:
    return poster.verified_school_email or (poster.email_verified and is_school_email(poster.email,
                                                                                        config.school_domains))


def rule_student_film(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """The badge itself is `student_badge`; a notice calling itself a student film without one is noted."""
    if student_badge(poster, config):
        return []
    for where, text in _texts(notice):
        hit = text.first(_STUDENT_WORK)
        if hit is not None:
            return [Finding(STUDENT_FILM, REVIEW, (
                f"The {where} says this is a {_quote(hit)}, but your account has no verified school address. "
                "Verify your school e-mail to get the student badge; an editor will check the claim."))]
    return []


# --- Running the rules -----------------------------------------------------------------------------------

Rule = Callable[[Notice, Poster, VettingConfig], list[Finding]]
RULES: tuple[Rule, ...] = (
    rule_vague_listing,
    rule_pay_to_play,
    rule_third_party,
    rule_adult_content,
    rule_union,
    rule_non_casting_limit,
    rule_paid_tag,
    rule_student_film,
)


def vet(notice: Notice, poster: Poster, config: VettingConfig | None = None) -> Vetting:
    config = config or DEFAULT_CONFIG
    findings = tuple(finding for rule in RULES for finding in rule(notice, poster, config))
    status = RETURNED if any(f.severity == BLOCK for f in findings) else PENDING_REVIEW
    return Vetting(findings, assess_pay(notice, config).paid, status, student_badge(poster, config))

