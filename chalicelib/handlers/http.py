"""The thin HTTP layer shared by every route: auth, body and query parsing, error mapping,
and the registry that GET /openapi.json is generated from (one source for both)."""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from chalice import Chalice, CognitoUserPoolAuthorizer, Response

from .. import auth
from ..container import Services, services
from ..domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    RuleBroken,
    TooLarge,
    Unauthenticated,
)
from ..domain.users import NAME_MAX, User
from .validation import CodeFor, invalid_field, validate

logger = Logger(service="callboard")
# CloudWatch embedded metric format: printed with the logs, no API call on the request path.
metrics = Metrics(namespace="Callboard", service="callboard")


def count(metric: str, value: int = 1) -> None:
    metrics.add_metric(name=metric, unit=MetricUnit.Count, value=value)


def flush_metrics() -> None:
    if metrics.metric_set:
        metrics.flush_metrics()

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    InvalidInput: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    RuleBroken: 422,
    RateLimited: 429,
}
LIMIT_DEFAULT, LIMIT_MAX = 25, 100
# Every id we hand out (and every Cognito sub) fits this; anything else names nothing.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    return {"error": error}


ERROR_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport"
content="width=device-width, initial-scale=1"><title>Callboard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>Sorry, that did not work</h1><p>{message}.</p>
<p>If you copied the link from an email, copy all of it, or open it from the email again.</p></body></html>"""


def error_response(exc: DomainError, as_page: bool = False) -> Response:
    """The error shape; or, for a page a browser opened (an email's link), the message as a page."""
    status = next((s for cls, s in STATUS_BY_ERROR.items() if isinstance(exc, cls)), 400)
    if as_page:
        return Response(body=ERROR_PAGE.format(message=html.escape(exc.message[:1].upper() + exc.message[1:])),
                        status_code=status, headers={"Content-Type": "text/html; charset=utf-8"})
    headers = {"Content-Type": "application/json"}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
        count("RateLimited")
    return Response(body=error_body(exc.code, exc.message, exc.field), status_code=status, headers=headers)


@dataclass
class Operation:
    """One route as OpenAPI describes it."""

    path: str
    method: str
    summary: str
    auth: bool
    status: int
    body: dict[str, Any] | None
    response: dict[str, Any] | None
    query: dict[str, dict[str, Any]] = field(default_factory=dict)
    error_code: CodeFor = invalid_field  # the code of a body the schema refuses


class Call:
    """What a view needs from the request, parsed and validated on first use."""

    def __init__(self, api: Api, request: Any, operation: Operation) -> None:
        self._api = api
        self.request = request
        self.operation = operation

    @property
    def services(self) -> Services:
        return services()

    @cached_property
    def user(self) -> User:
        return self._api.identify(self.request)

    def optional_user(self) -> User | None:
        """Public routes: the caller if they sent a token (a bad token is still a 401)."""
        if not (self.request.headers.get("authorization") or self.request.context.get("authorizer")):
            return None
        return self.user

    @cached_property
    def body(self) -> dict[str, Any]:
        raw = self.request.raw_body or b""
        if not raw.strip():
            raise InvalidInput("request body must be a JSON object", code="invalid_json")
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise InvalidInput("request body is not valid JSON", code="invalid_json") from None
        if not isinstance(data, dict):
            raise InvalidInput("request body must be a JSON object", code="invalid_json")
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (\ud800) is valid JSON but not text
            raise InvalidInput("request body contains text that is not valid Unicode", code="invalid_json") from None
        if self.operation.body is not None:
            validate(self.operation.body, data, self.operation.error_code)
        return data

    # -- query parameters -----------------------------------------------------------------
    def query(self, name: str, max_len: int = 500) -> str | None:
        value = (self.request.query_params or {}).get(name)
        if value is not None and len(value) > max_len:
            raise InvalidInput(f"{name} must be at most {max_len} characters", code=f"invalid_{name}")
        return value

    def query_choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.query(name) or default
        if value not in choices:
            raise InvalidInput(f"{name} must be one of {', '.join(choices)}", code=f"invalid_{name}")
        return value

    def query_bool(self, name: str) -> bool:
        value = (self.query(name) or "false").lower()
        if value not in ("true", "false", "1", "0"):
            raise InvalidInput(f"{name} must be true or false", code=f"invalid_{name}")
        return value in ("true", "1")

    def limit(self) -> int:
        raw = self.query("limit", 10)
        if raw is None:
            return LIMIT_DEFAULT
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= LIMIT_MAX:
            raise InvalidInput(f"limit must be a whole number from 1 to {LIMIT_MAX}", code="invalid_limit")
        return int(raw)


class Api:
    """Registers routes on the Chalice app and records them for OpenAPI."""

    def __init__(self, app: Chalice, stage_is_local: bool, user_pool_arn: str | None) -> None:
        self.app = app
        self.local = stage_is_local
        self.user_pool_arn = user_pool_arn
        self.operations: list[Operation] = []
        self.authorizer = None
        if not stage_is_local and user_pool_arn:
            self.authorizer = CognitoUserPoolAuthorizer("callboard-users", provider_arns=[user_pool_arn])

    def identify(self, request: Any) -> User:
        accounts = services().accounts
        if self.local:
            token = auth.bearer_token(request.headers)
            claims = auth.verify_local_token(services().settings.signing_secret, token)
            user = accounts.get(claims["sub"])
            if user is None:
                raise Unauthenticated("the user of this token no longer exists", code="invalid_token")
            return user
        claims = auth.cognito_claims(request.context, self.user_pool_arn)
        # Never derive a name from the address: that would show part of it to everyone.
        name = " ".join(str(claims.get("name") or "").split())[:NAME_MAX] or "New member"
        return accounts.sign_in(
            email=claims.get("email", ""),
            name=name,
            role=auth.role_from_groups(claims),
            user_id=claims["sub"],
        )

    def route(
        self,
        method: str,
        path: str,
        summary: str,
        *,
        auth: bool = True,
        status: int = 200,
        body: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        query: dict[str, dict[str, Any]] | None = None,
        error_code: CodeFor = invalid_field,
        page: bool = False,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """`page`: a browser opens this route from an email's link; errors are a page in words
        when the request accepts HTML."""
        operation = Operation(path, method, summary, auth, status, body, response, query or {}, error_code)
        self.operations.append(operation)

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            def handler(**params: str) -> Response:
                call = Call(self, self.app.current_request, operation)
                try:
                    if auth:
                        _ = call.user  # authenticate before anything else is looked at
                    for name, value in params.items():
                        if not ID_PATTERN.match(value or ""):
                            raise NotFound(f"no such {name.removesuffix('_id')}", code="not_found")
                    result = view(call, **params)
                except DomainError as exc:
                    count(f"ClientError{type(exc).__name__}")
                    accept = (call.request.headers.get("accept") or "") if call.request else ""
                    return error_response(exc, as_page=page and "text/html" in accept)
                except Exception:
                    count("UnhandledError")
                    logger.exception("unhandled error")
                    return Response(body=error_body("internal_error", "something went wrong on our side"),
                                    status_code=500, headers={"Content-Type": "application/json"})
                if isinstance(result, Response):
                    return result
                return Response(body=result, status_code=operation.status,
                                headers={"Content-Type": "application/json"})

            handler.__name__ = view.__name__
            handler.__doc__ = view.__doc__
            kwargs: dict[str, Any] = {"methods": [method], "name": f"{method.lower()}_{view.__name__}"}
            if auth and self.authorizer is not None:
                kwargs["authorizer"] = self.authorizer
            if method in ("POST", "PUT", "PATCH"):
                # Parse any body as JSON ourselves so a wrong Content-Type still gets our error shape.
                kwargs["content_types"] = ["application/json", "text/plain", "application/x-www-form-urlencoded"]
            self.app.route(path, **kwargs)(handler)
            return view

        return decorator

    def get(self, path: str, summary: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("GET", path, summary, **kw)

    def post(self, path: str, summary: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("POST", path, summary, **kw)

    def patch(self, path: str, summary: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("PATCH", path, summary, **kw)

    def delete(self, path: str, summary: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("DELETE", path, summary, **kw)
