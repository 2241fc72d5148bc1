"""Issue 15 item 6: off-platform contact in a notice is a finding; a notice silent on pay reads "pay not stated"."""
import pytest

from chalicelib.domain import notices as n
from tests.unit.test_vetting_rules import NEUTRAL, POSTER, notice, severity


@pytest.mark.parametrize("extra", [
    "Questions? Call or text Dana at (718) 555-0134.",
    "DM us on Instagram for the sides.",
    "Send your reel to northlight.casting@gmail.com.",
    "Message us on W h a t s A p p before the audition.",
    "Reach the producer on Telegram: t.me/northlightcasting",
    "Email casting [at] northlight [dot] com with questions.",
])
def test_off_platform_contact_in_a_notice_is_returned(extra):
    vetting = n.vet(notice(description=f"{NEUTRAL} {extra}"), POSTER)
    assert severity(vetting, n.OFF_PLATFORM_CONTACT) == n.BLOCK
    finding = next(f for f in vetting.findings if f.rule == n.OFF_PLATFORM_CONTACT)
    assert "Callboard" in finding.message and "description" in finding.message


@pytest.mark.parametrize("extra", [
    "Call time is 7am and our office number is on the notice.",
    "Send your reel through Callboard; we reply to every submission here.",
    "The shoot is at 1520 Cahuenga Blvd, suite 200, Los Angeles 90028.",
    "Pay is $250 a day for 2 days, 10 hours each, through payroll.",
])
def test_contact_through_callboard_and_plain_details_pass(extra):
    vetting = n.vet(notice(description=f"{NEUTRAL} {extra}"), POSTER)
    assert severity(vetting, n.OFF_PLATFORM_CONTACT) is None


def test_a_role_or_the_company_name_with_a_number_is_found_too():
    vetting = n.vet(notice(company="Northlight Pictures (text 917-555-0199)"), POSTER)
    assert severity(vetting, n.OFF_PLATFORM_CONTACT) == n.BLOCK


def test_pay_label_is_paid_not_paid_or_not_stated():
    assert n.vet(notice(), POSTER).pay_label == n.PAID
    assert n.vet(notice(pay={"kind": "not_paid"}), POSTER).pay_label == n.NOT_PAID
    below_minimum = n.vet(notice(pay={"kind": "paid", "rate": 2, "unit": "hour"}), POSTER)
    assert below_minimum.paid_tag is False and below_minimum.pay_label == n.NOT_PAID
    silent = n.vet(notice(pay=None), POSTER)
    assert silent.paid_tag is False and silent.pay_label == n.PAY_NOT_STATED
    assert silent.to_dict()["pay_label"] == "not_stated"
    assert "pay not stated" in next(f.message for f in silent.findings if f.rule == n.PAID_TAG)


def test_pay_label_reads_a_stored_record_the_same_way():
    assert n.pay_label(True, {"kind": "paid"}) == "paid"
    assert n.pay_label(False, {"kind": "paid", "rate": 1}) == "not_paid"
    assert n.pay_label(False, None) == "not_stated"
