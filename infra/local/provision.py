"""Creates the resources of infra/template.json on an AWS endpoint (the local stand-in).

The template is the single source of truth: this reads its resources and makes the same
API calls CloudFormation would, for the resource types the local stack needs. It evaluates the
template's conditions as CloudFormation does (so the `local` stage leaves out what is marked
`IsDeployed`: CloudFront, Cognito), and skips, with a logged reason, the types that have no
local meaning (`SKIPPED_LOCALLY`).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent.parent / "template.json"
PSEUDO_PARAMETERS = {"AWS::AccountId": "000000000000", "AWS::Region": "us-east-1", "AWS::Partition": "aws",
                     "AWS::StackName": "callboard-local"}
NO_VALUE = object()  # what {"Ref": "AWS::NoValue"} resolves to: the property is left out

log = logging.getLogger("infra.local.provision")


def load_template() -> dict[str, Any]:
    return json.loads(TEMPLATE.read_text())


class _Resolver:
    """Resolves CloudFormation intrinsic functions against parameters, conditions and what
    was created so far."""

    def __init__(self, params: dict[str, Any], conditions: dict[str, Any]) -> None:
        self.params = params
        self.condition_specs = conditions
        self.conditions: dict[str, bool] = {}
        self.attributes: dict[tuple[str, str], Any] = {}
        self.refs: dict[str, Any] = {}

    def condition(self, name: str) -> bool:
        if name not in self.conditions:
            self.conditions[name] = bool(self(self.condition_specs[name]))
        return self.conditions[name]

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.params:
            return self.params[name]
        return self.refs[name]

    def _sub(self, text: str) -> str:
        out, rest = [], text
        while "${" in rest:
            before, _, after = rest.partition("${")
            name, _, rest = after.partition("}")
            out.append(before)
            if "." in name and name not in self.params:
                logical, attribute = name.split(".", 1)
                out.append(str(self.attributes[(logical, attribute)]))
            else:
                out.append(str(self._ref(name)))
        return "".join(out) + rest

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                if key == "Fn::Sub":
                    return self._sub(arg)
                if key == "Ref":
                    return self._ref(arg)
                if key == "Fn::GetAtt":
                    logical, attribute = arg
                    return self.attributes[(logical, attribute)]
                if key == "Fn::If":
                    name, when_true, when_false = arg
                    return self(when_true if self.condition(name) else when_false)
                if key == "Fn::Equals":
                    left, right = self(arg[0]), self(arg[1])
                    return left == right
                if key == "Fn::Not":
                    return not self(arg[0])
                if key == "Fn::And":
                    return all(self(a) for a in arg)
                if key == "Fn::Or":
                    return any(self(a) for a in arg)
                if key == "Condition":
                    return self.condition(arg)
                if key == "Fn::Join":
                    separator, items = arg
                    return separator.join(str(i) for i in self(items))
                if key == "Fn::Split":
                    separator, text = arg
                    return self(text).split(separator)
                if key == "Fn::Select":
                    index, items = arg
                    return self(items)[int(index)]
            resolved = {k: self(v) for k, v in value.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(value, list):
            return [v for v in (self(v) for v in value) if v is not NO_VALUE]
        return value


Clients = Callable[[str], Any]


def _table(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    ddb = clients("dynamodb")
    kwargs = {k: props[k] for k in ("TableName", "AttributeDefinitions", "KeySchema", "BillingMode",
                                      "GlobalSecondaryIndexes", "StreamSpecification") if k in props}
    if "StreamSpecification" in kwargs:
        kwargs["StreamSpecification"] = {"StreamEnabled": True, **kwargs["StreamSpecification"]}
    try:
        ddb.create_table(**kwargs)
    except ddb.exceptions.ResourceInUseException:
        pass  # already there (a shared endpoint, or a restart)
    ttl = props.get("TimeToLiveSpecification")
    if ttl:
        try:
            ddb.update_time_to_live(TableName=props["TableName"], TimeToLiveSpecification=ttl)
        except ddb.exceptions.ClientError:
            pass  # TTL already set
    # PITR and deletion protection guard data the stand-in does not keep: not applied locally.
    table = ddb.describe_table(TableName=props["TableName"])["Table"]
    return {"Ref": table["TableName"], "Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")}


def _queue(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    sqs = clients("sqs")
    attributes = {}
    for key in ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds"):
        if key in props:
            attributes[key] = str(props[key])
    if "RedrivePolicy" in props:
        attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
    url = sqs.create_queue(QueueName=props["QueueName"], Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return {"Ref": url, "Arn": arn, "QueueName": props["QueueName"], "QueueUrl": url}


def _bucket(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    s3 = clients("s3")
    name = props["BucketName"]
    try:
        s3.create_bucket(Bucket=name)
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
    if "VersioningConfiguration" in props:
        status = props["VersioningConfiguration"]["Status"]
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": status})
    if "PublicAccessBlockConfiguration" in props:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])
    if "BucketEncryption" in props:
        # CloudFormation's property names differ from the S3 API's for the same rule.
        rules = [{"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}
                 for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]]
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    if "CorsConfiguration" in props:
        rules = [{("MaxAgeSeconds" if k == "MaxAge" else k): v for k, v in rule.items()}
                 for rule in props["CorsConfiguration"]["CorsRules"]]
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
    if "LifecycleConfiguration" in props:
        rules = [_lifecycle_rule(r) for r in props["LifecycleConfiguration"]["Rules"]]
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": rules})
    if "NotificationConfiguration" in props:
        queues = [{"QueueArn": q["Queue"], "Events": [q["Event"]],
                   "Filter": {"Key": {"FilterRules": q["Filter"]["S3Key"]["Rules"]}}}
                  for q in props["NotificationConfiguration"].get("QueueConfigurations", [])]
        s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={"QueueConfigurations": queues})
    return {"Ref": name, "Arn": f"arn:aws:s3:::{name}", "RegionalDomainName": f"{name}.s3.us-east-1.amazonaws.com"}


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's lifecycle rule shape -> the S3 API's."""
    api: dict[str, Any] = {"ID": rule["Id"], "Status": rule["Status"]}
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in rule.get("TagFilters", [])]
    prefix = rule.get("Prefix", "")
    if tags:
        api["Filter"] = {"And": {"Prefix": prefix, "Tags": tags}} if prefix or len(tags) > 1 else {"Tag": tags[0]}
    else:
        api["Filter"] = {"Prefix": prefix}
    if "ExpirationInDays" in rule:
        api["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "AbortIncompleteMultipartUpload" in rule:
        api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    if "NoncurrentVersionExpiration" in rule:
        api["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["NoncurrentVersionExpiration"]["NoncurrentDays"]}
    return api


def _queue_policy(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    for url in props["Queues"]:
        clients("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(props["PolicyDocument"])})
    return {"Ref": ""}


def _email_identity(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    # The stand-in treats a domain identity as verified at once; in AWS it needs DNS (README).
    domain = props["EmailIdentity"]
    ses = clients("ses")
    ses.verify_domain_identity(Domain=domain)
    tokens = ses.verify_domain_dkim(Domain=domain)["DkimTokens"]
    created: dict[str, Any] = {"Ref": domain}
    for i, token in enumerate(tokens[:3], start=1):
        created[f"DkimDNSTokenName{i}"] = f"{token}._domainkey.{domain}"
        created[f"DkimDNSTokenValue{i}"] = f"{token}.dkim.amazonses.com"
    return created


def _bucket_policy(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    # The stand-in speaks plain HTTP on loopback (and moto enforces bucket policies), so the
    # "deny unless TLS" statement is the one part of the policy that cannot apply locally.
    document = dict(props["PolicyDocument"])
    document["Statement"] = [st for st in document["Statement"]
                             if "aws:SecureTransport" not in json.dumps(st.get("Condition", {}))]
    clients("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=json.dumps(document))
    return {"Ref": props["Bucket"]}


def _topic(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    attributes = {"KmsMasterKeyId": props["KmsMasterKeyId"]} if "KmsMasterKeyId" in props else {}
    arn = clients("sns").create_topic(Name=props["TopicName"], Attributes=attributes)["TopicArn"]
    return {"Ref": arn, "TopicArn": arn, "TopicName": props["TopicName"]}


def _alarm(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    """Alarms exist locally too (nothing feeds their metrics): tests read them back by name."""
    keys = ("AlarmName", "AlarmDescription", "Namespace", "MetricName", "Dimensions", "Statistic",
            "ExtendedStatistic", "Period", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
            "ComparisonOperator", "TreatMissingData", "AlarmActions", "OKActions")
    clients("cloudwatch").put_metric_alarm(**{k: props[k] for k in keys if k in props})
    return {"Ref": props["AlarmName"], "Arn": props["AlarmName"]}


def _dashboard(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    clients("cloudwatch").put_dashboard(DashboardName=props["DashboardName"], DashboardBody=props["DashboardBody"])
    return {"Ref": props["DashboardName"]}


def _key(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    metadata = clients("kms").create_key(Description=props.get("Description", ""),
                                         Policy=json.dumps(props["KeyPolicy"]))["KeyMetadata"]
    return {"Ref": metadata["KeyId"], "Arn": metadata["Arn"], "KeyId": metadata["KeyId"]}


def _secret(clients: Clients, props: dict[str, Any]) -> dict[str, Any]:
    """The stage's signing secret, generated as CloudFormation would. The local stage's app signs
    with its built-in local key instead (chalicelib/settings.py); tests read this one."""
    secrets = clients("secretsmanager")
    try:
        arn = secrets.describe_secret(SecretId=props["Name"])["ARN"]
    except secrets.exceptions.ResourceNotFoundException:
        spec = props.get("GenerateSecretString", {})
        value = secrets.get_random_password(PasswordLength=spec.get("PasswordLength", 32),
                                            ExcludePunctuation=spec.get("ExcludePunctuation", False))["RandomPassword"]
        arn = secrets.create_secret(Name=props["Name"], Description=props.get("Description", ""),
                                    SecretString=value)["ARN"]
    return {"Ref": arn, "Id": arn}


CREATORS: dict[str, Callable[[Clients, dict[str, Any]], dict[str, Any]]] = {
    "AWS::DynamoDB::Table": _table,
    "AWS::SQS::Queue": _queue,
    "AWS::S3::Bucket": _bucket,
    "AWS::SQS::QueuePolicy": _queue_policy,
    "AWS::SES::EmailIdentity": _email_identity,
    "AWS::S3::BucketPolicy": _bucket_policy,
    "AWS::SNS::Topic": _topic,
    "AWS::KMS::Key": _key,
    "AWS::CloudWatch::Alarm": _alarm,
    "AWS::CloudWatch::Dashboard": _dashboard,
    "AWS::SecretsManager::Secret": _secret,
}

# Types the template has that mean nothing on the stand-in, and why.
SKIPPED_LOCALLY: dict[str, str] = {
    "AWS::SES::ReceiptRuleSet": "infra/local/smtp.py receives the relay's mail and stores it in inbound/ "
                                "exactly as the receipt rule's S3 action does",
    "AWS::SES::ReceiptRule": "infra/local/smtp.py stands in for the receipt rule",
    "AWS::SES::ConfigurationSet": "nothing bounces locally; tests feed the SNS feedback handler directly",
    "AWS::SES::ConfigurationSetEventDestination": "nothing bounces locally; tests feed the SNS feedback handler "
                                                  "directly",
    "AWS::SNS::TopicPolicy": "who may publish to the topic: the stand-in does not check it",
    "AWS::SNS::Subscription": "an operator's email subscription: no mail leaves this machine",
    "AWS::CloudFront::Distribution": "the local stage serves the web client itself",
    "AWS::CloudFront::OriginAccessControl": "the local stage serves the web client itself",
    "AWS::Cognito::UserPool": "the local stage signs its own tokens (POST /dev/token)",
    "AWS::Cognito::UserPoolClient": "the local stage signs its own tokens (POST /dev/token)",
    "AWS::Cognito::UserPoolDomain": "the local stage signs its own tokens (POST /dev/token)",
    "AWS::Cognito::UserPoolGroup": "the local stage takes the role from POST /dev/token",
}


def _depends_on(resource: dict[str, Any]) -> set[str]:
    value = resource.get("DependsOn", [])
    return {value} if isinstance(value, str) else set(value)


def _references(value: Any, resources: dict[str, Any]) -> set[str]:
    """Logical ids a value points at through Ref, Fn::GetAtt or Fn::Sub."""
    if isinstance(value, dict):
        found = set()
        if "Fn::GetAtt" in value:
            found.add(value["Fn::GetAtt"][0])
        if "Ref" in value and value["Ref"] in resources:
            found.add(value["Ref"])
        if "Fn::Sub" in value and isinstance(value["Fn::Sub"], str):
            for part in value["Fn::Sub"].split("${")[1:]:
                name = part.split("}", 1)[0].split(".", 1)[0]
                if name in resources:
                    found.add(name)
        for v in value.values():
            found |= _references(v, resources)
        return found
    if isinstance(value, list):
        return set().union(*(_references(v, resources) for v in value)) if value else set()
    return set()


def _creation_order(resources: dict[str, Any]) -> list[str]:
    """Resources whose properties point at another resource come after it."""
    ordered: list[str] = []
    pending = dict(resources)
    while pending:
        ready = [name for name, res in pending.items()
                 if _references(res.get("Properties", {}), resources) | _depends_on(res) <= set(ordered)]
        if not ready:
            raise ValueError(f"circular references among {sorted(pending)}")
        for name in sorted(ready):
            ordered.append(name)
            del pending[name]
    return ordered


def provision(clients: Clients, stage: str, relay_domain: str | None = None,
              parameters: dict[str, str] | None = None) -> dict[str, Any]:
    """Creates every resource the stand-in supports; returns the template's outputs, resolved
    (those whose condition is false for the stage are left out)."""
    template = load_template()
    params: dict[str, Any] = {}
    for name, spec in template.get("Parameters", {}).items():
        value = (parameters or {}).get(name, spec.get("Default", ""))
        params[name] = value.split(",") if spec.get("Type") == "CommaDelimitedList" else value
    params.update(PSEUDO_PARAMETERS, Stage=stage)
    if relay_domain:
        params["RelayDomain"] = relay_domain
    resolve = _Resolver(params, template.get("Conditions", {}))
    resources = template["Resources"]
    for logical in _creation_order(resources):
        resource = resources[logical]
        kind = resource["Type"]
        if "Condition" in resource and not resolve.condition(resource["Condition"]):
            log.info("skipped %s (%s): condition %s is false for stage %s", logical, kind, resource["Condition"], stage)
            continue
        create = CREATORS.get(kind)
        if create is None:
            log.info("skipped %s (%s): %s", logical, kind, SKIPPED_LOCALLY.get(kind, "no local stand-in"))
            resolve.refs[logical] = ""
            continue
        created = create(clients, resolve(resource.get("Properties", {})))
        resolve.refs[logical] = created["Ref"]
        for attribute, value in created.items():
            resolve.attributes[(logical, attribute)] = value
    outputs: dict[str, Any] = {}
    for name, output in template.get("Outputs", {}).items():
        if "Condition" in output and not resolve.condition(output["Condition"]):
            continue
        try:
            outputs[name] = resolve(output["Value"])
        except KeyError:
            continue  # it names an attribute of a resource the stand-in skipped
    return outputs
