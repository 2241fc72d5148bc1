"""CORS: the API answers browsers on the configured web origins only (settings.web_origins)."""
from __future__ import annotations

from typing import Any

import pytest

ALLOWED = "http://127.0.0.1:8080"  # the local stage's default web origin (make run)
OTHER = "https://evil.example"


def preflight(api: Any, path: str, origin: str | None, method: str = "POST") -> Any:
    headers = {"Access-Control-Request-Method": method, "Access-Control-Request-Headers": "authorization,content-type"}
    if origin:
        headers["Origin"] = origin
    return api.client.http.options(path, headers=headers)


def test_a_preflight_from_an_allowed_origin_names_the_methods_and_headers_of_that_path(api):
    response = preflight(api, "/threads", ALLOWED)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert set(response.headers["Access-Control-Allow-Methods"].split(", ")) == {"GET", "POST", "OPTIONS"}
    assert {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")} >= {
        "authorization", "content-type"}
    assert "Origin" in response.headers["Vary"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_a_preflight_on_a_path_with_an_id_is_answered_too(api):
    response = preflight(api, "/threads/thr_123/messages", ALLOWED)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


@pytest.mark.parametrize("origin", [OTHER, "http://127.0.0.1:8081", "null", None])
def test_a_preflight_from_any_other_origin_is_refused_without_cors_headers(api, origin):
    response = preflight(api, "/threads", origin)
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert b"origin_not_allowed" in response.body


def test_responses_echo_an_allowed_origin_only(api):
    user = api.sign_up("Cora Origin")
    status, _ = api.get("/threads", user["token"], headers={"Origin": ALLOWED})
    assert status == 200
    allowed = api.client.http.get("/threads", headers={"Origin": ALLOWED, "Authorization": f"Bearer {user['token']}"})
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Origin" in allowed.headers["Vary"]
    other = api.client.http.get("/threads", headers={"Origin": OTHER, "Authorization": f"Bearer {user['token']}"})
    assert other.status_code == 200  # CORS is the browser's to enforce: the answer just lacks the grant
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Origin" in other.headers["Vary"]


def test_errors_carry_the_grant_too_so_a_browser_can_read_them(api):
    unauthenticated = api.client.http.get("/threads", headers={"Origin": ALLOWED})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["Access-Control-Allow-Origin"] == ALLOWED
    bad = api.client.http.post("/dev/token", headers={"Origin": ALLOWED, "Content-Type": "application/json"},
                               body="{")
    assert bad.status_code == 400
    assert bad.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_configured_origins_replace_the_local_defaults(aws):
    from chalice.test import Client

    from chalicelib.api import create_app
    from chalicelib.settings import load_settings

    config = load_settings({"CALLBOARD_STAGE": "local", "CALLBOARD_WEB_ORIGINS": "https://web.example, http://localhost:3000"})
    app, _ = create_app(config)
    with Client(app, stage_name="local") as client:
        for origin, granted in (("https://web.example", True), ("http://localhost:3000", True), (ALLOWED, False)):
            headers = {"Origin": origin, "Access-Control-Request-Method": "GET"}
            response = client.http.options("/threads", headers=headers)
            assert (response.status_code == 204) is granted
            assert (response.headers.get("Access-Control-Allow-Origin") == origin) is granted


def test_a_malformed_origin_setting_stops_the_app_from_starting():
    from chalicelib.settings import load_settings

    with pytest.raises(RuntimeError, match="CALLBOARD_WEB_ORIGINS"):
        load_settings({"CALLBOARD_STAGE": "local", "CALLBOARD_WEB_ORIGINS": "web.example"})
