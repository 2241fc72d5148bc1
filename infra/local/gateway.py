"""`chalice local` answering as the deployed API Gateway does, with infra/api.json's gateway responses.

    python -m infra.local.gateway local --stage local --port 8000    # what the stack runs

This is the real `chalice local` command. Only its gateway stand-in's own answers change. chalice
local answers an unknown path or method with API Gateway's bare 403 `{"message": "Missing
Authentication Token"}` (echoing the caller's Authorization header back), takes bodies of any size,
drops the connection without an answer on a Content-Length that is not a number, ignores a chunked
body, and answers a malformed request line with an HTML page. The deployed API answers those with
the gateway responses of infra/api.json (404 `not_found`, 413 `request_too_large` over API
Gateway's 10 MB payload limit, 4xx `bad_request`) in the API's error shape, and reads chunked
bodies; so clients of the local stack see what clients of a deployed stage see.
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


class Refused(Exception):
    """A request the gateway answers itself: which gateway response, its default status, and why."""

    def __init__(self, response_type: str, status: int, message: str) -> None:
        super().__init__(message)
        self.response_type, self.status, self.message = response_type, status, message


def gateway_responses() -> dict[str, dict[str, Any]]:
    """ResponseType -> the GatewayResponse's properties, from infra/api.json."""
    template = json.loads((ROOT / "infra" / "api.json").read_text())
    return {resource["Properties"]["ResponseType"]: resource["Properties"]
            for resource in template["Resources"].values()
            if resource["Type"] == "AWS::ApiGateway::GatewayResponse"}


def render(response: dict[str, Any], method: str, path: str, status: int,
           message: str) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body API Gateway sends for this gateway response. Values are
    JSON-escaped: a path is the caller's text, and the body must stay valid JSON."""
    def quoted(value: str) -> str:
        return json.dumps(value)[1:-1]

    body = (response["ResponseTemplates"]["application/json"]
            .replace("$context.httpMethod", quoted(method))
            .replace("$context.path", quoted(urlsplit(path).path))
            .replace("$context.error.messageString", json.dumps(message)))
    headers = {"Content-Type": "application/json"}
    for name, value in response.get("ResponseParameters", {}).items():
        headers[name.removeprefix("gatewayresponse.header.")] = value.strip("'")
    return int(response.get("StatusCode", status)), headers, body.encode()


def read_body(handler: ChaliceRequestHandler) -> bytes | None:
    """The request's body, as the gateway reads it: by Content-Length, or chunked."""
    if "chunked" in handler.headers.get("transfer-encoding", "").lower():
        return read_chunked(handler)
    raw_length = handler.headers.get("content-length", "0").strip() or "0"
    if not raw_length.isascii() or not raw_length.isdigit():
        handler.close_connection = True  # where this body ends is unknown
        raise Refused("DEFAULT_4XX", 400, "the Content-Length header must be a number of bytes")
    length = int(raw_length)
    if length > MAX_PAYLOAD_BYTES:
        drain(handler, length)
        raise Refused("REQUEST_TOO_LARGE", 413, "the request body is too large")
    return handler.rfile.read(length) if length else None


def read_chunked(handler: ChaliceRequestHandler) -> bytes | None:
    body = bytearray()
    while True:
        size_line = handler.rfile.readline(1024).split(b";")[0].strip()
        try:
            size = int(size_line, 16)
        except ValueError:
            handler.close_connection = True
            raise Refused("DEFAULT_4XX", 400, "the chunked request body is malformed") from None
        if size == 0:
            while handler.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return bytes(body) or None
        if len(body) + size > MAX_PAYLOAD_BYTES:
            handler.close_connection = True
            raise Refused("REQUEST_TOO_LARGE", 413, "the request body is too large")
        body += handler.rfile.read(size)
        handler.rfile.readline(1024)  # the chunk's CRLF


def drain(handler: ChaliceRequestHandler, length: int) -> None:
    """Reads and drops a refused body, as the gateway does: a client still sending gets its
    answer, not a broken pipe. Past a sane size the connection is closed instead."""
    handler.close_connection = True
    if length > DRAIN_LIMIT_BYTES:
        return
    while length > 0:
        chunk = handler.rfile.read(min(length, 1 << 16))
        if not chunk:
            return
        length -= len(chunk)


class GatewayResponses:
    """Patches chalice local's request handler to answer with the given gateway responses."""

    def __init__(self, responses: dict[str, dict[str, Any]]) -> None:
        self.responses = responses

    def install(self) -> None:
        original_handle = ChaliceRequestHandler._generic_handle
        responses = self.responses

        def send(handler: ChaliceRequestHandler, refused: Refused) -> None:
            status, headers, body = render(responses[refused.response_type], handler.command or "",
                                           handler.path or "", refused.status, refused.message)
            handler._send_http_response(status, headers, body)

        def parse_payload(handler: ChaliceRequestHandler) -> tuple[dict[str, Any], bytes | None]:
            return dict(handler.headers), read_body(handler)

        def generic_handle(handler: ChaliceRequestHandler) -> None:
            try:
                original_handle(handler)  # reads the body first, through parse_payload
            except Refused as refused:
                send(handler, refused)

        def send_error_response(handler: ChaliceRequestHandler, error: LocalGatewayException) -> None:
            response_type = RESPONSE_TYPES.get(type(error))
            if response_type is None or response_type not in responses:
                handler._send_http_response(error.CODE, error.headers, error.body)
                return
            send(handler, Refused(response_type, error.CODE, "the request was refused"))

        def send_error(handler: ChaliceRequestHandler, code: int, message: str | None = None,
                       explain: str | None = None) -> None:
            """http.server's own refusals (a malformed request line, a URL over 64 KB): JSON, not HTML."""
            handler.close_connection = True
            handler.command = handler.command or ""
            handler.path = handler.path if isinstance(getattr(handler, "path", None), str) else ""
            if code == 501:  # a method no route has (TRACE, PROPFIND, ...): the gateway's unknown path or method
                send(handler, Refused("MISSING_AUTHENTICATION_TOKEN", 404, "no such path or method"))
                return
            send(handler, Refused("DEFAULT_4XX" if code < 500 else "DEFAULT_5XX", code,
                                  message or explain or "the request could not be read"))

        handler_class: Any = ChaliceRequestHandler
        handler_class._parse_payload = parse_payload
        handler_class._generic_handle = generic_handle
        for method in ("do_GET", "do_PUT", "do_POST", "do_HEAD", "do_DELETE", "do_PATCH", "do_OPTIONS"):
            setattr(handler_class, method, generic_handle)
        handler_class._send_error_response = send_error_response
        handler_class.send_error = send_error


def main() -> int:
    GatewayResponses(gateway_responses()).install()
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
