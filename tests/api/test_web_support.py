"""What the web client's working day needs from the API: where unread threads are, the status of
a matched role's application, the facts a summary shows, sides sent from the application manager
(to several applicants), managing the media locker and the headshot, and the unsubscribe page's
way back to the account settings."""
from __future__ import annotations

import pytest

from tests.api.test_applications import PNG, published
from tests.api.test_attachments import BUCKET, PDF, put_object, upload


@pytest.fixture
def people(api):
    """Casting (with a collaborator), an editor, two talent, and casting from elsewhere."""
    names = {"cd": ("Cara Casting", "casting"), "ed": ("Edda Editor", "editor"), "tom": ("Tom Talent", "talent"),
             "tia": ("Tia Talent", "talent"), "co": ("Cole Collaborator", "casting"), "oz": ("Oz Outsider", "casting")}
    return {key: api.sign_up(name, role) for key, (name, role) in names.items()}


def locker_photo(api, pump, user, title="Headshot"):
    from tests.conftest import moto_clients

    status, ticket = api.post("/me/media", user["token"], {"kind": "photo", "filename": "headshot.png",
                                                           "content_type": "image/png", "size": len(PNG),
                                                           "title": title})
    assert status == 201, ticket
    put_object(ticket, PNG, moto_clients)
    pump.drain()
    return ticket["media_id"]


def test_the_unread_count_says_how_many_unread_threads_are_in_the_archive(api, people):
    cd, tom = people["cd"], people["tom"]
    assert api.get("/threads/unread-count", tom["token"])[1] == {"unread": 0, "in_archive": 0}
    threads = [api.post("/threads", cd["token"], {"recipient_ids": [tom["user_id"]], "subject": f"S{i}",
                                                  "body": "Hello"})[1]["thread_id"] for i in range(3)]
    assert api.post("/threads/actions", tom["token"], {"action": "archive", "thread_ids": threads[:2]})[0] == 200
    assert api.get("/threads/unread-count", tom["token"])[1] == {"unread": 3, "in_archive": 2}
    api.get(f"/threads/{threads[0]}", tom["token"])  # read it where it is
    assert api.get("/threads/unread-count", tom["token"])[1] == {"unread": 2, "in_archive": 1}


def test_matched_roles_say_invited_or_applied_and_are_not_new_once_answered(api, people):
    cd, tom = people["cd"], people["tom"]
    api.call("PUT", "/me/profile", tom["token"], {"location": {"city": "Brooklyn", "state": "NY", "country": "US"},
                                                  "age_min": 30, "age_max": 40, "gender": "female"})
    _, (june, dell) = published(api, people)
    assert api.post(f"/roles/{june}/invitations", cd["token"], {"talent_id": tom["user_id"]})[0] == 201
    applied = api.post(f"/roles/{dell}/applications", tom["token"], {"note": "", "media_ids": [], "submit": True})
    assert applied[0] == 201
    status, page = api.get("/me/matched-roles", tom["token"])
    assert status == 200, page
    by_role = {r["role_id"]: r for r in page["items"]}
    assert by_role[june]["application_status"] == "invited" and by_role[dell]["application_status"] == "submitted"
    assert not by_role[june]["new"] and not by_role[dell]["new"]


def test_the_summary_names_the_company_nudity_and_a_fee_but_not_the_pay_details(api, people):
    pid, _ = published(api, people)
    status, summary = api.get(f"/notices/{pid}", people["tom"]["token"])
    assert status == 200 and summary["summary_only"] is True
    assert summary["company"] == "Northlight Pictures" and summary["nudity"] is False and summary["has_fee"] is False
    assert "pay" not in summary and "description" not in summary
    listed = api.get("/notices?state=NY")[1]["items"]
    assert [n["company"] for n in listed if n["production_id"] == pid] == ["Northlight Pictures"]


def test_manager_sends_sides_to_one_applicant_and_the_same_sides_to_several(api, pump, people):
    cd, tom, tia, oz = people["cd"], people["tom"], people["tia"], people["oz"]
    pid, (june, _) = published(api, people)
    apps = {}
    for talent in (tom, tia):
        status, app = api.post(f"/roles/{june}/applications", talent["token"],
                               {"note": "Hi", "media_ids": [], "submit": True})
        assert status == 201
        apps[talent["user_id"]] = app["application_id"]
    sides, _ = upload(api, pump, cd, content=PDF)
    status, thread = api.post(f"/applications/{apps[tom['user_id']]}/contact", cd["token"],
                              {"body": "Sides attached", "attachment_ids": [sides]})
    assert status == 201, thread
    assert [a["filename"] for a in thread["messages"][0]["attachments"]] == ["sides.pdf"]
    assert api.get(f"/productions/{pid}/applications", cd["token"])[1]["items"][-1]["viewed"] is True

    more, _ = upload(api, pump, cd, content=PDF)
    body = {"application_ids": [*apps.values(), "app_nope"], "body": "Callback sides", "attachment_ids": [more]}
    assert api.post(f"/productions/{pid}/contact", oz["token"], body)[0] == 404  # not their production
    status, result = api.post(f"/productions/{pid}/contact", cd["token"], body)
    assert status == 200, result
    assert {s["application_id"] for s in result["sent"]} == set(apps.values())
    assert [f["application_id"] for f in result["failed"]] == ["app_nope"]
    for talent in (tom, tia):
        newest = api.get("/threads", talent["token"])[1]["items"][0]
        detail = api.get(f"/threads/{newest['thread_id']}", talent["token"])[1]
        attachment = detail["messages"][-1]["attachments"][0]
        assert attachment["filename"] == "sides.pdf" and detail["role"]["name"] == "June"
        status, link = api.get(f"/attachments/{attachment['attachment_id']}", talent["token"])
        assert status == 200 and link["download_url"]
    too_many = {"application_ids": [f"app_{i}" for i in range(26)], "body": "x"}
    assert api.post(f"/productions/{pid}/contact", cd["token"], too_many)[0] == 400


def test_locker_items_are_renamed_deleted_with_their_space_given_back_and_one_is_the_headshot(api, pump, people):
    from tests.conftest import moto_clients

    tom, tia, cd = people["tom"], people["tia"], people["cd"]
    photo = locker_photo(api, pump, tom)
    other = locker_photo(api, pump, tom, "Second look")
    locker = api.get("/me/media", tom["token"])[1]
    assert locker["counts"]["photo"] == 2 and locker["counts"]["bytes"] == 2 * len(PNG)
    assert all(i["download_url"] for i in locker["items"]) and locker["headshot_media_id"] is None

    status, renamed = api.patch(f"/me/media/{photo}", tom["token"], {"title": "Theatrical headshot"})
    assert status == 200 and renamed["title"] == "Theatrical headshot"
    assert api.patch(f"/me/media/{photo}", tom["token"], {"title": "x" * 201})[0] == 400
    assert api.patch(f"/me/media/{photo}", tia["token"], {"title": "mine now"})[0] == 404

    assert api.get(f"/users/{tom['user_id']}", cd["token"])[1]["headshot_url"] is None
    status, chosen = api.call("PUT", "/me/headshot", tom["token"], {"media_id": photo})
    assert status == 200 and chosen["headshot"]["media_id"] == photo
    shown = api.get(f"/users/{tom['user_id']}", cd["token"])[1]
    assert photo in shown["headshot_url"] and "email" not in shown
    assert api.call("PUT", "/me/headshot", tia["token"], {"media_id": photo})[0] == 404  # not hers

    # The second photo was sent in a message: deleting it keeps the file the conversation shows.
    status, thread = api.post("/threads", tom["token"], {"recipient_ids": [cd["user_id"]], "subject": "Look",
                                                         "body": "Here", "attachment_ids": [other]})
    assert status == 201, thread
    for media_id in (photo, other):
        status, deleted = api.delete(f"/me/media/{media_id}", tom["token"])
        assert status == 200 and deleted["deleted"] is True
    assert deleted["counts"]["photo"] == 0 and deleted["counts"]["bytes"] == 0
    assert api.get(f"/users/{tom['user_id']}", cd["token"])[1]["headshot_url"] is None  # it was the headshot
    assert api.delete(f"/me/media/{photo}", tom["token"])[0] == 404
    keys = [o["Key"] for o in moto_clients("s3").list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert f"media/{tom['user_id']}/{photo}" not in keys and f"media/{tom['user_id']}/{other}" in keys
    sent = thread["messages"][0]["attachments"][0]["attachment_id"]
    assert api.get(f"/attachments/{sent}", cd["token"])[1]["download_url"]


def test_the_unsubscribe_pages_link_to_the_account_settings(api, people):
    from chalicelib.container import services
    from chalicelib.domain.relay import unsubscribe_token

    token = unsubscribe_token(services().settings.signing_secret, people["tom"]["user_id"])
    status, page = api.get(f"/unsubscribe?token={token}")
    assert status == 200 and "/#/account" in page
