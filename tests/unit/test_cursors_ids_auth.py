import time

import jwt
import pytest

from chalicelib import auth
from chalicelib.domain.cursors import decode_cursor, encode_cursor
from chalicelib.domain.errors import InvalidInput, Unauthenticated
from chalicelib.domain.ids import new_id

SECRET = "unit-test-signing-secret-32-bytes-long"


def test_cursor_round_trip_and_none():
    position = {"pk": {"S": "USER#a"}, "n": 1}
    cursor = encode_cursor(position, SECRET, "scope")
    assert decode_cursor(cursor, SECRET, "scope") == position
    assert encode_cursor(None, SECRET, "scope") is None and decode_cursor(None, SECRET, "scope") is None


@pytest.mark.parametrize("mangle", [lambda c: c[:-2], lambda c: "x" + c[1:], lambda c: "!!!", lambda c: "a" * 3000])
def test_tampered_cursor_is_refused(mangle):
    cursor = encode_cursor({"k": "v"}, SECRET, "scope")
    with pytest.raises(InvalidInput):
        decode_cursor(mangle(cursor), SECRET, "scope")


def test_cursor_is_bound_to_its_list():
    cursor = encode_cursor({"k": "v"}, SECRET, "user-a|inbox")
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, SECRET, "user-b|inbox")


def test_ids_sort_by_time_and_are_unique():
    early, late = new_id("thr", now_ms=1_000), new_id("thr", now_ms=2_000)
    assert early < late and early.startswith("thr_")
    assert len({new_id("x") for _ in range(1000)}) == 1000


def test_local_token_round_trip():
    token = auth.issue_local_token(SECRET, "usr_1")
    assert auth.verify_local_token(SECRET, token)["sub"] == "usr_1"


def test_expired_forged_and_alg_none_tokens_are_refused():
    expired = auth.issue_local_token(SECRET, "usr_1", now=time.time() - 10_000, ttl=60)
    with pytest.raises(Unauthenticated, match="expired"):
        auth.verify_local_token(SECRET, expired)
    with pytest.raises(Unauthenticated):
        auth.verify_local_token(SECRET, auth.issue_local_token("another-signing-secret-32-bytes-long", "usr_1"))
    unsigned = jwt.encode({"sub": "usr_1", "exp": time.time() + 60, "iss": auth.LOCAL_ISSUER,
                           "aud": auth.LOCAL_AUDIENCE}, key=None, algorithm="none")
    with pytest.raises(Unauthenticated):
        auth.verify_local_token(SECRET, unsigned)


def test_bearer_header_parsing():
    assert auth.bearer_token({"authorization": "Bearer abc"}) == "abc"
    for bad in ({}, {"authorization": "Basic abc"}, {"authorization": "Bearer "}):
        with pytest.raises(Unauthenticated):
            auth.bearer_token(bad)


POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc"


def test_cognito_claims_checks_issuer_and_token_use():
    good = {"sub": "s", "email": "a@b.co", "email_verified": "true", "token_use": "id",
            "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc"}
    assert auth.cognito_claims({"authorizer": {"claims": good}}, POOL) == good
    for bad in ({**good, "iss": auth.LOCAL_ISSUER}, {**good, "token_use": "access"}, {**good, "email": ""}, {},
                {**good, "email_verified": "false"}):
        with pytest.raises(Unauthenticated):
            auth.cognito_claims({"authorizer": {"claims": bad}}, POOL)


def test_role_from_groups():
    assert auth.role_from_groups({"cognito:groups": "[casting]"}) == "casting"
    assert auth.role_from_groups({"cognito:groups": ["editor", "casting"]}) == "editor"
    assert auth.role_from_groups({}) == "talent"
