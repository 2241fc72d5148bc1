"""The explanation throttle is a sliding 60 minutes per sender, not a clock hour."""
from chalicelib.storage.relay import RelayRepository

HOUR = 3600


def test_at_most_one_explanation_in_any_60_minutes_even_across_a_clock_hour(aws):
    relay = RelayRepository()
    start = 1_741_082_400 + 55 * 60  # 10:55 UTC
    assert relay.claim_notice_slot("Sam@Example.com", start, HOUR) is True
    assert relay.claim_notice_slot("sam@example.com", start + 10 * 60, HOUR) is False  # 11:05: a new clock hour
    assert relay.claim_notice_slot("sam@example.com", start + HOUR - 1, HOUR) is False
    assert relay.claim_notice_slot("other@example.com", start + 60, HOUR) is True
    assert relay.claim_notice_slot("sam@example.com", start + HOUR, HOUR) is True
    assert relay.claim_notice_slot("sam@example.com", start + HOUR + 1, HOUR) is False


def test_a_delivery_key_is_handled_once(aws):
    relay = RelayRepository()
    assert relay.mail_handled("k1") is False
    assert relay.first_refusal("k1") is True
    assert relay.mail_handled("k1") is True
    assert relay.first_refusal("k1") is False
