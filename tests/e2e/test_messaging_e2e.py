"""Messaging end to end: the local stack (chalice local + moto server + event pump) over HTTP,
as a web client uses it. Every test signs up its own users, so tests do not depend on order."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .conftest import Http, Response

SEARCH_TIMEOUT = 10.0  # the event pump indexes new messages asynchronously


def ok(response: Response, status: int = 200) -> Any:
    assert response.status == status, response
    return response.data


def folder_ids(stack: Http, user: dict[str, str], folder: str, q: str | None = None) -> list[str]:
    path = f"/threads?folder={folder}&limit=100" + (f"&q={q}" if q else "")
    return [item["thread_id"] for item in ok(stack.get(path, user["token"]))["items"]]


def list_item(stack: Http, user: dict[str, str], folder: str, thread_id: str) -> dict[str, Any]:
    items = ok(stack.get(f"/threads?folder={folder}&limit=100", user["token"]))["items"]
    found = [item for item in items if item["thread_id"] == thread_id]
    assert found, f"{thread_id} not in {user['name']}'s {folder}: {items}"
    return found[0]


def unread_count(stack: Http, user: dict[str, str]) -> int:
    return int(ok(stack.get("/threads/unread-count", user["token"]))["unread"])


def start_thread(stack: Http, sender: dict[str, str], recipient: dict[str, str], subject: str, body: str) -> str:
    thread = ok(stack.post("/threads", sender["token"], {
        "recipient_ids": [recipient["user_id"]], "subject": subject, "body": body}), 201)
    return str(thread["thread_id"])


def reply(stack: Http, sender: dict[str, str], thread_id: str, body: str) -> dict[str, Any]:
    return ok(stack.post(f"/threads/{thread_id}/messages", sender["token"], {"body": body}), 201)


def act(stack: Http, user: dict[str, str], action: str, thread_id: str) -> None:
    result = ok(stack.post("/threads/actions", user["token"], {"action": action, "thread_ids": [thread_id]}))
    assert result["updated"] == 1, result


def assert_error(response: Response, status: int) -> None:
    assert response.status == status, response
    error = response.data["error"]
    assert isinstance(error["code"], str) and error["code"], response
    assert isinstance(error["message"], str) and error["message"], response


def test_thread_moves_through_both_users_folders(stack: Http) -> None:
    casting = stack.sign_up("Carmen Casting", "casting")
    talent = stack.sign_up("Toby Talent")

    thread_id = start_thread(stack, casting, talent, "Callback on Thursday", "Can you come in at 2pm?")

    # The recipient has it unread in the inbox; the sender only in Sent.
    assert list_item(stack, talent, "inbox", thread_id)["unread"] is True
    assert unread_count(stack, talent) == 1
    assert thread_id in folder_ids(stack, casting, "sent")
    assert thread_id not in folder_ids(stack, casting, "inbox")
    assert unread_count(stack, casting) == 0

    # Opening it marks it read.
    opened = ok(stack.get(f"/threads/{thread_id}", talent["token"]))
    assert opened["unread"] is False
    assert [m["body"] for m in opened["messages"]] == ["Can you come in at 2pm?"]
    assert opened["messages"][0]["sender"] == {"user_id": casting["user_id"], "name": "Carmen Casting"}
    assert list_item(stack, talent, "inbox", thread_id)["unread"] is False
    assert unread_count(stack, talent) == 0

    # A reply puts it, unread, in the casting director's inbox.
    reply(stack, talent, thread_id, "Yes, 2pm works.")
    assert list_item(stack, casting, "inbox", thread_id)["unread"] is True
    assert unread_count(stack, casting) == 1
    assert thread_id in folder_ids(stack, talent, "sent")

    # Archived: out of the inbox, into the archive.
    act(stack, talent, "archive", thread_id)
    assert thread_id in folder_ids(stack, talent, "archive")
    assert thread_id not in folder_ids(stack, talent, "inbox")

    # A new message brings it back to the inbox, unread.
    reply(stack, casting, thread_id, "Great, see you then. Bring the sides.")
    assert list_item(stack, talent, "inbox", thread_id)["unread"] is True
    assert thread_id not in folder_ids(stack, talent, "archive")
    assert unread_count(stack, talent) == 1

    # Deleted from the talent's view only.
    act(stack, talent, "delete", thread_id)
    for folder in ("inbox", "sent", "archive"):
        assert thread_id not in folder_ids(stack, talent, folder), folder
    assert_error(stack.get(f"/threads/{thread_id}", talent["token"]), 404)
    assert unread_count(stack, talent) == 0
    kept = ok(stack.get(f"/threads/{thread_id}", casting["token"]))
    assert [m["body"] for m in kept["messages"]] == [
        "Can you come in at 2pm?", "Yes, 2pm works.", "Great, see you then. Bring the sides."]


def test_someone_outside_the_thread_gets_404(stack: Http) -> None:
    casting = stack.sign_up("Cora Casting", "casting")
    talent = stack.sign_up("Tariq Talent")
    outsider = stack.sign_up("Otto Outsider")
    thread_id = start_thread(stack, casting, talent, "Private matter", "Just between us.")

    assert_error(stack.get(f"/threads/{thread_id}", outsider["token"]), 404)
    assert_error(stack.post(f"/threads/{thread_id}/messages", outsider["token"], {"body": "hi"}), 404)
    assert_error(stack.post("/threads/actions", outsider["token"],
                            {"action": "archive", "thread_ids": [thread_id]}), 404)
    for folder in ("inbox", "sent", "archive"):
        assert thread_id not in folder_ids(stack, outsider, folder)
    # Nothing the outsider tried changed the thread for its participants.
    assert len(ok(stack.get(f"/threads/{thread_id}", casting["token"]))["messages"]) == 1


def test_search_finds_new_messages_in_folder_order(stack: Http) -> None:
    casting = stack.sign_up("Celia Casting", "casting")
    talent = stack.sign_up("Tomas Talent")
    word = "quokka" + uuid.uuid4().hex[:8]  # no other thread in the stack has it

    first = start_thread(stack, casting, talent, "Audition", f"Please prepare the {word} monologue.")
    other = start_thread(stack, casting, talent, "Wardrobe", "Bring black shoes.")
    last = start_thread(stack, casting, talent, "Second audition", f"Same {word} monologue, new sides.")
    # A reply makes the oldest thread the newest: search must follow activity, not creation.
    reply(stack, talent, first, "Will do!")

    deadline = time.monotonic() + SEARCH_TIMEOUT
    found = folder_ids(stack, talent, "inbox", q=word)
    while set(found) != {first, last} and time.monotonic() < deadline:
        time.sleep(0.25)
        found = folder_ids(stack, talent, "inbox", q=word)
    assert set(found) == {first, last}, f"search for {word} found {found} within {SEARCH_TIMEOUT} s"

    inbox = folder_ids(stack, talent, "inbox")
    assert inbox[:3] == [first, last, other]
    assert found == [t for t in inbox if t in found] == [first, last]
    # The sender finds the same threads in Sent, in the Sent list's order.
    sent_found = folder_ids(stack, casting, "sent", q=word)
    assert sent_found == [t for t in folder_ids(stack, casting, "sent") if t in {first, last}]


def test_no_response_reveals_the_other_users_email(stack: Http) -> None:
    casting = stack.sign_up("Cyrus Casting", "casting")
    talent = stack.sign_up("Tilda Talent")
    # Each user's own address is known to the API (so the check below is not vacuous).
    assert ok(stack.get("/me", casting["token"]))["email"] == casting["email"]
    assert ok(stack.get("/me", talent["token"]))["email"] == talent["email"]

    seen_by_talent: list[Response] = []
    seen_by_casting: list[Response] = []
    thread_id = start_thread(stack, casting, talent, "Role offer", "We would like to offer you the role.")
    seen_by_talent += [
        stack.get("/threads", talent["token"]),
        stack.get(f"/threads/{thread_id}", talent["token"]),
        stack.get(f"/users/{casting['user_id']}", talent["token"]),
        stack.post(f"/threads/{thread_id}/messages", talent["token"], {"body": "Thank you, I accept."}),
        stack.get("/threads?folder=sent", talent["token"]),
        stack.get("/threads?q=offer", talent["token"]),
    ]
    seen_by_casting += [
        stack.get("/threads", casting["token"]),
        stack.get(f"/threads/{thread_id}", casting["token"]),
        stack.get(f"/users/{talent['user_id']}", casting["token"]),
        stack.get("/threads?folder=sent", casting["token"]),
    ]
    assert all(r.status in (200, 201) for r in seen_by_talent + seen_by_casting)
    # The other side does see who they talk to, by name.
    assert "Cyrus Casting" in seen_by_talent[1].text and "Tilda Talent" in seen_by_casting[1].text
    for response in seen_by_talent:
        assert casting["email"] not in response.text, response
    for response in seen_by_casting:
        assert talent["email"] not in response.text, response


def _forge(claims: dict[str, Any], secret: bytes) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def test_bad_requests_get_the_error_shape(stack: Http) -> None:
    user = stack.sign_up("Bea Badinput")
    other = stack.sign_up("Ollie Other")

    # Malformed JSON is the client's fault: 400, never 500.
    assert_error(stack.post("/threads", user["token"], raw=b'{"subject": "Hi", "body": '), 400)
    assert_error(stack.post("/dev/token", raw=b"not json at all"), 400)

    # No token.
    assert_error(stack.get("/threads"), 401)
    assert_error(stack.post("/threads", body={"recipient_ids": [other["user_id"]], "subject": "x", "body": "y"}), 401)

    # Forged tokens: claims that look right, signed with the wrong key; a real token with its
    # subject swapped; an unsigned one.
    now = int(time.time())
    claims = {"sub": other["user_id"], "iss": "callboard-local", "aud": "callboard-api", "iat": now, "exp": now + 600}
    header, _, signature = user["token"].split(".")
    swapped = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    unsigned = ".".join([
        base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode(), swapped, ""])
    for forged in (_forge(claims, b"guessed-secret"), f"{header}.{swapped}.{signature}", unsigned):
        assert_error(stack.get("/threads", forged), 401)
        assert_error(stack.get("/me", forged), 401)


def test_parallel_replies_are_all_kept(stack: Http) -> None:
    """Replies racing in one thread: each conflicts with the others' view updates and is retried.

    Four writers keep every request within the service's retries (each failed attempt means
    another writer committed), so all must succeed and every one must be stored exactly once.
    """
    casting = stack.sign_up("Petra Parallel", "casting")
    talent = stack.sign_up("Paco Parallel")
    thread_id = start_thread(stack, casting, talent, "Race", "Who answers first?")
    senders = [casting, talent, casting, talent]
    with ThreadPoolExecutor(max_workers=len(senders)) as pool:
        responses = list(pool.map(
            lambda pair: stack.post(f"/threads/{thread_id}/messages", pair[1]["token"], {"body": f"reply {pair[0]}"}),
            enumerate(senders)))
    assert [r.status for r in responses] == [201] * len(senders), responses

    opened = ok(stack.get(f"/threads/{thread_id}", casting["token"]))
    bodies = [m["body"] for m in opened["messages"]]
    assert sorted(bodies) == sorted(["Who answers first?"] + [f"reply {i}" for i in range(len(senders))])
    assert opened["message_count"] == len(senders) + 1
    # Both sides received messages from the other, so both see it in their inbox.
    assert thread_id in folder_ids(stack, talent, "inbox")
    assert thread_id in folder_ids(stack, casting, "inbox")
