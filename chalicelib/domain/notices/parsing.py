"""Parsing a POST/PATCH /productions body: is it well-formed? (InvalidInput, a 400, if not).

A notice may be incomplete while it is a draft: what is missing is the vetting rules' business,
not the parser's.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime

from ..clock import to_iso
from ..errors import InvalidInput
from ..wages import region_code
from .model import (
    AGE_MAX,
    CATEGORIES,
    CITY_MAX,
    COMPANY_MAX,
    CONTRACT_MAX,
    COUNTRIES,
    DESCRIPTION_MAX,
    GENDER_MAX,
    JOB_TYPES,
    MAX_ROLES,
    MONEY_MAX,
    NAME_MAX,
    NOTES_MAX,
    PAY_KINDS,
    PAY_UNITS,
    ROLE_DESCRIPTION_MAX,
    ROLE_NAME_MAX,
    UNION_STATUSES,
    Fee,
    Location,
    Notice,
    Pay,
    Role,
    Union,
)


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
