"""What a person does in the web client, in Chromium, against the running local stack.

The issue's flows: casting contacts a talent from the profile with an attachment; the talent sees
the blue dot, opens the thread (the dot goes) and replies; casting archives it, finds it by a word
of the reply, selects two threads and marks them new; the talent dashboard shows the counts the
API keeps. Then notices end to end, errors in words beside their cause, the keyboard alone and a
phone-width screen. Each screen is photographed (see conftest.screenshot)."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Person, eventually

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
BLUE_DOT = "rgb(26, 115, 232)"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def thread_row(page: Page, subject: str) -> Any:
    return page.locator("li.thread-row").filter(has_text=subject)


def expect_dot(row: Any, unread: bool) -> None:
    """The row says so, and the dot is blue (or not there to see)."""
    expect(row).to_have_attribute("data-unread", "true" if unread else "false")
    expect(row.locator(".dot")).to_have_css("background-color", BLUE_DOT if unread else "rgba(0, 0, 0, 0)")


def act_on_selection(page: Page, action: str) -> None:
    page.get_by_role("button", name="Actions").click()
    page.locator("#thread-actions").get_by_role("button", name=action).click()


def dates(**days: int) -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {field: (today + timedelta(days=n)).isoformat() for field, n in days.items()}


def published_notice(casting: Person, editor: Person) -> dict[str, Any]:
    """A notice casting posted and an editor approved, through the API (set-up only)."""
    body = {**json.loads((FIXTURES / "clean_paid.json").read_text()),
            **dates(starts_on=40, ends_on=54, expires_at=30)}
    production = casting.call("POST", "/productions", body, expect=201)
    assert casting.call("POST", f"/productions/{production['production_id']}/submit")["status"] == "pending_review"
    editor.call("POST", f"/moderation/notices/{production['production_id']}/decision",
                {"decision": "approve", "reason": "clear and paid"})
    return production


def assert_every_control_labelled(page: Page) -> None:
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                        && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
        .map((el) => el.outerHTML.slice(0, 120))""")
    assert unlabelled == [], unlabelled


# -- the messaging story ------------------------------------------------------------------------------
def test_contact_with_attachment_unread_dot_reply_archive_search_and_mark_new(people, screenshot) -> None:
    casting, talent = people("Casey Browser", "casting"), people("Tamsin Browser", "talent")
    other = people("Theo Other", "talent")
    talent.call("PUT", "/me/profile", {
        "bio": "Actor and singer from Providence, trained at the Trinity Rep conservatory.",
        "location": {"city": "Providence", "state": "RI", "country": "US"}, "age_min": 25, "age_max": 35,
        "gender": "female", "union_status": "eligible",
        "credits": [{"title": "Our Town", "role": "Emily Webb", "company": "Trinity Rep", "year": 2025},
                    "The Seagull (Nina)"],
        "skills": ["mezzo-soprano", "stage combat", "Spanish"]})
    # An older conversation casting already archived: the second thread of the multi-select.
    older = other.call("POST", "/threads", {"recipient_ids": [casting.user_id], "subject": "Headshots for Night Shift",
                                            "body": "Here are my new headshots, as promised."}, expect=201)
    casting.call("GET", f"/threads/{older['thread_id']}")  # read
    casting.call("POST", "/threads/actions", {"action": "archive", "thread_ids": [older["thread_id"]]})

    # Casting opens the talent's profile and contacts them, attaching the sides.
    page = casting.open(f"#/users/{talent.user_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tamsin Browser")
    expect(page.locator("main")).to_contain_text("Our Town — Emily Webb, Trinity Rep (2025)")
    expect(page.locator("main")).not_to_contain_text("@")  # never an email address
    screenshot(page, "profile")
    page.get_by_role("button", name="Contact").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Up to 4 files per message, each at most 6 MB")  # said before any upload
    dialog.get_by_label("Subject").fill("Callback for Harbor Lights")
    dialog.get_by_label("Message").fill("Hi Tamsin, we loved your tape. Sides attached; can you come in Thursday?")
    dialog.get_by_label("Attach files").set_input_files(
        files=[{"name": "sides.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    upload = dialog.locator("li.upload").filter(has_text="sides.pdf")
    expect(upload.get_by_role("progressbar")).to_be_attached()
    expect(upload).to_contain_text("Ready", timeout=20_000)  # uploaded, then checked by the server
    assert upload.get_by_role("progressbar").get_attribute("value") == "100"
    screenshot(page, "compose")
    dialog.get_by_role("button", name="Send").click()
    expect(page.locator("#thread-subject")).to_have_text("Callback for Harbor Lights")
    expect(page.locator(".conversation")).to_contain_text("sides.pdf")
    expect(page.get_by_role("link", name="Sent")).to_have_attribute("aria-current", "page")

    # The talent sees the blue dot, opens the thread (the dot goes), downloads the sides, replies.
    page = talent.open("#/inbox")
    row = thread_row(page, "Callback for Harbor Lights")
    expect_dot(row, unread=True)
    expect(row).to_contain_text("Casey Browser")
    expect(page.get_by_role("link", name=re.compile("Messages"))).to_contain_text("1")
    screenshot(page, "inbox")
    row.get_by_role("link").click()
    expect(page.locator("#thread-subject")).to_have_text("Callback for Harbor Lights")
    expect_dot(row, unread=False)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download sides.pdf")).click()
    assert download.value.suggested_filename == "sides.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    page.get_by_label("Reply", exact=True).fill("Thursday works. I will bring the marmalade monologue too.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".message").last).to_contain_text("marmalade monologue")
    expect(page.get_by_label("Reply", exact=True)).to_have_value("")
    screenshot(page, "conversation")

    # Casting: the reply is new; archive it, find it by a word of the reply, mark two threads new.
    page = casting.open("#/inbox")
    row = thread_row(page, "Callback for Harbor Lights")
    expect_dot(row, unread=True)
    row.get_by_role("checkbox").check()
    act_on_selection(page, "Archive")
    expect(page.locator("#status")).to_have_text("1 conversation archived.")
    expect(row).to_have_count(0)
    page.get_by_role("link", name=re.compile("^Archive")).click()  # "Archive 1 unread": where the reply went
    expect(page.locator("li.thread-row")).to_have_count(2)

    def search_finds_the_reply() -> bool:  # the word index is written by the stream pump
        page.get_by_label("Search messages").fill("marmalade")
        page.get_by_role("button", name="Search").click()
        page.wait_for_load_state("networkidle")
        return page.locator("li.thread-row").count() == 1

    eventually(search_finds_the_reply)
    found = thread_row(page, "Callback for Harbor Lights")
    expect(found).to_contain_text("marmalade")
    assert "q=marmalade" in page.url
    found.get_by_role("link").click()  # casting reads the reply: both archived threads are now read
    expect(page.locator(".message").last).to_contain_text("marmalade monologue")
    expect_dot(found, unread=False)
    screenshot(page, "search")

    page.get_by_label("Search messages").fill("")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("li.thread-row")).to_have_count(2)
    for subject in ("Callback for Harbor Lights", "Headshots for Night Shift"):
        expect_dot(thread_row(page, subject), unread=False)
        thread_row(page, subject).get_by_role("checkbox").check()
    expect(page.get_by_label("Select all")).to_be_checked()
    act_on_selection(page, "Mark as new")
    expect(page.locator("#status")).to_have_text("2 conversations marked as new.")
    for subject in ("Callback for Harbor Lights", "Headshots for Night Shift"):
        expect_dot(thread_row(page, subject), unread=True)
    screenshot(page, "archive-marked-new")
    archived = casting.call("GET", "/threads?folder=archive")["items"]
    assert {t["subject"] for t in archived if t["unread"]} == {"Callback for Harbor Lights",
                                                                "Headshots for Night Shift"}


# -- the talent dashboard -----------------------------------------------------------------------------
def test_talent_dashboard_shows_the_counts_the_api_keeps(people, screenshot) -> None:
    casting, editor = people("Cleo Caster", "casting"), people("Eda Editor", "editor")
    talent = people("Tia Talent", "talent")
    production = published_notice(casting, editor)
    june, dell = (role["role_id"] for role in production["notice"]["roles"])
    for subject in ("Wardrobe fitting", "Table read"):
        casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": subject,
                                          "body": "See you there."}, expect=201)
    casting.call("POST", f"/roles/{june}/invitations", {"talent_id": talent.user_id, "message": "Please apply!"},
                 expect=201)
    talent.call("POST", f"/roles/{dell}/applications", {"note": "Saving this for later", "media_ids": [],
                                                          "submit": False}, expect=201)
    talent.call("PUT", "/me/profile", {"bio": "Stage and screen actor from Buffalo.",
                                       "location": {"city": "Buffalo", "state": "NY", "country": "US"},
                                       "age_min": 30, "age_max": 40, "gender": "female", "skills": ["stage combat"]})
    # A headshot through the media locker page: progress, then the server's check.
    page = talent.open("#/media")
    page.get_by_label("Kind").select_option("photo")
    page.get_by_label("Title (optional)").fill("Headshot, 2026")
    page.get_by_label("File").set_input_files(files=[{"name": "headshot.jpg", "mimeType": "image/jpeg",
                                                      "buffer": JPEG}])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").filter(has_text="headshot.jpg is in your locker")).to_be_visible(timeout=20_000)
    expect(page.locator(".media-list")).to_contain_text("Headshot, 2026")
    screenshot(page, "media-locker")

    unread = talent.call("GET", "/threads/unread-count")["unread"]
    api = talent.call("GET", "/dashboard/talent")
    assert api["media_locker"] == {"photo": 1, "video": 0, "audio": 0, "document": 0}
    assert "headshot photo" not in api["profile_score"]["missing"]
    assert unread >= 2 and api["at_a_glance"]["new_messages"] == unread

    page = talent.open("#/dashboard")
    glance = {"messages": unread, "invitations": 1, "drafts": 1, "auditions": 0,
              "matched": api["at_a_glance"]["new_roles_matched"]}
    for box, expected in glance.items():
        expect(page.locator(f"#glance-{box} .count")).to_have_text(str(expected))
    for tab, expected in {"all": 2, "invites": 1, "drafts": 1, "active": 0, "auditions": 0, "archived": 0}.items():
        assert api["applications"][tab] == expected
        expect(page.locator(f"#apps-{tab} .count")).to_have_text(str(expected))
    for kind, expected in api["media_locker"].items():
        expect(page.locator(f"#media-{kind} .count")).to_have_text(str(expected))
    score = api["profile_score"]
    assert score["value"] >= 5  # headshot, bio, location, physical details, skills
    expect(page.locator("#profile-score")).to_have_text(f"{score['value']} of 8")
    for missing in score["missing"]:
        expect(page.locator(".missing")).to_contain_text(missing)
    recent = page.locator(".recent-messages li")
    expect(recent).to_have_count(len(api["recent_messages"]))
    expect(recent.filter(has_text="Table read")).to_have_attribute("data-unread", "true")
    screenshot(page, "dashboard")

    page.locator("#glance-invitations a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")
    expect(page.locator("li.application")).to_have_count(1)
    expect(page.locator("li.application")).to_contain_text("Please apply!")
    screenshot(page, "applications")


# -- notices: post, vetting findings, review, search, apply, manage, contact ----------------------------
def test_notice_posted_returned_fixed_approved_found_applied_and_applicant_contacted(people, screenshot) -> None:
    casting, editor = people("Cass Poster", "casting"), people("Ed Reviewer", "editor")
    talent = people("Tom Applicant", "talent", subscriber=True)

    page = casting.open("#/productions/new")
    page.get_by_label("Production name").fill("Harbor Lights (short film)")
    page.get_by_label("Description", exact=True).fill("Actors wanted.")
    page.get_by_role("textbox", name="Role name").fill("Keeper")
    screenshot(page, "post-notice")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("#notice-status")).to_have_text("Returned: needs changes")
    expect(page.locator("#findings")).to_contain_text("vague listing")
    screenshot(page, "vetting-findings")

    # Fix it: everything typed before is still in the form.
    expect(page.get_by_label("Production name")).to_have_value("Harbor Lights (short film)")
    page.get_by_label("Description", exact=True).fill(
        "Harbor Lights is a twelve-minute drama about a lighthouse keeper's last winter on the island. "
        "Two shoot days on location in Portland with a small crew; lunch and travel are provided.")
    page.get_by_label("City").fill("Portland")
    page.get_by_label("State or province").select_option("ME")
    expect(page.get_by_label("Country")).to_have_value("US")
    when = dates(starts_on=40, ends_on=41, expires_at=30)
    page.get_by_label("Starts").fill(when["starts_on"])
    page.get_by_label("Ends").fill(when["ends_on"])
    page.get_by_label("Applications close").fill(when["expires_at"])
    page.get_by_label("Union status").select_option("non-union")
    page.get_by_label("Paid?").select_option("paid")
    page.get_by_label("Rate (USD or CAD)").fill("300")
    page.get_by_label("Per", exact=True).select_option("day")
    page.get_by_label("Role description").fill("The keeper, weathered and stubborn, in his sixties.")
    page.get_by_label("Youngest age").fill("55")
    page.get_by_label("Oldest age").fill("70")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("#notice-status")).to_have_text("Waiting for an editor")
    production_id = page.url.split("#/productions/")[1].split("?")[0]

    page = editor.open("#/review")
    item = page.locator("li.queue-item").filter(has_text="Harbor Lights (short film)")
    expect(item).to_contain_text("Portland")
    screenshot(page, "review-queue")
    item.get_by_label("Reason (the poster reads it)").fill("Clear, paid and disclosed.")
    item.get_by_role("button", name="Approve and publish").click()
    expect(page.locator("li.queue-item").filter(has_text="approved and published")).to_have_count(1)

    page = talent.open("#/notices")
    page.get_by_label("State or province").select_option("ME")
    page.get_by_label("Job type").select_option("film")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"state=ME&job_type=film"))
    expect(page.locator(".summary")).to_have_text("1 casting call.")  # the Maine film notices only
    result = page.locator("li.result").filter(has_text="Harbor Lights (short film)")
    expect(page.locator("li.result")).to_have_count(1)
    expect(result).to_contain_text("Paid")
    screenshot(page, "notices")
    result.get_by_role("link", name="Harbor Lights (short film)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbor Lights (short film)")
    expect(page.locator("main")).to_contain_text("lighthouse keeper's last winter")
    page.get_by_role("button", name="Apply for Keeper").click()
    page.get_by_label("Note to casting").fill("I grew up on the coast of Maine and know the work.")
    screenshot(page, "notice-apply")
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator("#status")).to_have_text("Your application for Keeper was submitted.")
    expect(page.get_by_role("link", name=re.compile("^Applied for Keeper"))).to_have_text("Applied ✓")

    page = casting.open(f"#/productions/{production_id}/applications")
    application = page.locator("li.application").filter(has_text="Tom Applicant")
    expect(application).to_contain_text("know the work")
    screenshot(page, "application-manager")
    application.get_by_role("button", name="Contact").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("About: Harbor Lights (short film) · Keeper")  # preset, not changeable
    dialog.get_by_label("Message").fill("Thanks, Tom. Could you do a chemistry read on Saturday?")
    dialog.get_by_role("button", name="Send").click()
    expect(application).to_contain_text("Message sent.")
    expect(page.locator("#status")).to_have_text("Message sent to Tom Applicant.")

    page = talent.open("#/inbox")
    row = page.locator("li.thread-row").filter(has_text="Harbor Lights (short film)")
    expect(row).to_contain_text("Keeper")  # the production and role the message is about
    expect(row).to_have_attribute("data-unread", "true")

    page = casting.open("#/dashboard")
    card = page.locator(".cards li").filter(has_text="Harbor Lights (short film)")
    expect(card).to_contain_text("Published")
    screenshot(page, "casting-dashboard")


# -- errors in words, nothing typed lost ----------------------------------------------------------------
def test_errors_are_shown_beside_their_cause_and_keep_what_was_typed(people, web_stack) -> None:
    casting, talent = people("Cy Blocked", "casting"), people("Tess Blocker", "talent")
    talent.call("POST", f"/users/{casting.user_id}/block")

    page = casting.open(f"#/users/{talent.user_id}")
    page.get_by_role("button", name="Contact").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Subject").fill("About the audition")
    dialog.get_by_label("Message").fill("A message they will never get.")
    big = {"name": "reel.mp4", "mimeType": "video/mp4", "buffer": b"\0" * (6 * 1024 * 1024 + 1)}
    small = [{"name": f"page{i}.txt", "mimeType": "text/plain", "buffer": b"sides"} for i in range(5)]
    dialog.get_by_label("Attach files").set_input_files(files=[big, *small])
    problems = dialog.locator(".attachments .form-error")
    expect(problems).to_contain_text("reel.mp4 is 6.0 MB; each file can be at most 6 MB.")
    expect(problems).to_contain_text("A message can carry at most 4 files; page4.txt was not added.")
    expect(dialog.locator("li.upload")).to_have_count(4)
    expect(dialog.locator("li.upload.ready")).to_have_count(4, timeout=20_000)
    dialog.get_by_role("button", name="Send").click()
    expect(dialog.locator(".form-error[role=alert]").last).to_have_text("you cannot message this user")
    expect(dialog.get_by_label("Subject")).to_have_value("About the audition")
    expect(dialog.get_by_label("Message")).to_have_value("A message they will never get.")
    expect(dialog.locator("li.upload.ready")).to_have_count(4)

    # A field the API names gets the message beside it, and the form keeps its values.
    page = casting.open("#/productions/new")
    page.get_by_label("Production name").fill("Backwards Dates")
    page.get_by_label("Starts").fill("2031-05-10")
    page.get_by_label("Ends").fill("2031-05-01")
    page.get_by_role("button", name="Save draft").click()
    ends = page.get_by_label("Ends")
    expect(ends).to_have_attribute("aria-invalid", "true")
    ends_error = page.locator(".field").filter(has=ends).locator(".field-error")
    expect(ends_error).to_have_text("ends_on must not be before starts_on")
    expect(page.get_by_label("Production name")).to_have_value("Backwards Dates")
    expect(page.get_by_label("Starts")).to_have_value("2031-05-10")

    # A search the API refuses is explained under the search box, and the words stay in it.
    page = casting.open("#/inbox?q=" + "x" * 201)
    expect(page.locator(".search .form-error")).to_contain_text("q must be at most 200 characters")


# -- keyboard alone, labels, a phone-width screen ----------------------------------------------------------
def test_the_inbox_works_with_the_keyboard_alone_and_every_control_is_labelled(people) -> None:
    casting, talent = people("Kay Board", "casting"), people("Kim Keys", "talent")
    for subject in ("First question", "Second question"):
        casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": subject, "body": "Hello"},
                     expect=201)
    page = talent.open("#/inbox")
    expect(page.locator("li.thread-row")).to_have_count(2)
    assert_every_control_labelled(page)

    page.get_by_label("Select all").focus()
    page.keyboard.press("Space")
    expect(page.locator("li.thread-row.selected")).to_have_count(2)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Actions")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#thread-actions button").first).to_be_focused()
    page.keyboard.press("Tab")  # Mark as read
    expect(page.locator("#thread-actions button").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("2 conversations marked as read.")
    expect(page.locator("li.thread-row.unread")).to_have_count(0)

    thread_row(page, "Second question").get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#thread-subject")).to_be_focused()
    page.get_by_label("Reply", exact=True).focus()
    page.keyboard.type("Typed with the keyboard only.")
    page.keyboard.press("Tab")  # the file input: its label and the limits are announced with it
    expect(page.get_by_label("Attach files")).to_be_focused()
    page.get_by_role("button", name="Send").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".message").last).to_contain_text("Typed with the keyboard only.")
    assert_every_control_labelled(page)

    page.keyboard.press("Escape")
    page.get_by_role("link", name="Skip to content").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_focused()


def test_pages_of_the_inbox_and_an_action_on_every_thread_of_the_folder(people) -> None:
    casting, talent = people("Pam Pages", "casting"), people("Pat Paged", "talent")
    for n in range(23):  # more than one page of 20
        casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": f"Call sheet {n:02d}",
                                          "body": "Details inside."}, expect=201)
    page = talent.open("#/inbox")
    expect(page.locator("li.thread-row")).to_have_count(20)
    expect(thread_row(page, "Call sheet 22")).to_be_visible()  # newest first
    page.get_by_role("button", name="Older").click()
    expect(page.locator("li.thread-row")).to_have_count(3)
    expect(thread_row(page, "Call sheet 00")).to_be_visible()
    expect(page.locator(".page-label")).to_have_text("Page 2")
    page.get_by_role("button", name="Newer").click()
    expect(page.locator("li.thread-row")).to_have_count(20)

    page.get_by_label("Select all").check()
    page.get_by_role("button", name="Select every conversation in Inbox").click()
    expect(page.locator(".select-every")).to_contain_text("Every conversation in Inbox is selected")
    act_on_selection(page, "Archive")
    expect(page.locator("#status")).to_have_text("23 conversations archived.")
    expect(page.locator("li.empty")).to_have_text("No conversations in Inbox.")
    assert len(talent.call("GET", "/threads?folder=archive&limit=100")["items"]) == 23


def test_a_phone_width_screen_shows_one_pane_at_a_time_without_sideways_scrolling(people, screenshot) -> None:
    casting = people("Phoebe Phone", "casting")
    talent = people("Paul Pocket", "talent", viewport=PHONE)
    casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": "Fitting on Friday",
                                      "body": "Can you come to a costume fitting on Friday at 10?"}, expect=201)

    def fits(page: Page) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page = talent.open("#/inbox")
    expect(page.locator(".mail-list")).to_be_visible()
    expect(page.locator(".conversation")).to_be_hidden()
    fits(page)
    screenshot(page, "phone-inbox")
    thread_row(page, "Fitting on Friday").get_by_role("link").click()
    expect(page.locator("#thread-subject")).to_be_visible()
    expect(page.locator(".mail-list")).to_be_hidden()
    fits(page)
    screenshot(page, "phone-conversation")
    page.get_by_role("link", name="Back to the conversations").click()
    expect(page.locator(".mail-list")).to_be_visible()
    for screen in ("#/dashboard", "#/notices", "#/profile"):
        talent.open(screen)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        fits(page)


def test_signing_in_on_the_local_stage_with_a_name_and_email(web_stack, browser, screenshot) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{web_stack.web_url}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Callboard")
        page.get_by_label("Name").fill("Nina New")
        page.get_by_label("Email").fill("not-an-address")
        page.get_by_label("Account type").select_option("talent")
        page.get_by_role("button", name="Sign in", exact=True).click()
        email = page.get_by_label("Email")
        expect(email).to_have_attribute("aria-invalid", "true")  # the API's words, beside the field
        email_error = page.locator(".field").filter(has=email).locator(".field-error")
        expect(email_error).to_have_text("Enter an email address like name@example.com.")
        expect(page.get_by_label("Name")).to_have_value("Nina New")
        screenshot(page, "sign-in")
        page.get_by_label("Email").fill("nina.new@browser.callboard.test")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        expect(page.locator(".who")).to_contain_text("Nina New (talent)")
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Callboard")
    finally:
        context.close()
