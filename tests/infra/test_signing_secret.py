"""Deployed stages sign with the stage's Secrets Manager secret, read on first use and once per
process; importing the app reads nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chalicelib import container
from chalicelib.settings import load_settings, read_secret
from infra.iam import ROOT
from tests.conftest import moto_clients

POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE"


def deployed_env(secret_arn: str) -> dict[str, str]:
    return {"CALLBOARD_STAGE": "dev", "CALLBOARD_SIGNING_SECRET_ARN": secret_arn, "CALLBOARD_USER_POOL_ARN": POOL,
            "CALLBOARD_TABLE": "callboard-local", "AWS_REGION": "us-east-1"}


def test_a_deployed_stage_reads_the_stacks_secret_once(aws):
    read_secret.cache_clear()
    settings = load_settings(deployed_env(aws["SigningSecretArn"]))
    assert settings.signing_secret_value is None  # nothing read yet
    expected = moto_clients("secretsmanager").get_secret_value(SecretId=aws["SigningSecretArn"])["SecretString"]
    services = container.build(settings)
    assert read_secret.cache_info().misses == 0  # building reads nothing: each service is built on first use
    assert services.messaging and services.files and services.notices  # each signs with the key
    assert settings.signing_secret == expected and len(expected) == 64
    info = read_secret.cache_info()
    assert info.misses == 1 and info.hits >= 2  # one read, however many services sign


def test_a_deployed_stage_without_its_secret_refuses_to_start():
    with pytest.raises(RuntimeError, match="CALLBOARD_SIGNING_SECRET_ARN"):
        load_settings({"CALLBOARD_STAGE": "prod", "CALLBOARD_USER_POOL_ARN": POOL})


def test_the_local_stage_keeps_its_own_key_and_calls_nothing():
    settings = load_settings({"CALLBOARD_STAGE": "local"})
    assert settings.signing_secret_arn is None and settings.signing_secret.startswith("local-only")


def test_importing_the_app_in_a_deployed_stage_calls_no_aws():
    """An unreachable endpoint and no credentials: any call at import would fail the import."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CALLBOARD_"))}
    env.update(deployed_env("arn:aws:secretsmanager:us-east-1:123456789012:secret:callboard-dev-signing-key-AbCdEf"))
    env.update({"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_LAMBDA_FUNCTION_NAME": "callboard-dev",
                "CALLBOARD_WEB_ORIGINS": "https://d111111abcdef8.cloudfront.net"})
    done = subprocess.run([sys.executable, "-c", "import app; print(len(app.app.routes))"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) > 10
