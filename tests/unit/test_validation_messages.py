"""Schema refusals are written for people and name the field by its path (no AWS, no app)."""
import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.handlers import schemas as s
from chalicelib.handlers.validation import validate

THREAD = {"recipient_ids": ["usr_1"], "subject": "Sides", "body": "Hello"}


def refused(schema, body, code_for=None):
    with pytest.raises(InvalidInput) as caught:
        validate(schema, body, code_for) if code_for else validate(schema, body)
    return caught.value


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"subject": ""}, "subject", "Enter a subject"),
    ({"subject": None}, "subject", "The subject must be text"),
    ({"subject": "x" * 201}, "subject", "The subject can be at most 200 characters"),
    ({"body": ""}, "body", "Enter a message"),
    ({"body": "x" * 20_001}, "body", "The message can be at most 20,000 characters"),
    ({"recipient_ids": []}, "recipient_ids", "Choose at least one recipient"),
    ({"recipient_ids": "usr_1"}, "recipient_ids", "The recipients must be a list"),
    ({"recipient_ids": ["usr 1"]}, "recipient_ids[0]", "The recipient is not one Callboard gave out"),
    ({"recipient_ids": ["u"] * 21}, "recipient_ids", "Choose at most 20 recipients"),
    ({"attachment_ids": ["a"] * 51}, "attachment_ids", "Choose at most 50 attachments"),
    ({"colour": "red"}, "colour", "“colour” is not a field of this request; leave it out"),
])
def test_a_new_thread_refusal_names_the_field_in_words(change, field, message):
    error = refused(s.NEW_THREAD, {**THREAD, **change})
    assert (error.field, error.message, error.code) == (field, message, "invalid_field")


def test_a_missing_field_asks_for_it():
    error = refused(s.NEW_THREAD, {"recipient_ids": ["usr_1"], "body": "b"})
    assert (error.field, error.message) == ("subject", "Enter a subject")
    error = refused(s.NEW_THREAD, {"subject": "s", "body": "b"})
    assert (error.field, error.message) == ("recipient_ids", "Choose at least one recipient")
    error = refused(s.THREAD_ACTION, {})
    assert (error.field, error.message) == ("action", "Choose an action")


def test_choices_and_flags_are_named():
    error = refused(s.THREAD_ACTION, {"action": "burn"})
    assert error.message == "The action must be one of mark_read, mark_unread, archive, unarchive or delete"
    error = refused(s.THREAD_ACTION, {"action": "archive", "all": "yes"})
    assert (error.field, error.message) == ("all", "All must be true or false")


def test_nested_fields_carry_their_path_and_the_route_code():
    error = refused(s.NOTICE_PATCH, {"location": {"remote": "yes"}}, s.notice_error_code)
    assert (error.field, error.message, error.code) == ("location.remote", "Remote must be true or false",
                                                         "invalid_notice")
    error = refused(s.NOTICE_PATCH, {"roles": [{"name": 5}]}, s.notice_error_code)
    assert (error.field, error.message) == ("roles[0].name", "The role name must be text")
    error = refused(s.NOTICE_CREATE, {"name": "A play", "category": "casting"}, s.notice_error_code)
    assert (error.field, error.message) == ("job_type", "Enter a job type")


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"age_min": "24"}, "age_min", "invalid_age_min"),
    ({"location": {"city": "Albany", "zip": "12207"}}, "location.zip", "invalid_location"),
    ({"credits": [{"title": "Hamlet", "year": "1999"}]}, "credits[0].year", "invalid_credits"),
    ({"credits": [5]}, "credits[0]", "invalid_credits"),
    ({"height": 170}, "height", "invalid_field"),
])
def test_profile_refusals_keep_the_profile_codes(body, field, code):
    error = refused(s.PROFILE_BODY, body, s.profile_error_code)
    assert (error.field, error.code) == (field, code), error.message


def test_what_a_get_adds_may_come_back_and_unknown_notice_keys_are_ignored():
    validate(s.PROFILE_BODY, {"bio": "Hi", "score": {"value": 1}, "user_id": "usr_1", "media": {}})
    validate(s.NOTICE_PATCH, {"status": "draft", "roles": [{"name": "Lead", "role_id": "rol_1", "extra": 1}]})
