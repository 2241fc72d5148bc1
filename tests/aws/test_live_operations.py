"""Live checks of a deployed stage's operations (`make test-aws`): the alarms exist and act, a
dead letter trips its alarm, the functions carry their own roles, limits and failure handling."""
from __future__ import annotations

import json
import time

import boto3

from infra import failures, iam, reach
from tests.aws.conftest import STAGE

ALARM_WAIT_SECONDS = 900  # SQS publishes its metrics every 5 minutes; an alarm evaluates after


def test_every_alarm_of_the_template_exists_and_tells_the_ops_topic(stack: dict[str, str]):
    template = iam.load_template()["Resources"]
    names = [f"callboard-{STAGE}-{name[: -len('Alarm')]}" for name, r in template.items()
             if r["Type"] == "AWS::CloudWatch::Alarm"]
    found = {a["AlarmName"]: a for page in boto3.client("cloudwatch").get_paginator("describe_alarms").paginate(
        AlarmNames=names) for a in page["MetricAlarms"]}
    assert sorted(found) == sorted(names)
    assert all(a["AlarmActions"] == [stack["OpsTopicArn"]] for a in found.values())


def test_each_function_has_its_own_role_limits_and_timeout(stack: dict[str, str]):
    lam = boto3.client("lambda")
    roles = set()
    for function in reach.functions():
        config = lam.get_function(FunctionName=iam.function_name(STAGE, function.name))
        roles.add(config["Configuration"]["Role"])
        if function.kind == "api":
            assert config["Configuration"]["Timeout"] <= 29
        else:
            assert config.get("Concurrency", {}).get("ReservedConcurrentExecutions", 0) >= 1, function.name
    assert len(roles) == len(reach.functions())


def test_the_stream_trigger_retries_bisects_and_parks_failures(stack: dict[str, str]):
    lam = boto3.client("lambda")
    name = iam.function_name(STAGE, "on_table_stream")
    mapping = lam.list_event_source_mappings(FunctionName=name)["EventSourceMappings"][0]
    assert mapping["MaximumRetryAttempts"] == failures.STREAM["MaximumRetryAttempts"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"].endswith(f":callboard-{STAGE}-stream-failures")


def test_a_message_in_a_dead_letter_queue_trips_its_alarm(stack: dict[str, str]):
    """Puts a marked message into the jobs DLQ, waits for the alarm, then removes the message."""
    sqs, cloudwatch = boto3.client("sqs"), boto3.client("cloudwatch")
    url = sqs.get_queue_url(QueueName=f"callboard-{STAGE}-jobs-dlq")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "live-test", "note": "make test-aws"}))
    alarm = f"callboard-{STAGE}-JobsDeadLetters"
    try:
        deadline = time.monotonic() + ALARM_WAIT_SECONDS
        state = ""
        while time.monotonic() < deadline:
            state = cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]["StateValue"]
            if state == "ALARM":
                break
            time.sleep(30)
        assert state == "ALARM"
    finally:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            if "live-test" in message["Body"]:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
