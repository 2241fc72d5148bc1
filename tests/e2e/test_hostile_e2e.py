"""What an abusive or careless client sees from the running local stack: the gateway's own
answers (unknown paths, oversized bodies) in the API's error shape, as the deployed API gives
them (infra/api.json's gateway responses), never chalice local's bare AWS messages."""
from __future__ import annotations

import json
import socket

import pytest

from tests.e2e.conftest import Http


def error_code(response: object) -> str:
    data = getattr(response, "data", None)
    assert isinstance(data, dict) and isinstance(data.get("error"), dict), response
    assert len(data["error"]["message"]) > 5, response
    return str(data["error"]["code"])


@pytest.mark.parametrize("method,path", [
    ("GET", "/no-such-path"), ("GET", "/threads/t1/nope"), ("POST", "/threads/t1/messages/extra"),
    ("DELETE", "/me/profile/x"),
])
@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_path_is_a_404_in_the_error_shape(stack: Http, method: str, path: str,
                                                      signed_in: bool) -> None:
    token = stack.sign_up("Pat Path")["token"] if signed_in else None
    response = stack.request(method, path, token, body={} if method != "GET" else None)
    assert response.status == 404, response
    assert error_code(response) == "not_found"
    assert "Authorization" not in response.text and (token or "<none>") not in response.text


def test_a_body_over_the_gateway_limit_is_a_413(stack: Http) -> None:
    user = stack.sign_up("Olga Oversize")
    body = b'{"recipient_ids": [], "subject": "s", "body": "' + b"x" * (10 * 1024 * 1024 + 1) + b'"}'
    response = stack.post("/threads", user["token"], raw=body)
    assert response.status == 413, response
    assert error_code(response) == "request_too_large"


def raw_exchange(stack: Http, request: bytes) -> tuple[int, str]:
    """One request written byte for byte (what urllib refuses to send), its status and body."""
    host, _, port = stack.base_url.removeprefix("http://").partition(":")
    with socket.create_connection((host, int(port)), timeout=15) as connection:
        connection.sendall(request)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body.decode()


def test_a_content_length_that_is_not_a_number_is_a_400(stack: Http) -> None:
    status, body = raw_exchange(stack, b"POST /threads HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n"
                                       b"Content-Type: application/json\r\nConnection: close\r\n\r\n{}")
    assert status == 400 and json.loads(body)["error"]["code"] == "bad_request", body


def test_a_chunked_body_is_read(stack: Http) -> None:
    user = stack.sign_up("Chuck Chunked")
    payload = json.dumps({"name": "Chuck Chunked Jr"}).encode()
    half = len(payload) // 2
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (payload[:half], payload[half:]))
    status, body = raw_exchange(stack, (
        f"PATCH /me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {user['token']}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
        + chunks + b"0\r\n\r\n")
    assert status == 200, body
    assert stack.get("/me", user["token"]).data["name"] == "Chuck Chunked Jr"


def test_a_url_over_64_kb_is_refused_in_the_error_shape(stack: Http) -> None:
    status, body = raw_exchange(stack, b"GET /notices?q=" + b"x" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 414 and json.loads(body)["error"]["code"] == "bad_request", body


@pytest.mark.parametrize("method", ["TRACE", "FOO", "PROPFIND"])
def test_a_method_no_route_has_is_a_4xx_not_a_5xx(stack: Http, method: str) -> None:
    status, body = raw_exchange(stack, f"{method} /threads HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found", (status, body)
