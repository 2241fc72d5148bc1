"""Preferences, the daily digest and SES feedback (SPEC.md sections 4 and 5)."""
import json

from tests.api.test_alerts import deliver_alerts, outbox, send


def run_digest(api):
    status, data = api.post("/dev/jobs/daily-digest")
    assert status == 200, data
    return data["sent"]


def test_daily_users_get_nothing_immediately_then_one_digest_listing_their_unread_threads(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    uma = api.sign_up("Uma Understudy")
    api.patch("/me", tom["token"], {"notifications": "daily"})
    hamlet = send(api, cara, tom, subject="Hamlet callback", body="Thursday at 10?")
    send(api, uma, tom, subject="Rehearsal notes", body="Bring the script")
    read = send(api, cara, tom, subject="Already read", body="old news")
    api.post(f"/threads/{hamlet['thread_id']}/messages", cara["token"], {"body": "Also bring sides"})
    deliver_alerts(pump, app_module)
    api.get(f"/threads/{read['thread_id']}", tom["token"])
    assert [m for m in outbox(api) if m["to"] == tom["email"]] == [], "nothing immediately"

    assert run_digest(api) == 1
    [digest] = [m for m in outbox(api) if m["to"] == tom["email"]]
    assert "Hamlet callback" in digest["text"] and "Rehearsal notes" in digest["text"]
    assert "Already read" not in digest["text"]
    assert "2 new messages" in digest["text"] and digest["text"].index("Hamlet") < digest["text"].index("Rehearsal")
    assert digest["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert cara["email"] not in digest["raw"] and uma["email"] not in digest["raw"]

    assert run_digest(api) == 0, "a second run the same day sends nothing"
    assert len([m for m in outbox(api) if m["to"] == tom["email"]]) == 1


def test_nothing_new_means_no_digest(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    api.patch("/me", tom["token"], {"notifications": "daily"})
    thread = send(api, cara, tom)
    deliver_alerts(pump, app_module)
    api.get(f"/threads/{thread['thread_id']}", tom["token"])
    assert run_digest(api) == 0 and outbox(api) == []


def test_a_duplicated_batch_never_sends_a_second_digest(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    api.patch("/me", tom["token"], {"notifications": "daily"})
    send(api, cara, tom)
    deliver_alerts(pump, app_module)
    from chalicelib.services.digests import today

    job = {"kind": "digest", "date": today(), "user_ids": [tom["user_id"]]}
    event = {"Records": [{"messageId": str(i), "receiptHandle": "r", "body": json.dumps(job), "attributes": {},
                          "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:callboard-local-digest",
                          "awsRegion": "us-east-1"} for i in range(2)]}
    app_module.on_digest_batch(event, None)
    app_module.on_digest_batch(event, None)
    assert len(outbox(api)) == 1


def test_switching_to_never_stops_an_alert_already_queued(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    send(api, cara, tom)
    pump.pump_stream()  # the alert is queued while Tom is on "immediate"
    api.patch("/me", tom["token"], {"notifications": "never"})
    deliver_alerts(pump, app_module)
    assert outbox(api) == []


def sns_event(message):
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": "arn:x",
                         "Sns": {"Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:us-east-1:1:t",
                                 "Subject": None, "Message": json.dumps(message), "Timestamp": "2026-11-24T00:00:00Z",
                                 "SignatureVersion": "1", "Signature": "", "SigningCertUrl": "",
                                 "UnsubscribeUrl": "", "MessageAttributes": {}}}]}


def test_a_hard_bounce_suppresses_the_address_and_a_soft_one_does_not(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    soft = {"notificationType": "Bounce", "bounce": {"bounceType": "Transient",
                                                     "bouncedRecipients": [{"emailAddress": tom["email"]}]}}
    app_module.on_ses_feedback(sns_event(soft), None)
    assert api.get("/me", tom["token"])[1]["email_suppressed"] is None
    hard = {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent",
                                                     "bouncedRecipients": [{"emailAddress": tom["email"]}]}}
    app_module.on_ses_feedback(sns_event(hard), None)
    assert api.get("/me", tom["token"])[1]["email_suppressed"] == "bounced"
    send(api, cara, tom)
    deliver_alerts(pump, app_module)
    assert outbox(api) == [], "no alert to a bounced address"
    complaint = {"notificationType": "Complaint",
                 "complaint": {"complainedRecipients": [{"emailAddress": cara["email"]}]}}
    app_module.on_ses_feedback(sns_event(complaint), None)
    assert api.get("/me", cara["token"])[1]["email_suppressed"] == "complained"


def test_a_message_that_comes_in_while_the_digest_goes_out_waits_for_the_next_one(api, pump, app_module):
    from chalicelib.container import services

    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    api.patch("/me", tom["token"], {"notifications": "daily"})
    send(api, cara, tom, subject="Monday call", body="See you Monday")
    deliver_alerts(pump, app_module)
    digests = services().digests
    assert digests.schedule("2026-12-01") == 1
    send(api, cara, tom, subject="Tuesday call", body="And Tuesday")  # after the run read the draft
    deliver_alerts(pump, app_module)
    queue = services().settings.digest_queue_name
    for job, receipt in services().jobs.receive(queue):
        digests.send_batch(job)
        services().jobs.delete(queue, receipt)
    [first] = [m for m in outbox(api) if m["to"] == tom["email"]]
    assert "Monday call" in first["text"] and "Tuesday call" not in first["text"]

    assert digests.schedule("2026-12-02") == 1, "the later message is still pending"
    for job, receipt in services().jobs.receive(queue):
        digests.send_batch(job)
        services().jobs.delete(queue, receipt)
    second = [m for m in outbox(api) if m["to"] == tom["email"]][-1]
    assert "Tuesday call" in second["text"] and "Monday call" not in second["text"]


def test_deleting_a_thread_takes_it_out_of_the_digest(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    api.patch("/me", tom["token"], {"notifications": "daily"})
    gone = send(api, cara, tom, subject="Never mind", body="Cancelled")
    send(api, cara, tom, subject="Still on", body="Friday")
    deliver_alerts(pump, app_module)
    status, _ = api.post("/threads/actions", tom["token"], {"action": "delete", "thread_ids": [gone["thread_id"]]})
    assert status == 200
    assert run_digest(api) == 1
    [digest] = [m for m in outbox(api) if m["to"] == tom["email"]]
    assert "Still on" in digest["text"] and "Never mind" not in digest["text"]
