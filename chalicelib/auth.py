"""Who is calling.

Deployed stages sit behind API Gateway's Cognito user-pool authorizer, which has already
verified the token: we read its claims from the request context. The local stage has no
Cognito, and `chalice local` does not verify Cognito tokens, so there the app issues and
verifies its own HS256 tokens (POST /dev/token). No other stage ever accepts those.
"""
from __future__ import annotations

from typing import Any

import jwt

from .domain.clock import now_epoch
from .domain.errors import Unauthenticated

LOCAL_ISSUER = "callboard-local"
LOCAL_AUDIENCE = "callboard-api"
LOCAL_TOKEN_TTL = 7 * 24 * 3600


def issue_local_token(secret: str, user_id: str, now: float | None = None, ttl: int = LOCAL_TOKEN_TTL) -> str:
    issued = int(now if now is not None else now_epoch())
    claims = {"sub": user_id, "iss": LOCAL_ISSUER, "aud": LOCAL_AUDIENCE, "iat": issued, "exp": issued + ttl}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_local_token(secret: str, token: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=LOCAL_AUDIENCE,
            issuer=LOCAL_ISSUER,
            options={"require": ["sub", "exp", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("token has expired; sign in again", code="token_expired") from None
    except jwt.PyJWTError:
        raise Unauthenticated("token is not valid", code="invalid_token") from None


def bearer_token(headers: Any) -> str:
    value = (headers.get("authorization") or "").strip()
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send Authorization: Bearer <token>", code="missing_token")
    return token.strip()


def cognito_issuer(user_pool_arn: str) -> str:
    """arn:aws:cognito-idp:<region>:<account>:userpool/<pool id> -> the pool's token issuer."""
    parts = user_pool_arn.split(":")
    if len(parts) != 6 or not parts[5].startswith("userpool/"):
        return ""
    return f"https://cognito-idp.{parts[3]}.amazonaws.com/{parts[5].removeprefix('userpool/')}"


def cognito_claims(context: dict[str, Any], user_pool_arn: str | None) -> dict[str, Any]:
    """Claims of an ID token that API Gateway's Cognito authorizer verified.

    Also checks issuer and token use: defence in depth, and what keeps a locally signed
    token out of a deployed stage even where an authorizer only decodes (chalice local).
    """
    claims = ((context or {}).get("authorizer") or {}).get("claims") or {}
    if not claims.get("sub"):
        raise Unauthenticated("sign in to use this", code="missing_token")
    expected = cognito_issuer(user_pool_arn or "")
    if not expected or claims.get("iss") != expected or claims.get("token_use") != "id":
        raise Unauthenticated("token is not valid", code="invalid_token")
    if not claims.get("email"):
        raise Unauthenticated("token carries no email; sign in with an ID token", code="invalid_token")
    if str(claims.get("email_verified", "")).lower() != "true":
        # An unverified address could be someone else's: it must not claim their account or mail.
        raise Unauthenticated("verify your email address to continue", code="email_not_verified")
    return claims


def role_from_groups(claims: dict[str, Any]) -> str:
    groups = claims.get("cognito:groups") or ""
    names = groups if isinstance(groups, list) else str(groups).replace(",", " ").strip("[]").split()
    for role in ("editor", "casting"):
        if role in names:
            return role
    return "talent"
