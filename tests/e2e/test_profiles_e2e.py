"""Profiles over the running local stack: a partial profile scores 6/8 naming the two missing
items, others see it without email or score, three notices viewed are listed newest first, and
the roles that fit the profile are matched."""
from __future__ import annotations

import time
from typing import Any

from tests.e2e.conftest import Http
from tests.e2e.test_attachments_e2e import png_bytes, post_form
from tests.e2e.test_messaging_e2e import ok
from tests.e2e.test_notices_e2e import notice, user

SETTLE_TIMEOUT = 20.0
ROLES = [
    {"name": "Maya", "description": "The lead, a line cook.", "age_min": 25, "age_max": 32, "gender": "Female",
     "nudity": False},
    {"name": "Old Tom", "description": "Her grandfather.", "age_min": 60, "age_max": 75, "gender": "Male",
     "nudity": False},
]


def headshot(stack: Http, talent: dict[str, str]) -> None:
    photo = png_bytes()
    ticket = ok(stack.post("/me/media", talent["token"], {"kind": "photo", "filename": "headshot.png",
                                                          "content_type": "image/png", "size": len(photo)}), 201)
    post_form(ticket["upload"], photo, "headshot.png", "image/png")


def score_once_settled(stack: Http, talent: dict[str, str], value: int) -> dict[str, Any]:
    """The headshot counts once the verifier has passed it: wait for that, not longer."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        score = ok(stack.get("/me/profile", talent["token"]))["score"]
        if score["value"] >= value or time.monotonic() > deadline:
            return dict(score)
        time.sleep(0.2)


def publish(stack: Http, cd: dict[str, str], ed: dict[str, str], name: str) -> str:
    body = {**notice("clean_paid"), "name": name, "union": {"status": "non-union"}, "roles": ROLES}
    pid = ok(stack.post("/productions", cd["token"], body), 201)["production_id"]
    assert ok(stack.post(f"/productions/{pid}/submit", cd["token"]))["status"] == "pending_review"
    ok(stack.post(f"/moderation/notices/{pid}/decision", ed["token"], {"decision": "approve", "reason": "ok"}))
    return str(pid)


def test_partial_profile_scores_six_of_eight_and_viewed_notices_are_listed_newest_first(stack: Http) -> None:
    cd, ed = user(stack, "Dana Director", "casting"), user(stack, "Emil Editor", "editor")
    talent = user(stack, "Pia Performer", "talent")

    bad = stack.request("PUT", "/me/profile", talent["token"], {"age_min": 25})
    assert bad.status == 400 and bad.data["error"]["code"] == "invalid_age_max", bad
    saved = ok(stack.request("PUT", "/me/profile", talent["token"], {
        "bio": "Actor and dancer.", "location": {"city": "Rochester", "state": "New York"},
        "age_min": 24, "age_max": 30, "gender": "female", "union_status": "non-union",
        "credits": [{"title": "Glass Orchard", "role": "Ivy", "year": 2025}], "skills": ["tap", "ballet"]}))
    assert saved["location"] == {"city": "Rochester", "state": "NY", "country": "US"}
    assert saved["score"] == {"value": 5, "max": 8, "missing": ["headshot photo", "video reel", "audio reel"]}
    headshot(stack, talent)
    assert score_once_settled(stack, talent, 6) == {"value": 6, "max": 8, "missing": ["video reel", "audio reel"]}

    public = stack.get(f"/users/{talent['user_id']}", cd["token"])
    assert public.status == 200 and public.data["skills"] == ["tap", "ballet"] and public.data["media"]["photo"] == 1
    assert talent["email"] not in public.text and "score" not in public.data

    first, second, third = (publish(stack, cd, ed, name) for name in ("Harbor Lights", "Night Shift", "Glass Orchard"))
    for production_id in (second, first, third):
        ok(stack.get(f"/notices/{production_id}", talent["token"]))
    ok(stack.get(f"/notices/{first}"))  # anonymous: nobody's view
    viewed = ok(stack.get("/me/recently-viewed", talent["token"]))["items"]
    assert [v["production_id"] for v in viewed] == [third, first, second]
    assert [v["name"] for v in viewed] == ["Glass Orchard", "Harbor Lights", "Night Shift"]

    matched = ok(stack.get("/me/matched-roles?limit=100", talent["token"]))["items"]
    mine = [(m["production_id"], m["role_name"]) for m in matched if m["production_id"] in (first, second, third)]
    assert mine == [(third, "Maya"), (second, "Maya"), (first, "Maya")]
