"""Minimum-wage floors for the Paid tag, and the states and provinces notices are posted in.

The table is a snapshot of the general adult hourly minimum wage in force on 1 January 2025:
  - United States: US Department of Labor, Wage and Hour Division, "State Minimum Wage Laws"
    (dol.gov/agencies/whd/minimum-wage/state). Only states whose own minimum is above the federal
    $7.25 are listed; every other state (including those with a lower or no state minimum, where
    the federal floor applies) falls back to the federal rate.
  - Canada: Government of Canada, "Minimum wage by province and territory"
    (minwage-salairemin.service.canada.ca). All thirteen provinces and territories are listed.
Where a state has several floors we use the statewide (or "standard") one and say so below. Amounts
are in the notice's national currency (USD for US, CAD for CA). Minimum wages change every year,
usually on 1 January, 1 April, 1 July or 1 October: update this table, or pass a different one in
VettingConfig, rather than editing the rules.
"""
from __future__ import annotations

import re
import unicodedata

WAGE_TABLE_AS_OF = "2025-01-01"

US_FEDERAL_MINIMUM = 7.25
# Federally regulated private sector in Canada (CAD 17.30 since 1 April 2024). Only used when a
# Canadian notice has no province; every province/territory below has its own floor.
CA_FEDERAL_MINIMUM = 17.30

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}

CA_PROVINCES: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}

REGIONS: dict[str, dict[str, str]] = {"US": US_STATES, "CA": CA_PROVINCES}

# Hourly floors above the federal $7.25, in force on 2025-01-01.
US_STATE_MINIMUMS: dict[str, float] = {
    "AK": 11.73, "AZ": 14.70, "AR": 11.00, "CA": 16.50, "CO": 14.81, "CT": 16.35, "DE": 15.00,
    "DC": 17.50,  # since 2024-07-01
    "FL": 13.00,  # since 2024-09-30
    "HI": 14.00, "IL": 15.00, "ME": 14.65, "MD": 15.00, "MA": 15.00,
    "MI": 10.56,  # 12.48 from 2025-02-21
    "MN": 11.13, "MO": 13.75, "MT": 10.55, "NE": 13.50, "NV": 12.00, "NJ": 15.49, "NM": 12.00,
    "NY": 15.50,  # rest of state; New York City, Long Island and Westchester are 16.50
    "OH": 10.70,
    "OR": 14.70,  # standard rate since 2024-07-01; Portland metro 15.95, non-urban counties 13.70
    "RI": 15.00, "SD": 11.50, "VT": 14.01, "VA": 12.41, "WA": 16.66, "WV": 8.75,
    "PR": 10.50, "GU": 9.25, "VI": 10.50,
}

CA_PROVINCE_MINIMUMS: dict[str, float] = {
    "AB": 15.00, "BC": 17.40, "MB": 15.80, "NB": 15.30, "NL": 15.60, "NS": 15.20, "NT": 16.70,
    "NU": 19.00, "ON": 17.20, "PE": 16.00, "QC": 15.75, "SK": 15.00, "YT": 17.59,
}

# (country, state/province code) -> hourly floor. Regions not listed use COUNTRY_MINIMUMS.
WAGE_FLOORS: dict[tuple[str, str], float] = {
    **{("US", code): rate for code, rate in US_STATE_MINIMUMS.items()},
    **{("CA", code): rate for code, rate in CA_PROVINCE_MINIMUMS.items()},
}
COUNTRY_MINIMUMS: dict[str, float] = {"US": US_FEDERAL_MINIMUM, "CA": CA_FEDERAL_MINIMUM}

_ALIASES: dict[str, dict[str, str]] = {
    "US": {"washington dc": "DC", "washington d c": "DC", "d c": "DC", "usvi": "VI", "virgin islands": "VI"},
    "CA": {"pei": "PE", "p e i": "PE", "newfoundland": "NL", "labrador": "NL", "yukon territory": "YT",
           "nwt": "NT", "quebec": "QC", "province of quebec": "QC"},
}


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_BY_NAME: dict[str, dict[str, str]] = {
    country: {**{_key(name): code for code, name in regions.items()}, **_ALIASES[country]}
    for country, regions in REGIONS.items()
}


def region_code(country: str, state: str) -> str | None:
    """The two-letter code for a state/province given as code or name ("ny", "Québec", "P.E.I."), or None."""
    regions = REGIONS.get(country)
    if regions is None:
        return None
    key = _key(state)
    if key.replace(" ", "").upper() in regions and len(key.replace(" ", "")) == 2:
        return key.replace(" ", "").upper()
    return _BY_NAME[country].get(key)


def region_name(country: str, code: str | None) -> str:
    if code and code in REGIONS.get(country, {}):
        return REGIONS[country][code]
    return {"US": "US federal", "CA": "Canadian federal"}.get(country, country)


def minimum_wage(country: str, code: str | None,
                 floors: dict[tuple[str, str], float] | None = None,
                 country_floors: dict[str, float] | None = None) -> float | None:
    """Hourly minimum wage for a region; the national floor when the region has none of its own."""
    floors = WAGE_FLOORS if floors is None else floors
    country_floors = COUNTRY_MINIMUMS if country_floors is None else country_floors
    if code is not None and (country, code) in floors:
        return floors[(country, code)]
    return country_floors.get(country)
