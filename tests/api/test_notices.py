"""Casting notices through the API: post, vet, review, publish, search, report, suspend."""
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
FUTURE = {"starts_on": "2027-06-01", "ends_on": "2027-06-14", "expires_at": "2027-05-15"}


def notice(name: str, **changes):
    body = json.loads((FIXTURES / f"{name}.json").read_text())
    return {**body, **FUTURE, **changes}


@pytest.fixture
def people(api):
    return {"cd": api.sign_up("Cara Casting", "casting"), "ed": api.sign_up("Edda Editor", "editor"),
            "tom": api.sign_up("Tom Talent"), "sub": api.sign_up("Sam Subscriber", subscriber=True),
            "co": api.sign_up("Cole Collaborator", "casting")}


def create(api, user, body):
    status, data = api.post("/productions", user["token"], body)
    assert status == 201, data
    return data["production_id"]


def publish(api, people, body=None):
    pid = create(api, people["cd"], body or notice("clean_paid"))
    status, result = api.post(f"/productions/{pid}/submit", people["cd"]["token"])
    assert status == 200 and result["status"] == "pending_review", result
    status, data = api.post(f"/moderation/notices/{pid}/decision", people["ed"]["token"],
                            {"decision": "approve", "reason": "Looks good"})
    assert status == 200 and data["status"] == "approved", data
    return pid


def test_returned_then_fixed_then_approved_then_found(api, people):
    cd, ed = people["cd"], people["ed"]
    pid = create(api, cd, notice("clean_paid", fee={"amount": 50, "description": "audition fee"}))
    status, result = api.post(f"/productions/{pid}/submit", cd["token"])
    assert status == 200 and result["status"] == "returned"
    assert "pay_to_play" in {f["rule"] for f in result["findings"] if f["severity"] == "block"}
    status, _ = api.patch(f"/productions/{pid}", cd["token"], {"fee": None})
    assert status == 200
    status, result = api.post(f"/productions/{pid}/submit", cd["token"])
    assert result["status"] == "pending_review" and result["paid_tag"] is True
    queue = api.get("/moderation/notices?status=pending_review", ed["token"])[1]["items"]
    assert [n["production_id"] for n in queue] == [pid]
    assert api.post(f"/moderation/notices/{pid}/decision", people["tom"]["token"],
                    {"decision": "approve", "reason": ""})[0] == 403
    assert api.get("/moderation/notices", people["tom"]["token"])[0] == 403
    api.post(f"/moderation/notices/{pid}/decision", ed["token"], {"decision": "approve", "reason": "ok"})
    assert api.get("/moderation/notices", ed["token"])[1]["items"] == []

    status, page = api.get("/notices?state=NY&job_type=film")
    assert status == 200 and [n["production_id"] for n in page["items"]] == [pid]
    summary = page["items"][0]
    assert summary["summary_only"] is True and "description" not in summary and summary["paid_tag"] is True
    assert [r["name"] for r in summary["roles"]] == ["June", "Dell"]
    full = api.get("/notices?state=new york&job_type=film", people["sub"]["token"])[1]["items"][0]
    assert full["summary_only"] is False and "diner" in full["description"]
    assert api.get("/notices?state=CA&job_type=film")[1]["items"] == []
    assert api.get("/notices?job_type=tv")[1]["items"] == []
    assert [n["production_id"] for n in api.get("/notices?q=diner")[1]["items"]] == [pid]
    assert api.get(f"/notices/{pid}")[1]["summary_only"] is True
    [thread] = api.get("/threads", cd["token"])[1]["items"]
    assert "approved" in thread["snippet"], "the poster is told through the messaging system"


@pytest.mark.parametrize(("fixture", "rule"), [("pay_to_play", "pay_to_play"),
                                               ("undisclosed_nudity", "adult_content"),
                                               ("third_party", "third_party_promotion")])
def test_refused_notices_name_their_rule(api, people, fixture, rule):
    pid = create(api, people["cd"], notice(fixture))
    status, result = api.post(f"/productions/{pid}/submit", people["cd"]["token"])
    assert status == 200 and result["status"] == "returned"
    assert rule in {f["rule"] for f in result["findings"] if f["severity"] == "block"}


def test_only_casting_posts_and_only_members_edit(api, people):
    assert api.post("/productions", people["tom"]["token"], notice("clean_paid"))[0] == 403
    pid = create(api, people["cd"], notice("clean_paid"))
    assert api.patch(f"/productions/{pid}", people["co"]["token"], {"name": "Mine now"})[0] == 404
    assert api.post(f"/productions/{pid}/collaborators", people["cd"]["token"],
                    {"user_id": people["co"]["user_id"]})[0] == 200
    status, data = api.patch(f"/productions/{pid}", people["co"]["token"], {"name": "Shared edit"})
    assert status == 200 and data["notice"]["name"] == "Shared edit"
    assert api.post(f"/productions/{pid}/collaborators", people["cd"]["token"],
                    {"user_id": people["tom"]["user_id"]})[0] == 404, "only casting users collaborate"


def test_bad_notice_bodies_are_400s_naming_the_field(api, people):
    for body, field in (({"name": "x", "job_type": "opera", "category": "casting"}, "job_type"),
                        ({**notice("clean_paid"), "roles": [{"name": "A", "age_min": 40, "age_max": 20}]}, "roles"),
                        ([1, 2], None)):
        status, data = api.post("/productions", people["cd"]["token"], body)
        assert status == 400, data
        if field:
            assert field in data["error"]["message"]


def test_three_reports_hide_a_notice_until_an_editor_decides(api, people):
    pid = publish(api, people)
    reporters = [api.sign_up(f"Reporter {i}") for i in range(3)]
    for reporter in reporters:
        assert api.post("/reports", reporter["token"], {"kind": "notice", "target_id": pid,
                                                        "reason": "asked for money"})[0] == 201
    assert api.get("/notices?state=NY")[1]["items"] == [] and api.get(f"/notices/{pid}")[0] == 404
    queue = api.get("/moderation/notices?status=reported", people["ed"]["token"])[1]["items"]
    assert [n["production_id"] for n in queue] == [pid]
    api.post(f"/moderation/notices/{pid}/decision", people["ed"]["token"], {"decision": "approve", "reason": "ok"})
    assert [n["production_id"] for n in api.get("/notices?state=NY")[1]["items"]] == [pid]
    status, _ = api.post("/reports", reporters[0]["token"], {"kind": "notice", "target_id": "prd_nope",
                                                             "reason": "x"})
    assert status == 404


def test_saves_that_do_not_decide_keep_a_notice_in_the_editors_queue(api, people):
    """A fourth report of a hidden notice, or a collaborator added while a notice waits for
    review, changes the notice but not where it waits."""
    hidden = publish(api, people)
    for index in range(4):
        reporter = api.sign_up(f"Reporter {index}")
        assert api.post("/reports", reporter["token"], {"kind": "notice", "target_id": hidden,
                                                        "reason": "asked for money"})[0] == 201
    reported = api.get("/moderation/notices?status=reported", people["ed"]["token"])[1]["items"]
    assert [(n["production_id"], n["open_reports"]) for n in reported] == [(hidden, 4)]

    waiting = create(api, people["cd"], notice("clean_paid"))
    assert api.post(f"/productions/{waiting}/submit", people["cd"]["token"])[1]["status"] == "pending_review"
    status, _ = api.post(f"/productions/{waiting}/collaborators", people["cd"]["token"],
                         {"user_id": people["co"]["user_id"]})
    assert status == 200
    pending = api.get("/moderation/notices?status=pending_review", people["ed"]["token"])[1]["items"]
    assert [n["production_id"] for n in pending] == [waiting]


def test_suspending_a_poster_hides_their_notices_and_stops_messages(api, people):
    pid = publish(api, people)
    assert api.post(f"/moderation/users/{people['cd']['user_id']}/suspend", people["tom"]["token"])[0] == 403
    status, data = api.post(f"/moderation/users/{people['cd']['user_id']}/suspend", people["ed"]["token"])
    assert status == 200 and data["notices_hidden"] == 1
    assert api.get(f"/notices/{pid}")[0] == 404
    status, _ = api.post("/threads", people["cd"]["token"], {"recipient_ids": [people["tom"]["user_id"]],
                                                             "subject": "s", "body": "b"})
    assert status == 403

    # Reinstated: the hidden notice goes back to the editors, not straight back to the listings.
    status, data = api.post(f"/moderation/users/{people['cd']['user_id']}/decision", people["ed"]["token"],
                            {"decision": "reinstate", "reason": "Reviewed"})
    assert status == 200 and data["notices_requeued"] == 1
    assert api.get(f"/notices/{pid}")[0] == 404
    pending = api.get("/moderation/notices?status=pending_review", people["ed"]["token"])[1]["items"]
    assert [n["production_id"] for n in pending] == [pid]
    status, data = api.post(f"/moderation/notices/{pid}/decision", people["ed"]["token"],
                            {"decision": "approve", "reason": "Still fine"})
    assert status == 200 and data["status"] == "approved"
    assert api.get(f"/notices/{pid}")[0] == 200


def test_search_parameters_are_checked(api):
    for query in ("state=ZZ", "job_type=opera", "paid=maybe", "union=sometimes", "limit=0"):
        assert api.get(f"/notices?{query}")[0] == 400


def test_the_expiry_sweep_unlists_notices_past_their_date(api, people):
    from chalicelib.container import services

    pid = publish(api, people, notice("clean_paid", expires_at="2027-05-15"))
    assert services().notices.expire_due("2027-05-15T12:00:00.000Z") == 0, "not before the moment itself"
    assert services().notices.expire_due("2027-05-16T00:00:00.000Z") == 1
    assert api.get(f"/productions/{pid}", people["cd"]["token"])[1]["status"] == "expired"
    assert api.get(f"/notices/{pid}")[0] == 404 and api.get("/notices?state=NY")[1]["items"] == []
    assert services().notices.expire_due("2027-05-16T01:00:00.000Z") == 0, "idempotent"


def test_an_editor_can_pre_approve_a_poster_for_third_party_applications(api, people):
    pid = create(api, people["cd"], notice("third_party"))
    assert api.post(f"/productions/{pid}/submit", people["cd"]["token"])[1]["status"] == "returned"
    assert api.post(f"/moderation/users/{people['cd']['user_id']}/third-party-approval", people["tom"]["token"],
                    {"approved": True})[0] == 403
    assert api.post(f"/moderation/users/{people['cd']['user_id']}/third-party-approval", people["ed"]["token"],
                    {"approved": True})[0] == 200
    result = api.post(f"/productions/{pid}/submit", people["cd"]["token"])[1]
    assert "third_party_promotion" not in {f["rule"] for f in result["findings"] if f["severity"] == "block"}


def test_roles_get_stable_ids_that_survive_edits(api, people):
    pid = create(api, people["cd"], notice("clean_paid"))
    roles = api.get(f"/productions/{pid}", people["cd"]["token"])[1]["notice"]["roles"]
    assert all(r["role_id"].startswith(pid + ".") for r in roles) and len({r["role_id"] for r in roles}) == 2
    edited = [{**roles[0], "description": "Changed: the older sister."}, roles[1],
              {"name": "Waiter", "description": "A diner regular.", "age_min": 20, "age_max": 70, "gender": "any",
               "nudity": False}]
    after = api.patch(f"/productions/{pid}", people["cd"]["token"], {"roles": edited})[1]["notice"]["roles"]
    assert [r["role_id"] for r in after[:2]] == [r["role_id"] for r in roles]
    assert after[2]["role_id"] not in {r["role_id"] for r in roles}
    forged = [{**roles[0], "role_id": "prd_other.rol_x"}]
    assert api.patch(f"/productions/{pid}", people["cd"]["token"], {"roles": forged})[1]["notice"]["roles"][0][
        "role_id"] != "prd_other.rol_x"


def test_a_word_search_reads_a_bounded_stretch_and_says_when_it_is_not_done(api, people):
    from chalicelib.storage.notices import WORD_BUDGET_PAGES

    for _ in range(WORD_BUDGET_PAGES + 2):
        publish(api, people)
    status, page = api.get("/notices?state=NY&q=harpsichord&limit=1")
    assert status == 200 and page["items"] == [] and page["next_cursor"] and page["partial"] is True, \
        "budget spent: an empty page that says the search goes on, with a cursor"
    status, rest = api.get(f"/notices?state=NY&q=harpsichord&limit=1&cursor={page['next_cursor']}")
    assert status == 200 and rest["items"] == [] and rest["next_cursor"] is None and rest["partial"] is False
    status, found = api.get("/notices?state=NY&limit=2")
    assert status == 200 and len(found["items"]) == 2 and found["partial"] is False


def test_union_and_paid_searches_read_their_own_partitions(api, people):
    union = publish(api, people)
    plain = publish(api, people, notice("clean_paid", union={"status": "non-union"}))
    status, page = api.get("/notices?state=NY&union=union")
    assert status == 200 and [i["production_id"] for i in page["items"]] == [union]
    status, page = api.get("/notices?state=NY&union=non-union&paid=true")
    assert status == 200 and [i["production_id"] for i in page["items"]] == [plain]
    status, page = api.get("/notices?paid=false")
    assert status == 200 and page["items"] == []
    assert {"LISTING#US#NY#*#union", "LISTING#US#NY#*#union#paid", "LISTING#*#*#*#paid"} <= set(
        listing_partitions_of(union, faceted=True))


# -- remote notices ----------------------------------------------------------------------------------------
REMOTE_TX = {"city": "Austin", "state": "TX", "country": "US", "remote": True}


def listing_partitions_of(pid, faceted=False):
    """The listing partitions holding this production (read by key: each partition it could be in;
    `faceted`: also those narrowed to a union status and/or pay)."""
    from chalicelib.storage.models import ListingItem
    from tests.conftest import moto_clients

    client = moto_clients("dynamodb")
    candidates = ["LISTING#US#NY#film", "LISTING#US#NY#*", "LISTING#US#TX#film", "LISTING#US#TX#*",
                  "LISTING#*#*#film", "LISTING#*#*#*", "LISTING#REMOTE#*#film", "LISTING#REMOTE#*#*"]
    if faceted:
        candidates = [ListingItem.faceted(c, union, paid) for c in candidates
                      for union in (None, "union", "non-union") for paid in (None, True, False)]
    found = []
    for partition in candidates:
        items = client.query(TableName="callboard-local", KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": {"S": partition}})["Items"]
        if any(item["production_id"]["S"] == pid for item in items):
            found.append(partition)
    return found


def ids(page):
    return [n["production_id"] for n in page["items"]]


def test_remote_notices_are_found_with_remote_true_and_still_in_the_state_they_are_based_in(api, people):
    local = publish(api, people)
    remote = publish(api, people, {**notice("clean_paid", location=REMOTE_TX), "name": "Voices from afar"})
    assert listing_partitions_of(remote) == ["LISTING#US#TX#film", "LISTING#US#TX#*", "LISTING#*#*#film",
                                             "LISTING#*#*#*", "LISTING#REMOTE#*#film", "LISTING#REMOTE#*#*"]
    assert "LISTING#REMOTE#*#*" not in listing_partitions_of(local)

    status, page = api.get("/notices?remote=true")
    assert status == 200 and ids(page) == [remote]
    assert page["items"][0]["location"] == REMOTE_TX, "the summary says it is remote and where it is based"
    assert ids(api.get("/notices?remote=true&job_type=film")[1]) == [remote]
    assert api.get("/notices?remote=true&job_type=tv")[1]["items"] == []
    assert ids(api.get("/notices?remote=true&q=afar")[1]) == [remote]
    assert api.get("/notices?remote=true&q=diner&union=non-union")[1]["items"] == []
    assert ids(api.get("/notices?remote=false")[1]) == [remote, local], "false (or absent): every notice"
    assert ids(api.get("/notices")[1]) == [remote, local]
    assert ids(api.get("/notices?state=TX")[1]) == [remote]
    assert ids(api.get("/notices?state=NY")[1]) == [local]
    full = api.get("/notices?remote=true", people["sub"]["token"])[1]["items"][0]
    assert full["summary_only"] is False and full["location"]["remote"] is True


def test_remote_search_pages_with_its_own_cursor(api, people):
    older, newer = (publish(api, people, notice("clean_paid", location=REMOTE_TX)) for _ in range(2))
    publish(api, people)
    first = api.get("/notices?remote=true&limit=1")[1]
    assert ids(first) == [newer] and first["next_cursor"]
    second = api.get(f"/notices?remote=true&limit=1&cursor={first['next_cursor']}")[1]
    assert ids(second) == [older]
    status, error = api.get(f"/notices?limit=1&cursor={first['next_cursor']}")
    assert status == 400 and error["error"]["code"] == "invalid_cursor", "a remote cursor is for remote search"


@pytest.mark.parametrize(("query", "code", "named"), [
    ("remote=true&state=NY", "invalid_remote", "state"),
    ("remote=maybe", "invalid_remote", "remote"),
])
def test_remote_search_parameters_are_checked(api, query, code, named):
    status, error = api.get(f"/notices?{query}")
    assert status == 400 and error["error"]["code"] == code and named in error["error"]["message"]


def test_a_remote_flag_that_is_not_a_boolean_is_a_400_naming_it_and_writes_nothing(api, people):
    cd = people["cd"]
    status, error = api.post("/productions", cd["token"], notice("clean_paid", location={**REMOTE_TX,
                                                                                          "remote": "yes"}))
    assert status == 400 and error["error"] == {"code": "invalid_notice", "message": "Remote must be true or false",
                                                "field": "location.remote"}
    pid = create(api, cd, notice("clean_paid"))
    status, error = api.patch(f"/productions/{pid}", cd["token"], {"location": {**REMOTE_TX, "remote": 1}})
    assert status == 400 and error["error"]["field"] == "location.remote"
    stored = api.get(f"/productions/{pid}", cd["token"])[1]["notice"]["location"]
    assert stored == {"city": "Brooklyn", "state": "NY", "country": "US"}, "not remote, and no flag stored"
    status, data = api.patch(f"/productions/{pid}", cd["token"], {"location": REMOTE_TX})
    assert status == 200 and data["notice"]["location"] == REMOTE_TX


def test_the_expiry_sweep_unlists_remote_notices_from_their_remote_partitions_too(api, people):
    from chalicelib.container import services

    expiring = publish(api, people, notice("clean_paid", location=REMOTE_TX, expires_at="2027-05-15"))
    staying = publish(api, people, notice("clean_paid", location=REMOTE_TX, expires_at="2027-05-20"))
    assert ids(api.get("/notices?remote=true")[1]) == [staying, expiring]

    assert services().notices.expire_due("2027-05-16T00:00:00.000Z") == 1
    assert listing_partitions_of(expiring) == []
    assert "LISTING#REMOTE#*#*" in listing_partitions_of(staying)
    assert ids(api.get("/notices?remote=true")[1]) == [staying]
    assert ids(api.get("/notices?remote=true&job_type=film")[1]) == [staying]


def test_closing_or_hiding_a_remote_notice_unlists_every_partition(api, people):
    closing = publish(api, people, notice("clean_paid", location=REMOTE_TX))
    reported = publish(api, people, notice("clean_paid", location=REMOTE_TX))
    assert api.post(f"/productions/{closing}/close", people["cd"]["token"])[0] == 200
    for i in range(3):
        reporter = api.sign_up(f"Reporter {i}")
        assert api.post("/reports", reporter["token"], {"kind": "notice", "target_id": reported,
                                                        "reason": "asked for money"})[0] == 201
    assert listing_partitions_of(closing) == [] and listing_partitions_of(reported) == []
    assert api.get("/notices?remote=true")[1]["items"] == []
    api.post(f"/moderation/notices/{reported}/decision", people["ed"]["token"], {"decision": "approve",
                                                                                  "reason": "ok"})
    assert ids(api.get("/notices?remote=true")[1]) == [reported], "approved again: listed again, remote too"


def test_a_poster_has_at_most_three_open_workshops_counted_without_reading_their_notices(api, people):
    """The count is a set on the poster's counters item, kept by every save of such a notice."""
    cd = people["cd"]
    workshops = [create(api, cd, notice("workshop_with_fee")) for _ in range(4)]
    for pid in workshops[:3]:
        status, result = api.post(f"/productions/{pid}/submit", cd["token"])
        assert status == 200 and result["status"] == "pending_review", result
    status, result = api.post(f"/productions/{workshops[3]}/submit", cd["token"])
    assert status == 200 and result["status"] == "returned"
    assert "non_casting_limit" in {f["rule"] for f in result["findings"]}
    status, _ = api.post(f"/moderation/notices/{workshops[0]}/decision", people["ed"]["token"],
                         {"decision": "reject", "reason": "Not for us"})
    assert status == 200
    status, result = api.post(f"/productions/{workshops[3]}/submit", cd["token"])
    assert status == 200 and result["status"] == "pending_review", "a rejected one no longer counts"
    status, result = api.post(f"/productions/{workshops[2]}/submit", cd["token"])
    assert status == 200 and result["status"] == "pending_review", "resubmitting one does not count it twice"


def test_the_expiry_sweep_reads_only_what_fell_due_since_its_last_run_and_catches_up(api, people):
    from chalicelib.container import services
    from chalicelib.storage.sweeps import SweepMarks

    pid = publish(api, people)
    notices, marks = services().notices, SweepMarks()
    assert notices.expire_due("2027-05-10T00:00:00.000Z") == 0
    assert marks.watermark("notice_expiry") == "2027-05-10T00:00:00.000Z#~", "the run's end is where the next starts"
    assert notices.expire_due("2027-05-20T05:00:00.000Z") == 1, "ten days of missed runs are caught up"
    assert notices.notices.expiring(marks.watermark("notice_expiry"), "2027-05-21T00:00:00.000Z").keys == [], \
        "what the last run handled is not read again"
    status, _ = api.get(f"/notices/{pid}")
    assert status == 404


def test_a_suspended_collaborator_cannot_edit_or_submit_and_a_team_has_room_for_twenty(api, people):
    cd, co, ed = people["cd"], people["co"], people["ed"]
    pid = create(api, cd, notice("clean_paid"))
    assert api.post(f"/productions/{pid}/collaborators", cd["token"], {"user_id": co["user_id"]})[0] == 200
    assert api.post(f"/moderation/users/{co['user_id']}/suspend", ed["token"])[0] == 200
    for status, error in (api.patch(f"/productions/{pid}", co["token"], {"name": "Taken over"}),
                          api.post(f"/productions/{pid}/submit", co["token"])):
        assert status == 403 and error["error"]["code"] == "suspended", error
    helpers = [api.sign_up(f"Helper {i}", "casting") for i in range(19)]
    for helper in helpers:
        assert api.post(f"/productions/{pid}/collaborators", cd["token"], {"user_id": helper["user_id"]})[0] == 200
    extra = api.sign_up("One Too Many", "casting")
    status, error = api.post(f"/productions/{pid}/collaborators", cd["token"], {"user_id": extra["user_id"]})
    assert status == 409 and error["error"]["code"] == "too_many_collaborators"
