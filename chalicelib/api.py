"""Builds the Chalice app: every HTTP route, error shape and request logging."""
from __future__ import annotations

import json
from typing import Any

from chalice import Chalice, Response

from .handlers import applications, dev, files, notices, notifications, openapi, threads, users
from .handlers.http import Api, error_body, flush_metrics, logger
from .settings import Settings, settings


def create_app(config: Settings | None = None) -> tuple[Chalice, Api]:
    config = config or settings()
    app = Chalice(app_name="callboard")
    api = Api(app, config.is_local, config.cognito_user_pool_arn)
    for area in (users, threads, files, notices, applications, notifications, dev, openapi):
        area.register(api)

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
