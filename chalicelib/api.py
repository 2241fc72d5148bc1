"""Builds the Chalice app: every HTTP route, error shape and request logging."""
from __future__ import annotations

import json
import re
from typing import Any

from chalice import Chalice, Response

from .domain.errors import Forbidden
from .handlers import (
    applications,
    dashboards,
    dev,
    files,
    moderation,
    notices,
    notifications,
    openapi,
    profiles,
    threads,
    users,
)
from .handlers.http import Api, Call, error_body, flush_metrics, logger
from .settings import Settings, settings


def create_app(config: Settings | None = None) -> tuple[Chalice, Api]:
    config = config or settings()
    app = Chalice(app_name="callboard")
    api = Api(app, config.is_local, config.cognito_user_pool_arn)
    for area in (users, profiles, threads, files, notices, moderation, applications, dashboards, notifications, dev,
                 openapi):
        area.register(api)
    _answer_cors(app, api, config.web_origins)

    @app.middleware("http")
    def request_context(event: Any, get_response: Any) -> Response:
        request_id = (event.context or {}).get("requestId")
        logger.set_correlation_id(request_id)
        try:
            response = get_response(event)
        finally:
            flush_metrics()
        return _error_shape(response)

    return app, api


CORS_ALLOWED_HEADERS = "Authorization, Content-Type"
CORS_MAX_AGE_SECONDS = 600


def _answer_cors(app: Chalice, api: Api, origins: frozenset[str]) -> None:
    """CORS for the configured web origins only (settings.web_origins).

    Chalice's CORSConfig names a single origin, and API Gateway (like `chalice local`) answers
    its preflight with fixed headers without calling the function. So every path gets an
    OPTIONS route of its own, answered here, and every response echoes an allowed Origin
    (with Vary: Origin, since the answer depends on it)."""
    paths = sorted({op.path for op in api.operations})
    for path in paths:
        methods = ", ".join(sorted({*app.routes[path], "OPTIONS"}))

        def preflight(call: Call, methods: str = methods, **params: str) -> Response:
            if call.request.headers.get("origin") not in origins:
                raise Forbidden("this origin may not call the API from a browser", code="origin_not_allowed")
            return Response(body="", status_code=204, headers={
                "Access-Control-Allow-Methods": methods,
                "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
                "Access-Control-Max-Age": str(CORS_MAX_AGE_SECONDS)})

        preflight.__name__ = "preflight_" + re.sub(r"[^a-zA-Z0-9]+", "_", path).strip("_")
        api.route("OPTIONS", path, "CORS preflight: answered for the web client's origins only", auth=False,
                  status=204)(preflight)

    @app.middleware("http")
    def cors_headers(event: Any, get_response: Any) -> Response:
        response: Response = get_response(event)
        vary = response.headers.get("Vary")
        response.headers["Vary"] = f"{vary}, Origin" if vary and "origin" not in vary.lower() else vary or "Origin"
        origin = event.headers.get("origin")
        if origin in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            # A 429's Retry-After is for the web client to read, not only the browser.
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        return response


def _error_shape(response: Response) -> Response:
    """Chalice's own errors (405, 415, ...) come as {"Code", "Message"}: answer in ours."""
    body = response.body
    if response.status_code >= 400 and isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError:
            return response
    if response.status_code >= 400 and isinstance(body, dict) and "Code" in body and "Message" in body:
        code = "".join("_" + c.lower() if c.isupper() else c for c in str(body["Code"])).lstrip("_")
        response.body = error_body(code, str(body["Message"]))
        response.headers["Content-Type"] = "application/json"
    return response
