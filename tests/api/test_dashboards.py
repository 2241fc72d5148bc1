"""The talent and casting dashboards through the API: every box adds up to what happened."""
from __future__ import annotations

import pytest

from tests.api.test_applications import DUE, PNG, media, people, published  # noqa: F401 (fixture)

PROFILE = {"bio": "Stage and screen actor based in Brooklyn.", "location": {"city": "Brooklyn", "state": "NY",
                                                                              "country": "US"},
           "age_min": 30, "age_max": 40, "gender": "female", "union_status": "non-union",
           "credits": ["Harbor Lights (lead)"], "skills": ["stage combat", "piano"]}


def test_talent_dashboard_counts_what_casting_did(api, pump, people):  # noqa: F811
    tom, cd = people["tom"], people["cd"]
    status, _ = api.call("PUT", "/me/profile", tom["token"], PROFILE)
    assert status == 200
    media(api, pump, tom, "photo", PNG, "head.png", "image/png")
    _, (june, dell) = published(api, people)
    first, second, third = (published(api, people, name=f"Show {i}")[0] for i in range(3))

    empty = api.get("/dashboard/talent", tom["token"])[1]
    assert empty["at_a_glance"]["new_messages"] == 0 and empty["applications"]["all"] == 0
    assert empty["profile_score"] == {"value": 6, "max": 8, "missing": ["video reel", "audio reel"]}
    assert empty["media_locker"] == {"photo": 1, "video": 0, "audio": 0, "document": 0}

    api.post("/threads", cd["token"], {"recipient_ids": [tom["user_id"]], "subject": "Hello", "body": "Welcome"})
    invited = api.post(f"/roles/{dell}/invitations", cd["token"], {"talent_id": tom["user_id"]})[1]
    applied = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]
    api.post(f"/applications/{applied['application_id']}/audition-requests", cd["token"],
             {"instructions": "Slate and scene 2", "due_at": DUE})
    _, (draft_role, _) = published(api, people, name="Draft Show")
    api.post(f"/roles/{draft_role}/applications", tom["token"], {"note": "later"})
    for production_id in (first, second, third):
        assert api.get(f"/notices/{production_id}", tom["token"])[0] == 200
    api.get(f"/notices/{first}", tom["token"])  # seen again: moves to the top, listed once

    status, board = api.get("/dashboard/talent", tom["token"])
    assert status == 200, board
    assert board["at_a_glance"]["new_messages"] == 3, "the message, the invitation and the self-tape request"
    assert board["at_a_glance"]["new_invitations"] == 1 and board["at_a_glance"]["audition_requests"] == 1
    assert board["at_a_glance"]["draft_applications"] == 1
    assert board["applications"] == {"all": 3, "invites": 1, "drafts": 1, "active": 0, "auditions": 1,
                                     "archived": 0}
    assert len(board["recent_messages"]) == 3 and all(t["unread"] for t in board["recent_messages"])
    assert [v["production_id"] for v in board["recently_viewed"]] == [first, third, second]
    assert cd["email"] not in str(board)
    assert invited["application_id"]
    assert board["at_a_glance"]["new_roles_matched"] == 0, "every notice so far is a union one; Tom is non-union"
    published(api, people, name="Local Show", union={"status": "non-union"})
    assert api.get("/dashboard/talent", tom["token"])[1]["at_a_glance"]["new_roles_matched"] == 2, "June and Dell"
    matched = api.get("/me/matched-roles", tom["token"])[1]["items"]
    assert [r["application_id"] for r in matched] == [None, None], "not applied to yet"
    assert api.get("/dashboard/talent", tom["token"])[1]["at_a_glance"]["new_roles_matched"] == 0, "looked at"

    opened = board["recent_messages"][0]["thread_id"]
    api.get(f"/threads/{opened}", tom["token"])
    again = api.get("/dashboard/talent", tom["token"])[1]
    assert again["at_a_glance"]["new_messages"] == 2
    assert [t["unread"] for t in again["recent_messages"] if t["thread_id"] == opened] == [False]


def test_casting_dashboard_lists_productions_with_new_submissions(api, people):  # noqa: F811
    cd, co, tom, tia = people["cd"], people["co"], people["tom"], people["tia"]
    pid, (june, dell) = published(api, people)
    status, draft = api.post("/productions", cd["token"], {"name": "Unfinished", "job_type": "film",
                                                           "category": "casting"})
    assert status == 201
    first = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    api.post(f"/roles/{june}/applications", tia["token"], {"submit": True})
    api.post(f"/roles/{dell}/applications", tia["token"], {"note": "a draft casting never sees"})
    api.post("/threads", tom["token"], {"recipient_ids": [cd["user_id"]], "subject": "Hi", "body": "Question"})

    status, board = api.get("/dashboard/casting", cd["token"])
    assert status == 200, board
    by_id = {p["production_id"]: p for p in board["productions"]}
    assert [p["production_id"] for p in board["productions"]] == [draft["production_id"], pid], "newest first"
    live = by_id[pid]
    assert live["status"] == "approved" and live["owner"] is True
    assert [c["name"] for c in live["collaborators"]] == ["Cole Collaborator"] and "@" not in str(live)
    assert {r["role_id"]: (r["submitted"], r["unviewed"]) for r in live["roles"]} == {june: (2, 2), dell: (0, 0)}
    assert live["new_submissions"] == 2 and board["new_submissions"] == 2
    assert board["unread_messages"] == 2, "the editor's approval and the talent's question"
    assert by_id[draft["production_id"]]["status"] == "draft"

    api.get(f"/applications/{first}", co["token"])  # the collaborator opens one: one fewer new, for both
    assert api.get("/dashboard/casting", cd["token"])[1]["new_submissions"] == 1
    collab = api.get("/dashboard/casting", co["token"])[1]
    assert [p["production_id"] for p in collab["productions"]] == [pid] and collab["productions"][0]["owner"] is False


@pytest.mark.parametrize(("path", "role"), [("/dashboard/talent", "cd"), ("/dashboard/casting", "tom")])
def test_each_dashboard_is_for_its_own_kind_of_account(api, people, path, role):  # noqa: F811
    status, error = api.get(path, people[role]["token"])
    assert status == 403 and error["error"]["code"] in ("not_talent", "not_casting")
    assert api.get(path)[0] == 401


def test_a_view_that_cannot_be_recorded_does_not_cost_the_notice(api, people, monkeypatch):  # noqa: F811
    from chalicelib.container import services

    pid, _ = published(api, people)

    def broken(user_id, summary):
        raise RuntimeError("throttled")

    monkeypatch.setattr(services().notices, "record_view", broken)
    status, shown = api.get(f"/notices/{pid}", people["tom"]["token"])
    assert status == 200 and shown["production_id"] == pid


def test_matched_roles_say_which_ones_you_already_applied_to(api, people):  # noqa: F811
    tom = people["tom"]
    assert api.call("PUT", "/me/profile", tom["token"], PROFILE)[0] == 200
    _, (june, dell) = published(api, people, union={"status": "non-union"})
    applied = api.post(f"/roles/{dell}/applications", tom["token"], {})[1]["application_id"]
    matched = {r["role_id"]: r["application_id"] for r in api.get("/me/matched-roles", tom["token"])[1]["items"]}
    assert matched == {june: None, dell: applied}


def test_the_casting_dashboard_reads_summaries_kept_current_never_a_notice(api, people, monkeypatch):  # noqa: F811
    from chalicelib.storage.models import ProductionItem

    cd, co = people["cd"], people["co"]
    pid, (june, _) = published(api, people)

    def no_notice_bodies(*args, **kwargs):
        raise AssertionError("the dashboard read a whole production")

    monkeypatch.setattr(ProductionItem, "batch_get", no_notice_bodies)
    monkeypatch.setattr(ProductionItem, "get", no_notice_bodies)
    for user in (cd, co):
        status, board = api.get("/dashboard/casting", user["token"])
        assert status == 200 and board["productions"][0]["status"] == "approved"
        assert board["productions"][0]["roles"][0]["role_id"] == june
    monkeypatch.undo()
    assert api.post(f"/productions/{pid}/close", cd["token"])[0] == 200
    for user in (cd, co):
        assert api.get("/dashboard/casting", user["token"])[1]["productions"][0]["status"] == "closed", \
            "each member's summary follows the production"
