"""Operators see trouble before users do: every queue, stream and schedule has a failure
destination and an alarm, every function is watched, and every alarm names a real thing."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from infra import failures, iam, reach
from infra.local.provision import load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template()
RESOURCES = TEMPLATE["Resources"]
ALARMS = {k: v["Properties"] for k, v in RESOURCES.items() if v["Type"] == "AWS::CloudWatch::Alarm"}


def _dimension(alarm: dict, name: str):
    return next((d["Value"] for d in alarm["Dimensions"] if d["Name"] == name), None)


def _watched(metric: str, name: str) -> set:
    return {json.dumps(_dimension(a, name)) for a in ALARMS.values() if a["MetricName"] == metric}


def test_every_queue_has_a_dead_letter_or_is_one_and_every_dead_letter_queue_is_watched():
    queues = {k for k, v in RESOURCES.items() if v["Type"] == "AWS::SQS::Queue"}
    targets = {RESOURCES[q]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
               for q in queues if "RedrivePolicy" in RESOURCES[q]["Properties"]}
    dead_letters = targets | {"StreamFailureQueue", "AsyncFailureQueue"}
    depth = _watched("ApproximateNumberOfMessagesVisible", "QueueName")
    age = _watched("ApproximateAgeOfOldestMessage", "QueueName")
    for queue in queues:
        reference = json.dumps({"Fn::GetAtt": [queue, "QueueName"]})
        if queue in dead_letters:
            assert reference in depth, f"{queue}: no alarm on waiting dead letters"
        else:
            assert "RedrivePolicy" in RESOURCES[queue]["Properties"], f"{queue}: no dead-letter queue"
            assert reference in age, f"{queue}: no alarm on its oldest message"


def test_consumer_queues_hide_a_message_six_times_as_long_as_its_function_may_run():
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    for stage in ("dev", "prod"):
        functions = config["stages"][stage]["lambda_functions"]
        assert functions["api_handler"]["lambda_timeout"] <= 29  # API Gateway gives up at 29 s
        _, env = iam.stage_config(stage)
        for function in reach.functions():
            if function.kind != "on_sqs_message":
                continue
            app_tree = ast.parse((ROOT / "app.py").read_text())
            queue_name = dict(iam.event_sources(app_tree, env, only=function.name))["on_sqs_message"]
            logical = next(k for k, v in RESOURCES.items() if v["Type"] == "AWS::SQS::Queue"
                           and v["Properties"]["QueueName"]["Fn::Sub"].replace("${Stage}", stage) == queue_name)
            visibility = RESOURCES[logical]["Properties"]["VisibilityTimeout"]
            assert visibility >= 6 * functions[function.name]["lambda_timeout"], (stage, function.name)
            assert functions[function.name]["reserved_concurrency"] >= 1, function.name


def test_every_function_is_watched_for_errors_and_throttles():
    for function in reach.functions():
        name = json.dumps({"Fn::Sub": iam.function_name("${Stage}", function.name)})
        assert name in _watched("Errors", "FunctionName"), function.name
        assert name in _watched("Throttles", "FunctionName"), function.name


def test_every_alarm_names_something_that_exists_and_tells_the_ops_topic():
    functions = {iam.function_name("${Stage}", f.name) for f in reach.functions()}
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    code = "\n".join(p.read_text() for p in [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py")])
    for name, alarm in ALARMS.items():
        assert alarm["AlarmActions"] == [{"Ref": "OpsTopic"}], name
        assert len(alarm["AlarmDescription"]) > 30, name
        for dimension in alarm["Dimensions"]:
            value = dimension["Value"]
            if dimension["Name"] == "QueueName":
                assert value["Fn::GetAtt"][0] in RESOURCES, name
            elif dimension["Name"] == "FunctionName":
                assert value["Fn::Sub"] in functions, name
            elif dimension["Name"] == "ApiName":
                assert value == config["app_name"], name
            elif dimension["Name"] == "Stage":
                assert value == config["stages"]["prod"]["api_gateway_stage"], name
            elif dimension["Name"] == "service":
                assert value == config["environment_variables"]["POWERTOOLS_SERVICE_NAME"], name
        if alarm["Namespace"] == "Callboard":  # the app's own metric: something must emit it
            assert re.search(rf'count\("{alarm["MetricName"]}"', code), name


def test_the_alarm_topic_can_be_published_to_by_cloudwatch_under_its_key():
    key = RESOURCES["FeedbackKey"]["Properties"]["KeyPolicy"]["Statement"]
    assert any(s["Principal"] == {"Service": "cloudwatch.amazonaws.com"} for s in key)
    assert RESOURCES["OpsTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "FeedbackKey"}


def _chalice_shaped_template(stage: str) -> dict:
    """The shapes `chalice package` writes for each kind of event source (see build/<stage>/sam.json)."""
    def function(events: dict) -> dict:
        return {"Type": "AWS::Serverless::Function", "Properties": {"Events": events}}
    return {"Resources": {
        "OnTableStream": function({"S": {"Type": "DynamoDB", "Properties": {"Stream": "arn", "BatchSize": 10}}}),
        "OnJob": function({"Q": {"Type": "SQS", "Properties": {"Queue": "arn"}}}),
        "DailyDigest": function({"E": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}}),
        "OnSesFeedback": function({"N": {"Type": "SNS", "Properties": {"Topic": "arn"}}}),
        "APIHandler": function({}),
        "RestAPI": {"Type": "AWS::Serverless::Api", "Properties": {}},
    }}


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_package_gives_every_asynchronous_path_a_failure_destination_and_the_api_a_throttle(stage):
    built = ROOT / "build" / stage / "sam.json"
    template = json.loads(built.read_text()) if built.exists() else failures.package_template(
        _chalice_shaped_template(stage), stage)
    queue_names = {v["Properties"]["QueueName"]["Fn::Sub"].replace("${Stage}", stage)
                   for v in RESOURCES.values() if v["Type"] == "AWS::SQS::Queue"}
    kinds = set()
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Api":
            settings = resource["Properties"]["MethodSettings"][0]
            assert settings["ThrottlingRateLimit"] > 0 and settings["ThrottlingBurstLimit"] > 0
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in (resource["Properties"].get("Events") or {}).values():
            kinds.add(event["Type"])
            props = event["Properties"]
            if event["Type"] == "DynamoDB":
                assert props["MaximumRetryAttempts"] <= 5 and props["BisectBatchOnFunctionError"] is True
                destination = props["DestinationConfig"]["OnFailure"]["Destination"]["Fn::Sub"]
            elif event["Type"] == "Schedule":
                destination = props["DeadLetterConfig"]["Arn"]["Fn::Sub"]
            elif event["Type"] == "SNS":
                destination = props["RedrivePolicy"]["deadLetterTargetArn"]["Fn::Sub"]
            else:
                continue  # SQS: the queue's own redrive policy (checked above)
            assert destination.rsplit(":", 1)[-1] in queue_names, destination
            if event["Type"] in ("Schedule", "SNS"):
                on_failure = resource["Properties"]["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
                assert on_failure["Destination"]["Fn::Sub"].rsplit(":", 1)[-1] in queue_names
    assert {"DynamoDB", "Schedule", "SNS"} <= kinds
