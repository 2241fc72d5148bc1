"""The application state rules and the counters that follow them (no AWS)."""
from __future__ import annotations

import pytest

from chalicelib.domain import applications as rules
from chalicelib.domain.applications import Application, MediaRef
from chalicelib.domain.errors import Conflict, InvalidInput, RuleBroken

NOW = "2026-11-24T10:00:00Z"
LATER = "2026-11-24T12:00:00Z"
VIDEO = MediaRef("med_v", "video", "tape.mp4", "video/mp4")
PHOTO = MediaRef("med_p", "photo", "head.png", "image/png")


def app(**changes) -> Application:
    base = Application(application_id="app_1", talent_id="usr_t", talent_name="Tom", production_id="prd_1",
                       production_name="Show", role_id="prd_1.rol_1", role_name="June", status="draft",
                       created_at=NOW, updated_at=NOW)
    return rules.replace(base, **changes)


def test_tabs_follow_the_state():
    assert app(status="invited").tab == "invites"
    assert app().tab == "drafts"
    submitted = rules.submit(app(), NOW, 5)
    assert submitted.tab == "active" and submitted.completeness == 5 and submitted.unviewed
    asked = rules.request_audition(submitted, NOW, "usr_c", "Slate", "2026-12-01T00:00:00Z")
    assert asked.tab == "auditions" and asked.awaiting_audition and asked.viewed_at == NOW
    assert rules.archive(asked, LATER).tab == "archived" and not rules.archive(asked, LATER).awaiting_audition
    assert rules.archive(rules.archive(asked, LATER), LATER) is None, "archiving twice changes nothing"
    assert rules.withdraw(submitted, NOW).tab == "archived"


def test_counters_move_with_each_change():
    invited = app(status="invited")
    assert rules.talent_count_changes(None, invited) == {"invites": 1}
    draft = rules.accept_invitation(invited, NOW)
    assert rules.talent_count_changes(invited, draft) == {"invites": -1, "drafts": 1}
    submitted = rules.submit(draft, NOW, 3)
    assert rules.role_count_changes(draft, submitted) == {"submitted": 1, "unviewed": 1}
    viewed = rules.mark_viewed(submitted, LATER)
    assert viewed is not None and rules.role_count_changes(submitted, viewed) == {"unviewed": -1}
    assert rules.mark_viewed(viewed, LATER) is None
    asked = rules.request_audition(viewed, NOW, "usr_c", "Slate", "2026-12-01T00:00:00Z")
    assert rules.talent_count_changes(viewed, asked) == {"active": -1, "auditions": 1, "awaiting": 1}
    answered = rules.answer_audition(asked, LATER, VIDEO, None)
    assert rules.talent_count_changes(asked, answered) == {"awaiting": -1}
    assert rules.talent_count_changes(answered, answered) == {}


def test_what_each_state_refuses():
    submitted = rules.submit(app(), NOW, 0)
    with pytest.raises(Conflict, match="already submitted"):
        rules.submit(submitted, NOW, 0)
    with pytest.raises(Conflict):
        rules.edit(submitted, NOW, "new note", None)
    with pytest.raises(Conflict):
        rules.accept_invitation(app(), NOW)
    with pytest.raises(Conflict):
        rules.request_audition(app(), NOW, "usr_c", "x", LATER)
    with pytest.raises(Conflict, match="already viewed"):
        rules.withdraw(rules.mark_viewed(submitted, NOW), NOW)
    with pytest.raises(Conflict, match="archived"):
        rules.edit(rules.archive(app(), NOW), NOW, "x", None)
    asked = rules.request_audition(submitted, NOW, "usr_c", "Slate", "2026-12-01T00:00:00Z")
    with pytest.raises(Conflict):
        rules.request_audition(asked, NOW, "usr_c", "again", "2026-12-02T00:00:00Z")
    with pytest.raises(RuleBroken, match="video"):
        rules.answer_audition(asked, NOW, PHOTO, None)
    with pytest.raises(RuleBroken, match="due"):
        rules.answer_audition(asked, "2026-12-01T00:00:00Z", VIDEO, None)
    declined = rules.answer_audition(asked, NOW, None, "busy")
    assert declined.audition.status == "declined" and not declined.awaiting_audition
    assert rules.answer_audition(declined, LATER, VIDEO, None).audition.status == "submitted"


@pytest.mark.parametrize("value", ["tomorrow", "2026-12-01T10:00:00", "", 5, None, "2026-13-01T00:00:00Z"])
def test_due_dates_must_be_times_with_a_zone(value):
    with pytest.raises(InvalidInput):
        rules.parse_audition_request({"instructions": "Slate", "due_at": value}, NOW)


def test_due_dates_are_stored_in_utc_and_shown_in_the_talents_zone():
    _, due = rules.parse_audition_request({"instructions": "Slate", "due_at": "2026-12-01T18:30:00+01:00"}, NOW)
    assert due == "2026-12-01T17:30:00Z"
    shown = rules.due_view(due, "America/New_York")
    assert shown["utc_offset"] == "-05:00" and shown["local"].startswith("2026-12-01T12:30:00")
    assert rules.due_view(due, None)["local"] is None and rules.due_view(due, "Mars/Base")["local"] is None
    with pytest.raises(InvalidInput, match="minutes"):
        rules.parse_audition_request({"instructions": "Slate", "due_at": "2026-11-24T10:30:00Z"}, NOW)


def test_notes_and_media_lists_are_bounded():
    assert rules.parse_note("  hi  ") == "hi"
    with pytest.raises(InvalidInput):
        rules.parse_note("x" * (rules.NOTE_MAX + 1))
    assert rules.parse_media_ids(["a", "a", "b"]) == ["a", "b"]
    with pytest.raises(InvalidInput):
        rules.parse_media_ids([f"m{i}" for i in range(rules.MEDIA_MAX + 1)])
    assert rules.parse_self_tape({"decline": True, "reason": " busy "}) == (None, "busy")
    with pytest.raises(InvalidInput):
        rules.parse_self_tape({"decline": True, "reason": "x", "media_id": "med_1"})


def test_an_unanswered_request_is_missed_once_due_and_only_then():
    asked = rules.request_audition(rules.submit(app(), NOW, 0), NOW, "usr_c", "Slate", "2026-12-01T00:00:00Z")
    assert rules.miss_audition(asked, "2026-11-30T23:59:59Z") is None, "not yet due"
    missed = rules.miss_audition(asked, "2026-12-01T00:00:00Z")
    assert missed is not None and missed.audition.status == "missed" and not missed.awaiting_audition
    assert missed.tab == "auditions" and rules.talent_count_changes(asked, missed) == {"awaiting": -1}
    assert rules.miss_audition(missed, LATER) is None, "a second sweep changes nothing"
    answered = rules.answer_audition(asked, NOW, VIDEO, None)
    assert rules.miss_audition(answered, "2026-12-02T00:00:00Z") is None, "an answered one is not missed"
    again = rules.request_audition(missed, "2026-12-02T00:00:00Z", "usr_c", "New date", "2026-12-09T00:00:00Z")
    assert again.awaiting_audition
