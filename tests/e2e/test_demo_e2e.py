"""`make run`'s demo data, over a stack of its own (the shared e2e stack runs with --no-demo, so
the other tests' counts are not disturbed): the demo users can sign in by the tokens it prints,
and every screen has something to show: threads, two published notices (one remote), an
application in the manager, an invitation and a partial profile."""
from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import ROOT, Http, _stack_environment, _stop, _wait_until_ready, free_ports
from tests.e2e.test_messaging_e2e import ok


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Http, dict[str, str]]]:
    output = tmp_path_factory.mktemp("demo") / "stack.log"
    api_port, aws_port, smtp_port = free_ports(3)
    command = [sys.executable, "-m", "infra.local.stack", "--api-port", str(api_port), "--aws-port", str(aws_port),
               "--smtp-port", str(smtp_port), "--no-web"]
    with output.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=_stack_environment(), stdout=sink, stderr=subprocess.STDOUT)
    try:
        stack = Http(*_wait_until_ready(process, output))
        printed = output.read_text()
        # "  Name Surname (role, ...)", then what the role may do, then "    token: ..."
        tokens = dict(re.findall(r"^  (\S+ \S+) \(\w+, .*?\)\n(?:    (?!token:).*\n)*?    token: (\S+)$",
                                 printed, re.MULTILINE))
        yield stack, tokens
    finally:
        _stop(process)


def test_make_run_demo_data_fills_every_screen(demo: tuple[Http, dict[str, str]]) -> None:
    stack, tokens = demo
    assert set(tokens) >= {"Casey Castellano", "Tamsin Reyes", "Theo Nakamura", "Edda Lindqvist"}, tokens
    tamsin, casey, theo = tokens["Tamsin Reyes"], tokens["Casey Castellano"], tokens["Theo Nakamura"]

    notices = ok(stack.get("/notices"))["items"]
    assert sorted(n["name"] for n in notices) == ["Harbor Lights (audio drama)", "The Long Thaw (indie feature)"]
    assert [n["name"] for n in ok(stack.get("/notices?remote=true"))["items"]] == ["Harbor Lights (audio drama)"]

    board = ok(stack.get("/dashboard/talent", tamsin))
    assert board["at_a_glance"]["new_invitations"] == 1 and board["at_a_glance"]["new_roles_matched"] == 1
    assert board["profile_score"]["value"] == 4 and "headshot photo" in board["profile_score"]["missing"]
    assert board["recent_messages"], "the demo threads"
    assert ok(stack.get("/me/applications?status=active", theo))["counts"]["active"] == 1

    casting = ok(stack.get("/dashboard/casting", casey))
    assert {p["status"] for p in casting["productions"]} == {"approved"} and casting["new_submissions"] == 1
    remote = next(p for p in casting["productions"] if p["name"].startswith("Harbor Lights"))
    [row] = ok(stack.get(f"/productions/{remote['production_id']}/applications", casey))["items"]
    assert row["applicant"]["name"] == "Theo Nakamura" and "@" not in str(row)
