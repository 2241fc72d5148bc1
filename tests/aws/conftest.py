"""The live suite (`make test-aws`): runs only against a deployed stage, with real credentials.

    CALLBOARD_STAGE=dev AWS_PROFILE=... make test-aws      # stack callboard-dev (or CALLBOARD_STACK)

Skipped unless CALLBOARD_STAGE names a deployed stage and AWS credentials resolve. It reads the
stack's outputs and checks what the local stand-ins cannot. It writes one small object under
uploads/ and deletes it.
"""
from __future__ import annotations

import os
from typing import Any

import pytest

STAGE = os.environ.get("CALLBOARD_STAGE", "")


def _credentials() -> Any:
    import boto3

    return boto3.session.Session().get_credentials()


@pytest.fixture(scope="session")
def stack() -> dict[str, str]:
    if not STAGE or STAGE == "local":
        pytest.skip("set CALLBOARD_STAGE to a deployed stage (dev, prod) to run the live suite")
    credentials = _credentials()
    if credentials is None or credentials.access_key in ("testing", "t"):
        pytest.skip("no AWS credentials")
    if os.environ.get("AWS_ENDPOINT_URL"):
        pytest.skip("AWS_ENDPOINT_URL points at a stand-in; the live suite is for AWS itself")
    import boto3

    name = os.environ.get("CALLBOARD_STACK", f"callboard-{STAGE}")
    described = boto3.client("cloudformation").describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
