"""A newcomer's `make run` when a port it needs is taken (a LocalStack on 4566, another server on
8000): the stack says which port and which option picks another, and exits, before it starts
anything; it never hangs, never prints a traceback, never uses whatever already listens there."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from infra.local.soak import free_ports
from tests.e2e.conftest import ROOT

OPTIONS = ("--api-port", "--aws-port", "--smtp-port", "--web-port")


@pytest.mark.parametrize("taken", OPTIONS)
def test_a_port_in_use_is_named_with_its_option_and_nothing_starts(taken: str) -> None:
    ports = dict(zip(OPTIONS, free_ports(len(OPTIONS)), strict=True))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", ports[taken]))
        squatter.listen()
        command = [sys.executable, "-m", "infra.local.stack", "--no-demo",
                   *(part for option, port in ports.items() for part in (option, str(port)))]
        env = {"PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}  # no AWS_ENDPOINT_URL: its own stand-in
        finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 1, output
    assert f"127.0.0.1:{ports[taken]}" in output and taken in output, output
    assert "Traceback" not in output and "provisioned" not in output, output
