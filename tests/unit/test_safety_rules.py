"""The safety layer's plain rules: limit windows and numbers, near-duplicate text, report input,
queue urgency and decisions (no AWS)."""
import pytest

from chalicelib.domain import limits, moderation
from chalicelib.domain.errors import InvalidInput, RateLimited
from chalicelib.domain.messaging import Message, Participant, Thread, ThreadView, view_on_release
from chalicelib.settings import load_settings

NOW = 1_800_000_030.0


def test_windows_are_fixed_and_say_when_to_retry():
    minute = limits.window(NOW, limits.MINUTE)
    assert minute.key == f"60:{int(NOW) // 60 * 60}" and minute.ends_at == int(NOW) // 60 * 60 + 60
    assert minute.retry_after(NOW) == 30
    assert limits.window(NOW + 29, limits.MINUTE) == minute and limits.window(NOW + 30, limits.MINUTE) != minute
    assert limits.window(NOW, limits.DAY).retry_after(NOW) == 86_400 - int(NOW) % 86_400


def test_new_accounts_get_the_lower_cold_contact_number():
    policy = limits.LimitPolicy()
    day = 1_800_000_000 - 1_800_000_000 % limits.DAY  # 2027-01-15T00:00:00Z
    assert limits.cold_limit(policy, "2027-01-14T00:00:00.000Z", day) == policy.cold_per_day_new  # a day old
    assert limits.cold_limit(policy, "2027-01-08T00:00:00.000Z", day) == policy.cold_per_day  # a week old
    assert limits.cold_limit(policy, "", day) == policy.cold_per_day_new, "unknown age counts as new"
    assert limits.cold_limit(policy, "not a date", day) == policy.cold_per_day_new


def test_limited_says_what_and_when_never_which_rule():
    error = limits.limited("you are sending messages fast", 3600)
    assert isinstance(error, RateLimited) and error.retry_after == 3600 and error.code == "rate_limited"
    assert "60 minutes" in error.message
    assert limits.limited("x", 0).retry_after == 1


def test_limits_come_from_settings_and_bad_values_are_refused():
    settings = load_settings({"CALLBOARD_STAGE": "local", "CALLBOARD_SAFETY_COLD_PER_DAY_NEW": "5",
                              "CALLBOARD_SAFETY_HOLDS_TO_SUSPEND": "2"})
    assert settings.limits.cold_per_day_new == 5 and settings.limits.holds_to_suspend == 2
    assert settings.limits.cold_per_day == limits.LimitPolicy().cold_per_day
    for bad in ("0", "-3", "ten", "1.5"):
        with pytest.raises(RuntimeError):
            load_settings({"CALLBOARD_STAGE": "local", "CALLBOARD_SAFETY_MESSAGES_PER_MINUTE": bad})


SCAM = ("Hi {name}! Congratulations, you were selected for a paid role in our new film. To confirm your spot "
        "please send the registration fee to our coordinator and we will mail your contract this week.")


def test_nearly_the_same_text_shares_a_fingerprint_and_other_texts_do_not():
    base = limits.text_fingerprints(SCAM.format(name="Anna"))
    assert len(base) == limits.BANDS
    assert set(base) & set(limits.text_fingerprints(SCAM.format(name="Bob")))
    assert set(base) & set(limits.text_fingerprints(SCAM.format(name="Chris").upper().replace(",", " ,")))
    other = ("Thanks for your self-tape for the role of Mia. Could you come to a callback on Thursday at 10 at "
             "our studio in Brooklyn? Sides attached; bring a headshot and resume.")
    assert not set(base) & set(limits.text_fingerprints(other))
    assert limits.text_fingerprints("Hi there!") == [], "too short to say anything"


def test_reports_need_a_known_kind_category_and_a_reason():
    given = moderation.parse_report("notice", "prd_1", "  fake casting  ", None)
    assert given.category == "other" and given.reason == "fake casting"
    assert moderation.parse_report("message", "m", "x", "asks_for_money").category == "asks_for_money"
    for args in (("post", "x", "r", None), ("user", "", "r", None), ("user", "u", "  ", None),
                 ("user", "u", "r", "bribery"), ("user", "u", "x" * 2001, None)):
        with pytest.raises(InvalidInput):
            moderation.parse_report(*args)


def test_the_queue_order_is_severity_then_reporters_then_age():
    keys = [
        moderation.queue_sort_key(moderation.severity(["other"], False), 9, "2027-01-01", "notice", "a"),
        moderation.queue_sort_key(moderation.severity(["scam"], False), 1, "2027-01-03", "user", "b"),
        moderation.queue_sort_key(moderation.severity([], True), 1, "2027-01-02", "message", "c"),
        moderation.queue_sort_key(moderation.severity(["harassment", "other"], False), 2, "2027-01-01", "user", "d"),
        moderation.queue_sort_key(moderation.severity(["scam"], False), 4, "2027-01-05", "user", "e"),
    ]
    assert [k.rsplit("#", 1)[1] for k in sorted(keys)] == ["e", "c", "b", "d", "a"]


def test_every_decision_needs_a_reason():
    assert moderation.parse_decision("release", " checked ", moderation.MESSAGE_DECISIONS) == ("release", "checked")
    with pytest.raises(InvalidInput):
        moderation.parse_decision("release", " ", moderation.MESSAGE_DECISIONS)
    with pytest.raises(InvalidInput):
        moderation.parse_decision("release", "ok", moderation.USER_DECISIONS)


def _message(status="delivered", warning=None):
    return Message("thr_1", "thr_1.msg_2", Participant("s", "Sam"), "Pay the fee", "2027-01-02T00:00:00.000Z",
                   status=status, warning=warning)


def test_a_held_message_is_seen_by_its_sender_only_and_a_warning_by_the_others_only():
    warning = {"code": "asks_for_money", "message": "Never pay to get a role."}
    held = _message("held", warning)
    assert held.visible_to("s") and not held.visible_to("r")
    assert "warning" not in held.as_dict("s") and held.as_dict("s")["status"] == "held"
    assert "warning" not in held.as_dict(), "the default view is the sender's"
    delivered = _message(warning=warning)
    assert delivered.visible_to("r") and delivered.as_dict("r")["warning"] == warning
    assert not _message("removed").visible_to("r")


def test_a_released_message_arrives_unread_without_moving_newer_activity_back():
    thread = Thread("thr_1", "Hi", [Participant("s", "Sam"), Participant("r", "Rae")], "2027-01-01T00:00:00.000Z",
                    "2027-01-01T00:00:00.000Z")
    fresh = view_on_release(None, thread, "r", _message())
    assert fresh.in_folder("inbox") and fresh.unread and fresh.snippet == "Pay the fee"
    newer = ThreadView("r", "thr_1", "Hi", thread.participants, "2027-01-03T00:00:00.000Z", snippet="Later",
                       received=True, version=3)
    after = view_on_release(newer, thread, "r", _message())
    assert after.unread and after.last_activity_at == "2027-01-03T00:00:00.000Z" and after.snippet == "Later"
    assert after.version == 3


def test_a_report_link_names_one_message_and_recipient_and_cannot_be_forged():
    from chalicelib.domain import relay

    token = relay.report_token("s" * 32, "thr_1.msg_2", "usr_3")
    assert relay.report_from_token("s" * 32, token) == ("thr_1.msg_2", "usr_3")
    with pytest.raises(InvalidInput):
        relay.report_from_token("t" * 32, token)
    with pytest.raises(InvalidInput):
        relay.report_from_token("s" * 32, relay.unsubscribe_token("s" * 32, "thr_1.msg_2|usr_3"))
    with pytest.raises(InvalidInput):
        relay.user_from_unsubscribe_token("s" * 32, token)
    for bad in ("", "abc", "x.y", token + "A", "." + token):
        with pytest.raises(InvalidInput):
            relay.report_from_token("s" * 32, bad)


def test_the_previous_window_is_carried_over_by_the_share_still_within_reach():
    from chalicelib.domain.limits import DAY, carried_over

    midnight = 1_800_000_000 // DAY * DAY
    assert carried_over(20, midnight, DAY) == 20, "at the boundary, all of yesterday is within the last day"
    assert carried_over(20, midnight + DAY // 2, DAY) == 10
    assert carried_over(3, midnight + 60, DAY) == 3
    assert carried_over(3, midnight + DAY - 1, DAY) == 1, "a unit counts until it has fully slid out"
    assert carried_over(0, midnight + 5, DAY) == 0
