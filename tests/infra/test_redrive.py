"""`make redrive` against the AWS stand-in: dead letters go back to their queue, failed stream
batches come back as jobs, and an operator's users change groups."""
from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from infra import redrive, teardown, users
from tests.conftest import moto_clients

REGION = "us-east-1"


@pytest.fixture
def sqs():
    with mock_aws():
        client = boto3.client("sqs", region_name=REGION)
        for name in ("callboard-prod-jobs", "callboard-prod-alerts", "callboard-prod-alerts-dlq",
                     "callboard-prod-stream-failures"):
            client.create_queue(QueueName=name)
        yield client


def _bodies(sqs, name: str) -> list[dict]:
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def test_a_failed_stream_batch_is_read_again_from_the_stream_and_queued_as_jobs(sqs):
    ddb = boto3.client("dynamodb", region_name=REGION)
    table = ddb.create_table(TableName="callboard-prod", BillingMode="PAY_PER_REQUEST",
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    stream_arn = table["TableDescription"]["LatestStreamArn"]
    for n in range(3):
        ddb.put_item(TableName="callboard-prod", Item={"pk": {"S": f"THREAD#{n}"}})
    streams = moto_clients("dynamodbstreams")  # the classic endpoint moto recognises
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    first = streams.get_records(ShardIterator=streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"])["Records"]
    failures = sqs.get_queue_url(QueueName="callboard-prod-stream-failures")["QueueUrl"]
    sqs.send_message(QueueUrl=failures, MessageBody=json.dumps({"DDBStreamBatchInfo": {
        "shardId": shard["ShardId"], "streamArn": stream_arn, "batchSize": 2,
        "startSequenceNumber": first[0]["dynamodb"]["SequenceNumber"],
        "endSequenceNumber": first[1]["dynamodb"]["SequenceNumber"]}}))

    assert redrive.redrive_stream_failures(sqs, streams, "prod", dry_run=True) == "would queue 2 stream records as jobs"
    assert _bodies(sqs, "callboard-prod-jobs") == []
    assert redrive.redrive_stream_failures(sqs, streams, "prod", dry_run=False) == "queued 2 stream records as jobs"
    jobs = _bodies(sqs, "callboard-prod-jobs")
    assert [j["kind"] for j in jobs] == ["stream_record", "stream_record"]
    assert [j["record"]["dynamodb"]["Keys"]["pk"]["S"] for j in jobs] == ["THREAD#0", "THREAD#1"]
    assert _bodies(sqs, "callboard-prod-stream-failures") == []


def test_a_dead_letter_queue_is_named_back_to_its_source(sqs):
    assert redrive.redrive_dead_letters(sqs, "prod", "alerts", dry_run=True) == (
        "would move callboard-prod-alerts-dlq back to callboard-prod-alerts")


def test_teardown_of_prod_needs_its_name_twice():
    with pytest.raises(teardown.Refused):
        teardown.check("prod", None)
    with pytest.raises(teardown.Refused):
        teardown.check("prod", "dev")
    teardown.check("prod", "prod")
    teardown.check("dev", None)


def test_an_operator_puts_a_user_in_a_group_by_their_address():
    with mock_aws():
        cognito = boto3.client("cognito-idp", region_name=REGION)
        pool = cognito.create_user_pool(PoolName="callboard-prod", UsernameAttributes=["email"])["UserPool"]["Id"]
        cognito.create_group(UserPoolId=pool, GroupName="casting")
        cognito.admin_create_user(UserPoolId=pool, Username="ana@example.com",
                                  UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
        name = users.change_group(cognito, pool, "ana@example.com", "casting", add=True)
        groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=name)["Groups"]
        assert [g["GroupName"] for g in groups] == ["casting"]
        with pytest.raises(users.NoSuchUser):
            users.change_group(cognito, pool, "nobody@example.com", "casting", add=True)
        with pytest.raises(users.NoSuchUser):
            users.change_group(cognito, pool, "ana@example.com", "admin", add=True)
