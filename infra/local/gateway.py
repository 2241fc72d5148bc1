"""`chalice local` answering as the deployed API Gateway does, with infra/api.json's gateway responses.

    python -m infra.local.gateway local --stage local --port 8000    # what the stack runs

This is the real `chalice local` command. Only its gateway stand-in's own answers change: chalice
local answers an unknown path or method with API Gateway's bare 403 `{"message": "Missing
Authentication Token"}` (echoing the caller's Authorization header back), and takes bodies of any
size. The deployed API answers those with the gateway responses of infra/api.json (404
`not_found`, 413 `request_too_large` over API Gateway's 10 MB payload limit) in the API's error
shape, so clients of the local stack see what clients of a deployed stage see.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chalice import cli
from chalice.local import ChaliceRequestHandler, ForbiddenError, LocalGatewayException, NotAuthorizedError

ROOT = Path(__file__).resolve().parents[2]
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's limit on a request's payload
DRAIN_LIMIT_BYTES = 64 * 1024 * 1024  # a larger refused body is not read at all

# Which gateway response stands for each of chalice local's own refusals.
RESPONSE_TYPES = {ForbiddenError: "MISSING_AUTHENTICATION_TOKEN", NotAuthorizedError: "UNAUTHORIZED"}


def gateway_responses() -> dict[str, dict[str, Any]]:
    """ResponseType -> the GatewayResponse's properties, from infra/api.json."""
    template = json.loads((ROOT / "infra" / "api.json").read_text())
    return {resource["Properties"]["ResponseType"]: resource["Properties"]
            for resource in template["Resources"].values()
            if resource["Type"] == "AWS::ApiGateway::GatewayResponse"}


def render(response: dict[str, Any], method: str, path: str, default_status: int) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body API Gateway sends for this gateway response. Values are
    JSON-escaped: a path is the caller's text, and the body must stay valid JSON."""
    def quoted(value: str) -> str:
        return json.dumps(value)[1:-1]

    body = (response["ResponseTemplates"]["application/json"]
            .replace("$context.httpMethod", quoted(method))
            .replace("$context.path", quoted(urlsplit(path).path))
            .replace("$context.error.messageString", json.dumps("the request was refused")))
    headers = {"Content-Type": "application/json"}
    for name, value in response.get("ResponseParameters", {}).items():
        headers[name.removeprefix("gatewayresponse.header.")] = value.strip("'")
    return int(response.get("StatusCode", default_status)), headers, body.encode()


class GatewayResponses:
    """Patches chalice local's request handler to answer with the given gateway responses."""

    def __init__(self, responses: dict[str, dict[str, Any]]) -> None:
        self.responses = responses

    def install(self) -> None:
        original_handle = ChaliceRequestHandler._generic_handle
        responses = self.responses

        def send(handler: ChaliceRequestHandler, response_type: str, default_status: int) -> None:
            status, headers, body = render(responses[response_type], handler.command, handler.path, default_status)
            handler._send_http_response(status, headers, body)

        def generic_handle(handler: ChaliceRequestHandler) -> None:
            try:
                length = int(handler.headers.get("content-length", "0"))
            except ValueError:
                length = 0
            if length > MAX_PAYLOAD_BYTES:
                # Read and dropped, as the gateway does: a client still sending gets its 413,
                # not a broken pipe. Past a sane size the connection is closed instead.
                if length <= DRAIN_LIMIT_BYTES:
                    while length > 0:
                        chunk = handler.rfile.read(min(length, 1 << 16))
                        if not chunk:
                            break
                        length -= len(chunk)
                handler.close_connection = True
                send(handler, "REQUEST_TOO_LARGE", 413)
                return
            original_handle(handler)

        def send_error_response(handler: ChaliceRequestHandler, error: LocalGatewayException) -> None:
            response_type = RESPONSE_TYPES.get(type(error))
            if response_type is None or response_type not in responses:
                handler._send_http_response(error.CODE, error.headers, error.body)
                return
            send(handler, response_type, error.CODE)

        handler_class: Any = ChaliceRequestHandler
        handler_class._generic_handle = generic_handle
        for method in ("do_GET", "do_PUT", "do_POST", "do_HEAD", "do_DELETE", "do_PATCH", "do_OPTIONS"):
            setattr(handler_class, method, generic_handle)
        handler_class._send_error_response = send_error_response


def main() -> int:
    GatewayResponses(gateway_responses()).install()
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
