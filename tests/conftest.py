"""Shared fixtures: AWS stand-in (moto, in-process), the app under chalice's test client,
and an event pump that delivers stream records and queued jobs to app.py's handlers."""
from __future__ import annotations

import functools
import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import botocore.client
import pytest

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_REGION", "us-east-1")
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ["CALLBOARD_STAGE"] = "local"
# Alerts wait a little in production (a message read meanwhile is not emailed); tests read
# within the window by reading before they pump the alerts queue.
os.environ["CALLBOARD_ALERT_DELAY_SECONDS"] = "0"


@functools.cache
def moto_clients(name: str) -> Any:
    """boto3 clients for in-process moto. Streams get their classic endpoint: newer botocore
    routes DescribeStream by account id, which moto's in-process stub does not recognise.
    One client per service for the whole run (creating one costs ~12 ms, twenty per test):
    moto intercepts every client's requests while a mock is active, whenever it was created."""
    import boto3
    import moto  # noqa: F401  (registers moto's interception before the client exists)

    if name == "dynamodbstreams":
        return boto3.client(name, region_name="us-east-1", endpoint_url="https://streams.dynamodb.us-east-1.amazonaws.com")
    return boto3.client(name, region_name="us-east-1")


class ApiClient:
    """JSON over chalice.test.Client, with a bearer token per call."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def call(self, method: str, path: str, token: str | None = None, body: Any = None,
             raw: bytes | str | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        h = {"Content-Type": "application/json", **(headers or {})}
        if token:
            h["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = getattr(self.client.http, method.lower())(path, headers=h, body=payload)
        text = response.body.decode() if isinstance(response.body, bytes) else response.body
        try:
            data = json.loads(text) if text else None
        except ValueError:
            data = text
        return response.status_code, data

    def get(self, path: str, token: str | None = None, **kw: Any) -> tuple[int, Any]:
        return self.call("GET", path, token, **kw)

    def post(self, path: str, token: str | None = None, body: Any = None, **kw: Any) -> tuple[int, Any]:
        return self.call("POST", path, token, body, **kw)

    def patch(self, path: str, token: str | None = None, body: Any = None, **kw: Any) -> tuple[int, Any]:
        return self.call("PATCH", path, token, body, **kw)

    def delete(self, path: str, token: str | None = None, **kw: Any) -> tuple[int, Any]:
        return self.call("DELETE", path, token, **kw)

    def sign_up(self, name: str, role: str = "talent", email: str | None = None, **extra: Any) -> dict[str, str]:
        email = email or f"{name.lower().replace(' ', '.')}@example.com"
        status, data = self.post("/dev/token", body={"email": email, "name": name, "role": role, **extra})
        assert status == 200, data
        return {"token": data["token"], "user_id": data["user_id"], "email": email, "name": name}


_moto_lock = threading.RLock()


def one_request_at_a_time(real: Callable[..., Any]) -> Callable[..., Any]:
    """moto's in-process backend is not thread-safe and DynamoDB is: the app makes independent
    reads side by side (the dashboards), so each AWS request is made atomic here, as a DynamoDB
    request is, while the app's threads still interleave between requests."""
    def locked(client: Any, operation: str, params: dict[str, Any]) -> Any:
        with _moto_lock:
            return real(client, operation, params)
    return locked


@pytest.fixture(scope="session")
def moto_stack() -> Iterator[tuple[Any, dict[str, str]]]:
    """The stack, provisioned in moto once per session (a worker's) rather than per test: provisioning
    costs about a second. The mock is active only while a test using `aws` runs (unit and e2e tests
    see real botocore), and keeps its resources between tests (start/stop without reset)."""
    from moto import mock_aws

    from infra.local.provision import provision
    from infra.local.standin import queries_skip_the_first_sort, snapshot_named_items

    # The local stack's shortcuts (no result changes, only moto's own time; tests serialise AWS
    # requests as the stack does): a transaction no longer deep-copies the whole table, stream
    # included, once per item it names, nor a Query sorts the whole table first.
    snapshot_named_items()
    queries_skip_the_first_sort()
    mock = mock_aws()
    mock.start()
    try:
        outputs = provision(moto_clients, "local")
    finally:
        mock.stop(remove_data=False)
    yield mock, outputs
    mock.start(reset=False)
    mock.stop()  # and now forget it all


def stack_intact(outputs: dict[str, str]) -> bool:
    """Whether the session's stack is still in moto: a test that starts its own mock_aws() resets
    every backend, and a re-provisioned secret gets a new ARN."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    if outputs["TableName"] not in dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].tables:
        return False
    secrets = moto_clients("secretsmanager")
    try:
        secrets.describe_secret(SecretId=outputs["SigningSecretArn"])
    except secrets.exceptions.ResourceNotFoundException:
        return False
    return True


def empty_moto_stack() -> None:
    """Every item, object, queued message and sent email gone; tables, buckets, queues and their
    settings stay. Items are dropped inside moto rather than deleted through the API, which would
    leave REMOVE records on the table's stream for the next test's pump to deliver."""
    from collections import defaultdict

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.table import StreamShard
    from moto.ses.models import ses_backends
    from moto.sqs.models import sqs_backends

    region = "us-east-1"
    for table in dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables.values():
        table.items = defaultdict(dict)
        if table.stream_shard is not None:
            table.stream_shard = StreamShard(DEFAULT_ACCOUNT_ID, table)
    for queue in sqs_backends[DEFAULT_ACCOUNT_ID][region].queues.values():
        queue._messages, queue._pending_messages, queue.deleted_messages = [], set(), set()
    ses = ses_backends[DEFAULT_ACCOUNT_ID][region]
    ses.sent_messages.clear()
    ses.sent_message_count = 0
    s3 = moto_clients("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket["Name"]):
            doomed = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                      for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
            if doomed:
                s3.delete_objects(Bucket=bucket["Name"], Delete={"Objects": doomed, "Quiet": True})
    for queue in sqs_backends[DEFAULT_ACCOUNT_ID][region].queues.values():  # any S3 event notification
        queue._messages, queue._pending_messages = [], set()


@pytest.fixture
def aws(moto_stack: tuple[Any, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    import botocore.client

    from chalicelib import container

    mock, outputs = moto_stack
    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call",
                        one_request_at_a_time(botocore.client.BaseClient._make_api_call))
    mock.start(reset=False)
    try:
        if not stack_intact(outputs):  # a test's own mock_aws() reset moto's backends meanwhile
            from infra.local.provision import provision

            outputs.update(provision(moto_clients, "local"))
        empty_moto_stack()
        container.reset()
        yield dict(outputs)
        container.reset()
    finally:
        mock.stop(remove_data=False)


@pytest.fixture
def app_module(aws: dict[str, str]) -> Any:
    import app

    return app


@pytest.fixture
def pump(aws: dict[str, str], app_module: Any) -> Any:
    from infra.local.pump import EventPump

    return EventPump(moto_clients, aws, app_module)


@pytest.fixture
def api(app_module: Any) -> Iterator[ApiClient]:
    from chalice.test import Client

    with Client(app_module.app, stage_name="local") as client:
        yield ApiClient(client)


# -- counting what a request costs (tests/api/test_search_costs.py and others) ---------------------
class Count:
    def __init__(self):
        self.requests = Counter()
        self.read = self.written = self.emails = 0


@pytest.fixture
def count(aws, monkeypatch):
    """A context manager that counts the AWS requests made inside it."""
    real = botocore.client.BaseClient._make_api_call
    active = []

    def counted(client, operation, params):
        response = real(client, operation, params)
        if active and client.meta.service_model.service_name == "dynamodb":
            tally = active[-1]
            tally.requests[operation] += 1
            if operation in ("Query", "Scan"):
                tally.read += response.get("ScannedCount", 0)
            elif operation == "GetItem":
                tally.read += "Item" in response
            elif operation == "BatchGetItem":
                tally.read += sum(len(items) for items in response.get("Responses", {}).values())
            elif operation in ("PutItem", "UpdateItem", "DeleteItem"):
                tally.written += 1
            elif operation == "TransactWriteItems":
                tally.written += sum("ConditionCheck" not in action for action in params["TransactItems"])
            elif operation == "BatchWriteItem":
                tally.written += sum(len(v) for v in params["RequestItems"].values())
        elif active and operation == "SendRawEmail":
            active[-1].emails += 1
        return response

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counted)

    @contextmanager
    def counting():
        tally = Count()
        active.append(tally)
        try:
            yield tally
        finally:
            active.pop()

    return counting
