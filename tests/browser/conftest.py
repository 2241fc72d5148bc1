"""The web client in headless Chromium (Debian's `chromium`, driven by Playwright for Python)
against the running local stack, started as tests/e2e starts it, plus its web server.

One stack and one browser per test module and xdist worker (torn down after the module, so an
idle stack does not poll while the rest of the suite runs); tests open a fresh browser context
per person, so two people can use the app side by side. Screenshots go to a temporary directory, or to the
directory named by CALLBOARD_SCREENS_DIR (`make screens` refreshes docs/screens/ that way)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ROOT, Http, _stack_environment, _stop, _wait_until_ready, free_ports

CHROMIUM = Path(os.environ.get("CALLBOARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WEB_LINE = re.compile(r"^Web client: (\S+)", re.MULTILINE)
SESSION_KEY = "callboard.session"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 740}


@dataclass
class WebStack:
    api: Http
    web_url: str


@pytest.fixture(scope="module")
def web_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebStack]:
    output = tmp_path_factory.mktemp("web-stack") / "stack.log"
    api_port, aws_port, smtp_port, web_port = free_ports(4)
    command = [sys.executable, "-m", "infra.local.stack", "--api-port", str(api_port), "--aws-port", str(aws_port),
               "--smtp-port", str(smtp_port), "--web-port", str(web_port), "--no-demo"]
    with output.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=_stack_environment(), stdout=sink, stderr=subprocess.STDOUT)
    try:
        api = Http(*_wait_until_ready(process, output))
        match = WEB_LINE.search(output.read_text(errors="replace"))
        assert match, f"the stack printed no web client URL:\n{output.read_text()}"
        yield WebStack(api, match.group(1))
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make venv` installs Debian's chromium package (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screens_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("CALLBOARD_SCREENS_DIR")
    directory = Path(configured) if configured else tmp_path_factory.mktemp("screens")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def screenshot(screens_dir: Path) -> Callable[[Any, str], Path]:
    def take(page: Any, name: str, full_page: bool = True) -> Path:
        page.wait_for_load_state("networkidle")
        path = screens_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="initial")
        return path

    return take


class Person:
    """A user of the stack with their own browser context, signed in."""

    def __init__(self, stack: WebStack, browser: Any, name: str, role: str, viewport: dict[str, int] | None = None,
                 subscriber: bool = False) -> None:
        self.stack = stack
        self.name = name
        self.role = role
        self.email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:10]}@browser.callboard.test"
        signed = stack.api.post("/dev/token", body={"email": self.email, "name": name, "role": role,
                                                    "subscriber": subscriber})
        assert signed.status == 200, signed
        self.token: str = signed.data["token"]
        self.user_id: str = signed.data["user_id"]
        self.context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True)
        self.context.set_default_timeout(10_000)
        session = json.dumps({"token": self.token, "user_id": self.user_id, "name": name, "role": role})
        # The session a sign-in leaves behind (web/js/auth.js), set before the page's scripts run.
        self.context.add_init_script(f"window.localStorage.setItem({SESSION_KEY!r}, {session!r});")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, hash_path: str) -> Any:
        self.page.goto(f"{self.stack.web_url}/{hash_path}")
        self.page.wait_for_load_state("networkidle")
        return self.page

    # Set-up through the API, for what a test is not about.
    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        response = self.stack.api.request(method, path, self.token, body)
        assert response.status == expect, f"{method} {path}: {response}"
        return response.data

    def close(self) -> None:
        assert not self.errors, f"JavaScript errors in {self.name}'s page: {self.errors}"
        self.context.close()


@pytest.fixture
def people(web_stack: WebStack, browser: Any) -> Iterator[Callable[..., Person]]:
    opened: list[Person] = []

    def person(name: str, role: str, **options: Any) -> Person:
        opened.append(Person(web_stack, browser, name, role, **options))
        return opened[-1]

    yield person
    for each in opened:
        each.close()


def eventually(check: Callable[[], bool], timeout: float = 10.0, every: float = 0.3) -> None:
    """For what the stack does after answering (the event pump indexes messages, checks uploads)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(every)
