"""Authentication in the local and deployed stages; /me and public profiles."""
import base64
import json
import time

from chalice.test import Client

from chalicelib import auth
from chalicelib.api import create_app
from chalicelib.settings import load_settings
from tests.conftest import ApiClient

POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool"


def test_protected_routes_need_a_valid_token(api):
    user = api.sign_up("Tom Talent")
    forged = auth.issue_local_token("a-different-secret-that-is-long-enough!", user["user_id"])
    expired = auth.issue_local_token(load_settings().signing_secret, user["user_id"], now=time.time() - 10**6, ttl=60)
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": f"Bearer {forged}"},
                    {"Authorization": f"Bearer {expired}"}, {"Authorization": f"Basic {user['token']}"}):
        for path in ("/me", "/threads", "/threads/unread-count"):
            status, data = api.call("GET", path, headers=headers)
            assert status == 401 and data["error"]["code"] in {"missing_token", "invalid_token", "token_expired"}


def test_dev_token_same_email_same_user(api):
    first = api.sign_up("Tom Talent", email="Tom@Example.com")
    again = api.sign_up("Tom T", email="Tom@example.com")
    assert first["user_id"] == again["user_id"]


def test_me_shows_own_email_and_settings_and_patch_changes_them(api):
    tom = api.sign_up("Tom Talent", subscriber=True)
    status, me = api.get("/me", tom["token"])
    assert status == 200
    assert me | {} == me and {k: me[k] for k in ("email", "role", "notifications", "subscriber", "suspended")} == {
        "email": tom["email"], "role": "talent", "notifications": "immediate", "subscriber": True, "suspended": False}
    status, me = api.patch("/me", tom["token"], {"name": "Tom T. Talent", "notifications": "daily"})
    assert status == 200 and me["name"] == "Tom T. Talent" and me["notifications"] == "daily"
    assert api.get("/me", tom["token"])[1]["notifications"] == "daily"


def test_public_profile_has_no_email(api):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    status, profile = api.get(f"/users/{cara['user_id']}", tom["token"])
    assert status == 200 and profile["name"] == "Cara Casting" and "email" not in json.dumps(profile)


def deployed_client() -> Client:
    settings = load_settings({"CALLBOARD_STAGE": "dev", "CALLBOARD_SIGNING_SECRET": "dev-secret-from-the-stage-secret!",
                              "CALLBOARD_USER_POOL_ARN": POOL})
    app, _ = create_app(settings)
    # Only the HTTP layer is built as for a deployed stage; storage stays on the local stage's
    # moto resources (Client's stage_name picks the environment variables from .chalice/config.json).
    return Client(app, stage_name="local")


def unsigned_jwt(claims: dict) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2ln"


def test_deployed_stage_has_no_dev_routes_and_refuses_local_tokens(api):
    local_user = api.sign_up("Tom Talent")
    with deployed_client() as client:
        deployed = ApiClient(client)
        status, data = deployed.post("/dev/token", body={"email": "x@y.co", "name": "X", "role": "talent"})
        assert status == 404 and data["error"]["code"] == "not_found"
        status, _ = deployed.get("/me", local_user["token"])
        assert status == 401


def test_deployed_stage_provisions_user_from_cognito_claims(api):
    claims = {"sub": "cognito-sub-1", "cognito:username": "dana", "email": "cd@studio.example",
              "name": "Dana Director", "token_use": "id", "email_verified": "true",
              "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool", "cognito:groups": "casting",
              "exp": int(time.time()) + 600}
    with deployed_client() as client:
        deployed = ApiClient(client)
        status, me = deployed.get("/me", unsigned_jwt(claims))
        assert status == 200, me
        assert (me["user_id"], me["role"], me["email"]) == ("cognito-sub-1", "casting", "cd@studio.example")
        wrong_pool = {**claims, "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"}
        assert deployed.get("/me", unsigned_jwt(wrong_pool))[0] == 401
