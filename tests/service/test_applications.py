"""Applications use cases over in-memory repositories: apply, invitations, drafts, submit,
withdraw, the application manager, self-tape requests and answers, the sweeps, and who may do
each (the talent alone for their own, the production's team alone for its submissions)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.clock import now_iso
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleBroken
from chalicelib.domain.productions import Production
from chalicelib.storage.applications import AlreadyApplied
from chalicelib.storage.unit_of_work import ConcurrentChange

from .fake_casting import FakeApplicationRepository

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 300
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200
EXPIRES = "2027-03-01T00:00:00Z"  # the ticking clock starts on 2027-01-04
DUE = "2027-01-20T12:00:00Z"


@pytest.fixture
def team(casting):
    w = casting.world
    return {"cd": w.person("Cara", "casting"), "co": w.person("Cole", "casting"), "oz": w.person("Oz", "casting"),
            "tom": w.person("Tom"), "tia": w.person("Tia")}


def production(casting, team, pid="prd_thaw", status="approved", expires=EXPIRES):
    """Cara's notice (Cole collaborates) with two roles: (production id, [role ids])."""
    roles = [{"role_id": f"{pid}.rol_june", "name": "June"}, {"role_id": f"{pid}.rol_dell", "name": "Dell"}]
    casting.notices.create(Production(
        production_id=pid, owner_id=team["cd"].user_id, collaborator_ids=(team["co"].user_id,), status=status,
        notice={"name": "The Long Thaw", "roles": roles, "expires_at": expires}, created_at=now_iso(),
        updated_at=now_iso(), published_at=now_iso() if status == "approved" else None))
    return pid, [r["role_id"] for r in roles]


def close(casting, pid):
    current = casting.notices.get(pid)
    casting.notices.save(current.changed(status="closed"))


def locker_item(casting, user, kind="video", content=MP4, filename="tape.mp4", content_type="video/mp4"):
    """An upload to the talent's locker, landed in the bucket and verified (as the S3 event does)."""
    ticket = casting.files.request_media_upload(user, kind, filename, content_type, len(content), None)
    key = ticket["upload"]["fields"]["key"]
    version = casting.store.put(key, content, content_type)
    assert casting.files.verify_upload(key, version) == "ready"
    return ticket["media_id"]


def tab(casting, user, name):
    page = casting.applications.list_mine(user, name, None, 25)
    return [a["application_id"] for a in page["items"]], page["counts"]


def inbox(casting, user):
    return casting.world.messaging.list_threads(user, "inbox", None, False, None, 25)["items"]


def test_invite_accept_edit_submit_manage_request_and_send_a_self_tape(casting, team):
    cd, co, tom = team["cd"], team["co"], team["tom"]
    pid, (june, _) = production(casting, team)
    apps = casting.applications

    invited = apps.invite(cd, june, tom.user_id, "We'd love to see you for June.")
    app_id = invited["application_id"]
    assert invited["status"] == "invited" and invited["thread_id"]
    assert tab(casting, tom, "invites") == ([app_id], {"invites": 1, "drafts": 0, "active": 0, "auditions": 0,
                                                       "archived": 0, "awaiting": 0, "all": 1})
    [thread] = inbox(casting, tom)
    assert thread["subject"] == "Invitation to apply: June in The Long Thaw"
    assert apps.manager(cd, pid, None, "newest", None, 25)["items"] == [], "invites are not submissions"

    assert apps.accept_invitation(tom, app_id)["tab"] == "drafts"
    reel = locker_item(casting, tom)
    edited = apps.edit(tom, app_id, {"note": "Available all June.", "media_ids": [reel]})
    assert [m["media_id"] for m in edited["media"]] == [reel] and edited["note"] == "Available all June."
    assert apps.submit(tom, app_id)["tab"] == "active"
    assert tab(casting, tom, "active")[1] == {"invites": 0, "drafts": 0, "active": 1, "auditions": 0,
                                              "archived": 0, "awaiting": 0, "all": 1}

    for who in (cd, co):  # the owner and the collaborator alike
        page = apps.manager(who, pid, june, "newest", None, 25)
        assert [a["application_id"] for a in page["items"]] == [app_id]
    row = page["items"][0]
    assert row["applicant"]["name"] == "Tom" and "completeness" not in row["applicant"]
    assert "email" not in str(row) and "invitation_thread_id" not in row
    assert {r["role_id"]: r["unviewed"] for r in page["roles"]}[june] == 1
    assert apps.media_link(cd, app_id, reel)["download_url"].startswith("https://files.example/media/")

    asked = apps.request_audition(cd, app_id, {"instructions": "Scene 4, slate first.", "due_at": DUE})
    assert asked["audition"]["status"] == "requested" and asked["viewed"] is True and asked["thread_id"]
    ids, counts = tab(casting, tom, "auditions")
    assert ids == [app_id] and counts["awaiting"] == 1 and counts["active"] == 0
    assert apps.manager(cd, pid, None, "newest", None, 25)["roles"][0]["unviewed"] == 0
    assert len(inbox(casting, tom)) == 2, "the request arrives as a message too"

    tape = locker_item(casting, tom, filename="selftape.mp4")
    sent = apps.answer_self_tape(tom, app_id, {"media_id": tape})
    assert sent["audition"]["status"] == "submitted" and tab(casting, tom, "all")[1]["awaiting"] == 0
    assert apps.media_link(co, app_id, tape)["media_id"] == tape


def test_apply_once_per_role_and_refused_input_writes_nothing(casting, team):
    tom = team["tom"]
    _, (june, dell) = production(casting, team)
    apps = casting.applications
    first = apps.apply(tom, june, {"note": "Hi", "submit": True})
    assert first["status"] == "submitted" and first["tab"] == "active"
    with pytest.raises(Conflict) as again:
        apps.apply(tom, june, {"note": "Me again"})
    assert again.value.code == "already_applied"
    for body, code in (({"note": 7}, "invalid_note"), ({"media_ids": ["med_nope"]}, "media_not_found"),
                       ({"note": "x" * 501}, "invalid_note")):
        with pytest.raises((InvalidInput, RuleBroken)) as refused:
            apps.apply(tom, dell, body)
        assert refused.value.code == code
    assert list(casting.apps.apps) == [first["application_id"]], "nothing else was written"
    assert tab(casting, tom, "all")[1]["all"] == 1
    assert casting.apps.ids_for_roles(tom.user_id, [june, dell]) == {june: first["application_id"]}


def test_an_invitation_is_the_application_when_the_talent_applies(casting, team):
    cd, tom = team["cd"], team["tom"]
    _, (june, _) = production(casting, team)
    invited = casting.applications.invite(cd, june, tom.user_id, None)
    applied = casting.applications.apply(tom, june, {"note": "Thanks!", "submit": True})
    assert applied["application_id"] == invited["application_id"] and applied["status"] == "submitted"
    assert tab(casting, tom, "all")[1]["all"] == 1
    with pytest.raises(Conflict) as twice:
        casting.applications.invite(cd, june, tom.user_id, None)
    assert twice.value.code == "already_applied"


def test_withdraw_only_until_casting_has_looked(casting, team):
    cd, tom, tia = team["cd"], team["tom"], team["tia"]
    _, (june, dell) = production(casting, team)
    apps = casting.applications
    early = apps.apply(tom, june, {"submit": True})["application_id"]
    assert apps.withdraw(tom, early)["tab"] == "archived"
    with pytest.raises(NotFound):  # withdrawn: casting no longer sees it
        apps.get(cd, early)
    late = apps.apply(tom, dell, {"submit": True})["application_id"]
    assert apps.get(cd, late)["viewed"] is True
    with pytest.raises(Conflict) as viewed:
        apps.withdraw(tom, late)
    assert viewed.value.code == "already_viewed"
    with pytest.raises(NotFound):  # nobody else's to withdraw
        apps.withdraw(tia, late)


def test_only_the_productions_team_sees_and_acts_on_its_submissions(casting, team):
    cd, co, oz, tom, tia = (team[k] for k in ("cd", "co", "oz", "tom", "tia"))
    pid, (june, _) = production(casting, team)
    apps = casting.applications
    reel = locker_item(casting, tom)
    app_id = apps.apply(tom, june, {"media_ids": [reel], "submit": True})["application_id"]
    for outsider in (oz, tia):
        with pytest.raises(NotFound):
            apps.get(outsider, app_id)
        with pytest.raises(NotFound):
            apps.manager(outsider, pid, None, "newest", None, 25)
        with pytest.raises(NotFound):
            apps.request_audition(outsider, app_id, {"instructions": "Tape it", "due_at": DUE})
        with pytest.raises(NotFound):
            apps.media_link(outsider, app_id, reel)
    with pytest.raises(NotFound):
        apps.invite(oz, june, tia.user_id, None)
    assert casting.apps.get(app_id).viewed_at is None, "an outsider's look marks nothing"
    assert apps.get(co, app_id)["applicant"]["user_id"] == tom.user_id
    with pytest.raises(NotFound):  # a video the application does not show
        apps.media_link(cd, app_id, locker_item(casting, tom, filename="other.mp4"))
    with pytest.raises(Forbidden) as casting_applies:
        apps.apply(cd, june, {})
    assert casting_applies.value.code == "not_talent"


def test_a_closed_or_unpublished_notice_takes_no_applications(casting, team):
    cd, tom, tia = team["cd"], team["tom"], team["tia"]
    pid, (june, dell) = production(casting, team)
    _, (draft_role, _) = production(casting, team, pid="prd_draft", status="draft")
    apps = casting.applications
    with pytest.raises(NotFound) as unpublished:
        apps.apply(tom, draft_role, {})
    assert unpublished.value.code == "role_not_found"
    draft = apps.apply(tom, june, {"note": "later"})["application_id"]
    close(casting, pid)
    for attempt in (lambda: apps.apply(tia, dell, {}), lambda: apps.invite(cd, dell, tia.user_id, None),
                    lambda: apps.submit(tom, draft), lambda: apps.edit(tom, draft, {"note": "now"})):
        with pytest.raises(RuleBroken) as closed:
            attempt()
        assert closed.value.code == "notice_closed"
    assert casting.apps.get(draft).note == "later"


def test_an_expired_notice_is_closed_too(casting, team, clock):
    tom = team["tom"]
    _, (june, _) = production(casting, team, expires="2027-01-05T00:00:00Z")
    clock.moment += timedelta(days=2)
    with pytest.raises(RuleBroken) as expired:
        casting.applications.apply(tom, june, {})
    assert expired.value.code == "notice_closed"


def test_an_invitation_needs_a_reachable_talent_and_is_taken_back_if_its_message_fails(casting, team, monkeypatch):
    cd, oz, tom = team["cd"], team["oz"], team["tom"]
    _, (june, _) = production(casting, team)
    apps = casting.applications
    with pytest.raises(NotFound):  # casting accounts are not talent
        apps.invite(cd, june, oz.user_id, None)
    casting.world.accounts.block(tom, cd.user_id)
    with pytest.raises(Forbidden):
        apps.invite(cd, june, tom.user_id, None)
    casting.world.accounts.unblock(tom, cd.user_id)

    def failing(*args, **kwargs):
        raise RuntimeError("mail store down")

    monkeypatch.setattr(casting.world.messaging, "start_thread", failing)
    with pytest.raises(RuntimeError):
        apps.invite(cd, june, tom.user_id, "Come along")
    assert casting.apps.apps == {} and casting.apps.id_for_role(tom.user_id, june) is None
    assert tab(casting, tom, "all")[1]["all"] == 0, "the counters moved back with the undo"


def test_a_self_tape_request_whose_message_fails_is_queued_and_sent_once(casting, team, monkeypatch):
    cd, tom = team["cd"], team["tom"]
    _, (june, _) = production(casting, team)
    apps = casting.applications
    app_id = apps.apply(tom, june, {"submit": True})["application_id"]
    real_start = casting.world.messaging.start_thread

    def failing(*args, **kwargs):
        raise RuntimeError("mail store down")

    monkeypatch.setattr(casting.world.messaging, "start_thread", failing)
    asked = apps.request_audition(cd, app_id, {"instructions": "Scene 4", "due_at": DUE})
    assert asked["thread_id"] is None and asked["audition"]["status"] == "requested", "the request is kept"
    assert casting.world.jobs.jobs() == [{"kind": "audition_message", "application_id": app_id}]
    monkeypatch.setattr(casting.world.messaging, "start_thread", real_start)
    first = apps.resend_audition_message(app_id)
    assert first and apps.resend_audition_message(app_id) == first, "a job delivered twice sends once"
    assert len(inbox(casting, tom)) == 1


def test_self_tape_answers_change_until_due_and_then_the_sweep_marks_them_missed(casting, team, clock):
    cd, tom, tia = team["cd"], team["tom"], team["tia"]
    _, (june, dell) = production(casting, team)
    apps = casting.applications
    answered = apps.apply(tom, june, {"submit": True})["application_id"]
    unanswered = apps.apply(tia, dell, {"submit": True})["application_id"]
    for app_id in (answered, unanswered):
        apps.request_audition(cd, app_id, {"instructions": "Scene 4", "due_at": DUE})
    with pytest.raises(RuleBroken) as photo:
        apps.answer_self_tape(tom, answered, {"media_id": locker_item(casting, tom, "photo", PNG, "me.png",
                                                                       "image/png")})
    assert photo.value.code == "not_a_video"
    declined = apps.answer_self_tape(tom, answered, {"decline": True, "reason": "Away that week"})
    assert declined["audition"]["status"] == "declined"
    tape = locker_item(casting, tom)
    assert apps.answer_self_tape(tom, answered, {"media_id": tape})["audition"]["status"] == "submitted"
    with pytest.raises(Conflict) as pending:
        apps.request_audition(cd, unanswered, {"instructions": "Again", "due_at": DUE})
    assert pending.value.code == "audition_pending"
    assert tab(casting, tia, "all")[1]["awaiting"] == 1
    assert apps.miss_overdue_auditions() == 0, "nothing is due yet"

    clock.moment += timedelta(days=17)  # past the due date
    with pytest.raises(RuleBroken) as late:
        apps.answer_self_tape(tom, answered, {"decline": True, "reason": "changed my mind"})
    assert late.value.code == "audition_past_due"
    assert apps.miss_overdue_auditions() == 1
    assert apps.miss_overdue_auditions() == 0, "a second run finds nothing new"
    assert casting.apps.get(unanswered).audition.status == "missed"
    assert casting.apps.get(answered).audition.status == "submitted"
    assert tab(casting, tia, "all")[1]["awaiting"] == 0


def test_archiving_an_ended_notice_goes_page_by_page_and_is_safe_to_repeat(casting, team):
    cd, tom, tia = team["cd"], team["tom"], team["tia"]
    pid, (june, dell) = production(casting, team)
    apps = casting.applications
    submitted = apps.apply(tom, june, {"submit": True})["application_id"]
    draft = apps.apply(tia, june, {"note": "not yet"})["application_id"]
    invitation = apps.invite(cd, dell, tom.user_id, None)["application_id"]
    close(casting, pid)

    job = apps.archive_production(pid, budget=1)
    assert job is not None and job["kind"] == "archive_applications"
    while job is not None:
        job = apps.archive_production(pid, job["private"], job["start"], budget=1)
    assert all(casting.apps.get(a).archived for a in (submitted, draft, invitation))
    assert apps.archive_production(pid) is None
    assert tab(casting, tom, "archived")[1] == {"invites": 0, "drafts": 0, "active": 0, "auditions": 0,
                                                "archived": 2, "awaiting": 0, "all": 2}
    with pytest.raises(Conflict) as archived:
        apps.accept_invitation(tom, invitation)
    assert archived.value.code == "application_archived"


def test_the_talents_tabs_and_the_manager_page_with_cursors(casting, team):
    cd, tom = team["cd"], team["tom"]
    ids = []
    for n in range(5):
        _, (role, _) = production(casting, team, pid=f"prd_{n}")
        ids.append(casting.applications.apply(tom, role, {"submit": n % 2 == 0})["application_id"])
    first = casting.applications.list_mine(tom, "all", None, 2)
    second = casting.applications.list_mine(tom, "all", first["next_cursor"], 2)
    third = casting.applications.list_mine(tom, "all", second["next_cursor"], 2)
    seen = [a["application_id"] for page in (first, second, third) for a in page["items"]]
    assert seen == ids[::-1] and third["next_cursor"] is None
    assert first["counts"] == {"invites": 0, "drafts": 2, "active": 3, "auditions": 0, "archived": 0,
                               "awaiting": 0, "all": 5}
    with pytest.raises(InvalidInput):  # a cursor of another list is refused
        casting.applications.list_mine(tom, "drafts", first["next_cursor"], 2)
    with pytest.raises(NotFound) as no_role:
        casting.applications.manager(cd, "prd_0", "prd_1.rol_june", "newest", None, 25)
    assert no_role.value.code == "role_not_found"


def test_the_manager_sorts_by_profile_completeness_without_showing_it(casting, team):
    cd, tom, tia = team["cd"], team["tom"], team["tia"]
    pid, (june, _) = production(casting, team)
    casting.profiles.replace(tia, {"bio": "Stage and screen.", "skills": ["Singing"]})
    locker_item(casting, tia)
    full = casting.applications.apply(tia, june, {"submit": True})["application_id"]
    bare = casting.applications.apply(tom, june, {"submit": True})["application_id"]
    assert casting.apps.get(full).completeness == 3 and casting.apps.get(bare).completeness == 0
    newest = casting.applications.manager(cd, pid, None, "newest", None, 25)["items"]
    best = casting.applications.manager(cd, pid, None, "completeness", None, 25)["items"]
    assert [a["application_id"] for a in newest] == [bare, full]
    assert [a["application_id"] for a in best] == [full, bare]
    assert best[0]["applicant"]["bio"] == "Stage and screen." and "completeness" not in str(best)


def test_a_change_racing_another_is_retried_from_a_fresh_read(casting, team, monkeypatch):
    cd, tom = team["cd"], team["tom"]
    _, (june, _) = production(casting, team)
    app_id = casting.applications.apply(tom, june, {"submit": True})["application_id"]
    real_save, raced = FakeApplicationRepository.save, []

    def save_after_a_rival(repo, before, after):
        if not raced:  # casting opens it between the talent's read and write
            raced.append(True)
            casting.applications.get(cd, app_id)
        return real_save(repo, before, after)

    monkeypatch.setattr(FakeApplicationRepository, "save", save_after_a_rival)
    with pytest.raises(Conflict) as viewed:  # the retry reads the viewed application: too late
        casting.applications.withdraw(tom, app_id)
    assert viewed.value.code == "already_viewed"
    assert casting.apps.get(app_id).status == "submitted"


def test_the_fake_repository_keeps_the_real_conditions(casting, team):
    tom = team["tom"]
    _, (june, _) = production(casting, team)
    app = casting.apps.get(casting.applications.apply(tom, june, {})["application_id"])
    with pytest.raises(AlreadyApplied):
        casting.apps.create(app.__class__(**{**app.__dict__, "application_id": "app_other", "version": None}))
    fresh = casting.apps.save(app, app.__class__(**{**app.__dict__, "note": "one"}))
    assert fresh.version == app.version + 1
    with pytest.raises(ConcurrentChange):  # written from a stale read
        casting.apps.save(app, app.__class__(**{**app.__dict__, "note": "two"}))
    assert casting.apps.get(app.application_id).note == "one"
    with pytest.raises(ConcurrentChange):
        casting.apps.undo_create(app)
    stale = casting.notices.get("prd_thaw")
    casting.notices.save(stale.changed(status="closed"))
    with pytest.raises(ConcurrentChange):
        casting.notices.save(stale.changed(status="hidden"))
