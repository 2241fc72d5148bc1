"""Casting notices over the running local stack, as the issue's "done when" describes."""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Http
from tests.e2e.test_messaging_e2e import ok

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"


def notice(name: str, **changes: Any) -> dict[str, Any]:
    body = json.loads((FIXTURES / f"{name}.json").read_text())
    # A word no other test uses, so searches see only this run's notice.
    marker = uuid.uuid4().hex[:8]
    return {**body, "starts_on": "2027-06-01", "ends_on": "2027-06-14", "expires_at": "2027-05-15",
            "description": body["description"] + f" Reference zq{marker}.", **changes}


def user(stack: Http, name: str, role: str, subscriber: bool = False) -> dict[str, str]:
    email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@e2e.callboard.test"
    data = ok(stack.post("/dev/token", body={"email": email, "name": name, "role": role, "subscriber": subscriber}))
    return {"token": data["token"], "user_id": data["user_id"], "email": email}


def test_notice_from_returned_to_published_and_reported(stack: Http) -> None:
    cd, ed = user(stack, "Cleo Casting", "casting"), user(stack, "Eli Editor", "editor")
    subscriber, talent = user(stack, "Sue Subscriber", "talent", True), user(stack, "Tad Talent", "talent")
    body = notice("clean_paid", fee={"amount": 40, "description": "audition processing fee"})
    word = body["description"].rsplit(" ", 1)[1].strip(".")
    pid = ok(stack.post("/productions", cd["token"], body), 201)["production_id"]

    returned = ok(stack.post(f"/productions/{pid}/submit", cd["token"]))
    assert returned["status"] == "returned" and "pay_to_play" in {f["rule"] for f in returned["findings"]}
    ok(stack.request("PATCH", f"/productions/{pid}", cd["token"], {"fee": None}))
    assert ok(stack.post(f"/productions/{pid}/submit", cd["token"]))["status"] == "pending_review"
    assert stack.post(f"/moderation/notices/{pid}/decision", talent["token"],
                      {"decision": "approve", "reason": ""}).status == 403
    ok(stack.post(f"/moderation/notices/{pid}/decision", ed["token"], {"decision": "approve", "reason": "fine"}))

    anonymous = ok(stack.get(f"/notices?state=NY&job_type=film&q={word}"))["items"]
    assert [n["production_id"] for n in anonymous] == [pid] and anonymous[0]["summary_only"] is True
    assert "description" not in anonymous[0]
    full = ok(stack.get(f"/notices?state=NY&job_type=film&q={word}", subscriber["token"]))["items"]
    assert full[0]["summary_only"] is False and word in full[0]["description"]

    for i in range(3):
        reporter = user(stack, f"Reporter {i}", "talent")
        ok(stack.post("/reports", reporter["token"], {"kind": "notice", "target_id": pid, "reason": "scam"}), 201)
    assert ok(stack.get(f"/notices?state=NY&job_type=film&q={word}"))["items"] == []


def test_refused_notices_name_the_rule(stack: Http) -> None:
    cd = user(stack, "Cora Casting", "casting")
    for fixture, rule in (("pay_to_play", "pay_to_play"), ("undisclosed_nudity", "adult_content"),
                          ("third_party", "third_party_promotion")):
        pid = ok(stack.post("/productions", cd["token"], notice(fixture)), 201)["production_id"]
        result = ok(stack.post(f"/productions/{pid}/submit", cd["token"]))
        assert result["status"] == "returned" and rule in {f["rule"] for f in result["findings"]}, result
