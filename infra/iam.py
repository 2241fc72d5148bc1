"""What AWS actions the code calls, on which resources, and whether a stage's policy grants them.

Each function's `.chalice/policy-<stage>-<function>.json` is written from what that function can
reach (infra/reach.py): `python -m infra.iam --stage prod --write` writes them, `python -m
infra.iam --stage prod` prints the requirement and checks the files, and tests/infra/test_policy.py
fails when they disagree in either direction: an action the code calls that the policy does not grant on the
resource it is called on, or a grant the code never uses.

Where the actions come from (a static scan; nothing is imported or called):
- boto3 clients: in every module the function reaches that creates a client
  (`boto3.client("sqs")`, `session.client("s3")`), each call of one of that service's methods
  (named by botocore's service model) is an operation; `generate_presigned_*` count as the
  operation they sign for.
- pynamodb: the model operations the storage layer calls (`.get`, `.query`, `.save`,
  `TransactWrite`, ...) on the stage's table; a Query may use any index the models declare.
- libraries that make their own calls: powertools' idempotency store is scanned like our code.
- event sources declared in app.py: what Lambda's poller needs on those queues and the stream.
"""
from __future__ import annotations

import argparse
import ast
import fnmatch
import importlib.util
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from infra import reach

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REGION = "us-east-1"
EXAMPLE_ACCOUNT = "123456789012"

# IAM names some operations differently, or checks more than one action for them.
IAM_ACTIONS = {
    ("s3", "HeadObject"): ["GetObject", "ListBucket"],  # without ListBucket a missing key is 403, not 404
    ("sqs", "SendMessageBatch"): ["SendMessage"],
    ("sqs", "DeleteMessageBatch"): ["DeleteMessage"],
    ("sqs", "ChangeMessageVisibilityBatch"): ["ChangeMessageVisibility"],
}
# Object operations that check a different action when a version is named.
VERSIONED = {"GetObject": "GetObjectVersion", "HeadObject": "GetObjectVersion",
             "DeleteObject": "DeleteObjectVersion", "PutObjectTagging": "PutObjectVersionTagging",
             "GetObjectTagging": "GetObjectVersionTagging"}
# Lambda's poller reads event sources with the function's role.
SQS_POLLER = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
STREAM_POLLER = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
# Actions IAM cannot scope to a resource: the only ones a policy may grant on "*".
NO_RESOURCE_LEVEL = {"dynamodb:ListStreams"}
LOGS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
ACCESS_LOGS = "access-logs/"  # the files bucket's prefix for other buckets' server access logs
# Where Lambda puts what a function could not process (infra/template.json), by event kind.
FAILURE_DESTINATIONS = {"on_dynamodb_record": "StreamFailureQueue", "schedule": "AsyncFailureQueue",
                        "on_sns_message": "AsyncFailureQueue"}

# pynamodb: method -> DynamoDB actions (IAM checks each item of a transaction as its own action).
PYNAMODB = {
    "get": ["GetItem"], "refresh": ["GetItem"], "batch_get": ["BatchGetItem"],
    "query": ["Query"], "count": ["Query"], "scan": ["Scan"], "describe_table": ["DescribeTable"],
    "save": ["PutItem"], "update": ["UpdateItem"],
    "delete": ["DeleteItem"], "batch_write": ["BatchWriteItem"], "condition_check": ["ConditionCheckItem"],
    "TransactGet": ["GetItem"], "TransactWrite": [],
}
# Libraries that call AWS themselves: the class our code uses -> the module to scan, and the
# resource (a settings attribute) its calls go to.
LIBRARIES = {
    "DynamoDBPersistenceLayer": ("aws_lambda_powertools.utilities.idempotency.persistence.dynamodb",
                                 "idempotency_table"),
}


@dataclass(frozen=True)
class Call:
    service: str  # botocore service name
    operation: str  # API operation name
    where: str  # file:line, for messages
    versioned: bool = False
    tagged: bool = False


@dataclass
class Requirement:
    """action -> resource ARNs it must be allowed on (example region/account), and why."""
    needs: dict[str, set[str]] = field(default_factory=dict)
    why: dict[str, set[str]] = field(default_factory=dict)

    def add(self, actions: Iterable[str], resources: Iterable[str], why: str) -> None:
        for action in actions:
            self.needs.setdefault(action, set()).update(resources)
            self.why.setdefault(action, set()).add(why)


@cache
@cache
def _methods(service: str) -> dict[str, str]:
    """boto3 method name -> API operation name, from botocore's model of the service."""
    import botocore.session
    from botocore import xform_name

    model = botocore.session.get_session().get_service_model(service)
    return {xform_name(name): name for name in model.operation_names}






def _client_services(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "client"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def boto3_calls(path: Path, tree: ast.AST) -> list[Call]:
    services = _client_services(tree)
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        keywords = {k.arg for k in node.keywords}
        spread = None in keywords  # **kwargs: may name a VersionId or Tagging
        where = f"{path.name}:{node.lineno}"
        for service in services:
            operation = None
            if name == "generate_presigned_post" and service == "s3":
                calls.append(Call("s3", "PutObject", where, tagged=True))  # the POST policy may set tagging
                continue
            if name == "generate_presigned_url" and node.args and isinstance(node.args[0], ast.Constant):
                operation = _methods(service).get(str(node.args[0].value))
            else:
                operation = _methods(service).get(name)
            if operation:
                calls.append(Call(service, operation, where, versioned="VersionId" in keywords or spread,
                                  tagged="Tagging" in keywords or spread))
    return calls


def iam_actions(call: Call) -> list[str]:
    prefix = {"sesv2": "ses"}.get(call.service, call.service)
    names = list(IAM_ACTIONS.get((call.service, call.operation), [call.operation]))
    if call.service == "s3":
        if call.versioned and call.operation in VERSIONED:
            names.append(VERSIONED[call.operation])
        if call.tagged and call.operation == "PutObject":
            names.append("PutObjectTagging")
    return [f"{prefix}:{name}" for name in names]


def pynamodb_actions(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            found.update(f"dynamodb:{op}" for op in PYNAMODB.get(name, []))
    return found


def _imports_pynamodb(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pynamodb"):
            return True
        if isinstance(node, ast.ImportFrom) and node.level and (node.module or "") in ("models", "connection"):
            return True
    return False




def _env_reads(tree: ast.AST) -> dict[str, str]:
    """Module-level NAME = os.environ.get("VAR", ...) -> {NAME: VAR}."""
    found = {}
    for node in getattr(tree, "body", []):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "os.environ.get"
                and isinstance(node.value.args[0], ast.Constant)):
            found[node.targets[0].id] = str(node.value.args[0].value)
    return found


def event_sources(app_tree: ast.AST, env: dict[str, str], only: str | None = None) -> list[tuple[str, str]]:
    """(kind, resource name) of each event source app.py declares (of function `only`, if named),
    resolved with the stage's env."""
    reads = _env_reads(app_tree)

    def value(node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.Name) and node.id in reads:
            return env.get(reads[node.id], "")
        raise ValueError(f"cannot resolve {ast.unparse(node)} in app.py")

    sources = []
    for node in ast.walk(app_tree):
        if isinstance(node, ast.FunctionDef) and only in (None, node.name):
            for decorator in node.decorator_list:
                if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                    continue
                kinds = {"on_sqs_message": "queue", "on_dynamodb_record": "stream_arn"}
                keyword = kinds.get(decorator.func.attr)
                if keyword:
                    arg = next((k.value for k in decorator.keywords if k.arg == keyword), None)
                    arg = arg if arg is not None else decorator.args[0]
                    sources.append((decorator.func.attr, value(arg)))
    return sources


def load_template() -> dict[str, Any]:
    return json.loads((ROOT / "infra" / "template.json").read_text())


def stage_config(stage: str) -> tuple[dict[str, Any], dict[str, str]]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config["stages"][stage].get("environment_variables", {}))
    return config, env


def _template_name(template: dict[str, Any], logical: str, prop: str, stage: str) -> str:
    value = template["Resources"][logical]["Properties"][prop]
    return str(value["Fn::Sub"] if isinstance(value, dict) else value).replace("${Stage}", stage)


def index_names() -> set[str]:
    from chalicelib.storage.models import ALL_MODELS

    return {name for model in ALL_MODELS for name in getattr(model, "_indexes", {})}


def _setting_variables(root: Path) -> dict[str, str]:
    """Settings attribute -> the environment variable it is read from (chalicelib/settings.py)."""
    found = {}
    for node in ast.walk(reach.parse(root / "chalicelib" / "settings.py")):
        if isinstance(node, ast.keyword) and node.arg:
            names = [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)
                     and isinstance(c.value, str) and c.value.startswith("CALLBOARD_")]
            if names:
                found[node.arg] = names[0]
    return found


def function_name(stage: str, function: str, app_name: str = "callboard") -> str:
    """The name chalice gives a function (and its log group): the API's is the app's."""
    return f"{app_name}-{stage}" if function == reach.API_FUNCTION else f"{app_name}-{stage}-{function}"


def requirement(stage: str, function: str | None = None, root: Path = ROOT) -> Requirement:
    """Every action `function` (every function, when None) needs in `stage`, on the resources it
    must be allowed on."""
    if function is None:
        need = Requirement()
        for each in reach.functions(root):
            for action, resources in requirement(stage, each.name, root).needs.items():
                need.add([action], resources, each.name)
        return need
    config, env = stage_config(stage)
    template = load_template()
    region, account = EXAMPLE_REGION, EXAMPLE_ACCOUNT
    need = Requirement()
    target = next(f for f in reach.functions(root) if f.name == function)
    reached = reach.reach(target, root)
    variables = _setting_variables(root)

    def table_arn(name: str) -> str:
        return f"arn:aws:dynamodb:{region}:{account}:table/{name}"

    def queue_arn(name: str) -> str:
        return f"arn:aws:sqs:{region}:{account}:{name}"

    table, bucket = env["CALLBOARD_TABLE"], env["CALLBOARD_FILES_BUCKET"]
    files = template["Resources"]["FilesBucket"]["Properties"]
    # The app's prefixes (access-logs/ is written by S3's logging service and read by operators only).
    prefixes = sorted({r["Prefix"] for r in files["LifecycleConfiguration"]["Rules"]
                       if r.get("Prefix") and r["Prefix"] != ACCESS_LOGS} | {
        rule["Value"] for q in files["NotificationConfiguration"]["QueueConfigurations"]
        for rule in q["Filter"]["S3Key"]["Rules"]})
    # The queues it sends to: those whose names it reads from the settings.
    sends_to = sorted(env[variables[s]] for s in reached.settings if s.endswith("_queue_name"))
    app_tree = reach.parse(root / "app.py")
    own_sources = dict(event_sources(app_tree, env, only=target.name))
    own_queue = own_sources.get("on_sqs_message")
    secret_name = _template_name(template, "SigningSecret", "Name", stage)
    resources_by_service = {
        "s3": [f"arn:aws:s3:::{bucket}/{prefix}example" for prefix in prefixes],
        "sqs": [queue_arn(name) for name in sends_to],
        "ses": [f"arn:aws:ses:{region}:{account}:identity/{env['CALLBOARD_RELAY_DOMAIN']}"]
               + ([f"arn:aws:ses:{region}:{account}:configuration-set/{env['CALLBOARD_SES_CONFIGURATION_SET']}"]
                  if env.get("CALLBOARD_SES_CONFIGURATION_SET") else []),
        "secretsmanager": [f"arn:aws:secretsmanager:{region}:{account}:secret:{secret_name}-AbCdEf"],
        "dynamodb": [table_arn(table)],
    }
    settings_resources = {"idempotency_table": [table_arn(env["CALLBOARD_IDEMPOTENCY_TABLE"])]}

    modules = set(reached.modules)
    if "signing_secret" in reached.settings:
        modules.add(root / "chalicelib" / "settings.py")  # read_secret: the key, from Secrets Manager
    for path in sorted(modules):
        tree = reach.parse(path)
        for call in boto3_calls(path, tree):
            for action in iam_actions(call):
                if action == "s3:ListBucket":
                    resources = [f"arn:aws:s3:::{bucket}"]
                elif call.service == "sqs" and call.operation in ("DeleteMessage", "DeleteMessageBatch",
                                                                  "GetQueueUrl", "ReceiveMessage"):
                    resources = [queue_arn(name) for name in sorted({*sends_to, *filter(None, [own_queue])})]
                else:
                    resources = resources_by_service.get(call.service, ["*"])
                if resources:
                    need.add([action], resources, call.where)
        if _imports_pynamodb(tree) and "storage" in path.parts:
            for action in pynamodb_actions(tree):
                need.add([action], [table_arn(table)], path.name)
    if reached.idempotency:
        for name, (module, resource) in LIBRARIES.items():
            spec = importlib.util.find_spec(module)
            assert spec and spec.origin, module
            library = Path(spec.origin)
            for call in boto3_calls(library, reach.parse(library)):
                need.add(iam_actions(call), settings_resources[resource], f"{name} ({library.name})")
    if "dynamodb:Query" in need.needs:
        need.add(["dynamodb:Query"], [f"{table_arn(table)}/index/{i}" for i in sorted(index_names())],
                 "the models' indexes")

    for kind, name in own_sources.items():
        if kind == "on_sqs_message":
            need.add(SQS_POLLER, [queue_arn(name)], f"app.py event source {name}")
        elif kind == "on_dynamodb_record":
            need.add(STREAM_POLLER, [f"{table_arn(table)}/stream/2024-01-01T00:00:00.000"], "app.py stream")
            need.add(["dynamodb:ListStreams"], ["*"], "app.py stream")
    failures = FAILURE_DESTINATIONS.get(target.kind)
    if failures:  # Lambda delivers a failed batch or event there with the function's own role
        need.add(["sqs:SendMessage"], [queue_arn(_template_name(template, failures, "QueueName", stage))],
                 f"{target.kind} on-failure destination")
    name = function_name(stage, function, config["app_name"])
    group = f"arn:aws:logs:{region}:{account}:log-group:/aws/lambda/{name}"
    need.add(LOGS, [group, f"{group}:log-stream:x"], "Lambda logs")
    return need


# -- evaluating a policy -------------------------------------------------------------------------
def _match(pattern: str, value: str) -> bool:
    """IAM wildcards: * any run of characters, ? one character; case-sensitive resources."""
    return fnmatch.fnmatchcase(value, pattern)


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def allowed(policy: dict[str, Any], action: str, resource: str) -> bool:
    allow = deny = False
    for statement in policy["Statement"]:
        actions = _as_list(statement.get("Action", []))
        resources = _as_list(statement.get("Resource", []))
        if any(fnmatch.fnmatch(action.lower(), a.lower()) for a in actions) and any(
                _match(r, resource) for r in resources):
            if statement["Effect"] == "Deny":
                deny = True
            else:
                allow = True
    return allow and not deny


def policy_file(stage: str, function: str) -> str:
    return f"policy-{stage}-{function}.json"


def load_policy(stage: str, function: str) -> dict[str, Any]:
    return dict(json.loads((ROOT / ".chalice" / policy_file(stage, function)).read_text()))


# The requirement names example resources; a policy names them as they will exist.
_GENERAL = [
    (re.compile(rf"^arn:aws:([a-z0-9-]+):{EXAMPLE_REGION}:{EXAMPLE_ACCOUNT}:"), r"arn:aws:\1:*:*:"),
    (re.compile(r"(/stream/)2024-01-01T00:00:00\.000$"), r"\1*"),
    (re.compile(r":log-stream:x$"), ":*"),
    (re.compile(r"-AbCdEf$"), "-??????"),  # Secrets Manager's random suffix
    (re.compile(r"^(arn:aws:s3:::[^/]+/.+/)example$"), r"\1*"),
]
_SIDS = {"logs": "Logs", "dynamodb": "Table", "s3": "FilesBucket", "sqs": "Queues", "ses": "MailFromTheRelay",
         "secretsmanager": "SigningKey"}


def _general(resource: str) -> str:
    for pattern, replacement in _GENERAL:
        resource = pattern.sub(replacement, resource)
    return resource.replace(":log-group:", ":log-group:").replace(":*:*:log-group", ":*:*:log-group")


def policy_document(need: Requirement) -> dict[str, Any]:
    """The least policy that grants `need`: one statement per service and set of resources."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for action, resources in sorted(need.needs.items()):
        general = tuple(sorted({_general(r) for r in resources}))
        groups.setdefault((action.split(":")[0], general), []).append(action)
    statements = []
    counts: dict[str, int] = {}
    for (service, resources), actions in sorted(groups.items()):
        sid = _SIDS.get(service, service.capitalize())
        counts[sid] = counts.get(sid, 0) + 1
        statements.append({"Sid": f"{sid}{counts[sid]}", "Effect": "Allow", "Action": sorted(actions),
                           "Resource": "*" if resources == ("*",) else list(resources)})
    return {"Version": "2012-10-17", "Statement": statements}


def problems(policy: dict[str, Any], need: Requirement) -> list[str]:
    """Everything wrong with `policy` for `need`, as sentences; empty when it fits."""
    found = []
    for action, resources in sorted(need.needs.items()):
        for resource in sorted(resources):
            if not allowed(policy, action, resource):
                found.append(f"{action} on {resource} is not granted (called at {', '.join(sorted(need.why[action]))})")
    for statement in policy["Statement"]:
        actions = _as_list(statement.get("Action", []))
        for action in actions:
            if "*" in action or "?" in action:
                found.append(f"{action}: grant actions by name")
            elif statement["Effect"] == "Allow" and action not in need.needs:
                found.append(f"{action} is granted but nothing in the code calls it")
        for resource in _as_list(statement.get("Resource", [])):
            if resource == "*" and not set(actions) <= NO_RESOURCE_LEVEL:
                found.append(f"{sorted(actions)} granted on every resource ('*'): name the resources")
            elif re.fullmatch(r"arn:aws:[a-z0-9-]+:[^:]*:[^:]*:\*", resource):
                found.append(f"{resource}: names no resource")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--write", action="store_true",
                        help="write each function's .chalice/policy-<stage>-<function>.json from the code")
    args = parser.parse_args()
    found = []
    for function in reach.functions():
        need = requirement(args.stage, function.name)
        if args.write:
            path = ROOT / ".chalice" / policy_file(args.stage, function.name)
            path.write_text(json.dumps(policy_document(need), indent=2) + "\n")
            print(f"wrote {path.relative_to(ROOT)}")
            continue
        print(f"== {function.name}")
        for action, resources in sorted(need.needs.items()):
            print(f"  {action:34} {', '.join(sorted(resources))}")
        found += [f"{function.name}: {p}" for p in problems(load_policy(args.stage, function.name), need)]
    for problem in found:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
