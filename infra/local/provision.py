"""Creates the resources of infra/template.json on an AWS endpoint (the local stand-in).

The template is the single source of truth: this reads its resources and makes the same
API calls CloudFormation would, for the resource types the local stack needs.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent.parent / "template.json"


def load_template() -> dict[str, Any]:
    return json.loads(TEMPLATE.read_text())


class _Resolver:
    def __init__(self, params: dict[str, str]) -> None:
        self.params = params
        self.attributes: dict[tuple[str, str], str] = {}
        self.refs: dict[str, str] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict):
            if "Fn::Sub" in value:
                text = value["Fn::Sub"]
                for name, param in self.params.items():
                    text = text.replace("${" + name + "}", param)
                return text
            if "Ref" in value:
                return self.params.get(value["Ref"]) or self.refs[value["Ref"]]
            if "Fn::GetAtt" in value:
                logical, attribute = value["Fn::GetAtt"]
                return self.attributes[(logical, attribute)]
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value


def _table(clients: Any, props: dict[str, Any]) -> dict[str, str]:
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
    table = ddb.describe_table(TableName=props["TableName"])["Table"]
    return {"Ref": table["TableName"], "Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")}


def _queue(clients: Any, props: dict[str, Any]) -> dict[str, str]:
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


def _bucket(clients: Any, props: dict[str, Any]) -> dict[str, str]:
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
    return {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}


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


def _queue_policy(clients: Any, props: dict[str, Any]) -> dict[str, str]:
    for url in props["Queues"]:
        clients("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(props["PolicyDocument"])})
    return {"Ref": ""}


def _email_identity(clients: Any, props: dict[str, Any]) -> dict[str, str]:
    # The stand-in treats a domain identity as verified at once; in AWS it needs DNS (README).
    clients("ses").verify_domain_identity(Domain=props["EmailIdentity"])
    return {"Ref": props["EmailIdentity"]}


def _bucket_policy(clients: Any, props: dict[str, Any]) -> dict[str, str]:
    # The stand-in speaks plain HTTP on loopback (and moto enforces bucket policies), so the
    # "deny unless TLS" statement is the one part of the policy that cannot apply locally.
    document = dict(props["PolicyDocument"])
    document["Statement"] = [st for st in document["Statement"]
                             if "aws:SecureTransport" not in json.dumps(st.get("Condition", {}))]
    clients("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=json.dumps(document))
    return {"Ref": props["Bucket"]}


def _not_needed_locally(clients: Any, props: dict[str, Any]) -> dict[str, str]:
    """SES receipt rules and feedback destinations: locally, infra/local/smtp.py receives mail and
    stores it in inbound/ exactly as the rule's S3 action does; nothing bounces, so no feedback."""
    return {"Ref": ""}


def _topic(clients: Any, props: dict[str, Any]) -> dict[str, str]:
    arn = clients("sns").create_topic(Name=props["TopicName"])["TopicArn"]
    return {"Ref": arn, "TopicArn": arn, "TopicName": props["TopicName"]}


CREATORS = {
    "AWS::DynamoDB::Table": _table,
    "AWS::SQS::Queue": _queue,
    "AWS::S3::Bucket": _bucket,
    "AWS::SQS::QueuePolicy": _queue_policy,
    "AWS::SES::EmailIdentity": _email_identity,
    "AWS::S3::BucketPolicy": _bucket_policy,
    "AWS::SES::ReceiptRuleSet": _not_needed_locally,
    "AWS::SES::ReceiptRule": _not_needed_locally,
    "AWS::SNS::Topic": _topic,
    # Bounce/complaint feedback needs real recipients; tests feed the SNS handler directly.
    "AWS::SES::ConfigurationSet": _not_needed_locally,
    "AWS::SES::ConfigurationSetEventDestination": _not_needed_locally,
}
PSEUDO_PARAMETERS = {"AWS::AccountId": "000000000000", "AWS::Region": "us-east-1", "AWS::Partition": "aws"}


def _depends_on(resource: dict[str, Any]) -> set[str]:
    value = resource.get("DependsOn", [])
    return {value} if isinstance(value, str) else set(value)


def _creation_order(resources: dict[str, Any]) -> list[str]:
    """Resources whose properties point at another resource come after it."""
    def deps(value: Any) -> set[str]:
        if isinstance(value, dict):
            found = set()
            if "Fn::GetAtt" in value:
                found.add(value["Fn::GetAtt"][0])
            if "Ref" in value and value["Ref"] in resources:
                found.add(value["Ref"])
            for v in value.values():
                found |= deps(v)
            return found
        if isinstance(value, list):
            return set().union(*(deps(v) for v in value)) if value else set()
        return set()

    ordered: list[str] = []
    pending = dict(resources)
    while pending:
        ready = [name for name, res in pending.items()
                 if deps(res.get("Properties", {})) | _depends_on(res) <= set(ordered)]
        if not ready:
            raise ValueError(f"circular references among {sorted(pending)}")
        for name in sorted(ready):
            ordered.append(name)
            del pending[name]
    return ordered


def provision(clients: Any, stage: str, relay_domain: str | None = None) -> dict[str, str]:
    """Creates every supported resource; returns the template's outputs, resolved."""
    template = load_template()
    params = {name: spec.get("Default", "") for name, spec in template.get("Parameters", {}).items()}
    params.update(PSEUDO_PARAMETERS, Stage=stage)
    if relay_domain:
        params["RelayDomain"] = relay_domain
    resolve = _Resolver(params)
    resources = template["Resources"]
    for logical in _creation_order(resources):
        resource = resources[logical]
        create = CREATORS.get(resource["Type"])
        if create is None:
            continue  # not needed by the local stack (documented in docs/ARCHITECTURE.md)
        created = create(clients, resolve(resource.get("Properties", {})))
        resolve.refs[logical] = created["Ref"]
        for attribute, value in created.items():
            resolve.attributes[(logical, attribute)] = value
    return {name: resolve(out["Value"]) for name, out in template.get("Outputs", {}).items()}
