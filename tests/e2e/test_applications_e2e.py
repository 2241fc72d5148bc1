"""Applications over the running local stack, as issue 7's "done when" describes: invite, accept,
draft, submit, casting sees it, self-tape requested and sent, casting messages the applicant from
the manager, the notice expires and the application shows under Archived."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import Http
from tests.e2e.test_attachments_e2e import post_form
from tests.e2e.test_messaging_e2e import ok
from tests.e2e.test_notices_e2e import notice, user

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2000
EXPIRES = "2027-03-09T12:00:00Z"  # a date no other test's notice uses: the sweep below touches only it


def locker_video(stack: Http, talent: dict[str, str], filename: str) -> str:
    ticket = ok(stack.post("/me/media", talent["token"], {"kind": "video", "filename": filename,
                                                          "content_type": "video/mp4", "size": len(MP4)}), 201)
    post_form(ticket["upload"], MP4, filename, "video/mp4")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        items = ok(stack.get("/me/media?limit=100", talent["token"]))["items"]
        if any(i["media_id"] == ticket["media_id"] and i["status"] == "ready" for i in items):
            return str(ticket["media_id"])
        time.sleep(0.2)
    raise AssertionError("the video was never verified")


def tab(stack: Http, talent: dict[str, str], name: str) -> dict[str, Any]:
    return dict(ok(stack.get(f"/me/applications?status={name}", talent["token"])))


def wait_for(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_invitation_to_archived_application(stack: Http) -> None:
    cd, co, ed = user(stack, "Cass Casting", "casting"), user(stack, "Colm Collab", "casting"), user(
        stack, "Ezra Editor", "editor")
    talent = user(stack, "Tess Talent", "talent")
    pid = ok(stack.post("/productions", cd["token"], notice("clean_paid", expires_at=EXPIRES)), 201)["production_id"]
    ok(stack.post(f"/productions/{pid}/collaborators", cd["token"], {"user_id": co["user_id"]}))
    assert ok(stack.post(f"/productions/{pid}/submit", cd["token"]))["status"] == "pending_review"
    ok(stack.post(f"/moderation/notices/{pid}/decision", ed["token"], {"decision": "approve"}))
    role = ok(stack.get(f"/productions/{pid}", cd["token"]))["notice"]["roles"][0]

    invited = ok(stack.post(f"/roles/{role['role_id']}/invitations", cd["token"],
                            {"talent_id": talent["user_id"], "message": "Your reel is perfect for this."}), 201)
    app_id = invited["application_id"]
    invites = tab(stack, talent, "invites")
    assert [a["application_id"] for a in invites["items"]] == [app_id] and invites["counts"]["invites"] == 1
    [thread] = ok(stack.get("/threads", talent["token"]))["items"]
    assert thread["role"]["name"] == role["name"] and thread["production"]["id"] == pid
    assert cd["email"] not in str(thread) and talent["email"] not in str(invited)

    assert ok(stack.post(f"/applications/{app_id}/accept", talent["token"]))["status"] == "draft"
    reel = locker_video(stack, talent, "reel.mp4")
    ok(stack.request("PATCH", f"/applications/{app_id}", talent["token"],
                     {"note": "Free all of June; based in Brooklyn.", "media_ids": [reel]}))
    assert tab(stack, talent, "drafts")["counts"]["drafts"] == 1
    assert ok(stack.post(f"/applications/{app_id}/submit", talent["token"]))["tab"] == "active"

    manager = ok(stack.get(f"/productions/{pid}/applications?role_id={role['role_id']}", co["token"]))
    [row] = manager["items"]
    assert row["application_id"] == app_id and row["note"].startswith("Free all of June")
    assert row["media"][0]["media_id"] == reel and talent["email"] not in str(manager)
    link = ok(stack.get(f"/applications/{app_id}/media/{reel}", co["token"]))["download_url"]
    assert link.startswith("http")

    due = (datetime.now(UTC) + timedelta(days=7)).strftime("%Y-%m-%dT17:00:00Z")
    asked = ok(stack.post(f"/applications/{app_id}/audition-requests", cd["token"],
                          {"instructions": "Scene 4, slate first, under two minutes.", "due_at": due}), 201)
    assert asked["audition"]["status"] == "requested"
    auditions = tab(stack, talent, "auditions")
    assert auditions["counts"]["awaiting"] == 1 and auditions["items"][0]["audition"]["due"]["due_at"] == due

    tape = locker_video(stack, talent, "selftape.mp4")
    sent = ok(stack.post(f"/applications/{app_id}/self-tape", talent["token"], {"media_id": tape}))
    assert sent["audition"]["status"] == "submitted" and tab(stack, talent, "auditions")["counts"]["awaiting"] == 0

    thread = ok(stack.post(f"/applications/{app_id}/contact", co["token"],
                           {"body": "Loved the tape. Callback on Thursday at 2pm?"}), 201)
    assert thread["role"]["id"] == role["role_id"] and thread["production"]["id"] == pid
    threads = ok(stack.get("/threads", talent["token"]))["items"]
    assert thread["thread_id"] in [t["thread_id"] for t in threads]

    assert ok(stack.post("/dev/jobs/expire-notices", body={"now": "2027-03-09T13:00:00Z"}))["expired"] >= 1
    archived = wait_for(lambda: [a for a in tab(stack, talent, "archived")["items"] if a["application_id"] == app_id])
    assert archived and archived[0]["archived"] is True
    counts = tab(stack, talent, "all")["counts"]
    assert counts["archived"] == 1 and counts["auditions"] == 0 and counts["all"] == 1
    assert stack.get(f"/notices/{pid}").status == 404, "an expired notice is no longer public"
