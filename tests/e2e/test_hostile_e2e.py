"""What an abusive or careless client sees from the running local stack: the gateway's own
answers (unknown paths, oversized bodies) in the API's error shape, as the deployed API gives
them (infra/api.json's gateway responses), never chalice local's bare AWS messages."""
from __future__ import annotations

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
