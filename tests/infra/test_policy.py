"""Least privilege: each deployed stage's policy grants exactly what the code calls, on the named
resources (infra/iam.py derives the requirement from the source; this fails when either side moves)."""
from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

import pytest

from infra import iam

DEPLOYED = ["dev", "prod"]


@pytest.mark.parametrize("stage", DEPLOYED)
def test_the_policy_grants_every_action_the_code_calls_and_nothing_else(stage):
    problems = iam.problems(iam.load_policy(stage), iam.requirement(stage))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("stage", DEPLOYED)
def test_no_resource_is_granted_as_star_where_a_name_is_known(stage):
    for statement in iam.load_policy(stage)["Statement"]:
        resources = iam._as_list(statement["Resource"])
        if "*" in resources:
            assert set(iam._as_list(statement["Action"])) <= iam.NO_RESOURCE_LEVEL, statement
        for resource in resources:
            if resource != "*":
                name = resource.split(":", 5)[-1]
                assert f"callboard-{stage}" in name or "REPLACE_WITH_STACK_OUTPUT_" in name, resource


def test_the_scan_finds_the_calls_that_need_the_most_care():
    need = iam.requirement("prod").needs
    # a presigned POST needs PutObject from the signer; tags ride on it
    assert {"s3:PutObject", "s3:PutObjectTagging"} <= set(need)
    # HEAD of a missing key answers 404 only with ListBucket on the bucket
    assert need["s3:ListBucket"] == {"arn:aws:s3:::REPLACE_WITH_STACK_OUTPUT_FilesBucketName"}
    # powertools' idempotency store, scanned from the library's own source
    assert any("idempotency" in r for r in need["dynamodb:PutItem"])
    # the signing key, read by chalicelib/settings.py
    assert "secretsmanager:GetSecretValue" in need
    # the poller of every queue app.py consumes
    assert any(r.endswith(":callboard-prod-uploads") for r in need["sqs:ReceiveMessage"])
    assert "dynamodb:Scan" not in need  # request paths never scan


def test_a_new_call_in_the_code_fails_the_check(tmp_path: Path):
    """The scan reads the source: a call nobody granted shows up as a problem."""
    module = tmp_path / "extra.py"
    module.write_text("import boto3\n\ndef purge(url):\n    boto3.client('sqs').purge_queue(QueueUrl=url)\n")
    calls = iam.boto3_calls(module, ast.parse(module.read_text()))
    assert [(c.service, c.operation) for c in calls] == [("sqs", "PurgeQueue")]
    need = iam.requirement("prod")
    need.add(iam.iam_actions(calls[0]), ["arn:aws:sqs:us-east-1:123456789012:callboard-prod-jobs"], "extra.py")
    problems = iam.problems(iam.load_policy("prod"), need)
    assert any(p.startswith("sqs:PurgeQueue on") for p in problems), problems


def test_a_missing_grant_an_unused_grant_and_a_star_each_fail_the_check():
    policy, need = iam.load_policy("prod"), iam.requirement("prod")
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


def test_every_stage_uses_its_own_policy_file_and_no_generated_one():
    config = json.loads((iam.ROOT / ".chalice" / "config.json").read_text())
    assert config["autogen_policy"] is False
    assert set(config["stages"]) == {"local", *DEPLOYED}
    for stage in DEPLOYED:
        assert config["stages"][stage].get("autogen_policy", False) is False
        assert config["stages"][stage]["iam_policy_file"] == f"policy-{stage}.json"
