"""Profiles through the API over moto: PUT/GET with the score, validation that writes nothing,
the public profile, recently viewed notices, and roles matched."""
from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.test_attachments import PDF, PNG, put_object
from tests.api.test_notices import notice, publish

TABLE = "callboard-local"
PROFILE = {
    "bio": "Stage and screen actor based in Brooklyn.",
    "location": {"city": "Brooklyn", "state": "NY", "country": "US"},
    "age_min": 24, "age_max": 30, "gender": "female", "union_status": "non-union",
    "credits": ["Hamlet (Ophelia), Public Theater, 2023", {"title": "Night Shift", "role": "Nurse", "year": 2024}],
    "skills": ["Stage combat", "Piano"],
}


def posting(**changes: Any) -> dict[str, Any]:
    """The clean paid notice of the notices tests (a union film in Brooklyn, NY), changed."""
    return {**notice("clean_paid"), **changes}


@pytest.fixture
def people(api):
    return {"cd": api.sign_up("Cara Casting", "casting"), "ed": api.sign_up("Edda Editor", "editor"),
            "tia": api.sign_up("Tia Talent"), "olly": api.sign_up("Olly Other")}


def put(api, user, body: Any = None, raw: str | None = None) -> tuple[int, Any]:
    return api.call("PUT", "/me/profile", user["token"], body, raw=raw)


def stored_item(user_id: str, sk: str) -> dict[str, Any] | None:
    from tests.conftest import moto_clients

    return moto_clients("dynamodb").get_item(TableName=TABLE, Key={"pk": {"S": f"USER#{user_id}"},
                                                                   "sk": {"S": sk}}).get("Item")


def upload_media(api, pump, user, kind: str, filename: str, content_type: str, content: bytes,
                 land: bool = True) -> str:
    from tests.conftest import moto_clients

    status, ticket = api.post("/me/media", user["token"], {"kind": kind, "filename": filename,
                                                           "content_type": content_type, "size": len(content)})
    assert status == 201, ticket
    if land:
        put_object(ticket, content, moto_clients)
        pump.drain()
    return str(ticket["media_id"])


# -- the owner's profile ---------------------------------------------------------------------------
def test_put_then_get_the_profile_with_its_score(api, people):
    tia = people["tia"]
    status, empty = api.get("/me/profile", tia["token"])
    assert status == 200 and empty["bio"] is None and empty["skills"] == []
    assert empty["score"] == {"value": 0, "max": 8, "missing": [
        "headshot photo", "bio", "location", "physical details (age range and gender)", "credits", "skills",
        "video reel", "audio reel"]}

    status, saved = put(api, tia, PROFILE)
    assert status == 200, saved
    status, got = api.get("/me/profile", tia["token"])
    assert status == 200 and got == saved
    assert {k: got[k] for k in PROFILE} == PROFILE
    assert got["score"] == {"value": 5, "max": 8, "missing": ["headshot photo", "video reel", "audio reel"]}


def test_a_put_replaces_the_profile_and_omitted_fields_are_cleared(api, people):
    tia = people["tia"]
    assert put(api, tia, PROFILE)[0] == 200
    status, got = put(api, tia, {"bio": "Just a bio now.", "score": {"value": 8}, "user_id": "usr_someone"})
    assert status == 200, got
    assert got["bio"] == "Just a bio now." and got["location"] is None and got["credits"] == []
    assert got["age_min"] is None and got["gender"] is None and got["user_id"] == tia["user_id"]
    assert got["score"]["value"] == 1
    assert api.get("/me/profile", tia["token"])[1] == got


BAD_BODIES = [
    ({**PROFILE, "bio": "x" * 2001}, "invalid_bio", "bio"),
    ({**PROFILE, "location": {"city": "Albany"}}, "invalid_location", "location.state"),
    ({**PROFILE, "location": {"state": "Narnia", "country": "US"}}, "invalid_location", "location.state"),
    ({**PROFILE, "location": {"state": "NY", "country": "GB"}}, "invalid_location", "location.country"),
    ({**PROFILE, "age_min": 40}, "invalid_age_max", "age_max"),
    ({**PROFILE, "age_min": "24"}, "invalid_age_min", "age_min"),
    ({**PROFILE, "age_max": 500}, "invalid_age_max", "age_max"),
    ({**PROFILE, "gender": "dragon"}, "invalid_gender", "gender"),
    ({**PROFILE, "union_status": "maybe"}, "invalid_union_status", "union_status"),
    ({**PROFILE, "credits": [{"year": 2020}]}, "invalid_credits", "credits[0].title"),
    ({**PROFILE, "credits": ["x"] * 51}, "invalid_credits", "credits"),
    ({**PROFILE, "skills": "Piano"}, "invalid_skills", "skills"),
    ({**PROFILE, "skills": ["Piano", ""]}, "invalid_skills", "skills[1]"),
    ({**PROFILE, "timezone": "Nowhere/Special"}, "invalid_timezone", "timezone"),
    ({**PROFILE, "height": 170}, "invalid_field", "height"),
]


@pytest.mark.parametrize(("body", "code", "named"), BAD_BODIES)
def test_every_bad_field_is_a_400_and_writes_nothing(api, people, body, code, named):
    tia, olly = people["tia"], people["olly"]
    assert put(api, tia, {**PROFILE, "bio": "The original bio."})[0] == 200
    before = api.get("/me/profile", tia["token"])[1]
    status, error = put(api, tia, body)
    refusal = error["error"]
    assert status == 400 and refusal["code"] == code, error
    assert named in refusal["message"] or refusal.get("field") == named, error
    assert api.get("/me/profile", tia["token"])[1] == before
    # Someone without a profile: the refused PUT does not create one either.
    assert put(api, olly, body)[0] == 400
    assert stored_item(olly["user_id"], "ABOUT") is None


@pytest.mark.parametrize("raw", ["", "not json", "[1, 2]", '"text"'])
def test_a_body_that_is_not_a_json_object_is_a_400(api, people, raw):
    status, error = put(api, people["tia"], raw=raw)
    assert status == 400 and error["error"]["code"] == "invalid_json"
    assert stored_item(people["tia"]["user_id"], "ABOUT") is None


def test_the_profile_needs_a_signed_in_user(api):
    assert api.get("/me/profile")[0] == 401
    assert api.call("PUT", "/me/profile", None, PROFILE)[0] == 401


def test_the_score_counts_only_verified_media(api, pump, people):
    tia = people["tia"]
    put(api, tia, PROFILE)
    upload_media(api, pump, tia, "photo", "headshot.png", "image/png", PNG)
    upload_media(api, pump, tia, "video", "reel.mp4", "video/mp4", b"\x00" * 64, land=False)  # never uploaded
    upload_media(api, pump, tia, "audio", "reel.mp3", "audio/mpeg", PDF)  # not audio: rejected
    locker = api.get("/me/media", tia["token"])[1]["counts"]
    assert locker["photo"] == 1 and locker["video"] == 1  # the locker counts the pending upload...
    score = api.get("/me/profile", tia["token"])[1]["score"]
    assert score == {"value": 6, "max": 8, "missing": ["video reel", "audio reel"]}  # ...the score does not


# -- the public profile ------------------------------------------------------------------------------
def test_the_public_profile_shows_the_profile_but_never_the_email_or_score(api, pump, people):
    tia, olly = people["tia"], people["olly"]
    put(api, tia, {**PROFILE, "timezone": "America/New_York"})
    upload_media(api, pump, tia, "photo", "headshot.png", "image/png", PNG)
    status, seen = api.get(f"/users/{tia['user_id']}", olly["token"])
    assert status == 200, seen
    assert seen["name"] == "Tia Talent" and seen["role"] == "talent" and seen["user_id"] == tia["user_id"]
    assert {k: seen[k] for k in PROFILE} == PROFILE and seen["media"] == {"photo": 1, "video": 0, "audio": 0}
    text = json.dumps(seen)
    assert tia["email"] not in text and "email" not in seen
    assert "score" not in seen and "completeness" not in seen and "timezone" not in seen
    status, bare = api.get(f"/users/{olly['user_id']}", tia["token"])
    assert status == 200 and bare["bio"] is None and olly["email"] not in json.dumps(bare)
    assert api.get("/users/usr_nobody", tia["token"])[0] == 404


def test_summaries_and_score_for_the_application_manager(api, pump, people):
    from chalicelib.container import services

    tia, olly = people["tia"], people["olly"]
    put(api, tia, PROFILE)
    upload_media(api, pump, tia, "photo", "headshot.png", "image/png", PNG)
    profiles = services().profiles
    summaries = profiles.summaries([tia["user_id"], olly["user_id"], "usr_nobody", tia["user_id"]])
    assert set(summaries) == {tia["user_id"], olly["user_id"]}
    assert summaries[tia["user_id"]]["completeness"] == 6 and summaries[olly["user_id"]]["completeness"] == 0
    assert summaries[tia["user_id"]]["location"] == PROFILE["location"]
    assert tia["email"] not in json.dumps(summaries) and "score" not in summaries[tia["user_id"]]
    assert profiles.score(tia["user_id"]) == {"value": 6, "max": 8, "missing": ["video reel", "audio reel"]}
    assert profiles.timezone_of(tia["user_id"]) is None
    put(api, tia, {**PROFILE, "timezone": "America/Toronto"})
    assert profiles.timezone_of(tia["user_id"]) == "America/Toronto"


# -- recently viewed -------------------------------------------------------------------------------------
def published(api, people, count: int, **changes: Any) -> list[str]:
    return [publish(api, people, posting(name=f"Feature number {i}", **changes)) for i in range(count)]


def viewed(api, user) -> list[str]:
    status, data = api.get("/me/recently-viewed", user["token"])
    assert status == 200, data
    return [item["production_id"] for item in data["items"]]


def test_views_are_recorded_deduplicated_newest_first_and_capped_at_ten(api, people):
    from chalicelib.container import services

    tia = people["tia"]
    ids = published(api, people, 12)
    for pid in ids:
        assert api.get(f"/notices/{pid}", tia["token"])[0] == 200
    assert viewed(api, tia) == ids[::-1][:10]
    api.get(f"/notices/{ids[5]}", tia["token"])
    after = viewed(api, tia)
    assert after[:2] == [ids[5], ids[11]] and len(after) == 10 and after.count(ids[5]) == 1
    first = api.get("/me/recently-viewed", tia["token"])[1]["items"][0]
    assert first["name"] == "Feature number 5" and first["location"]["state"] == "NY" and first["expired"] is False
    assert [e["production_id"] for e in services().profiles.recently_viewed(tia["user_id"])] == after
    assert viewed(api, people["olly"]) == []


def test_a_view_is_recorded_only_for_a_signed_in_user_and_a_published_notice(api, people):
    from tests.conftest import moto_clients

    tia = people["tia"]
    (pid,) = published(api, people, 1)
    assert api.get(f"/notices/{pid}")[0] == 200
    items = moto_clients("dynamodb").scan(TableName=TABLE, FilterExpression="sk = :v",
                                          ExpressionAttributeValues={":v": {"S": "VIEWED"}})["Items"]
    assert items == []
    assert api.get("/notices/prd_missing", tia["token"])[0] == 404
    assert viewed(api, tia) == []


def test_concurrent_views_lose_nothing(api, people, monkeypatch):
    """Another view lands between this view's read and its write: the write is retried."""
    from chalicelib.container import services

    tia = people["tia"]
    first, second = published(api, people, 2)
    profiles = services().profiles
    read = profiles.profiles.viewed
    interfered = []

    def read_then_someone_else_views(user_id):
        current = read(user_id)
        if not interfered:
            interfered.append(True)
            assert profiles.record_view(user_id, {"production_id": second, "name": "Other tab"})
        return current

    monkeypatch.setattr(profiles.profiles, "viewed", read_then_someone_else_views)
    assert api.get(f"/notices/{first}", tia["token"])[0] == 200
    assert viewed(api, tia) == [first, second]


# -- roles matched ----------------------------------------------------------------------------------------
ROLES = [
    {"name": "Maya", "description": "Lead.", "age_min": 25, "age_max": 32, "gender": "Female", "nudity": False},
    {"name": "Old Tom", "description": "Her grandfather.", "age_min": 60, "age_max": 75, "gender": "Male",
     "nudity": False},
    {"name": "Crowd", "description": "Diner customers.", "gender": "Any", "nudity": False},
]
NON_UNION = {"union": {"status": "non-union"}, "roles": ROLES}


def matched(api, user, query: str = "") -> dict[str, Any]:
    status, data = api.get(f"/me/matched-roles{query}", user["token"])
    assert status == 200, data
    return data


def test_roles_matched_fit_age_gender_state_and_union(api, people):
    from chalicelib.container import services

    tia = people["tia"]
    put(api, tia, PROFILE)
    near = publish(api, people, posting(name="Harbor Lights", **NON_UNION))
    publish(api, people, posting(name="Union job", roles=ROLES))  # union: not for non-union talent
    publish(api, people, posting(name="Toronto job", location={"city": "Toronto", "state": "ON",
                                                                             "country": "CA"}, **NON_UNION))
    publish(api, people, posting(name="Too old", union={"status": "non-union"}, roles=[ROLES[1]]))
    user = services().accounts.get(tia["user_id"])

    assert services().profiles.new_roles_matched(user) == 2  # never looked: everything that fits is new
    page = matched(api, tia)
    assert [(r["production_name"], r["role_name"]) for r in page["items"]] == [("Harbor Lights", "Maya"),
                                                                               ("Harbor Lights", "Crowd")]
    assert page["items"][0]["production_id"] == near and page["items"][0]["new"] is True
    assert page["next_cursor"] is None and page["location_needed"] is False
    assert [r["role_name"] for r in services().profiles.matched_roles(user)] == ["Maya", "Crowd"]

    assert services().profiles.new_roles_matched(user) == 0  # looked
    publish(api, people, posting(name="Later", **NON_UNION))
    assert services().profiles.new_roles_matched(user) == 2
    assert [r["new"] for r in matched(api, tia)["items"]] == [True, True, False, False]


def test_union_talent_match_union_notices_and_eligible_talent_match_both(api, people):
    tia = people["tia"]
    publish(api, people, posting(name="Union job", roles=ROLES))
    publish(api, people, posting(name="Indie job", **NON_UNION))
    put(api, tia, {**PROFILE, "union_status": "union"})
    assert {r["production_name"] for r in matched(api, tia)["items"]} == {"Union job"}
    put(api, tia, {**PROFILE, "union_status": "eligible"})
    assert {r["production_name"] for r in matched(api, tia)["items"]} == {"Union job", "Indie job"}
    put(api, tia, {**PROFILE, "gender": "male", "age_min": 60, "age_max": 70, "union_status": "eligible"})
    assert [r["role_name"] for r in matched(api, tia)["items"]] == ["Old Tom", "Crowd", "Old Tom", "Crowd"]


def test_roles_matched_page_with_a_cursor_without_splitting_or_repeating(api, people):
    tia = people["tia"]
    put(api, tia, PROFILE)
    publish(api, people, posting(name="First", **NON_UNION))
    publish(api, people, posting(name="Second", **NON_UNION))
    seen: list[tuple[str, str]] = []
    query = "?limit=3"
    while True:
        page = matched(api, tia, query)
        assert len(page["items"]) <= 3
        seen += [(r["production_name"], r["role_name"]) for r in page["items"]]
        if not page["next_cursor"]:
            break
        query = f"?limit=3&cursor={page['next_cursor']}"
    assert seen == [("Second", "Maya"), ("Second", "Crowd"), ("First", "Maya"), ("First", "Crowd")]
    assert api.get("/me/matched-roles?cursor=forged", tia["token"])[1]["error"]["code"] == "invalid_cursor"
    cursor = matched(api, tia, "?limit=1")["next_cursor"]
    put(api, tia, {**PROFILE, "location": {"state": "CA"}})  # moved: the cursor named a NY listing
    status, error = api.get(f"/me/matched-roles?limit=1&cursor={cursor}", tia["token"])
    assert status == 400 and error["error"]["code"] == "invalid_cursor"


def test_roles_matched_need_a_location_and_a_talent_account(api, people):
    tia, cd = people["tia"], people["cd"]
    publish(api, people, posting(**NON_UNION))
    put(api, tia, {"bio": "No location yet."})
    page = matched(api, tia)
    assert page["items"] == [] and page["location_needed"] is True
    status, error = api.get("/me/matched-roles", cd["token"])
    assert status == 403 and error["error"]["code"] == "not_talent"


def test_listings_published_before_roles_carried_details_are_matched_from_the_notice(api, people):
    from tests.conftest import moto_clients

    tia = people["tia"]
    put(api, tia, PROFILE)
    pid = publish(api, people, posting(name="Old listing", **NON_UNION))
    client = moto_clients("dynamodb")
    partition = "LISTING#US#NY#*"
    (listing,) = client.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": {"S": partition}})["Items"]
    summary = json.loads(listing["summary_json"]["S"])
    summary["roles"] = [{"role_id": r["role_id"], "name": r["name"]} for r in summary["roles"]]
    client.update_item(TableName=TABLE, Key={"pk": listing["pk"], "sk": listing["sk"]},
                       UpdateExpression="SET summary_json = :s",
                       ExpressionAttributeValues={":s": {"S": json.dumps(summary)}})
    items = matched(api, tia)["items"]
    assert [(r["production_id"], r["role_name"], r["gender"]) for r in items] == [(pid, "Maya", "Female"),
                                                                                  (pid, "Crowd", "Any")]


def test_the_dashboard_parts_in_one_call(api, pump, people):
    from chalicelib.container import services

    tia = people["tia"]
    put(api, tia, PROFILE)
    upload_media(api, pump, tia, "photo", "headshot.png", "image/png", PNG)
    pid = publish(api, people, posting(name="Harbor Lights", **NON_UNION))
    api.get(f"/notices/{pid}", tia["token"])
    parts = services().profiles.dashboard(services().accounts.get(tia["user_id"]))
    assert parts["profile_score"]["value"] == 6 and parts["new_roles_matched"] == 2
    assert [v["production_id"] for v in parts["recently_viewed"]] == [pid]
    assert parts["media_ready"]["photo"] == 1


# -- remote roles ------------------------------------------------------------------------------------------
REMOTE_TX = {"city": "Austin", "state": "TX", "country": "US", "remote": True}
REMOTE_NY = {"city": "Albany", "state": "NY", "country": "US", "remote": True}
TORONTO = {"city": "Toronto", "state": "ON", "country": "CA"}
# Published oldest first; a NY talent's matches, newest first, are Maya and Crowd of each but Toronto.
MIX = (("Local one", None), ("Remote Texas", REMOTE_TX), ("Toronto", TORONTO), ("Remote Albany", REMOTE_NY),
       ("Local two", None))
MIX_MATCHED = [(name, role) for name in ("Local two", "Remote Albany", "Remote Texas", "Local one")
               for role in ("Maya", "Crowd")]


def publish_mix(api, people) -> dict[str, str]:
    return {name: publish(api, people, posting(name=name, **NON_UNION, **({"location": where} if where else {})))
            for name, where in MIX}


def all_pages(api, user, limit: int) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    query = f"?limit={limit}"
    for _ in range(50):
        page = matched(api, user, query)
        assert len(page["items"]) <= limit
        seen += [(r["production_name"], r["role_name"]) for r in page["items"]]
        if not page["next_cursor"]:
            return seen
        query = f"?limit={limit}&cursor={page['next_cursor']}"
    raise AssertionError("the cursor never ended")


def test_matched_roles_merge_the_state_and_remote_partitions_newest_first_once_each(api, people):
    tia = people["tia"]
    put(api, tia, PROFILE)
    ids = publish_mix(api, people)
    page = matched(api, tia)
    assert [(r["production_name"], r["role_name"]) for r in page["items"]] == MIX_MATCHED
    assert page["next_cursor"] is None and page["location_needed"] is False
    by_name = {r["production_name"]: r for r in page["items"]}
    assert by_name["Remote Albany"]["remote"] is True and by_name["Remote Texas"]["location"] == REMOTE_TX
    assert by_name["Local one"]["remote"] is False
    assert by_name["Remote Albany"]["production_id"] == ids["Remote Albany"]


@pytest.mark.parametrize(("listing_page", "budget"), [(100, 300), (1, 1), (1, 3), (2, 3), (3, 100)])
@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_matched_roles_page_across_both_partitions_without_repeats_within_the_read_budget(
        api, people, monkeypatch, listing_page, budget, limit):
    """Small listing pages and budgets make every boundary happen: a page ending inside a notice,
    between partitions, with one partition's page spent while the other still has listings."""
    from chalicelib.container import services
    from chalicelib.services import profiles as service

    tia = people["tia"]
    put(api, tia, PROFILE)
    publish_mix(api, people)
    monkeypatch.setattr(service, "LISTING_PAGE", listing_page)
    monkeypatch.setattr(service, "MATCH_READ_BUDGET", budget)
    repository = services().profiles.profiles
    real_page = repository.open_listings_page
    queries: list[tuple[str, int]] = []

    def counted(partition, now, page, *args, **kwargs):
        result = real_page(partition, now, page, *args, **kwargs)
        queries.append((partition, result.read))
        assert page <= listing_page
        return result

    monkeypatch.setattr(repository, "open_listings_page", counted)
    original = services().profiles.look_at_matched_roles

    def one_request(*args, **kwargs):
        queries.clear()
        answer = original(*args, **kwargs)
        assert {p for p, _ in queries} <= {"LISTING#US#NY#*", "LISTING#REMOTE#*#*"}
        # each partition's first page, then further pages only within the budget
        assert sum(read for _, read in queries) <= max(budget, 2 * listing_page)
        return answer

    monkeypatch.setattr(services().profiles, "look_at_matched_roles", one_request)
    assert all_pages(api, tia, limit) == MIX_MATCHED


def test_new_roles_matched_count_remote_roles_once(api, people):
    from chalicelib.container import services

    tia = people["tia"]
    put(api, tia, PROFILE)
    publish_mix(api, people)
    user = services().accounts.get(tia["user_id"])
    assert services().profiles.new_roles_matched(user) == 8, "never looked: all four notices' two roles"
    matched(api, tia)
    assert services().profiles.new_roles_matched(user) == 0
    publish(api, people, posting(name="Remote again", location=REMOTE_TX, **NON_UNION))
    publish(api, people, posting(name="Remote at home", location=REMOTE_NY, **NON_UNION))
    publish(api, people, posting(name="Far away", location=TORONTO, **NON_UNION))
    assert services().profiles.new_roles_matched(user) == 4
    assert services().profiles.dashboard(user)["new_roles_matched"] == 4
    items = matched(api, tia)["items"]
    assert [(r["production_name"], r["new"]) for r in items[:5]] == [
        ("Remote at home", True), ("Remote at home", True), ("Remote again", True), ("Remote again", True),
        ("Local two", False)]


def test_a_talent_without_a_location_matches_remote_roles_only(api, people):
    from chalicelib.container import services

    tia = people["tia"]
    put(api, tia, {**PROFILE, "location": None})
    publish_mix(api, people)
    page = matched(api, tia)
    assert page["location_needed"] is True and page["location"] is None
    assert [(r["production_name"], r["role_name"]) for r in page["items"]] == [
        ("Remote Albany", "Maya"), ("Remote Albany", "Crowd"), ("Remote Texas", "Maya"), ("Remote Texas", "Crowd")]
    assert all_pages(api, tia, 1) == [(r["production_name"], r["role_name"]) for r in page["items"]]
    publish(api, people, posting(name="Remote again", location=REMOTE_TX, **NON_UNION))
    assert services().profiles.new_roles_matched(services().accounts.get(tia["user_id"])) == 2


def test_expired_remote_notices_stop_matching(api, people):
    from chalicelib.container import services

    tia = people["tia"]
    put(api, tia, PROFILE)
    publish(api, people, posting(name="Remote short", location=REMOTE_NY, expires_at="2027-05-15", **NON_UNION))
    publish(api, people, posting(name="Remote long", location=REMOTE_TX, expires_at="2027-05-20", **NON_UNION))
    assert {r["production_name"] for r in matched(api, tia)["items"]} == {"Remote short", "Remote long"}
    assert services().notices.expire_due("2027-05-16T00:00:00.000Z") == 1
    assert {r["production_name"] for r in matched(api, tia)["items"]} == {"Remote long"}


def test_a_matched_roles_cursor_from_before_remote_roles_is_a_400(api, people):
    from chalicelib.container import services
    from chalicelib.domain.cursors import encode_cursor

    tia = people["tia"]
    put(api, tia, PROFILE)
    old = encode_cursor({"start": {"pk": {"S": "LISTING#US#NY#*"}, "sk": {"S": "2026-01-01T00:00:00.000Z#prd_x"}},
                         "skip": 0}, services().profiles.secret, f"matched|{tia['user_id']}|US#NY")
    status, error = api.get(f"/me/matched-roles?cursor={old}", tia["token"])
    assert status == 400 and error["error"]["code"] == "invalid_cursor"
