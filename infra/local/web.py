"""Serves the web client (web/) for the local stack, with a generated config.js.

Deployed stages serve the same files from the web bucket behind CloudFront, with a config.js
written at deploy time; here the page learns the local API's URL (whatever port it runs on)
and the demo users' names from the one file that is not static.
"""
from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from chalicelib.domain.attachments import client_limits

WEB_ROOT = Path(__file__).resolve().parents[2] / "web"
CONFIG_PATH = "/config.js"


def config_script(api_url: str, demo_users: list[dict[str, str]]) -> bytes:
    """The ES module web/js/config.js imports: where the API is, how to sign in, what may be uploaded."""
    config = {"apiUrl": api_url, "auth": "local", "demoUsers": demo_users, "limits": client_limits()}
    return f"export default {json.dumps(config, indent=2)};\n".encode()


class _Handler(SimpleHTTPRequestHandler):
    config_body = b""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == CONFIG_PATH:
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(self.config_body)))
            self.end_headers()
            self.wfile.write(self.config_body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        # Always revalidate: an edited file shows on reload, as on the CDN after a deploy.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the page loads a dozen modules; the API's log is the one worth reading


class WebServer:
    def __init__(self, host: str, port: int, api_url: str, demo_users: list[dict[str, str]]) -> None:
        handler = type("ConfiguredHandler", (_Handler,), {"config_body": config_script(api_url, demo_users)})
        try:
            self._server = ThreadingHTTPServer((host, port), partial(handler, directory=str(WEB_ROOT)))
        except OSError as exc:
            raise RuntimeError(f"cannot serve the web client on {host}:{port} ({exc.strerror}); "
                               "choose another port with --web-port") from None
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="web", daemon=True)

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def start_web(host: str, port: int, api_url: str, demo_users: list[dict[str, str]]) -> WebServer:
    return WebServer(host, port, api_url, demo_users).start()
