"""Applications, invitations and self-tape auditions through the API, with every authorization edge."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.test_attachments import put_object
from tests.api.test_notices import notice

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 300
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200


@pytest.fixture
def people(api):
    return {"cd": api.sign_up("Cara Casting", "casting"), "ed": api.sign_up("Edda Editor", "editor"),
            "tom": api.sign_up("Tom Talent"), "tia": api.sign_up("Tia Talent"),
            "co": api.sign_up("Cole Collaborator", "casting"), "oz": api.sign_up("Oz Outsider", "casting")}


def published(api, people, **changes):
    """A published notice of Cara's (Cole collaborates): (production id, [role ids])."""
    cd = people["cd"]
    status, data = api.post("/productions", cd["token"], {**notice("clean_paid"), **changes})
    assert status == 201, data
    pid = data["production_id"]
    assert api.post(f"/productions/{pid}/collaborators", cd["token"], {"user_id": people["co"]["user_id"]})[0] == 200
    assert api.post(f"/productions/{pid}/submit", cd["token"])[1]["status"] == "pending_review"
    assert api.post(f"/moderation/notices/{pid}/decision", people["ed"]["token"], {"decision": "approve"})[0] == 200
    roles = [r["role_id"] for r in api.get(f"/productions/{pid}", cd["token"])[1]["notice"]["roles"]]
    return pid, roles


def media(api, pump, user, kind="video", content=MP4, filename="tape.mp4", content_type="video/mp4"):
    from tests.conftest import moto_clients

    status, ticket = api.post("/me/media", user["token"], {"kind": kind, "filename": filename,
                                                           "content_type": content_type, "size": len(content)})
    assert status == 201, ticket
    put_object(ticket, content, moto_clients)
    pump.drain()
    return ticket["media_id"]


def tab(api, user, name):
    status, page = api.get(f"/me/applications?status={name}", user["token"])
    assert status == 200, page
    return [a["application_id"] for a in page["items"]], page["counts"]


def in_days(days: int, fmt: str = "%Y-%m-%dT%H:00:00Z") -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime(fmt)


DUE = in_days(30)


def test_invite_accept_draft_submit_manage_audition_self_tape_contact(api, pump, people):
    cd, co, tom = people["cd"], people["co"], people["tom"]
    pid, (june, _) = published(api, people)

    status, invited = api.post(f"/roles/{june}/invitations", cd["token"],
                               {"talent_id": tom["user_id"], "message": "We'd love to see you for June."})
    assert status == 201 and invited["status"] == "invited", invited
    app_id = invited["application_id"]
    ids, counts = tab(api, tom, "invites")
    assert ids == [app_id] and counts["invites"] == 1 and counts["all"] == 1
    [thread] = api.get("/threads", tom["token"])[1]["items"]
    assert thread["production"] == {"id": pid, "name": "The Long Thaw (indie feature)"}
    assert thread["role"] == {"id": june, "name": "June"} and thread["subject"].startswith("Invitation to apply")
    opened = api.get(f"/threads/{thread['thread_id']}", tom["token"])[1]
    assert "We'd love to see you" in opened["messages"][0]["body"]
    assert api.get(f"/productions/{pid}/applications", cd["token"])[1]["items"] == [], "invites are not submissions"

    status, draft = api.post(f"/applications/{app_id}/accept", tom["token"])
    assert status == 200 and draft["status"] == "draft" and draft["tab"] == "drafts"
    assert tab(api, tom, "drafts")[0] == [app_id] and tab(api, tom, "invites") == ([], tab(api, tom, "all")[1])
    reel = media(api, pump, tom)
    status, edited = api.patch(f"/applications/{app_id}", tom["token"], {"note": "Available all June.",
                                                                          "media_ids": [reel]})
    assert status == 200 and edited["media"][0]["media_id"] == reel, edited
    status, submitted = api.post(f"/applications/{app_id}/submit", tom["token"])
    assert status == 200 and submitted["status"] == "submitted" and submitted["tab"] == "active"
    ids, counts = tab(api, tom, "active")
    assert ids == [app_id] and counts == {"invites": 0, "drafts": 0, "active": 1, "auditions": 0, "archived": 0,
                                          "awaiting": 0, "all": 1}

    for who in (cd, co):  # owner and collaborator alike
        status, manager = api.get(f"/productions/{pid}/applications?role_id={june}", who["token"])
        assert status == 200 and [a["application_id"] for a in manager["items"]] == [app_id]
    row = manager["items"][0]
    assert row["note"] == "Available all June." and row["applicant"]["name"] == "Tom Talent"
    assert "completeness" not in str(row) and "score" not in str(row), "casting may sort by it, never read it"
    shown = api.get(f"/notices/{pid}", tom["token"])[1]
    assert shown["my_applications"] == {june: app_id}, "the notice page knows what Tom applied to"
    assert "my_applications" not in api.get(f"/notices/{pid}", cd["token"])[1]
    assert "email" not in str(row) and tom.get("email", "@@") not in str(row)
    assert {r["role_id"]: r["unviewed"] for r in manager["roles"]}[june] == 1
    assert api.get(f"/applications/{app_id}/media/{reel}", cd["token"])[1]["download_url"].startswith("http")

    status, asked = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                             {"instructions": "Sides attached: scene 4. Slate first.", "due_at": DUE})
    assert status == 201 and asked["audition"]["status"] == "requested" and asked["viewed"] is True, asked
    ids, counts = tab(api, tom, "auditions")
    assert ids == [app_id] and counts["auditions"] == 1 and counts["awaiting"] == 1 and counts["active"] == 0
    mine = api.get(f"/applications/{app_id}", tom["token"])[1]
    assert mine["audition"]["due"]["due_at"] == DUE
    assert len(api.get("/threads", tom["token"])[1]["items"]) == 2, "the request arrives as a message too"
    assert api.get(f"/productions/{pid}/applications", cd["token"])[1]["roles"][0]["unviewed"] == 0

    tape = media(api, pump, tom, filename="selftape.mp4")
    status, sent = api.post(f"/applications/{app_id}/self-tape", tom["token"], {"media_id": tape})
    assert status == 200 and sent["audition"]["status"] == "submitted", sent
    assert tab(api, tom, "auditions")[1]["awaiting"] == 0
    assert api.get(f"/applications/{app_id}/media/{tape}", cd["token"])[0] == 200

    status, contacted = api.post(f"/applications/{app_id}/contact", cd["token"],
                                 {"body": "Great tape! Callback Thursday?"})
    assert status == 201, contacted
    assert contacted["role"] == {"id": june, "name": "June"}
    assert contacted["subject"] == "June in The Long Thaw (indie feature)"
    assert len(api.get("/threads", tom["token"])[1]["items"]) == 3


def test_apply_directly_once_per_role_and_bad_input_writes_nothing(api, pump, people):
    tom, cd = people["tom"], people["cd"]
    pid, (june, dell) = published(api, people)
    status, app = api.post(f"/roles/{june}/applications", tom["token"], {"note": "Hi", "submit": True})
    assert status == 201 and app["status"] == "submitted"
    status, again = api.post(f"/roles/{june}/applications", tom["token"], {"note": "Again"})
    assert status == 409 and again["error"]["code"] == "already_applied"
    assert api.post(f"/roles/{june}/invitations", cd["token"], {"talent_id": tom["user_id"]})[0] == 409

    photo = media(api, pump, tom, "photo", PNG, "head.png", "image/png")
    bad = [
        ({"note": "x" * 501}, 400, "invalid_field"),
        ({"note": 5}, 400, "invalid_field"),
        ({"note": "ring\x07ring"}, 400, "invalid_note"),
        ({"media_ids": "med_1"}, 400, "invalid_field"),
        ({"media_ids": ["med_" + "x" * 30]}, 422, "media_not_found"),
        ({"submit": "yes"}, 400, "invalid_field"),
        ({"unexpected": 1}, 400, "invalid_field"),
    ]
    for body, code, error in bad:
        status, data = api.post(f"/roles/{dell}/applications", tom["token"], body)
        assert (status, data["error"]["code"]) == (code, error), (body, data)
    other_photo = media(api, pump, people["tia"], "photo", PNG, "h.png", "image/png")
    status, data = api.post(f"/roles/{dell}/applications", tom["token"], {"media_ids": [other_photo]})
    assert status == 422 and data["error"]["code"] == "media_not_found", "someone else's media"
    assert tab(api, tom, "all")[1]["all"] == 1, "no failed attempt wrote anything"

    status, data = api.post(f"/roles/{dell}/applications", tom["token"], {"media_ids": [photo]})
    assert status == 201 and data["status"] == "draft" and data["media"][0]["kind"] == "photo"
    assert api.post(f"/roles/{pid}.rol_nope/applications", tom["token"], {})[0] == 404
    assert api.post("/roles/not-a-role/applications", tom["token"], {})[0] == 404
    assert api.post(f"/roles/{june}/applications", cd["token"], {})[0] == 403, "casting cannot apply"
    assert api.post(f"/roles/{june}/applications", None, {})[0] == 401


def test_roles_of_unpublished_notices_are_not_found(api, people):
    cd, tom = people["cd"], people["tom"]
    status, data = api.post("/productions", cd["token"], notice("clean_paid"))
    role = api.get(f"/productions/{data['production_id']}", cd["token"])[1]["notice"]["roles"][0]["role_id"]
    status, error = api.post(f"/roles/{role}/applications", tom["token"], {})
    assert status == 404 and error["error"]["code"] == "role_not_found"
    assert api.post(f"/roles/{role}/invitations", cd["token"], {"talent_id": tom["user_id"]})[0] == 404


def test_withdraw_only_until_casting_has_viewed(api, people):
    tom, tia, cd = people["tom"], people["tia"], people["cd"]
    pid, (june, _) = published(api, people)
    first = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    status, withdrawn = api.post(f"/applications/{first}/withdraw", tom["token"])
    assert status == 200 and withdrawn["status"] == "withdrawn" and withdrawn["tab"] == "archived"
    assert api.get(f"/productions/{pid}/applications", cd["token"])[1]["items"] == []
    assert api.get(f"/applications/{first}", cd["token"])[0] == 404, "withdrawn: casting no longer sees it"
    status, again = api.post(f"/applications/{first}/submit", tom["token"])
    assert status == 200 and again["status"] == "submitted"

    second = api.post(f"/roles/{june}/applications", tia["token"], {"submit": True})[1]["application_id"]
    status, seen = api.get(f"/applications/{second}", cd["token"])
    assert status == 200 and seen["viewed"] is True
    status, error = api.post(f"/applications/{second}/withdraw", tia["token"])
    assert status == 409 and error["error"]["code"] == "already_viewed"
    roles = api.get(f"/productions/{pid}/applications", cd["token"])[1]["roles"]
    assert {r["role_id"]: (r["submitted"], r["unviewed"]) for r in roles}[june] == (2, 1)


def test_authorization_edges(api, pump, people):
    tom, tia, cd, co, oz = (people[k] for k in ("tom", "tia", "cd", "co", "oz"))
    pid, (june, dell) = published(api, people)
    submitted = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    draft = api.post(f"/roles/{dell}/applications", tom["token"], {})[1]["application_id"]

    # Another talent, or a casting user outside the production: 404, never 403 (no leak).
    for path in (f"/applications/{submitted}", f"/applications/{draft}"):
        assert api.get(path, tia["token"])[0] == 404
        assert api.get(path, oz["token"])[0] == 404
    assert api.get(f"/applications/{draft}", cd["token"])[0] == 404, "drafts are the talent's own"
    assert api.get(f"/productions/{pid}/applications", oz["token"])[0] == 404
    assert api.get(f"/productions/{pid}/applications", tom["token"])[0] == 404
    assert api.get(f"/productions/{pid}/applications?role_id={pid}.rol_x", cd["token"])[0] == 404
    assert api.get(f"/productions/{pid}/applications?sort=best", cd["token"])[0] == 400
    for path, body in ((f"/applications/{submitted}/submit", None), (f"/applications/{submitted}/withdraw", None),
                       (f"/applications/{draft}/accept", None), (f"/applications/{submitted}/self-tape",
                                                                  {"decline": True, "reason": "no"})):
        assert api.post(path, tia["token"], body)[0] == 404, path
    assert api.patch(f"/applications/{draft}", tia["token"], {"note": "mine now"})[0] == 404
    audition = {"instructions": "Slate", "due_at": DUE}
    assert api.post(f"/applications/{submitted}/audition-requests", oz["token"], audition)[0] == 404
    assert api.post(f"/applications/{submitted}/audition-requests", tom["token"], audition)[0] == 404
    assert api.post(f"/applications/{draft}/audition-requests", cd["token"], audition)[0] == 404
    assert api.post(f"/applications/{submitted}/contact", oz["token"], {"body": "hi"})[0] == 404
    assert api.post(f"/roles/{june}/invitations", oz["token"], {"talent_id": tia["user_id"]})[0] == 404
    assert api.post(f"/roles/{june}/invitations", co["token"], {"talent_id": cd["user_id"]})[0] == 404, "not talent"
    assert api.post(f"/roles/{june}/invitations", co["token"], {"talent_id": "usr_nobody"})[0] == 404
    assert api.get(f"/applications/{submitted}/media/med_x", tia["token"])[0] == 404
    assert api.get(f"/applications/{submitted}/media/med_x", cd["token"])[0] == 404, "not shown in it"
    assert api.get("/me/applications?status=everything", tom["token"])[0] == 400
    assert api.get("/me/applications", None)[0] == 401

    assert api.post(f"/users/{cd['user_id']}/block", tia["token"])[0] == 200
    status, error = api.post(f"/roles/{june}/invitations", cd["token"], {"talent_id": tia["user_id"]})
    assert status == 403 and error["error"]["code"] == "blocked"
    assert tab(api, tia, "all")[1]["all"] == 0
    status, _ = api.post(f"/roles/{june}/invitations", co["token"], {"talent_id": tia["user_id"]})
    assert status == 201, "the collaborator is not blocked"


def test_audition_rules_decline_reverse_and_due_date(api, pump, people, monkeypatch):
    tom, cd = people["tom"], people["cd"]
    _, (june, _) = published(api, people)
    app_id = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    for body in ({"instructions": "", "due_at": DUE}, {"instructions": "x", "due_at": "tomorrow"},
                 {"instructions": "x", "due_at": in_days(3, "%Y-%m-%dT%H:00:00")},
                 {"instructions": "x", "due_at": in_days(400)}, {"instructions": "x", "due_at": "2001-01-01Z"},
                 {"instructions": "x"}):
        status, data = api.post(f"/applications/{app_id}/audition-requests", cd["token"], body)
        assert status == 400, (body, data)
    assert api.post(f"/applications/{app_id}/self-tape", tom["token"], {"decline": True, "reason": "busy"})[0] == 409
    due = in_days(20, "%Y-%m-%dT12:00:00+02:00")
    status, asked = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                             {"instructions": "Slate and scene 4", "due_at": due})
    assert status == 201 and asked["audition"]["due_at"] == in_days(20, "%Y-%m-%dT10:00:00Z")
    assert api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                    {"instructions": "again", "due_at": DUE})[1]["error"]["code"] == "audition_pending"

    assert api.call("PUT", "/me/profile", tom["token"], {"timezone": "America/Los_Angeles"})[0] == 200
    [listed] = api.get("/me/applications?status=auditions", tom["token"])[1]["items"]
    due_view = listed["audition"]["due"]
    assert due_view["due_at"] == asked["audition"]["due_at"] and due_view["timezone"] == "America/Los_Angeles"
    assert due_view["utc_offset"] in ("-08:00", "-07:00") and due_view["local"].endswith(due_view["utc_offset"])

    status, declined = api.post(f"/applications/{app_id}/self-tape", tom["token"],
                                {"decline": True, "reason": "On set that week"})
    assert status == 200 and declined["audition"]["status"] == "declined"
    assert tab(api, tom, "auditions")[1]["awaiting"] == 0
    for body in ({}, {"decline": True}, {"decline": True, "reason": "x", "media_id": "med_1"}, {"decline": "y"}):
        assert api.post(f"/applications/{app_id}/self-tape", tom["token"], body)[0] == 400, body
    photo = media(api, pump, tom, "photo", PNG, "head.png", "image/png")
    status, error = api.post(f"/applications/{app_id}/self-tape", tom["token"], {"media_id": photo})
    assert status == 422 and error["error"]["code"] == "not_a_video"
    tape = media(api, pump, tom)
    status, reversed_ = api.post(f"/applications/{app_id}/self-tape", tom["token"], {"media_id": tape})
    assert status == 200 and reversed_["audition"]["status"] == "submitted", "a decline reversed before the due date"

    import chalicelib.services.applications as service

    monkeypatch.setattr(service, "now_iso", lambda: in_days(21))
    status, error = api.post(f"/applications/{app_id}/self-tape", tom["token"], {"decline": True, "reason": "late"})
    assert status == 422 and error["error"]["code"] == "audition_past_due"


def test_tabs_page_with_cursors_and_counts(api, people):
    tom, cd = people["tom"], people["cd"]
    roles = []
    for index in range(3):
        roles += published(api, people, name=f"Show {index}")[1]
    for role in roles:
        api.post(f"/roles/{role}/applications", tom["token"], {"submit": True})
    status, first = api.get("/me/applications?status=active&limit=4", tom["token"])
    assert status == 200 and len(first["items"]) == 4 and first["next_cursor"]
    status, second = api.get(f"/me/applications?status=active&limit=4&cursor={first['next_cursor']}", tom["token"])
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    seen = [a["application_id"] for a in first["items"] + second["items"]]
    assert len(set(seen)) == 6 and first["counts"]["active"] == 6
    assert api.get(f"/me/applications?status=drafts&cursor={first['next_cursor']}", tom["token"])[0] == 400, \
        "a cursor belongs to the list it came from"
    assert api.get(f"/me/applications?status=active&cursor={first['next_cursor']}", cd["token"])[0] == 400


def test_expiry_and_closing_archive_applications(api, pump, people, app_module):
    tom, tia, cd = people["tom"], people["tia"], people["cd"]
    pid, (june, dell) = published(api, people)
    submitted = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    draft = api.post(f"/roles/{dell}/applications", tom["token"], {})[1]["application_id"]
    invite = api.post(f"/roles/{dell}/invitations", cd["token"], {"talent_id": tia["user_id"]})[1]["application_id"]
    pump.drain()

    from chalicelib.container import services

    assert services().notices.expire_due(now="2027-05-16T00:00:00Z") == 1
    pump.drain()
    pump.drain()
    ids, counts = tab(api, tom, "archived")
    assert set(ids) == {submitted, draft} and counts["archived"] == 2 and counts["active"] == counts["drafts"] == 0
    assert tab(api, tia, "archived")[0] == [invite] and tab(api, tia, "invites")[1]["invites"] == 0
    status, error = api.post(f"/applications/{draft}/submit", tom["token"])
    assert status == 409 and error["error"]["code"] == "application_archived"
    manager = api.get(f"/productions/{pid}/applications", cd["token"])[1]
    assert [a["application_id"] for a in manager["items"]] == [submitted], "casting still sees what came in"
    assert manager["items"][0]["archived"] is True

    # Run the job again: nothing changes (idempotent).
    assert services().applications.archive_production(pid) is None
    assert tab(api, tom, "archived")[1]["archived"] == 2

    pid2, (role2, _) = published(api, people, name="Second Show")
    other = api.post(f"/roles/{role2}/applications", tom["token"], {"submit": True})[1]["application_id"]
    assert api.post(f"/productions/{pid2}/close", people["oz"]["token"])[0] == 404
    status, closed = api.post(f"/productions/{pid2}/close", cd["token"])
    assert status == 200 and closed["status"] == "closed"
    assert api.post(f"/productions/{pid2}/close", cd["token"])[0] == 409
    pump.drain()
    pump.drain()
    assert other in tab(api, tom, "archived")[0]
    assert api.post(f"/roles/{role2}/applications", tia["token"], {})[1]["error"]["code"] == "notice_closed"


def test_a_thread_about_a_notice_carries_its_names(api, people):
    tom, cd = people["tom"], people["cd"]
    pid, (june, _) = published(api, people)
    about = {"subject": "About June", "body": "Is the role still open?", "production_id": pid, "role_id": june}
    status, error = api.post("/threads", tom["token"], {"recipient_ids": [cd["user_id"]], **about})
    assert status == 403 and error["error"]["code"] == "production_not_yours", "only its team names a production"
    status, thread = api.post("/threads", cd["token"], {"recipient_ids": [tom["user_id"]], **about})
    assert status == 201 and thread["production"]["name"] == "The Long Thaw (indie feature)"
    assert thread["role"] == {"id": june, "name": "June"}


def test_an_invitation_whose_message_fails_is_taken_back(api, people, monkeypatch):
    from chalicelib.container import services
    from chalicelib.domain.errors import RateLimited

    tom, cd = people["tom"], people["cd"]
    _, (june, _) = published(api, people)
    status, error = api.post(f"/roles/{june}/invitations", cd["token"],
                             {"talent_id": tom["user_id"], "message": "Hi\x07 there"})
    assert status == 400 and error["error"]["code"] == "invalid_message", "refused before anything is written"

    def failing(*args, **kwargs):
        raise RateLimited("too many messages", code="rate_limited")

    monkeypatch.setattr(services().messaging, "start_thread", failing)
    status, error = api.post(f"/roles/{june}/invitations", cd["token"], {"talent_id": tom["user_id"]})
    assert status == 429, error
    assert tab(api, tom, "all")[1]["all"] == 0 and tab(api, tom, "invites")[0] == [], "the invitation was undone"
    monkeypatch.undo()
    assert api.post(f"/roles/{june}/invitations", cd["token"], {"talent_id": tom["user_id"]})[0] == 201


def test_a_refused_or_failed_audition_message(api, pump, people, monkeypatch):
    from chalicelib.container import services

    tom, cd = people["tom"], people["cd"]
    _, (june, _) = published(api, people)
    app_id = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    status, error = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                             {"instructions": "Slate\x07", "due_at": DUE})
    assert status == 400 and error["error"]["code"] == "invalid_instructions"
    assert tab(api, tom, "auditions")[1]["awaiting"] == 0, "nothing saved"

    real = services().messaging.start_thread
    monkeypatch.setattr(services().messaging, "start_thread",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("SES throttled")))
    status, asked = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                             {"instructions": "Slate", "due_at": DUE})
    assert status == 201 and asked["thread_id"] is None and tab(api, tom, "auditions")[1]["awaiting"] == 1
    assert api.get("/threads", tom["token"])[1]["items"] == []
    monkeypatch.setattr(services().messaging, "start_thread", real)
    pump.drain()  # the queued retry sends it
    [thread] = api.get("/threads", tom["token"])[1]["items"]
    assert thread["subject"].startswith("Self-tape request") and thread["role"]["id"] == june
    services().applications.resend_audition_message(app_id)  # the job delivered a second time
    assert len(api.get("/threads", tom["token"])[1]["items"]) == 1, "one message per request"

    tape = media(api, pump, tom)
    api.post(f"/applications/{app_id}/self-tape", tom["token"], {"media_id": tape})
    status, error = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                             {"instructions": "Again", "due_at": DUE})
    assert status == 409 and error["error"]["code"] == "self_tape_received", "the tape sent is never discarded"
    for due in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"):
        status, error = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                                 {"instructions": "x", "due_at": due})
        assert status == 400 and error["error"]["code"] == "invalid_due_at"


def test_contact_that_is_refused_does_not_mark_the_submission_viewed(api, people):
    tom, cd = people["tom"], people["cd"]
    _, (june, _) = published(api, people)
    app_id = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    assert api.post(f"/users/{cd['user_id']}/block", tom["token"])[0] == 200
    assert api.post(f"/applications/{app_id}/contact", cd["token"], {"body": "Hello"})[0] == 403
    assert api.post(f"/applications/{app_id}/contact", cd["token"], {"body": "bad\x07"})[0] == 400
    status, withdrawn = api.post(f"/applications/{app_id}/withdraw", tom["token"])
    assert status == 200 and withdrawn["status"] == "withdrawn", "never viewed, so still withdrawable"


def test_suspended_talent_and_closed_notices_stop_changes(api, people):
    tom, cd, ed = people["tom"], people["cd"], people["ed"]
    pid, (june, _) = published(api, people)
    draft = api.post(f"/roles/{june}/applications", tom["token"], {})[1]["application_id"]
    assert api.post(f"/productions/{pid}/close", people["co"]["token"])[1]["error"]["code"] == "not_owner"
    assert api.post(f"/productions/{pid}/close", cd["token"])[0] == 200
    status, error = api.post(f"/applications/{draft}/submit", tom["token"])
    assert status == 422 and error["error"]["code"] == "notice_closed", "before the archive job has run too"
    assert api.patch(f"/applications/{draft}", tom["token"], {"note": "x"})[1]["error"]["code"] == "notice_closed"

    _, (role, _) = published(api, people, name="Open Show")
    other = api.post(f"/roles/{role}/applications", tom["token"], {})[1]["application_id"]
    assert api.post(f"/moderation/users/{tom['user_id']}/suspend", ed["token"])[0] == 200
    for path in (f"/applications/{other}/submit", f"/roles/{role}/applications"):
        status, error = api.post(path, tom["token"], {} if "roles" in path else None)
        assert status == 403 and error["error"]["code"] == "suspended", path


def test_a_published_notice_hidden_then_rejected_archives_its_applications(api, pump, people):
    tom, cd, ed = people["tom"], people["cd"], people["ed"]
    pid, (june, _) = published(api, people)
    app_id = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    for index in range(3):
        reporter = api.sign_up(f"Reporter {index}")
        assert api.post("/reports", reporter["token"], {"kind": "notice", "target_id": pid, "reason": "scam"})[0] == 201
    pump.drain()
    assert tab(api, tom, "active")[0] == [app_id], "hidden is not the end: it may be approved again"
    status, _ = api.post(f"/moderation/notices/{pid}/decision", ed["token"],
                         {"decision": "reject", "reason": "Confirmed scam"})
    assert status == 200
    pump.drain()
    pump.drain()
    assert tab(api, tom, "archived")[0] == [app_id]
    assert api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                    {"instructions": "Slate", "due_at": DUE})[0] == 409


def test_an_editor_cannot_publish_a_notice_past_its_expiry(api, people, monkeypatch):
    import chalicelib.services.notices as notices_service

    cd, ed = people["cd"], people["ed"]
    status, data = api.post("/productions", cd["token"], notice("clean_paid"))
    pid = data["production_id"]
    assert api.post(f"/productions/{pid}/submit", cd["token"])[1]["status"] == "pending_review"
    monkeypatch.setattr(notices_service, "now_iso", lambda: "2027-05-16T00:00:00Z")
    status, error = api.post(f"/moderation/notices/{pid}/decision", ed["token"], {"decision": "approve"})
    assert status == 422 and error["error"]["code"] == "notice_expired"


def test_a_big_notice_is_archived_over_several_jobs(api, pump, people, monkeypatch):
    """More applications than one job run archives: the job continues as a new job until done."""
    from chalicelib.container import services

    monkeypatch.setattr(services().applications, "archive_production",
                        _small_budget(services().applications.archive_production))
    _, (june, dell) = published(api, people)
    talents = [api.sign_up(f"Applicant {i}") for i in range(7)]
    for index, talent in enumerate(talents):
        api.post(f"/roles/{june if index % 2 else dell}/applications", talent["token"], {"submit": index % 3 != 0})
    assert services().notices.expire_due(now="2027-05-16T00:00:00Z") == 1
    for _ in range(6):
        pump.drain()
    for talent in talents:
        assert tab(api, talent, "archived")[1] == {"invites": 0, "drafts": 0, "active": 0, "auditions": 0,
                                                   "archived": 1, "awaiting": 0, "all": 1}


def _small_budget(archive):
    def run(production_id, private=False, start=None, budget=200):
        return archive(production_id, private, start, budget=2)
    return run


def test_an_unanswered_self_tape_request_stops_waiting_once_due(api, people, monkeypatch):
    import chalicelib.services.applications as service
    from chalicelib.container import services

    tom, cd = people["tom"], people["cd"]
    _, (june, _) = published(api, people)
    app_id = api.post(f"/roles/{june}/applications", tom["token"], {"submit": True})[1]["application_id"]
    due = in_days(2)
    api.post(f"/applications/{app_id}/audition-requests", cd["token"], {"instructions": "Slate", "due_at": due})
    assert services().applications.miss_overdue_auditions(now=in_days(1)) == 0, "not due yet"
    assert tab(api, tom, "auditions")[1]["awaiting"] == 1
    assert api.get("/dashboard/talent", tom["token"])[1]["at_a_glance"]["audition_requests"] == 1

    later = in_days(3)
    assert services().applications.miss_overdue_auditions(now=later) == 1
    assert services().applications.miss_overdue_auditions(now=later) == 0, "a second run changes nothing"
    [row] = api.get("/me/applications?status=auditions", tom["token"])[1]["items"]
    assert row["audition"]["status"] == "missed" and tab(api, tom, "auditions")[1]["awaiting"] == 0
    assert api.get("/dashboard/talent", tom["token"])[1]["at_a_glance"]["audition_requests"] == 0

    monkeypatch.setattr(service, "now_iso", lambda: later)
    status, again = api.post(f"/applications/{app_id}/audition-requests", cd["token"],
                             {"instructions": "New date", "due_at": in_days(10)})
    assert status == 201 and again["audition"]["status"] == "requested", "casting may set a new date"
    assert tab(api, tom, "auditions")[1]["awaiting"] == 1
