"""Profiles (SPEC.md section 8; API.md "Users and profiles"): what a person says about themselves,
the profile score, the recently viewed list and the rules that decide which published roles fit.

`parse_profile` turns a PUT /me/profile body into a `Profile`; anything malformed is an
InvalidInput (400) whose code and message name the field. A PUT replaces the whole profile, so a
field left out is cleared. Fields a GET adds (`score`, `user_id`, ...) are ignored, so a client can
send back what it read.

Matching (`role_fits`) compares a talent's profile with one role of a published casting notice:
- playable age range overlaps the role's (an open end on either side fits);
- the role's gender text names the talent's gender, or names none ("Any", "", "See sides");
- union status: union talent fit union notices only (union members may not take non-union work,
  SAG-AFTRA's Global Rule One); non-union talent fit non-union notices; union-eligible talent
  ("eligible") fit both;
- location is the caller's business: it reads the talent's state/province listing and the remote
  listing, merged (a remote notice needs no location, so a talent who has not given one yet still
  sees the remote roles that fit).
A profile field left empty constrains nothing: an incomplete profile sees more roles, not none.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clock import seconds_between
from .errors import InvalidInput
from .notices import AGE_MAX, CITY_MAX, COUNTRIES
from .wages import region_code

BIO_MAX = 2_000
CREDITS_MAX = 50
CREDIT_TEXT_MAX = 200
CREDIT_ROLE_MAX = 100
CREDIT_YEARS = (1900, 2100)
SKILLS_MAX = 50
SKILL_MAX = 50
PLAYABLE_SPAN_MAX = 30  # years from age_min to age_max: nobody plays 5 to 80
TIMEZONE_MAX = 64
RECENTLY_VIEWED_MAX = 10
REVIEW_SECONDS = 60  # re-opening the newest viewed notice within this is not a new view

GENDERS = ("female", "male", "non-binary")
UNION_STATUSES = ("union", "non-union", "eligible")
FIELDS = ("bio", "location", "age_min", "age_max", "gender", "union_status", "credits", "skills", "timezone")
# What GET /me/profile adds: accepted back in a PUT and ignored.
READ_ONLY = ("user_id", "name", "role", "score", "media", "updated_at")
LOCATION_FIELDS = ("city", "state", "country")
CREDIT_FIELDS = ("title", "role", "company", "year")

_GENDER_ALIASES = {"woman": "female", "man": "male", "nonbinary": "non-binary", "non binary": "non-binary",
                   "non_binary": "non-binary"}
_UNION_ALIASES = {"nonunion": "non-union", "non union": "non-union", "non_union": "non-union",
                  "union-eligible": "eligible", "union eligible": "eligible"}
_TIMEZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


# --- The profile ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Location:
    state: str  # two-letter state/province code
    country: str  # "US" | "CA"
    city: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"city": self.city, "state": self.state, "country": self.country}


@dataclass(frozen=True)
class Credit:
    title: str
    role: str | None = None
    company: str | None = None
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: value for name in CREDIT_FIELDS if (value := getattr(self, name)) is not None}


@dataclass(frozen=True)
class Profile:
    bio: str | None = None
    location: Location | None = None
    age_min: int | None = None
    age_max: int | None = None
    gender: str | None = None
    union_status: str | None = None
    credits: tuple[str | Credit, ...] = ()  # a line of text, or a structured credit
    skills: tuple[str, ...] = ()
    timezone: str | None = None  # IANA name: deadlines are shown on the talent's own clock

    def to_dict(self) -> dict[str, Any]:
        """The owner's view and the stored form; parse_profile(p.to_dict()) == p."""
        return {
            "bio": self.bio,
            "location": self.location.to_dict() if self.location else None,
            "age_min": self.age_min,
            "age_max": self.age_max,
            "gender": self.gender,
            "union_status": self.union_status,
            "credits": [c if isinstance(c, str) else c.to_dict() for c in self.credits],
            "skills": list(self.skills),
            "timezone": self.timezone,
        }

    def public(self) -> dict[str, Any]:
        """What anyone may see: no time zone (it says where someone is more closely than needed)."""
        shown = self.to_dict()
        del shown["timezone"]
        return shown


def _bad(field: str, problem: str) -> InvalidInput:
    top = field.split(".", 1)[0].split("[", 1)[0]
    return InvalidInput(f"{field} {problem}", code=f"invalid_{top}", field=field)


def _line(value: Any, field: str, max_len: int, *, required: bool = False) -> str | None:
    """One line of text: control characters and runs of whitespace become single spaces."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(field, "must be a string")
    cleaned = " ".join(_CONTROLS.sub(" ", value).split())
    if not cleaned:
        if required:
            raise _bad(field, "must not be empty")
        return None
    if len(cleaned) > max_len:
        raise _bad(field, f"must be at most {max_len} characters")
    return cleaned


def _block(value: Any, field: str, max_len: int) -> str | None:
    """Text with line breaks kept (a bio): other control characters removed, ends trimmed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(field, "must be a string")
    cleaned = _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > max_len:
        raise _bad(field, f"must be at most {max_len} characters")
    return cleaned or None


def _whole_number(value: Any, field: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(field, f"must be a whole number from {low} to {high}")
    return value


def _choice(value: Any, field: str, choices: tuple[str, ...], aliases: Mapping[str, str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        folded = " ".join(value.split()).lower()
        folded = aliases.get(folded, folded)
        if folded in choices:
            return folded
    raise _bad(field, f"must be one of {', '.join(choices)}")


def _location(value: Any) -> Location | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _bad("location", "must be an object with city, state and country")
    for key in value:
        if key not in LOCATION_FIELDS:
            raise _bad("location", f"has no field {str(key)[:40]!r}; it takes {', '.join(LOCATION_FIELDS)}")
    city = _line(value.get("city"), "location.city", CITY_MAX)
    state = _line(value.get("state"), "location.state", 60)
    raw_country = value.get("country")
    country = None
    if raw_country not in (None, ""):
        if not isinstance(raw_country, str) or raw_country.strip().upper() not in COUNTRIES:
            raise _bad("location.country", f"must be one of {', '.join(COUNTRIES)}")
        country = raw_country.strip().upper()
    if state is None:
        if city is None and country is None:
            return None  # {} or all blank: no location
        raise _bad("location.state", "is required: your state or province, e.g. NY or ON")
    candidates = (country,) if country else COUNTRIES
    found = [(c, code) for c in candidates if (code := region_code(c, state))]
    if not found:
        where = {"US": "a US state", "CA": "a Canadian province or territory"}.get(
            country or "", "a US state or Canadian province")
        raise _bad("location.state", f"must be {where}, e.g. {'ON' if country == 'CA' else 'NY'}")
    country, code = found[0]
    return Location(state=code, country=country, city=city)


def _credit(value: Any, index: int) -> str | Credit:
    field = f"credits[{index}]"
    if isinstance(value, str):
        return _line(value, field, CREDIT_TEXT_MAX, required=True) or ""
    if not isinstance(value, Mapping):
        raise _bad(field, "must be a line of text or an object with a title")
    for key in value:
        if key not in CREDIT_FIELDS:
            raise _bad(field, f"has no field {str(key)[:40]!r}; a credit takes {', '.join(CREDIT_FIELDS)}")
    return Credit(
        title=_line(value.get("title"), f"{field}.title", CREDIT_TEXT_MAX, required=True) or "",
        role=_line(value.get("role"), f"{field}.role", CREDIT_ROLE_MAX),
        company=_line(value.get("company"), f"{field}.company", CREDIT_TEXT_MAX),
        year=_whole_number(value.get("year"), f"{field}.year", *CREDIT_YEARS),
    )


def _list(value: Any, field: str, max_items: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(field, "must be a list")
    if len(value) > max_items:
        raise _bad(field, f"must have at most {max_items} entries")
    return value


def _skills(value: Any) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for index, raw in enumerate(_list(value, "skills", SKILLS_MAX)):
        skill = _line(raw, f"skills[{index}]", SKILL_MAX, required=True) or ""
        seen.setdefault(skill.casefold(), skill)  # the same skill twice is kept once
    return tuple(seen.values())


def _timezone(value: Any) -> str | None:
    name = _line(value, "timezone", TIMEZONE_MAX)
    if name is None:
        return None
    problem = "must be an IANA time zone such as America/New_York or America/Toronto"
    if not _TIMEZONE.fullmatch(name):
        raise _bad("timezone", problem)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _bad("timezone", problem) from None
    return name


def parse_profile(body: Any) -> Profile:
    """Validate a whole PUT /me/profile body; the first problem found is raised."""
    if not isinstance(body, Mapping):
        raise InvalidInput("request body must be a JSON object", code="invalid_json")
    for key in body:
        if key not in FIELDS and key not in READ_ONLY:
            raise InvalidInput(f"{str(key)[:40]!r} is not a profile field; the fields are {', '.join(FIELDS)}",
                               code="invalid_field")
    age_min = _whole_number(body.get("age_min"), "age_min", 0, AGE_MAX)
    age_max = _whole_number(body.get("age_max"), "age_max", 0, AGE_MAX)
    if (age_min is None) != (age_max is None):
        missing = "age_max" if age_max is None else "age_min"
        raise _bad(missing, "is required with the other end of the range: a playable age range has both")
    if age_min is not None and age_max is not None:
        if age_max < age_min:
            raise _bad("age_max", "must not be below age_min")
        if age_max - age_min > PLAYABLE_SPAN_MAX:
            raise _bad("age_max", f"must be within {PLAYABLE_SPAN_MAX} years of age_min (a playable range)")
    return Profile(
        bio=_block(body.get("bio"), "bio", BIO_MAX),
        location=_location(body.get("location")),
        age_min=age_min,
        age_max=age_max,
        gender=_choice(body.get("gender"), "gender", GENDERS, _GENDER_ALIASES),
        union_status=_choice(body.get("union_status"), "union_status", UNION_STATUSES, _UNION_ALIASES),
        credits=tuple(_credit(c, i) for i, c in enumerate(_list(body.get("credits"), "credits", CREDITS_MAX))),
        skills=_skills(body.get("skills")),
        timezone=_timezone(body.get("timezone")),
    )


def stored_profile(data: Mapping[str, Any] | None) -> Profile:
    """A profile as stored (parse_profile's output, so trusted): rebuilt without re-validating, so
    a rule tightened later never makes an old profile unreadable."""
    if not data:
        return Profile()
    location = data.get("location")
    return Profile(
        bio=data.get("bio"),
        location=Location(state=location["state"], country=location["country"], city=location.get("city"))
        if location else None,
        age_min=data.get("age_min"),
        age_max=data.get("age_max"),
        gender=data.get("gender"),
        union_status=data.get("union_status"),
        credits=tuple(c if isinstance(c, str) else Credit(c["title"], c.get("role"), c.get("company"), c.get("year"))
                      for c in data.get("credits") or ()),
        skills=tuple(data.get("skills") or ()),
        timezone=data.get("timezone"),
    )


# --- The score --------------------------------------------------------------------------------

SCORE_ITEMS: tuple[tuple[str, str], ...] = (
    ("headshot", "headshot photo"),
    ("bio", "bio"),
    ("location", "location"),
    ("physical", "physical details (age range and gender)"),
    ("credits", "credits"),
    ("skills", "skills"),
    ("video", "video reel"),
    ("audio", "audio reel"),
)
SCORE_MAX = len(SCORE_ITEMS)


def score(profile: Profile, ready_media: Mapping[str, int]) -> dict[str, Any]:
    """One point per item of SCORE_ITEMS; `missing` names the others as a person would.
    `ready_media` counts verified locker items per kind (a pending upload earns nothing yet)."""
    done = {
        "headshot": ready_media.get("photo", 0) > 0,
        "bio": bool(profile.bio),
        "location": profile.location is not None,
        "physical": profile.age_min is not None and profile.age_max is not None and bool(profile.gender),
        "credits": bool(profile.credits),
        "skills": bool(profile.skills),
        "video": ready_media.get("video", 0) > 0,
        "audio": ready_media.get("audio", 0) > 0,
    }
    return {"value": sum(done.values()), "max": SCORE_MAX,
            "missing": [label for key, label in SCORE_ITEMS if not done[key]]}


# --- Recently viewed ----------------------------------------------------------------------------

VIEW_FIELDS = ("production_id", "name", "job_type", "category", "location", "paid_tag", "expires_at")


def view_entry(summary: Mapping[str, Any], viewed_at: str) -> dict[str, Any]:
    """What the recently viewed list keeps of a notice: enough to show and link it."""
    entry = {name: summary.get(name) for name in VIEW_FIELDS}
    entry["union_status"] = (summary.get("union") or {}).get("status")
    entry["viewed_at"] = viewed_at
    return entry


def remember_view(entries: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The list after one more view: this notice first, once, at most RECENTLY_VIEWED_MAX kept.
    None when nothing changes (the newest entry re-opened within REVIEW_SECONDS: a reload)."""
    if entries and entries[0].get("production_id") == entry["production_id"]:
        elapsed = seconds_between(entries[0].get("viewed_at"), entry["viewed_at"])
        if elapsed is not None and 0 <= elapsed < REVIEW_SECONDS:
            return None
    others = [e for e in entries if e.get("production_id") != entry["production_id"]]
    return [entry, *others][:RECENTLY_VIEWED_MAX]


# --- Matching roles -------------------------------------------------------------------------------

_GENDER_WORDS = {
    "female": "female", "females": "female", "woman": "female", "women": "female", "girl": "female",
    "girls": "female", "feminine": "female", "lady": "female", "ladies": "female", "f": "female",
    "male": "male", "males": "male", "man": "male", "men": "male", "boy": "male", "boys": "male",
    "masculine": "male", "gentleman": "male", "gentlemen": "male", "m": "male",
    "nonbinary": "non-binary", "enby": "non-binary", "nb": "non-binary", "genderqueer": "non-binary",
    "genderfluid": "non-binary", "agender": "non-binary",
}
_NON_BINARY = re.compile(r"non[\s_-]*binary")
_LETTERS = re.compile(r"[a-z]+")


def role_genders(text: str | None) -> frozenset[str] | None:
    """The genders a role's free-text gender names ("Female", "M/F", "Woman or non-binary"), or
    None when it names none ("Any", "All genders", "", "See sides"): then it is open to everyone."""
    if not text:
        return None
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()
    words = _LETTERS.findall(_NON_BINARY.sub("nonbinary", folded))
    named = frozenset(_GENDER_WORDS[w] for w in words if w in _GENDER_WORDS)
    return named or None


def ages_overlap(talent_min: int | None, talent_max: int | None, role_min: int | None, role_max: int | None) -> bool:
    """Closed ranges overlap; a missing end is open (a role "18+" has no maximum)."""
    low = max(talent_min if talent_min is not None else 0, role_min if role_min is not None else 0)
    high = min(talent_max if talent_max is not None else AGE_MAX, role_max if role_max is not None else AGE_MAX)
    return low <= high


def union_fits(talent_status: str | None, notice_status: str | None) -> bool:
    """A notice without a union status is taken as non-union (a union job names its contract)."""
    notice_status = notice_status or "non-union"
    if talent_status is None or talent_status == "eligible":
        return True
    return talent_status == notice_status


def role_fits(profile: Profile, role: Mapping[str, Any], notice_union_status: str | None) -> bool:
    genders = role_genders(role.get("gender"))
    return (ages_overlap(profile.age_min, profile.age_max, role.get("age_min"), role.get("age_max"))
            and (genders is None or profile.gender is None or profile.gender in genders)
            and union_fits(profile.union_status, notice_union_status))


def needs_role_details(summary: Mapping[str, Any]) -> bool:
    """A listing summary written before roles carried age and gender: the caller reads the notice."""
    return any("gender" not in role for role in summary.get("roles") or ())


def matching_roles(profile: Profile, notices: Iterable[Mapping[str, Any]], now: str,
                   seen_at: str | None = None) -> list[dict[str, Any]]:
    """The roles of these published notices (newest first, as listed) that fit the profile, each
    marked `new` if its notice was published after `seen_at`. Only casting notices have roles to
    play; expired ones are skipped."""
    matched: list[dict[str, Any]] = []
    for notice in notices:
        if notice.get("category") != "casting" or (notice.get("expires_at") or "") <= now:
            continue
        union_status = (notice.get("union") or {}).get("status")
        published_at = notice.get("published_at") or ""
        for role in notice.get("roles") or ():
            if not role_fits(profile, role, union_status):
                continue
            matched.append({
                "production_id": notice.get("production_id"), "production_name": notice.get("name"),
                "role_id": role.get("role_id"), "role_name": role.get("name"),
                "age_min": role.get("age_min"), "age_max": role.get("age_max"), "gender": role.get("gender") or "",
                "job_type": notice.get("job_type"), "location": notice.get("location"),
                "remote": bool((notice.get("location") or {}).get("remote")),
                "union_status": union_status or "non-union", "paid_tag": notice.get("paid_tag"),
                "published_at": published_at, "expires_at": notice.get("expires_at"),
                "new": seen_at is None or published_at > seen_at,
            })
    return matched
