"""The moto stack is provisioned once per session: what one test leaves must not reach the next."""
import pytest

from tests.conftest import empty_moto_stack, moto_clients


def test_emptying_the_stack_leaves_no_item_object_message_or_stream_record(api, pump, aws):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    sent = api.post("/threads", cara["token"], {"recipient_ids": [tom["user_id"]], "subject": "s", "body": "b"})
    assert sent[0] == 201
    s3, sqs, ddb = moto_clients("s3"), moto_clients("sqs"), moto_clients("dynamodb")
    s3.put_object(Bucket=aws["FilesBucketName"], Key="left/behind.txt", Body=b"x")
    queue_url = sqs.get_queue_url(QueueName=aws["JobsQueueName"])["QueueUrl"]
    sqs.send_message(QueueUrl=queue_url, MessageBody="{}")
    assert ddb.scan(TableName=aws["TableName"], Select="COUNT")["Count"] > 0

    empty_moto_stack()

    assert ddb.scan(TableName=aws["TableName"], Select="COUNT")["Count"] == 0
    assert s3.list_objects_v2(Bucket=aws["FilesBucketName"]).get("KeyCount", 0) == 0
    assert sqs.receive_message(QueueUrl=queue_url).get("Messages", []) == []
    assert pump.pump_stream() == 0, "no stream record of the writes above reaches the next test's pump"
    # The resources themselves stay: the app works straight away.
    assert api.sign_up("Cara Casting", "casting")["user_id"]


def test_a_cancelled_transaction_leaves_the_table_and_its_stream_as_they_were(aws):
    """The session's moto undoes a failed TransactWriteItems from copies of the items it names
    (infra/local/standin.py), not of the whole table: nothing of a cancelled one may stay, and the
    same writes without the failing check all land."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends

    assert getattr(DynamoDBBackend.transact_write_items, "snapshots_named_items", False)
    ddb, table = moto_clients("dynamodb"), aws["TableName"]
    shard = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].tables[table].stream_shard

    def key(name):
        return {"pk": {"S": f"T#{name}"}, "sk": {"S": "A"}}

    def items():
        return sorted((i["pk"]["S"], i.get("n", {}).get("N")) for i in ddb.scan(TableName=table)["Items"])

    ddb.put_item(TableName=table, Item={**key("kept"), "n": {"N": "1"}})
    ddb.put_item(TableName=table, Item={**key("gone"), "n": {"N": "1"}})
    before, records = items(), len(shard.items)
    writes = [{"Put": {"TableName": table, "Item": key("new")}},
              {"Update": {"TableName": table, "Key": key("kept"), "UpdateExpression": "SET n = n + :one",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}},  # changes the stored item in place
              {"Delete": {"TableName": table, "Key": key("gone")}}]
    failing = {"ConditionCheck": {"TableName": table, "Key": key("absent"),
                                  "ConditionExpression": "attribute_exists(pk)"}}

    with pytest.raises(ddb.exceptions.TransactionCanceledException):
        ddb.transact_write_items(TransactItems=[*writes, failing])  # the check comes after the writes

    assert items() == before and len(shard.items) == records
    ddb.transact_write_items(TransactItems=writes)
    assert items() == [("T#kept", "2"), ("T#new", None)] and len(shard.items) == records + 3
