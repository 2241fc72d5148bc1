"""The production model's rules: who runs it, when it takes applications, which roles it shows."""
import pytest

from chalicelib.domain.errors import RuleBroken
from chalicelib.domain.productions import (
    ENDED,
    Production,
    ensure_open,
    has_just_ended,
    production_of_role,
    with_role_ids,
)

NOW = "2026-06-01T12:00:00.000Z"


def production(**changes):
    notice = {"name": "Harbour Lights", "expires_at": "2026-07-01T00:00:00.000Z",
              "roles": [{"role_id": "prd_1.rol_a", "name": "Lead"}, {"role_id": "prd_1.rol_b", "name": "Twin"}]}
    return Production(production_id="prd_1", owner_id="usr_owner", notice=notice, status="approved",
                      collaborator_ids=("usr_helper",)).changed(**changes)


def test_members_are_the_owner_and_the_collaborators():
    made = production()
    assert made.members == ("usr_owner", "usr_helper")
    assert made.is_member("usr_helper") and not made.is_member("usr_stranger")


def test_open_only_while_approved_and_before_expiry():
    assert production().is_open(NOW)
    assert not production().is_open("2026-07-01T00:00:00.000Z"), "the expiry instant itself is closed"
    for status in ("draft", "pending_review", "hidden", *ENDED):
        assert not production(status=status).is_open(NOW)
    assert not production(notice={"name": "x", "roles": []}).is_open(NOW), "no expiry date: not open"


def test_ensure_open_refuses_a_closed_or_missing_notice():
    ensure_open(production(), NOW)
    for closed in (None, production(status="closed")):
        with pytest.raises(RuleBroken) as refused:
            ensure_open(closed, NOW)
        assert refused.value.code == "notice_closed"


def test_roles_are_found_by_id_and_shown_only_once_published():
    made = production()
    assert made.role("prd_1.rol_b")["name"] == "Twin" and made.role("prd_1.rol_x") is None and made.role(None) is None
    assert made.role_names() == {"prd_1.rol_a": "Lead", "prd_1.rol_b": "Twin"}
    assert production(status="closed").visible_role("prd_1.rol_a") is not None, "an ended notice still shows roles"
    for unpublished in ("draft", "pending_review", "returned", "rejected", "hidden"):
        assert production(status=unpublished).visible_role("prd_1.rol_a") is None


def test_a_role_id_names_its_production_and_keeps_its_id_across_edits():
    assert production_of_role("prd_1.rol_a") == "prd_1" and production_of_role("rol_a") == ""
    notice = {"roles": [{"name": "Lead"}, {"name": "Twin"}]}
    given = [{"role_id": "prd_1.rol_a"}, {"role_id": "prd_other.rol_z"}]
    roles = with_role_ids("prd_1", notice, given)["roles"]
    assert roles[0]["role_id"] == "prd_1.rol_a", "a role sent back with its id keeps it"
    assert roles[1]["role_id"].startswith("prd_1.rol_"), "another production's id is not taken over"


def test_a_notice_ends_once():
    assert has_just_ended("approved", "expired") and has_just_ended("hidden", "rejected")
    assert not has_just_ended("expired", "closed"), "already ended: its applications were archived then"
    assert not has_just_ended("approved", "hidden"), "hidden may be approved again"


def test_the_model_is_frozen():
    with pytest.raises(AttributeError):
        production().status = "closed"
