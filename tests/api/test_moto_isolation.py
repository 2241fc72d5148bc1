"""The moto stack is provisioned once per session: what one test leaves must not reach the next."""
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
