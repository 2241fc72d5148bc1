"""Profile rules without AWS: validation, the score, the recently viewed list, role matching."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain import profiles as p
from chalicelib.domain.errors import InvalidInput

FULL = {
    "bio": "Stage and screen actor.\nTrained at LAMDA.",
    "location": {"city": "Brooklyn", "state": "New York", "country": "us"},
    "age_min": 25, "age_max": 35, "gender": "Female", "union_status": "non-union",
    "credits": ["Hamlet (Ophelia), 2023", {"title": "Night Shift", "role": "Nurse", "year": 2024}],
    "skills": ["Stage combat", "Piano", "piano"],
    "timezone": "America/New_York",
}


def error(body: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        p.parse_profile(body)
    return caught.value


# -- validation ----------------------------------------------------------------------------------
def test_a_full_profile_is_normalised_and_round_trips():
    profile = p.parse_profile(FULL)
    assert profile.location == p.Location(state="NY", country="US", city="Brooklyn")
    assert profile.gender == "female" and profile.skills == ("Stage combat", "Piano")
    assert profile.credits[1] == p.Credit("Night Shift", role="Nurse", year=2024)
    assert p.parse_profile(profile.to_dict()) == profile
    assert p.stored_profile(profile.to_dict()) == profile


def test_omitted_and_null_fields_are_cleared_and_read_only_fields_ignored():
    assert p.parse_profile({}) == p.Profile()
    assert p.parse_profile({"bio": None, "location": None, "skills": None, "score": {"value": 3}}) == p.Profile()
    assert p.parse_profile({"bio": "   \n "}).bio is None


def test_the_country_is_inferred_from_a_province():
    assert p.parse_profile({"location": {"state": "Ontario"}}).location == p.Location("ON", "CA")


@pytest.mark.parametrize(("body", "code", "named"), [
    ({"nickname": "x"}, "invalid_field", "nickname"),
    ({"bio": 5}, "invalid_bio", "bio"),
    ({"bio": "x" * (p.BIO_MAX + 1)}, "invalid_bio", "bio"),
    ({"location": "NYC"}, "invalid_location", "location"),
    ({"location": {"city": "Paris"}}, "invalid_location", "location.state"),
    ({"location": {"state": "Bavaria"}}, "invalid_location", "location.state"),
    ({"location": {"state": "ON", "country": "US"}}, "invalid_location", "location.state"),
    ({"location": {"state": "NY", "country": "FR"}}, "invalid_location", "location.country"),
    ({"location": {"state": "NY", "zip": "10001"}}, "invalid_location", "zip"),
    ({"location": {"state": "NY", "city": "c" * 101}}, "invalid_location", "location.city"),
    ({"age_min": 20}, "invalid_age_max", "age_max"),
    ({"age_max": 20}, "invalid_age_min", "age_min"),
    ({"age_min": 30, "age_max": 20}, "invalid_age_max", "age_max"),
    ({"age_min": -1, "age_max": 20}, "invalid_age_min", "age_min"),
    ({"age_min": 20.5, "age_max": 30}, "invalid_age_min", "age_min"),
    ({"age_min": True, "age_max": 30}, "invalid_age_min", "age_min"),
    ({"age_min": 5, "age_max": 80}, "invalid_age_max", "age_max"),
    ({"gender": "robot"}, "invalid_gender", "gender"),
    ({"gender": 1}, "invalid_gender", "gender"),
    ({"union_status": "sag"}, "invalid_union_status", "union_status"),
    ({"credits": "Hamlet"}, "invalid_credits", "credits"),
    ({"credits": ["ok", ""]}, "invalid_credits", "credits[1]"),
    ({"credits": [{"role": "Nurse"}]}, "invalid_credits", "credits[0].title"),
    ({"credits": [{"title": "X", "year": 1800}]}, "invalid_credits", "credits[0].year"),
    ({"credits": [{"title": "X", "director": "Y"}]}, "invalid_credits", "director"),
    ({"credits": [7]}, "invalid_credits", "credits[0]"),
    ({"credits": ["c"] * (p.CREDITS_MAX + 1)}, "invalid_credits", "credits"),
    ({"skills": ["s"] * (p.SKILLS_MAX + 1)}, "invalid_skills", "skills"),
    ({"skills": ["x" * (p.SKILL_MAX + 1)]}, "invalid_skills", "skills[0]"),
    ({"skills": [None]}, "invalid_skills", "skills[0]"),
    ({"timezone": "Mars/Olympus"}, "invalid_timezone", "timezone"),
    ({"timezone": "../../etc/passwd"}, "invalid_timezone", "timezone"),
])
def test_every_bad_field_is_a_400_naming_it(body, code, named):
    problem = error(body)
    assert problem.code == code and named in problem.message, problem.message


def test_a_body_that_is_not_an_object_is_refused():
    assert error(["bio"]).code == "invalid_json"


# -- the score -----------------------------------------------------------------------------------
def test_the_score_counts_eight_things_and_names_what_is_missing():
    empty = p.score(p.Profile(), {})
    assert empty == {"value": 0, "max": 8, "missing": [label for _, label in p.SCORE_ITEMS]}
    full = p.score(p.parse_profile(FULL), {"photo": 2, "video": 1, "audio": 1})
    assert full == {"value": 8, "max": 8, "missing": []}
    partial = p.score(p.parse_profile(FULL), {"photo": 1, "document": 3})
    assert partial == {"value": 6, "max": 8, "missing": ["video reel", "audio reel"]}


def test_physical_details_need_both_the_age_range_and_the_gender():
    ages_only = p.parse_profile({"age_min": 20, "age_max": 30})
    assert "physical details (age range and gender)" in p.score(ages_only, {})["missing"]
    both = p.parse_profile({"age_min": 20, "age_max": 30, "gender": "male"})
    assert p.score(both, {})["value"] == 1


# -- recently viewed -----------------------------------------------------------------------------
def entry(production_id: str, at: str) -> dict[str, Any]:
    return p.view_entry({"production_id": production_id, "name": production_id.upper(),
                         "union": {"status": "union"}}, at)


def test_a_view_goes_first_once_and_the_list_keeps_ten():
    entries: list[dict[str, Any]] = []
    for i in range(12):
        entries = p.remember_view(entries, entry(f"n{i}", f"2026-01-01T00:{i:02d}:00.000Z")) or entries
    assert [e["production_id"] for e in entries] == [f"n{i}" for i in range(11, 1, -1)]
    again = p.remember_view(entries, entry("n5", "2026-01-01T01:00:00.000Z"))
    assert again is not None
    assert [e["production_id"] for e in again][:2] == ["n5", "n11"] and len(again) == 10
    assert sum(e["production_id"] == "n5" for e in again) == 1
    assert again[0]["union_status"] == "union" and again[0]["name"] == "N5"


def test_reloading_the_newest_notice_writes_nothing_but_a_later_view_does():
    entries = [entry("n1", "2026-01-01T00:00:00.000Z")]
    assert p.remember_view(entries, entry("n1", "2026-01-01T00:00:30.000Z")) is None
    later = p.remember_view(entries, entry("n1", "2026-01-01T00:05:00.000Z"))
    assert later is not None and later[0]["viewed_at"] == "2026-01-01T00:05:00.000Z" and len(later) == 1


# -- matching ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "genders"), [
    ("Female", {"female"}), ("male", {"male"}), ("M/F", {"male", "female"}), ("Any", None), ("", None),
    ("All genders", None), ("Woman or non-binary", {"female", "non-binary"}), ("Non Binary", {"non-binary"}),
    ("Femme (see sides)", None), ("Men 18+", {"male"}), ("FEMALE", {"female"}),
])
def test_a_roles_gender_text_is_read_for_the_genders_it_names(text, genders):
    named = p.role_genders(text)
    assert (named if named is None else set(named)) == genders


def test_ages_overlap_with_open_ends():
    assert p.ages_overlap(25, 35, 30, 40) and p.ages_overlap(25, 35, 35, 50)
    assert not p.ages_overlap(25, 35, 36, 50) and not p.ages_overlap(25, 35, 10, 24)
    assert p.ages_overlap(25, 35, None, None) and p.ages_overlap(25, 35, 18, None)
    assert p.ages_overlap(None, None, 60, 70)


@pytest.mark.parametrize(("talent", "notice", "fits"), [
    ("non-union", "non-union", True), ("non-union", "union", False), ("non-union", None, True),
    ("union", "union", True), ("union", "non-union", False), ("union", None, False),
    ("eligible", "union", True), ("eligible", "non-union", True), (None, "union", True),
])
def test_union_status_compatibility(talent, notice, fits):
    assert p.union_fits(talent, notice) is fits


def notice(**changes: Any) -> dict[str, Any]:
    roles = [{"role_id": "prd_1.r1", "name": "Maya", "age_min": 25, "age_max": 32, "gender": "Female"},
             {"role_id": "prd_1.r2", "name": "Old Tom", "age_min": 60, "age_max": 75, "gender": "Male"},
             {"role_id": "prd_1.r3", "name": "Crowd", "age_min": None, "age_max": None, "gender": "Any"}]
    return {"production_id": "prd_1", "name": "Harbor Lights", "category": "casting", "job_type": "film",
            "location": {"city": "Albany", "state": "NY", "country": "US"}, "union": {"status": "non-union"},
            "published_at": "2026-03-01T00:00:00.000Z", "expires_at": "2099-01-01T00:00:00.000Z",
            "paid_tag": True, "roles": roles, **changes}


TALENT = p.parse_profile({"location": {"state": "NY"}, "age_min": 24, "age_max": 30, "gender": "female",
                          "union_status": "non-union"})
NOW = "2026-06-01T00:00:00.000Z"


def test_matching_keeps_the_roles_that_fit_age_gender_and_union():
    matched = p.matching_roles(TALENT, [notice()], NOW)
    assert [m["role_name"] for m in matched] == ["Maya", "Crowd"]
    assert matched[0]["production_name"] == "Harbor Lights" and matched[0]["new"] is True
    assert p.matching_roles(TALENT, [notice(union={"status": "union", "contract": "SAG"})], NOW) == []


def test_matching_skips_expired_and_non_casting_notices_and_marks_what_is_new():
    assert p.matching_roles(TALENT, [notice(expires_at="2026-01-01T00:00:00.000Z")], NOW) == []
    assert p.matching_roles(TALENT, [notice(category="workshop")], NOW) == []
    seen_after = p.matching_roles(TALENT, [notice()], NOW, seen_at="2026-04-01T00:00:00.000Z")
    assert seen_after and not any(m["new"] for m in seen_after)


def test_an_empty_profile_field_constrains_nothing():
    anyone = p.parse_profile({"location": {"state": "NY"}})
    assert len(p.matching_roles(anyone, [notice()], NOW)) == 3


def test_old_listing_summaries_are_recognised_as_lacking_role_details():
    assert p.needs_role_details({"roles": [{"role_id": "r", "name": "Maya"}]})
    assert not p.needs_role_details(notice())


def test_matched_roles_say_whether_the_notice_is_remote():
    remote = notice(location={"city": "Austin", "state": "TX", "country": "US", "remote": True})
    assert {m["remote"] for m in p.matching_roles(TALENT, [remote], NOW)} == {True}
    assert {m["remote"] for m in p.matching_roles(TALENT, [notice()], NOW)} == {False}
    assert {m["remote"] for m in p.matching_roles(TALENT, [notice(location=None)], NOW)} == {False}
