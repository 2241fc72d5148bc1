"""Safety in the web client (issue 15.7), in Chromium against the running local stack: a scam
warning on the message itself, Report with a reason category on a message and a profile, Blocked
users with Unblock, the editors' queue with its history."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import eventually
from tests.browser.test_web_client import thread_row

SCAM = ("Congratulations, you were selected for the lead role! To secure your role send a $150 registration fee "
        "by Zelle today, then add me on WhatsApp at 917 555 0199 for the contract.")


def test_a_scam_is_warned_on_the_message_reported_with_a_category_and_seen_by_editors(people, screenshot) -> None:
    scammer, talent = people("Sly Scammer", "casting"), people("Tina Target", "talent")
    editor = people("Ed Safety", "editor")
    sent = scammer.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": "You got the part",
                                             "body": SCAM}, expect=201)
    assert sent["status"] in ("delivered", "held")
    if sent["status"] == "held":  # an editor releases it; then the recipient sees it with its warning
        queue = editor.call("GET", "/moderation/queue")["items"]
        held = next(c for c in queue if c["kind"] == "message" and c.get("held"))
        editor.call("POST", f"/moderation/messages/{held['target_id']}/decision",
                    {"decision": "release", "reason": "Released for the test of the warning"})

    page = talent.open("#/inbox")
    eventually(lambda: talent.call("GET", "/threads")["items"] != [])
    page.reload()
    thread_row(page, "You got the part").get_by_role("link").click()
    message = page.locator(".message").filter(has_text="registration fee")
    warning = message.locator(".safety-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Be careful:")
    screenshot(page, "scam-warning")

    message.get_by_role("button", name="Report this message from Sly Scammer").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Asks for money").check()
    dialog.get_by_label("What happened?").fill("Asks for a registration fee by Zelle and to move to WhatsApp.")
    screenshot(page, "report-message")
    dialog.get_by_role("button", name="Send report").click()
    expect(page.locator("#status")).to_have_text("Thank you. The editors will look at this message.")

    page = editor.open("#/review?status=safety")
    case = page.locator("li.case").filter(has_text="You got the part")
    expect(case).to_contain_text("Asks for money")
    expect(case).to_contain_text("registration fee")
    case.locator("summary", has_text="History").click()
    expect(case.locator(".history")).to_contain_text("Reported")
    screenshot(page, "safety-queue")
    case.get_by_label("Decision").select_option("remove")
    case.get_by_label("Why (kept in the history)").fill("A fee to be cast: a scam.")
    case.get_by_role("button", name="Decide").click()
    expect(case).to_contain_text("Decided: Remove it.")


def test_a_profile_is_reported_and_blocked_users_are_listed_with_unblock(people, screenshot) -> None:
    talent, pest = people("Bea Blocker", "talent"), people("Pete Pest", "casting")
    page = talent.open(f"#/users/{pest.user_id}")
    page.get_by_role("button", name="Report").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Harassment").check()
    dialog.get_by_label("What happened?").fill("Keeps messaging me at night.")
    dialog.get_by_role("button", name="Send report").click()
    expect(page.locator("#status")).to_have_text("Thank you. The editors will look at this person.")
    page.once("dialog", lambda confirm: confirm.accept())
    page.get_by_role("button", name="Block").click()
    expect(page.get_by_role("button", name="Unblock")).to_be_visible()

    page = talent.open("#/account")
    blocked = page.locator("ul.blocked li").filter(has_text="Pete Pest")
    expect(blocked).to_be_visible()
    screenshot(page, "account")
    blocked.get_by_role("button", name="Unblock Pete Pest").click()
    expect(page.locator("#status")).to_have_text("Pete Pest is no longer blocked.")
    expect(page.locator("ul.blocked")).to_contain_text("You have not blocked anyone.")
    assert talent.call("GET", "/me/blocks")["items"] == []


def test_the_editor_sees_a_notices_history_on_the_review_page(people) -> None:
    casting, editor = people("Hal History", "casting"), people("Eve History", "editor")
    from tests.browser.test_working_day import notice_body

    production = casting.call("POST", "/productions", notice_body(name="History Lesson (short film)"), expect=201)
    assert casting.call("POST", f"/productions/{production['production_id']}/submit")["status"] == "pending_review"
    page = editor.open("#/review")
    item = page.locator("li.queue-item").filter(has_text="History Lesson (short film)")
    item.locator("summary", has_text="History").click()
    expect(item.locator(".history")).to_contain_text("Vetted")
