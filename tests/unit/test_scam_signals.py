"""The message scam signals (domain/safety): the contract messaging relies on, and how signals combine."""
import dataclasses

import pytest

from chalicelib.domain.safety import DELIVER, HOLD, SIGNAL_CODES, WARN, MessageAssessment, Warning, assess_message
from chalicelib.domain.safety.assessment import combine


def test_the_contract_messaging_relies_on():
    held = assess_message("Casting", "Send the $150 booking fee by Zelle to lock in the role.")
    assert isinstance(held, MessageAssessment) and dataclasses.is_dataclass(held)
    assert held.action == HOLD and isinstance(held.warning, Warning)
    assert held.warning.code and held.warning.message
    assert set(held.signals) <= set(SIGNAL_CODES) and held.signals
    with pytest.raises(dataclasses.FrozenInstanceError):
        held.action = DELIVER  # type: ignore[misc]
    clean = assess_message("Audition", "Hi! Self-tape for Maya due Friday. Rate $500/day through payroll.")
    assert clean == MessageAssessment(DELIVER, (), None)


@pytest.mark.parametrize("body", [
    "Add me on W h a t s A p p so we can talk about the part",
    "Pay the deposit with z3lle and you're booked",
    "Pay with pay-pal friends and family to confirm",
    "Let's move to Теlеgrаm, this app is slow",  # Cyrillic look-alikes
    "Text me: five five five, two one three, four four five six",
    "Contact me on \U0001d416\U0001d421\U0001d41a\U0001d42d\U0001d42c\U0001d400\U0001d429\U0001d429",  # bold
    "Pay the fee with \uff3a\uff25\uff2c\uff2c\uff25",  # fullwidth
    "Send the $50 via Z.e.l.l.e",
    "Pay the deposit on C@shApp",
    "message me on t3legram",
    "Send it to jane dot casting at gmail dot com",
    "mail me: jane(at)yahoo(dot)com",
    "buy some g i f t   c a r d s for the fee",
    "send the deposit in bit-coin",
])
def test_disguises_do_not_slip_past(body):
    assert assess_message("", body).action in (WARN, HOLD)


@pytest.mark.parametrize("body", [
    "You will be paid $500/day through payroll, and we cover travel.",
    "Union scale. You'll sign the contract on set; call time is 7am.",
    "Please send your reel through Callboard. Our office number is on the notice.",
    "We'll Venmo you the $200 the day after the shoot.",
    "Bring your passport and social security card to set for your I-9.",
    "No fee to audition, ever. There is no cost to take part.",
])
def test_ordinary_casting_talk_is_delivered(body):
    assert assess_message("Re: your audition", body).action == DELIVER


def test_one_medium_signal_warns_and_a_scam_combination_holds():
    assert combine(frozenset({"off_platform_contact"})).action == WARN
    assert combine(frozenset({"asks_for_money"})).action == WARN
    assert combine(frozenset({"asks_for_money", "payment_method"})).action == HOLD
    assert combine(frozenset({"off_platform_contact", "asks_for_money"})).action == HOLD
    assert combine(frozenset({"fake_cheque"})).action == HOLD
    assert combine(frozenset()).warning is None


def test_the_warning_names_the_most_serious_ask_and_a_tip():
    cheque = assess_message("", "We'll mail you a check for $2,000: deposit it, keep $300 for your time and "
                                "send the balance to our wardrobe vendor.")
    assert cheque.action == HOLD and cheque.warning.code == "fake_cheque"
    chat = assess_message("", "Add me on Telegram for the details")
    assert chat.action == WARN and chat.warning.code == "off_platform_contact"
    assert "Callboard" in chat.warning.message


@pytest.mark.parametrize("body", [
    "Please don't send your SSN by message; the payroll company collects it in its portal.",
    "Callboard may send you a verification code when you sign in. Never share it with anyone.",
    "The holding fee is $783, paid through payroll like the session fee.",
    "There's a $25 late fee for the equipment rental, which production covers.",
    "Talent pays nothing to be in this film. We cover costumes, travel and food.",
    "The role: Jules, a nervous crypto investor who keeps checking his Bitcoin price.",
    "As a thank you, each cast member will receive a $50 Amazon gift card by mail.",
])
def test_money_flowing_to_talent_and_denials_are_not_asks(body):
    assert assess_message("", body).action == DELIVER


def test_a_clause_that_pays_talent_still_counts_if_it_also_asks():
    lured = assess_message("", "You'll be paid $500/day, but first send the $50 registration fee via Zelle.")
    assert lured.action == HOLD and "asks_for_money" in lured.signals


@pytest.mark.parametrize("body", [
    "We will never ask you to pay anything or to move the conversation to WhatsApp.",
    "If anyone asks you to deposit a check and send money back, it's a scam; report it.",
    "Don't share your phone number or personal email with anyone claiming to be us.",
    "Scammers sometimes ask for a registration fee by Zelle; we never will.",
    "We don't accept or ask for gift cards, crypto or wire transfers, ever.",
])
def test_safety_advice_is_not_a_request(body):
    assert assess_message("A note on safety", body).action == DELIVER


@pytest.mark.parametrize("body", [
    "This is not a scam, just send the $50 registration fee via Zelle.",
    "To protect you from scammers, we verify talent with a $25 fee via Zelle.",
    "I don't use this app much so text me.",
    "Don't worry, it's safe: send your SSN and a picture of your ID.",
])
def test_reassurance_does_not_hide_a_request(body):
    assert assess_message("", body).action in (WARN, HOLD)


@pytest.mark.parametrize("body", [
    "Your character texts her boyfriend on WhatsApp in scene 3, so you'll hold a phone.",
    "In the scene, your character's mother sends money by Western Union to a cousin.",
    "The role: a con artist who sells fake headshot packages to hopeful actors. Comedy, $500/day.",
    "Our heroine runs a casting-call scam in the pilot; she charges actors a registration fee.",
])
def test_a_scene_or_character_described_is_not_a_request(body):
    assert assess_message("The role", body).action == DELIVER


@pytest.mark.parametrize("body", [
    "For your character's costume, send $80 to our wardrobe team by Zelle.",
    "In the scene you need to wear our designer's dress; rental is $120, payable before the shoot.",
    "You play a nurse. Text me at 213-555-0144 for the sides.",
])
def test_a_request_next_to_the_story_still_counts(body):
    assert assess_message("The role", body).action in (WARN, HOLD)
