"""Every route the running stack lists in /openapi.json, called as a hostile client would: another
user's ids, odd ids in the path, malformed and wrongly typed bodies, bad paging parameters.

Whatever a client sends, the answer is never a 5xx, every 4xx is the API's error shape with a
sentence, and no answer carries another user's email address. Routes are read from the stack, so
routes added later are covered too."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.conftest import Http, Response
from tests.e2e.test_messaging_e2e import ok
from tests.e2e.test_notices_e2e import notice, user

ODD_IDS = ["nope", "%ED%A0%80", "..%2F..%2Fme", "x" * 1500, "usr_01%23THREAD", "%F0%9F%8E%AD"]
RAW_BODIES = [b"{", b"[]", b'"text"', b"null", b"[" * 3000 + b"]" * 3000, b'{"body": "\\ud800"}',
              b"\xff\xfe{}", b'{"a": NaN}']
BAD_VALUES: list[Any] = [None, "x" * 30_000, "\u0000", -(10**40)]  # -10**40: past what DynamoDB stores
BAD_QUERIES = ["limit=0", "limit=1000", "limit=-1", "limit=abc", "cursor=garbage", "cursor=" + "A" * 3000,
               "q=%ED%A0%80", "folder=nope", "status=nope"]
# The outbox lists every email by design; dev routes are 404 when deployed.
LOCAL_ONLY = ("/dev/",)
# What only its owner (or its participants, or its production's team) may read.
PRIVATE = {"/threads/{thread_id}", "/attachments/{attachment_id}", "/applications/{application_id}",
           "/productions/{production_id}/applications", "/applications/{application_id}/media/{media_id}"}


def body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    try:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
    except KeyError:
        return []
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


@pytest.fixture(scope="module")
def world(stack: Http) -> dict[str, Any]:
    """Things owned by others (a thread, an attachment, locker media, a published notice and its
    role, an application), and an intruder who owns none of them."""
    talent, other, casting = user(stack, "Ona Owner", "talent"), user(stack, "Pia Peer", "talent"), user(
        stack, "Cy Casting", "casting")
    editor, intruder = user(stack, "Ed Editor", "editor"), user(stack, "Ian Intruder", "talent")
    thread = ok(stack.post("/threads", talent["token"], {"recipient_ids": [other["user_id"]], "subject": "Private",
                                                         "body": "Between us two."}), 201)
    attachment = ok(stack.post("/attachments", talent["token"], {
        "filename": "cv.pdf", "content_type": "application/pdf", "size": 1000}), 201)
    media = ok(stack.post("/me/media", talent["token"], {"kind": "photo", "filename": "me.jpg",
                                                         "content_type": "image/jpeg", "size": 1000}), 201)
    production = ok(stack.post("/productions", casting["token"], notice("clean_paid")), 201)["production_id"]
    ok(stack.post(f"/productions/{production}/submit", casting["token"]))
    ok(stack.post(f"/moderation/notices/{production}/decision", editor["token"], {"decision": "approve"}))
    role = ok(stack.get(f"/productions/{production}", casting["token"]))["notice"]["roles"][0]["role_id"]
    application = ok(stack.post(f"/roles/{role}/applications", talent["token"],
                                {"note": "Hello", "media_ids": [], "submit": True}), 201)["application_id"]
    ids = {"thread_id": thread["thread_id"], "attachment_id": attachment["attachment_id"],
           "media_id": media["media_id"], "production_id": production, "role_id": role,
           "application_id": application, "user_id": talent["user_id"]}
    emails = [u["email"] for u in (talent, other, casting, editor)]
    return {"ids": ids, "intruder": intruder, "emails": emails, "spec": ok(stack.get("/openapi.json"))}


def routes(stack_spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method.upper(), operation) for path, operations in stack_spec["paths"].items()
            for method, operation in operations.items()
            if method != "options" and not path.startswith(LOCAL_ONLY)]


def check(response: Response, what: str, others: list[str]) -> list[str]:
    problems = []
    if response.status >= 500:
        problems.append(f"{what}: {response.status}")
    elif response.status >= 400:
        error = (response.data or {}).get("error") if isinstance(response.data, dict) else None
        if not (isinstance(error, dict) and isinstance(error.get("code"), str)
                and isinstance(error.get("message"), str) and len(error["message"]) > 5):
            problems.append(f"{what}: {response.status} not in the error shape")
    if "Traceback" in response.text:
        problems.append(f"{what}: a traceback")
    problems += [f"{what}: another user's email" for email in others if email in response.text]
    return [f"{p} {response.text[:200]}" for p in problems]


def probe_route(stack: Http, world: dict[str, Any], path: str, method: str, operation: dict[str, Any]) -> list[str]:
    token, others = world["intruder"]["token"], world["emails"]
    problems: list[str] = []

    def call(at: str, raw: bytes | None = None, body: Any = None, what: str = "") -> None:
        sent = body if body is not None or raw is not None or method == "GET" else {}
        response = stack.request(method, at, token, body=sent, raw=raw)
        problems.extend(check(response, f"{method} {at[:80]} {what}", others))

    theirs = re.sub(r"\{(\w+)\}", lambda m: quote(world["ids"].get(m.group(1), "nope"), safe=""), path)
    call(theirs, what="with another user's ids")
    if method == "GET" and path in PRIVATE:
        response = stack.get(theirs, token)
        if response.status not in (403, 404):
            problems.append(f"GET {theirs}: another user's {path} answered {response.status}")
    for odd in ODD_IDS if "{" in path else []:
        call(re.sub(r"\{\w+\}", odd, path), what="odd id")
    if method == "GET":
        for query in BAD_QUERIES:
            call(f"{theirs}?{query}", what=query)
        return problems
    for raw in RAW_BODIES:
        call(theirs, raw=raw, what=f"raw {raw[:12]!r}")
    for field in [*body_fields(world["spec"], operation), "unexpected"]:
        for value in BAD_VALUES:
            call(theirs, body={field: value}, what=f"{field}={json.dumps(value)[:16]}")
    return problems


def test_every_route_answers_hostile_calls_with_a_clean_4xx(stack: Http, world: dict[str, Any]) -> None:
    problems = [problem for path, method, operation in routes(world["spec"])
                for problem in probe_route(stack, world, path, method, operation)]
    assert not problems, "\n".join(problems[:40])
