"""infra/template.json is the one source of truth: the models, the local stack and the deployed
stages agree with it, and it keeps the properties issue 9 asks of every stateful resource."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from chalicelib.storage.models import ALL_MODELS
from infra.local.provision import CREATORS, PSEUDO_PARAMETERS, SKIPPED_LOCALLY, _Resolver, load_template, provision
from tests.conftest import moto_clients


def resources(kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in load_template()["Resources"].items() if r["Type"] == kind}


def resolver(stage: str) -> _Resolver:
    template = load_template()
    params: dict[str, Any] = {name: spec.get("Default", "") for name, spec in template["Parameters"].items()}
    params.update(PSEUDO_PARAMETERS, Stage=stage, WebOrigins=["http://localhost:8080"])
    return _Resolver(params, template["Conditions"])


def test_every_index_the_models_declare_exists_with_the_same_keys():
    table = load_template()["Resources"]["MainTable"]["Properties"]
    template_indexes = {
        index["IndexName"]: sorted((k["AttributeName"], k["KeyType"]) for k in index["KeySchema"])
        for index in table["GlobalSecondaryIndexes"]
    }
    declared = {}
    for model in ALL_MODELS:
        for name, index in getattr(model, "_indexes", {}).items():
            declared[name] = sorted((k["AttributeName"], k["KeyType"]) for k in index._get_schema()["key_schema"])
    assert declared, "the models declare no index"
    for name, keys in declared.items():
        assert template_indexes.get(name) == keys, name


def test_every_resource_is_created_locally_or_skipped_for_a_stated_reason():
    template = load_template()
    for name, resource in template["Resources"].items():
        conditioned = resource.get("Condition") == "IsDeployed"
        assert resource["Type"] in CREATORS or resource["Type"] in SKIPPED_LOCALLY or conditioned, name


def test_queues_have_dead_letter_queues_and_encryption():
    queues = resources("AWS::SQS::Queue")
    for name, queue in queues.items():
        assert queue["Properties"]["SqsManagedSseEnabled"] is True, name  # .checkov.yaml relies on it
        if "DeadLetter" in name or "Failure" in name:  # where failed work waits: kept the longest SQS allows
            assert queue["Properties"]["MessageRetentionPeriod"] == 14 * 24 * 3600, name
            continue
        target = queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        assert target in queues and "DeadLetter" in target, name


def test_tables_are_on_demand_with_recovery_ttl_encryption_and_protection_in_prod():
    tables = resources("AWS::DynamoDB::Table")
    assert set(tables) == {"MainTable", "IdempotencyTable"}
    for name, table in tables.items():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST", name
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert props["SSESpecification"]["SSEEnabled"] is True, name
        assert props["TimeToLiveSpecification"]["Enabled"] is True, name
        assert table["DeletionPolicy"] == "Retain", name
        assert resolver("prod")(props["DeletionProtectionEnabled"]) is True, name
        assert resolver("dev")(props["DeletionProtectionEnabled"]) is False, name
    assert tables["MainTable"]["Properties"]["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"


def test_buckets_are_private_encrypted_and_refuse_plain_http():
    policies = resources("AWS::S3::BucketPolicy")
    for name, bucket in resources("AWS::S3::Bucket").items():
        props = bucket["Properties"]
        assert set(props["PublicAccessBlockConfiguration"].values()) == {True}, name
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"], name
        assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}], name
        policy = next(p for p in policies.values() if p["Properties"]["Bucket"] == {"Ref": name})
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
                   for s in statements), name


def test_files_bucket_expires_unattached_uploads_and_processed_mail_and_notifies_its_queues():
    props = load_template()["Resources"]["FilesBucket"]["Properties"]
    rules = {r["Id"]: r for r in props["LifecycleConfiguration"]["Rules"]}
    assert rules["expire-unattached-uploads"]["TagFilters"] == [{"Key": "state", "Value": "unattached"}]
    assert rules["expire-processed-inbound-mail"]["Prefix"] == "inbound/"
    targets = {q["Filter"]["S3Key"]["Rules"][0]["Value"]: q["Queue"]["Fn::GetAtt"][0]
               for q in props["NotificationConfiguration"]["QueueConfigurations"]}
    assert targets == {"uploads/": "UploadsQueue", "media/": "UploadsQueue", "inbound/": "InboundQueue"}
    # The web client's CloudFront origin and the extra origins may upload from the browser.
    resolve = resolver("prod")
    resolve.attributes[("WebDistribution", "DomainName")] = "d111.cloudfront.net"
    origins = resolve(props["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"])
    assert origins == ["https://d111.cloudfront.net", "http://localhost:8080"]
    assert resolver("local")(props["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"]) == ["http://localhost:8080"]


def test_web_client_is_served_by_cloudfront_from_a_bucket_only_cloudfront_reads():
    template = load_template()["Resources"]
    origin = template["WebDistribution"]["Properties"]["DistributionConfig"]["Origins"][0]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    behaviour = template["WebDistribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
    reads = template["WebBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert reads["Principal"] == {"Service": "cloudfront.amazonaws.com"} and reads["Action"] == "s3:GetObject"
    assert "distribution/${WebDistribution}" in reads["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]


def test_ses_receives_with_scanning_into_inbound_and_reports_bounces_to_the_topic():
    template = load_template()["Resources"]
    rule = template["InboundRule"]["Properties"]["Rule"]
    assert rule["ScanEnabled"] is True and rule["Enabled"] is True
    assert rule["Actions"] == [{"S3Action": {"BucketName": {"Ref": "FilesBucket"}, "ObjectKeyPrefix": "inbound/"}}]
    destination = template["SesFeedbackDestination"]["Properties"]["EventDestination"]
    assert set(destination["MatchingEventTypes"]) == {"bounce", "complaint"}
    # SES cannot publish to a topic under the AWS managed key: the topic has a key SES may use.
    assert template["SesFeedbackTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "FeedbackKey"}
    key_policy = template["FeedbackKey"]["Properties"]["KeyPolicy"]["Statement"]
    assert any(s["Principal"] == {"Service": "ses.amazonaws.com"} for s in key_policy)


def test_every_checkov_skip_in_the_template_gives_a_reason():
    for name, resource in load_template()["Resources"].items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert len(skip.get("comment", "")) > 20, (name, skip)


def test_the_local_stack_provisions_from_the_template_and_logs_what_it_skips(caplog):
    from moto import mock_aws

    with mock_aws(), caplog.at_level(logging.INFO, logger="infra.local.provision"):
        outputs = provision(moto_clients, "local")
        ddb = moto_clients("dynamodb")
        ttl = ddb.describe_time_to_live(TableName="callboard-local")["TimeToLiveDescription"]
        assert ttl["AttributeName"] == "expires_at_epoch"
        lifecycle = moto_clients("s3").get_bucket_lifecycle_configuration(Bucket=outputs["FilesBucketName"])
        assert {r["ID"] for r in lifecycle["Rules"]} >= {"expire-unattached-uploads", "expire-processed-inbound-mail"}
        secret = moto_clients("secretsmanager").get_secret_value(SecretId=outputs["SigningSecretArn"])
        assert len(secret["SecretString"]) == 64
    assert "UserPoolArn" not in outputs and "WebUrl" not in outputs  # deployed stages only
    skipped = "\n".join(r.getMessage() for r in caplog.records)
    assert "skipped WebDistribution (AWS::CloudFront::Distribution): condition IsDeployed is false" in skipped
    assert "skipped InboundRule (AWS::SES::ReceiptRule): infra/local/smtp.py" in skipped


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_deployed_stages_create_cognito_and_web_hosting(stage):
    resolve = resolver(stage)
    template = load_template()
    for name in ("UserPool", "UserPoolClient", "UserPoolDomain", "WebBucket", "WebDistribution"):
        assert resolve.condition(template["Resources"][name]["Condition"]), name
    pool = template["Resources"]["UserPool"]["Properties"]
    assert resolve(pool["DeletionProtection"]) == ("ACTIVE" if stage == "prod" else "INACTIVE")
    groups = {r["Properties"]["GroupName"] for r in resources("AWS::Cognito::UserPoolGroup").values()}
    assert groups == {"casting", "editor"}  # chalicelib/auth.py role_from_groups


def test_cognito_sends_users_back_to_the_web_client_only():
    resolve = resolver("prod")
    resolve.params["WebOrigins"] = ["https://callboard.example", "http://localhost:8080"]
    resolve.attributes[("WebDistribution", "DomainName")] = "d111.cloudfront.net"
    client = load_template()["Resources"]["UserPoolClient"]["Properties"]
    assert resolve(client["CallbackURLs"]) == [
        "https://d111.cloudfront.net/", "https://callboard.example/", "http://localhost:8080/"]
    assert client["GenerateSecret"] is False and client["AllowedOAuthFlows"] == ["code"]
