"""The talent dashboard over the running local stack, as issue 8's "done when" describes: a partial
profile scores 6/8 naming the two missing items; a message, an invitation and a self-tape request
from casting show in the at-a-glance counts; three notices viewed are listed newest first."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.conftest import Http
from tests.e2e.test_applications_e2e import locker_video
from tests.e2e.test_messaging_e2e import ok
from tests.e2e.test_notices_e2e import notice, user


def publish(stack: Http, cd: dict[str, str], ed: dict[str, str], name: str) -> tuple[str, str]:
    pid = ok(stack.post("/productions", cd["token"], {**notice("clean_paid"), "name": name}), 201)["production_id"]
    assert ok(stack.post(f"/productions/{pid}/submit", cd["token"]))["status"] == "pending_review"
    ok(stack.post(f"/moderation/notices/{pid}/decision", ed["token"], {"decision": "approve"}))
    return pid, ok(stack.get(f"/productions/{pid}", cd["token"]))["notice"]["roles"][0]["role_id"]


def test_talent_dashboard_adds_up(stack: Http) -> None:
    cd, ed, talent = user(stack, "Dara Director", "casting"), user(stack, "Eve Editor", "editor"), user(
        stack, "Tomas Talent", "talent")
    ok(stack.request("PUT", "/me/profile", talent["token"], {
        "bio": "Actor and singer.", "location": {"city": "Buffalo", "state": "NY", "country": "US"},
        "age_min": 28, "age_max": 38, "gender": "male", "credits": ["Night Shift (porter)"],
        "skills": ["tap", "baritone"]}))
    locker_video(stack, talent, "reel.mp4")  # a video reel, but no headshot and no audio reel yet

    board = ok(stack.get("/dashboard/talent", talent["token"]))
    assert board["profile_score"] == {"value": 6, "max": 8, "missing": ["headshot photo", "audio reel"]}

    first, role_a = publish(stack, cd, ed, "Harbor Lights")
    second, role_b = publish(stack, cd, ed, "Night Shift")
    third, _ = publish(stack, cd, ed, "Glass Orchard")
    ok(stack.post("/threads", cd["token"], {"recipient_ids": [talent["user_id"]], "subject": "Hello",
                                            "body": "We saw your reel."}), 201)
    ok(stack.post(f"/roles/{role_a}/invitations", cd["token"], {"talent_id": talent["user_id"]}), 201)
    applied = ok(stack.post(f"/roles/{role_b}/applications", talent["token"], {"submit": True}), 201)
    due = (datetime.now(UTC) + timedelta(days=5)).strftime("%Y-%m-%dT18:00:00Z")
    ok(stack.post(f"/applications/{applied['application_id']}/audition-requests", cd["token"],
                  {"instructions": "Slate, then the scene.", "due_at": due}), 201)
    for production_id in (second, first, third):
        ok(stack.get(f"/notices/{production_id}", talent["token"]))

    board = ok(stack.get("/dashboard/talent", talent["token"]))
    glance = board["at_a_glance"]
    assert glance["new_messages"] == 3 and glance["new_invitations"] == 1 and glance["audition_requests"] == 1
    assert glance["draft_applications"] == 0 and board["applications"]["all"] == 2
    assert len(board["recent_messages"]) == 3 and all(m["unread"] for m in board["recent_messages"])
    assert [v["production_id"] for v in board["recently_viewed"][:3]] == [third, first, second]
    assert board["media_locker"]["video"] == 1
    assert cd["email"] not in str(board)
