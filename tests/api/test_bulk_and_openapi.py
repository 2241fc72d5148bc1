"""Bulk actions on a whole folder (inline, and in the background past a budget); OpenAPI."""
import re

import pytest

from chalicelib.services import messaging
from tests.api.test_threads import folder, ids, start, unread


@pytest.fixture
def inbox(api, pump):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    tids = [start(api, cara, [tom], subject=f"Self-tape {i}", body=f"take {i}")["thread_id"] for i in range(7)]
    other = start(api, cara, [tom], subject="Costume fitting", body="Friday")["thread_id"]
    pump.drain()
    return cara, tom, tids, other


def test_all_of_a_folder_inline(api, inbox):
    _, tom, _, _ = inbox
    status, data = api.post("/threads/actions", tom["token"], {"action": "mark_read", "all": True, "folder": "inbox"})
    assert status == 200 and data == {"updated": 8, "status": "done"}
    assert unread(api, tom) == 0


def test_all_of_a_search_result(api, inbox):
    _, tom, tids, other = inbox
    status, data = api.post("/threads/actions", tom["token"],
                            {"action": "archive", "all": True, "folder": "inbox", "q": "self-tape"})
    assert status == 200 and data["updated"] == 7
    assert ids(folder(api, tom)) == [other]
    assert set(ids(folder(api, tom, "archive"))) == set(tids)


def test_large_folder_continues_in_the_background(api, pump, inbox, monkeypatch):
    _, tom, _, _ = inbox
    monkeypatch.setattr(messaging, "BULK_INLINE_BUDGET", 3)
    monkeypatch.setattr(messaging, "BULK_PAGE", 3)
    status, data = api.post("/threads/actions", tom["token"], {"action": "archive", "all": True, "folder": "inbox"})
    assert status == 202 and data["status"] == "in_progress" and data["job_id"].startswith("job_")
    assert data["updated"] == 3 and len(ids(folder(api, tom))) == 5
    pump.drain()
    assert ids(folder(api, tom)) == [] and len(ids(folder(api, tom, "archive"))) == 8


def test_a_duplicated_bulk_job_changes_nothing_more(api, pump, inbox, app_module):
    import json

    _, tom, _, _ = inbox
    job = {"kind": "bulk_action", "job_id": "job_x", "user_id": tom["user_id"], "action": "mark_read",
           "folder": "inbox", "q": "", "unread_only": False, "position": None, "updated": 0}
    event = {"Records": [{"messageId": "1", "receiptHandle": "r", "body": json.dumps(job), "attributes": {},
                          "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:q", "awsRegion": "us-east-1"}]}
    app_module.on_job(event, None)
    app_module.on_job(event, None)
    assert unread(api, tom) == 0


def test_an_unknown_job_fails_so_the_queue_retries_it_then_dead_letters_it(app_module):
    event = {"Records": [{"messageId": "1", "receiptHandle": "r", "body": '{"kind": "mystery"}', "attributes": {},
                          "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:q", "awsRegion": "us-east-1"}]}
    with pytest.raises(ValueError):
        app_module.on_job(event, None)


def test_openapi_describes_every_route_and_nothing_else(api, app_module):
    status, doc = api.get("/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, methods in doc["paths"].items() for method in methods}
    routed = {(path, method) for path, entries in app_module.app.routes.items() for method in entries}
    assert documented == routed
    create = doc["paths"]["/threads"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["required"] == [
        "recipient_ids", "subject", "body"]
    assert "201" in create["responses"]
    for path in doc["paths"]:
        assert not re.search(r"{\w+}", path) or doc["paths"][path][next(iter(doc["paths"][path]))]["parameters"]
    # Every body a route reads is described, field by field (notices and profiles included).
    for path, methods in doc["paths"].items():
        for method, entry in methods.items():
            if "requestBody" in entry:
                schema = entry["requestBody"]["content"]["application/json"]["schema"]
                assert schema.get("properties"), (method, path)
    notice = doc["paths"]["/productions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"name", "job_type", "category", "location", "pay", "roles"} <= set(notice["properties"])
    profile = doc["paths"]["/me/profile"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"bio", "location", "age_min", "credits", "skills", "timezone"} <= set(profile["properties"])
