"""What only real AWS can show: S3 enforcing the upload policy, TTL and PITR on the tables, the
SES receipt rule set active with scanning on, and the bucket closed to the public."""
from __future__ import annotations

import uuid

import boto3
import pytest
import requests

from chalicelib.aws.s3 import FileStore

MAX_UPLOAD = 6 * 1024 * 1024  # the API's per-file limit (chalicelib/domain/attachments.py)


@pytest.fixture(scope="module")
def files(stack: dict[str, str]) -> FileStore:
    return FileStore(stack["FilesBucketName"], boto3.session.Session().region_name or "us-east-1", None)


def test_s3_refuses_a_presigned_post_over_the_size_limit(files: FileStore):
    key = f"uploads/live-test/{uuid.uuid4().hex}"
    post = files.presigned_post(key, "application/pdf", MAX_UPLOAD, 300, tagging=None)
    too_big = requests.post(post["url"], data=post["fields"],
                            files={"file": ("big.pdf", b"%PDF" + b"0" * (7 * 1024 * 1024), "application/pdf")},
                            timeout=120)
    assert too_big.status_code == 400 and "EntityTooLarge" in too_big.text, too_big.text[:500]
    assert files.head(key) is None


def test_s3_accepts_a_presigned_post_within_the_limit(files: FileStore):
    key = f"uploads/live-test/{uuid.uuid4().hex}"
    post = files.presigned_post(key, "application/pdf", MAX_UPLOAD, 300, tagging=None)
    small = requests.post(post["url"], data=post["fields"],
                          files={"file": ("small.pdf", b"%PDF-1.4 small", "application/pdf")}, timeout=60)
    try:
        assert small.status_code in (200, 201, 204), small.text[:500]
        stored = files.head(key)
        assert stored is not None and stored.size == len(b"%PDF-1.4 small")
    finally:
        boto3.client("s3").delete_object(Bucket=files.bucket, Key=key)


@pytest.mark.parametrize(("output", "attribute"), [("TableName", "expires_at_epoch"),
                                                   ("IdempotencyTableName", "expiration")])
def test_tables_have_ttl_and_point_in_time_recovery(stack: dict[str, str], output: str, attribute: str):
    ddb = boto3.client("dynamodb")
    ttl = ddb.describe_time_to_live(TableName=stack[output])["TimeToLiveDescription"]
    assert ttl["TimeToLiveStatus"] == "ENABLED" and ttl["AttributeName"] == attribute
    backups = ddb.describe_continuous_backups(TableName=stack[output])["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def test_the_ses_receipt_rule_set_is_active_and_scans_into_inbound(stack: dict[str, str]):
    active = boto3.client("ses").describe_active_receipt_rule_set()
    assert active.get("Metadata", {}).get("Name") == stack["InboundRuleSetName"], (
        "activate it: aws ses set-active-receipt-rule-set --rule-set-name " + stack["InboundRuleSetName"])
    rule = next(r for r in active["Rules"] if stack["RelayDomain"] in r.get("Recipients", []))
    assert rule["Enabled"] and rule["ScanEnabled"]
    action = rule["Actions"][0]["S3Action"]
    assert action["BucketName"] == stack["FilesBucketName"] and action["ObjectKeyPrefix"] == "inbound/"


def test_the_relay_domain_is_verified_for_sending(stack: dict[str, str]):
    identity = boto3.client("sesv2").get_email_identity(EmailIdentity=stack["RelayDomain"])
    assert identity["VerifiedForSendingStatus"], "add the DkimRecord outputs to DNS (README, Deploy)"


def test_the_files_bucket_is_closed_to_the_public(stack: dict[str, str]):
    block = boto3.client("s3").get_public_access_block(Bucket=stack["FilesBucketName"])
    assert set(block["PublicAccessBlockConfiguration"].values()) == {True}
    anonymous = requests.get(f"https://{stack['FilesBucketName']}.s3.amazonaws.com/", timeout=30)
    assert anonymous.status_code == 403
