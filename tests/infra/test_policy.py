"""Least privilege: each deployed function's policy grants exactly what that function's code calls,
on the named resources (infra/reach.py finds what a function reaches, infra/iam.py derives the
actions; this fails when either side moves)."""
from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

import pytest

from infra import iam, reach

DEPLOYED = ["dev", "prod"]
FUNCTIONS = [f.name for f in reach.functions()]


@pytest.mark.parametrize("stage", DEPLOYED)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_functions_policy_grants_what_its_code_calls_and_nothing_else(stage, function):
    problems = iam.problems(iam.load_policy(stage, function), iam.requirement(stage, function))
    assert problems == [], "\n".join(problems) + f"\n(rewrite: python -m infra.iam --stage {stage} --write)"


@pytest.mark.parametrize("stage", DEPLOYED)
def test_no_resource_is_granted_as_star_where_a_name_is_known(stage):
    for function in FUNCTIONS:
        for statement in iam.load_policy(stage, function)["Statement"]:
            resources = iam._as_list(statement["Resource"])
            if "*" in resources:
                assert set(iam._as_list(statement["Action"])) <= iam.NO_RESOURCE_LEVEL, statement
            for resource in resources:
                if resource != "*":
                    name = resource.split(":", 5)[-1]
                    assert f"callboard-{stage}" in name or "REPLACE_WITH_STACK_OUTPUT_" in name, resource


def test_every_function_chalice_makes_is_found():
    assert set(FUNCTIONS) == {"api_handler", "on_table_stream", "on_job", "on_upload", "on_alert", "on_inbound_mail",
                              "daily_digest", "on_digest_batch", "expire_notices", "on_ses_feedback"}


def test_each_function_holds_only_its_own_rights():
    need = {f: iam.requirement("prod", f).needs for f in FUNCTIONS}
    mail = "ses:SendRawEmail"
    # only the functions that send mail may send mail; the API never does (alerts go through the stream)
    assert mail not in need["api_handler"] and mail not in need["on_upload"]
    assert mail in need["on_alert"] and mail in need["on_digest_batch"] and mail in need["on_inbound_mail"]
    # a consumer reads its own queue only
    assert need["on_upload"]["sqs:ReceiveMessage"] == {"arn:aws:sqs:us-east-1:123456789012:callboard-prod-uploads"}
    # the API reads no consumer's queue (at most the jobs queue its gateway module can also read)
    jobs = "arn:aws:sqs:us-east-1:123456789012:callboard-prod-jobs"
    assert need["api_handler"].get("sqs:ReceiveMessage", set()) <= {jobs}
    # the stream is read by its trigger alone, and its failures go to their own queue
    assert all("dynamodb:GetRecords" not in need[f] for f in FUNCTIONS if f != "on_table_stream")
    assert any(r.endswith(":callboard-prod-stream-failures") for r in need["on_table_stream"]["sqs:SendMessage"])
    # each function writes only its own log group
    assert need["on_job"]["logs:PutLogEvents"] == {
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/callboard-prod-on_job",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/callboard-prod-on_job:log-stream:x"}
    # powertools' idempotency store, scanned from the library's own source, only where it is used
    assert any("idempotency" in r for r in need["on_alert"]["dynamodb:PutItem"])
    assert not any("idempotency" in r for r in need["on_upload"].get("dynamodb:PutItem", ()))
    assert "dynamodb:Scan" not in set().union(*need.values())  # request paths never scan


def test_building_the_services_touches_nothing_a_function_does_not_use():
    """The composition root builds on first use: an entry point that asks for the file checks
    reaches neither the mailer nor the signing key's other users."""
    uploads = reach.reach(next(f for f in reach.functions() if f.name == "on_upload"))
    assert "mailer" not in uploads.parts and "alerts" not in uploads.parts


def test_a_presigned_post_and_a_missing_key_need_what_they_sign_for():
    need = iam.requirement("prod", "api_handler").needs
    assert {"s3:PutObject", "s3:PutObjectTagging"} <= set(need)
    assert need["s3:ListBucket"] == {"arn:aws:s3:::REPLACE_WITH_STACK_OUTPUT_FilesBucketName"}
    assert "secretsmanager:GetSecretValue" in need  # cursors are signed


def test_a_new_call_in_the_code_fails_the_check(tmp_path: Path):
    """The scan reads the source: a call nobody granted shows up as a problem."""
    module = tmp_path / "extra.py"
    module.write_text("import boto3\n\ndef purge(url):\n    boto3.client('sqs').purge_queue(QueueUrl=url)\n")
    calls = iam.boto3_calls(module, ast.parse(module.read_text()))
    assert [(c.service, c.operation) for c in calls] == [("sqs", "PurgeQueue")]
    need = iam.requirement("prod", "on_job")
    need.add(iam.iam_actions(calls[0]), ["arn:aws:sqs:us-east-1:123456789012:callboard-prod-jobs"], "extra.py")
    problems = iam.problems(iam.load_policy("prod", "on_job"), need)
    assert any(p.startswith("sqs:PurgeQueue on") for p in problems), problems


def test_a_missing_grant_an_unused_grant_and_a_star_each_fail_the_check():
    policy, need = iam.load_policy("prod", "on_alert"), iam.requirement("prod", "on_alert")
    narrowed = copy.deepcopy(policy)
    for statement in narrowed["Statement"]:
        statement["Action"] = [a for a in iam._as_list(statement["Action"]) if a != "ses:SendRawEmail"]
    assert any(p.startswith("ses:SendRawEmail on") for p in iam.problems(narrowed, need))

    widened = copy.deepcopy(policy)
    widened["Statement"].append({"Effect": "Allow", "Action": ["dynamodb:Scan"], "Resource": "*"})
    problems = iam.problems(widened, need)
    assert "dynamodb:Scan is granted but nothing in the code calls it" in problems
    assert any("granted on every resource" in p for p in problems)


def test_pynamodb_operations_are_read_from_the_storage_layer():
    source = "with TransactWrite(connection=c) as tx:\n    tx.condition_check(Item, 'k')\nItem.scan()\n"
    assert iam.pynamodb_actions(ast.parse(source)) == {"dynamodb:ConditionCheckItem", "dynamodb:Scan"}


def test_every_function_uses_its_own_policy_file_and_no_generated_one():
    config = json.loads((iam.ROOT / ".chalice" / "config.json").read_text())
    assert config["autogen_policy"] is False
    assert set(config["stages"]) == {"local", *DEPLOYED}
    for stage in DEPLOYED:
        stage_config = config["stages"][stage]
        assert stage_config.get("autogen_policy", False) is False
        assert set(stage_config["lambda_functions"]) == set(FUNCTIONS)
        for function, settings in stage_config["lambda_functions"].items():
            assert settings["iam_policy_file"] == iam.policy_file(stage, function)
            assert (iam.ROOT / ".chalice" / settings["iam_policy_file"]).exists()
