"""A casting notice as the domain sees it: the production, where, union, pay, fee and roles."""
from __future__ import annotations

from dataclasses import dataclass

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
