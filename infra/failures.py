"""Failure handling on every asynchronous path, and the API stage's throttling — what chalice's
config cannot say, added to both deploy paths from one description.

- The table-stream trigger: a few retries, the batch split in two on each error until the poison
  record stands alone, then that record's batch goes to the stream-failures queue and the shard
  moves on (without this a bad record blocks its shard for the stream's 24 hours).
- The schedules and the SES-feedback subscription (asynchronous invocations): Lambda retries
  twice, then hands the event to the async-failures queue; EventBridge and SNS put what they could
  not deliver at all in the same queue (a lost bounce would mean mail keeps going to a dead address).
- The API stage: a rate and burst per stage, so one client cannot spend everyone's capacity.

`chalice package` path: `package_template()` edits the packaged SAM template (infra/package.py).
`chalice deploy` path: `apply()` sets the same on the deployed functions (infra/deploy.py).
docs/OPERATIONS.md says what lands in each queue and how to redrive it (`make redrive`).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from infra import reach

ROOT = Path(__file__).resolve().parents[1]

STREAM = {"MaximumRetryAttempts": 3, "BisectBatchOnFunctionError": True, "MaximumRecordAgeInSeconds": 6 * 3600}
ASYNC = {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 6 * 3600}
SCHEDULE_RETRY = {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600}
# Requests per second across the stage, and the burst the token bucket allows; per-client limits
# live in the app (docs/SAFETY.md). Sized for the launch: raise with the account's Lambda quota.
THROTTLE = {"dev": {"rate": 50, "burst": 100}, "prod": {"rate": 500, "burst": 1000}}
STREAM_FAILURES = "stream-failures"
ASYNC_FAILURES = "async-failures"


def queue_name(stage: str, queue: str) -> str:
    return f"callboard-{stage}-{queue}"


def _queue_arn_sub(stage: str, queue: str) -> dict[str, str]:
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:{queue_name(stage, queue)}"}


def throttle(stage: str) -> dict[str, int]:
    return THROTTLE.get(stage, THROTTLE["dev"])


def package_template(template: dict[str, Any], stage: str) -> dict[str, Any]:
    """The packaged template with the failure handling and throttling above (edited in place)."""
    resources = template["Resources"]
    for resource in resources.values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = resource["Properties"]
        kinds = set()
        for event in (props.get("Events") or {}).values():
            kind, event_props = event["Type"], event["Properties"]
            kinds.add(kind)
            if kind == "DynamoDB":
                event_props.update(STREAM)
                failures = _queue_arn_sub(stage, STREAM_FAILURES)
                event_props["DestinationConfig"] = {"OnFailure": {"Destination": failures}}
            elif kind == "Schedule":
                event_props["DeadLetterConfig"] = {"Arn": _queue_arn_sub(stage, ASYNC_FAILURES)}
                event_props["RetryPolicy"] = dict(SCHEDULE_RETRY)
            elif kind == "SNS":
                event_props["RedrivePolicy"] = {"deadLetterTargetArn": _queue_arn_sub(stage, ASYNC_FAILURES)}
        if kinds & {"Schedule", "SNS"}:
            props["EventInvokeConfig"] = {**ASYNC, "DestinationConfig": {
                "OnFailure": {"Type": "SQS", "Destination": _queue_arn_sub(stage, ASYNC_FAILURES)}}}
    limits = throttle(stage)
    for resource in resources.values():
        if resource["Type"] == "AWS::Serverless::Api":
            resource["Properties"]["MethodSettings"] = [{
                "ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
                "ThrottlingRateLimit": limits["rate"], "ThrottlingBurstLimit": limits["burst"]}]
    return template


def _deployed(stage: str, deployed_dir: Path) -> dict[str, Any]:
    return dict(json.loads((deployed_dir / f"{stage}.json").read_text()))


def apply(stage: str, region: str, deployed_dir: Path, session: Any = None) -> list[str]:
    """Sets the same on what `chalice deploy` made (named in its deployed state); returns what it did."""
    import boto3

    session = session or boto3.session.Session(region_name=region)
    lam, events, sns, sqs = (session.client(s) for s in ("lambda", "events", "sns", "sqs"))
    apigateway = session.client("apigateway")

    def arn(queue: str) -> str:
        url = sqs.get_queue_url(QueueName=queue_name(stage, queue))["QueueUrl"]
        return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])

    stream_failures, async_failures = arn(STREAM_FAILURES), arn(ASYNC_FAILURES)
    done = []
    for resource in _deployed(stage, deployed_dir)["resources"]:
        kind = resource.get("resource_type")
        if kind == "dynamodb_event":
            lam.update_event_source_mapping(UUID=resource["event_uuid"], **STREAM,
                                            DestinationConfig={"OnFailure": {"Destination": stream_failures}})
            done.append(f"stream trigger {resource['event_uuid']}: retries, bisect, failures queue")
        elif kind in ("scheduled_event", "cloudwatch_event"):
            rule = resource["rule_name"]
            for target in events.list_targets_by_rule(Rule=rule)["Targets"]:
                target.update(DeadLetterConfig={"Arn": async_failures}, RetryPolicy=dict(SCHEDULE_RETRY))
                events.put_targets(Rule=rule, Targets=[target])
            done.append(f"schedule {rule}: dead-letter queue")
        elif kind == "sns_event":
            sns.set_subscription_attributes(SubscriptionArn=resource["subscription_arn"], AttributeName="RedrivePolicy",
                                            AttributeValue=json.dumps({"deadLetterTargetArn": async_failures}))
            done.append(f"SNS subscription {resource['topic']}: dead-letter queue")
    invoked_async = {f.name for f in reach.functions() if f.kind in ("schedule", "on_sns_message")}
    for resource in _deployed(stage, deployed_dir)["resources"]:
        if resource.get("resource_type") == "lambda_function" and resource.get("name") in invoked_async:
            function = resource["lambda_arn"]
            lam.put_function_event_invoke_config(FunctionName=function, **ASYNC, DestinationConfig={
                "OnFailure": {"Destination": async_failures}})
            done.append(f"{function.rsplit(':', 1)[-1]}: on-failure destination")
        if resource.get("resource_type") == "rest_api":
            limits = throttle(stage)
            config = json.loads((ROOT / ".chalice" / "config.json").read_text())
            api_stage = config["stages"][stage].get("api_gateway_stage", "api")
            apigateway.update_stage(restApiId=resource["rest_api_id"], stageName=api_stage, patchOperations=[
                {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(limits["rate"])},
                {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(limits["burst"])},
                {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"}])
            done.append(f"API stage {api_stage}: {limits['rate']} req/s, burst {limits['burst']}")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", required=True)
    args = parser.parse_args()
    for line in apply(args.stage, args.region, ROOT / ".chalice" / "deployed"):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
