"""`.chalice/config.json` agrees with infra/template.json, and every REPLACE_WITH placeholder can be
filled from the stack (infra/outputs_to_config.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from infra import iam, reach
from infra.local.provision import load_template
from infra.outputs_to_config import API_URL, example_outputs, fill_stage, placeholders

DEPLOYED = ["dev", "prod"]


@pytest.mark.parametrize("stage", DEPLOYED)
def test_every_placeholder_names_an_output_of_the_stack(stage):
    _, env = iam.stage_config(stage)
    outputs = set(load_template()["Outputs"])
    text = json.dumps(env) + "".join(json.dumps(iam.load_policy(stage, f.name)) for f in reach.functions())
    for placeholder in placeholders(text) - {API_URL}:
        assert placeholder.removeprefix("REPLACE_WITH_STACK_OUTPUT_") in outputs, placeholder


@pytest.mark.parametrize("stage", DEPLOYED)
def test_names_written_in_the_config_are_the_stacks_names_for_the_stage(stage):
    _, env = iam.stage_config(stage)
    resources = load_template()["Resources"]

    def name(logical: str, prop: str) -> str:
        return resources[logical]["Properties"][prop]["Fn::Sub"].replace("${Stage}", stage)

    assert env["CALLBOARD_STAGE"] == stage
    assert env["CALLBOARD_TABLE"] == name("MainTable", "TableName")
    assert env["CALLBOARD_IDEMPOTENCY_TABLE"] == name("IdempotencyTable", "TableName")
    for variable, logical in [("CALLBOARD_JOBS_QUEUE", "JobsQueue"), ("CALLBOARD_UPLOADS_QUEUE", "UploadsQueue"),
                              ("CALLBOARD_ALERTS_QUEUE", "AlertsQueue"), ("CALLBOARD_INBOUND_QUEUE", "InboundQueue"),
                              ("CALLBOARD_DIGEST_QUEUE", "DigestQueue")]:
        assert env[variable] == name(logical, "QueueName"), variable
    assert env["CALLBOARD_FEEDBACK_TOPIC"] == name("SesFeedbackTopic", "TopicName")
    assert env["CALLBOARD_SES_CONFIGURATION_SET"] == name("SesConfigurationSet", "Name")


def test_outputs_to_config_fills_one_stage_and_its_policy(tmp_path: Path):
    chalice_dir = tmp_path / ".chalice"
    shutil.copytree(iam.ROOT / ".chalice", chalice_dir, ignore=shutil.ignore_patterns("deployed", "deployments"))
    left = fill_stage(chalice_dir, "prod", example_outputs("prod"), None)
    assert left == {API_URL}
    config = json.loads((chalice_dir / "config.json").read_text())
    env = config["stages"]["prod"]["environment_variables"]
    assert env["CALLBOARD_FILES_BUCKET"] == "callboard-prod-files-123456789012"
    assert "REPLACE_WITH" in json.dumps(config["stages"]["dev"])  # other stages untouched
    policy = (chalice_dir / "policy-prod-on_upload.json").read_text()
    assert "arn:aws:s3:::callboard-prod-files-123456789012/uploads/*" in policy
    assert fill_stage(chalice_dir, "prod", {}, "https://api.example.com/api") == set()


def test_a_chalice_deploy_gets_the_same_gateway_responses_as_the_package():
    from infra.gateway_responses import responses

    by_type = {r["responseType"]: r for r in responses()}
    unknown = by_type["MISSING_AUTHENTICATION_TOKEN"]  # what API Gateway answers for a path it lacks
    assert unknown["statusCode"] == "404"
    body = unknown["responseTemplates"]["application/json"]
    assert json.loads(body.replace("$context.httpMethod $context.path", "GET /x"))["error"]["code"] == "not_found"
    assert {"UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX"} <= set(by_type)
