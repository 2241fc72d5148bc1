"""The running local stack (`python -m infra.local.stack`), driven over real HTTP.

One stack per test session (under pytest-xdist: per worker that runs these tests), on free
ports, so it never collides with a `make run` on the default ports or with another worker.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.local.soak import free_ports

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60.0
READY_LINE = re.compile(r"^READY api=(\S+) aws=(\S+) smtp=(\S+)$", re.MULTILINE)


class Response:
    def __init__(self, status: int, text: str) -> None:
        self.status = status
        self.text = text  # the raw body, for checks that no private data leaks anywhere in it
        try:
            self.data: Any = json.loads(text) if text else None
        except ValueError:
            self.data = None

    def __repr__(self) -> str:
        return f"<{self.status} {self.text[:300]}>"


class Http:
    """A web client's view of the API: JSON over urllib, one bearer token per call.

    aws_url is the stack's AWS stand-in: clients only reach it through the presigned URLs the
    API hands out; tests also use it to check what the server side left in the bucket."""

    def __init__(self, base_url: str, aws_url: str = "", smtp_address: str = "") -> None:
        self.base_url = base_url
        self.aws_url = aws_url
        host, _, port = smtp_address.rpartition(":")
        self.smtp_host, self.smtp_port = host, int(port or 0)

    def request(self, method: str, path: str, token: str | None = None, body: Any = None,
                raw: bytes | None = None) -> Response:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return Response(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode())

    def get(self, path: str, token: str | None = None) -> Response:
        return self.request("GET", path, token)

    def post(self, path: str, token: str | None = None, body: Any = None, raw: bytes | None = None) -> Response:
        return self.request("POST", path, token, body, raw)

    def sign_up(self, name: str, role: str = "talent") -> dict[str, str]:
        """A new user with a unique email, so tests share the stack without sharing mailboxes."""
        email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:10]}@e2e.callboard.test"
        response = self.post("/dev/token", body={"email": email, "name": name, "role": role})
        assert response.status == 200, response
        return {"name": name, "email": email, "token": response.data["token"], "user_id": response.data["user_id"]}


def _stack_environment() -> dict[str, str]:
    env = dict(os.environ)
    # The stack must start its own AWS stand-in, never use an endpoint someone configured.
    env.pop("AWS_ENDPOINT_URL", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_until_ready(process: subprocess.Popen[bytes], output: Path) -> tuple[str, str, str]:
    """The API's and the AWS stand-in's URLs and the SMTP address, from the stack's READY line."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        match = READY_LINE.search(output.read_text(errors="replace"))
        if match:
            return match.group(1), match.group(2), match.group(3)
        if process.poll() is not None:
            pytest.fail(f"the local stack exited ({process.returncode}) before READY:\n{output.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"the local stack was not READY within {READY_TIMEOUT:.0f} s:\n{output.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: the stack stops chalice local and the AWS stand-in itself
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Http]:
    output = tmp_path_factory.mktemp("stack") / "stack.log"
    api_port, aws_port, smtp_port = free_ports(3)
    command = [sys.executable, "-m", "infra.local.stack", "--api-port", str(api_port), "--aws-port", str(aws_port),
               "--smtp-port", str(smtp_port), "--no-demo", "--no-web"]
    # Output goes to a file, not a pipe: nobody reads a pipe after READY, and a full pipe
    # would block the stack.
    with output.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=_stack_environment(),
                                   stdout=sink, stderr=subprocess.STDOUT)
    try:
        yield Http(*_wait_until_ready(process, output))
    finally:
        _stop(process)
