"""A casting round's working day in the web client, in Chromium against the running local stack:
account settings, sides sent from the application manager (to several applicants at once), counts
and labels that are right, dates and words for people, applying from a summary, the media locker,
a phone-width header, and result cards."""
from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Person, eventually
from tests.browser.test_web_client import FIXTURES, PDF, dates, thread_row


def notice_body(**changes: Any) -> dict[str, Any]:
    return {**json.loads((FIXTURES / "clean_paid.json").read_text()), **dates(starts_on=40, ends_on=54, expires_at=30),
            **changes}


def publish(casting: Person, editor: Person, body: dict[str, Any]) -> dict[str, Any]:
    production = casting.call("POST", "/productions", body, expect=201)
    assert casting.call("POST", f"/productions/{production['production_id']}/submit")["status"] == "pending_review"
    editor.call("POST", f"/moderation/notices/{production['production_id']}/decision",
                {"decision": "approve", "reason": "clear and paid"})
    return production


def submitted(talent: Person, role_id: str, note: str) -> str:
    return talent.call("POST", f"/roles/{role_id}/applications", {"note": note, "media_ids": [], "submit": True},
                       expect=201)["application_id"]


# -- 1. account settings ---------------------------------------------------------------------------------
def test_account_page_sets_the_alert_frequency_and_the_unsubscribe_page_links_back(people, web_stack,
                                                                                   screenshot) -> None:
    talent, casting = people("Alma Account", "talent"), people("Carl Caller", "casting")
    page = talent.open("#/dashboard")
    page.locator(".who").get_by_role("link", name=re.compile("Alma Account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account")
    expect(page.get_by_label("Immediately")).to_be_checked()  # the default
    for meaning in ("An email for each new message", "One email a day", "No email alerts"):
        expect(page.locator("main")).to_contain_text(meaning)
    page.get_by_label("Once daily").check()
    page.get_by_label("Your name").fill("Alma A. Account")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#status")).to_have_text("Settings saved. Email alerts: once daily.")
    assert talent.call("GET", "/me")["notifications"] == "daily"
    expect(page.locator(".who")).to_contain_text("Alma A. Account")
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error").first).to_have_text("Enter your name.")
    screenshot(page, "account")

    # The unsubscribe page of an alert links back to this page.
    talent.call("PATCH", "/me", {"notifications": "immediate"})
    casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": "Callback Tuesday",
                                      "body": "Can you come in on Tuesday?"}, expect=201)
    found: list[str] = []

    def alert_sent() -> bool:
        outbox = web_stack.api.request("GET", "/dev/outbox", None, None).data["items"]
        links = [re.search(r"<(http[^>]*unsubscribe[^>]*)>", m["headers"].get("List-Unsubscribe", ""))
                 for m in outbox if "Callback Tuesday" in m["subject"] or "Callback Tuesday" in m["text"]]
        found.extend(link.group(1) for link in links if link)
        return bool(found)

    eventually(alert_sent, timeout=30)
    page.goto(found[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop email alerts?")
    account = page.get_by_role("link", name="your account settings")
    expect(account).to_have_attribute("href", re.compile(r"/#/account$"))
    account.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account")


# -- 2 and 3. sides from the application manager, to one or several applicants -----------------------------
def test_manager_sends_sides_to_selected_applicants_and_the_cards_stop_saying_new(people, screenshot) -> None:
    casting, editor = people("Mona Manager", "casting"), people("Eli Editor", "editor")
    applicants = [people(name, "talent") for name in ("Ada Applicant", "Bea Applicant", "Cy Applicant")]
    production = publish(casting, editor, notice_body())
    june = production["notice"]["roles"][0]["role_id"]
    for talent in applicants:
        submitted(talent, june, f"{talent.name} would love to read for June.")

    page = casting.open(f"#/productions/{production['production_id']}/applications")
    cards = page.locator("li.application")
    expect(cards).to_have_count(3)
    for card in cards.all():
        expect(card).to_contain_text("New")
    # One applicant, from the card: production and role preset and fixed, sides attached with progress.
    ada = cards.filter(has_text="Ada Applicant")
    ada.get_by_role("button", name="Contact").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("About: The Long Thaw (indie feature) · June")
    expect(dialog.get_by_label("Production")).to_have_count(0)  # not changeable here
    expect(dialog.get_by_label("Subject")).to_have_value("June — The Long Thaw (indie feature)")
    dialog.get_by_label("Message").fill("Sides attached for Thursday.")
    dialog.get_by_label("Attach files").set_input_files(
        files=[{"name": "june-sides.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    expect(dialog.locator("li.upload")).to_contain_text("Ready", timeout=20_000)
    dialog.get_by_role("button", name="Send").click()
    expect(dialog).to_have_count(0)
    expect(ada).to_contain_text("Message sent.")
    expect(ada).to_contain_text("Viewed")
    expect(ada).not_to_contain_text("New")

    # The other two at once: one conversation each, the same sides.
    for name in ("Bea Applicant", "Cy Applicant"):
        cards.filter(has_text=name).get_by_role("checkbox").check()
    page.get_by_role("button", name="Message 2 selected applicants").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator(".recipients")).to_contain_text("Each gets their own conversation.")
    for name in ("Bea Applicant", "Cy Applicant"):
        expect(dialog.locator(".recipients")).to_contain_text(name)
    dialog.get_by_label("Message").fill("Sides attached: callbacks on Saturday.")
    dialog.get_by_label("Attach files").set_input_files(
        files=[{"name": "callback-sides.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    expect(dialog.locator("li.upload")).to_contain_text("Ready", timeout=20_000)
    screenshot(page, "manager-contact-selected")
    dialog.get_by_role("button", name="Send").click()
    expect(page.locator("#status")).to_have_text("Message sent to 2 applicants.")
    for name in ("Bea Applicant", "Cy Applicant"):
        expect(cards.filter(has_text=name)).to_contain_text("Viewed")
    expect(page.get_by_role("button", name="Message selected")).to_be_disabled()
    screenshot(page, "application-manager")

    for talent, sides in zip(applicants, ("june-sides.pdf", "callback-sides.pdf", "callback-sides.pdf"), strict=True):
        threads = talent.call("GET", "/threads")["items"]
        assert len(threads) == 1 and threads[0]["role"]["name"] == "June" and threads[0]["has_attachments"]
        detail = talent.call("GET", f"/threads/{threads[0]['thread_id']}")
        assert [a["filename"] for a in detail["messages"][0]["attachments"]] == [sides]
    bea_page = applicants[1].open("#/inbox")
    thread_row(bea_page, "June — The Long Thaw").get_by_role("link").click()
    with bea_page.expect_download() as download:
        bea_page.get_by_role("button", name=re.compile("Download callback-sides.pdf")).click()
    assert Path(download.value.path()).read_bytes() == PDF


# -- 3. counts and labels ------------------------------------------------------------------------------------
def test_counts_and_labels_are_right(people, screenshot) -> None:
    casting, editor = people("Cora Counter", "casting"), people("Ed Counter", "editor")
    talent = people("Tara Tally", "talent")
    talent.call("PUT", "/me/profile", {"bio": "Actor.", "age_min": 30, "age_max": 40, "gender": "female",
                                       "location": {"city": "Brooklyn", "state": "NY", "country": "US"}})
    production = publish(casting, editor, notice_body(name="Counting Stars (indie feature)"))
    june, dell = (role["role_id"] for role in production["notice"]["roles"])
    casting.call("POST", f"/roles/{june}/invitations", {"talent_id": talent.user_id, "message": "Please apply"},
                 expect=201)
    submitted(talent, dell, "Dell is me.")

    page = talent.open("#/applications")
    tabs = page.get_by_role("navigation", name="Application status")
    expect(tabs.get_by_role("link", name=re.compile("^All"))).to_have_text("All2")  # not 4 or 5
    expect(tabs.get_by_role("link", name=re.compile("^Invites"))).to_have_text("Invites1")

    # Roles matched: an invitation says "Invited", an application "Applied"; neither is "New".
    page = talent.open("#/matched")
    june_row = page.locator("ul.results li").filter(has_text="June — Counting Stars")
    dell_row = page.locator("ul.results li").filter(has_text="Dell — Counting Stars")
    expect(june_row).to_contain_text("Invited")
    expect(dell_row).to_contain_text("Applied")
    for row in (june_row, dell_row):
        expect(row.locator(".tag", has_text="New")).to_have_count(0)
    screenshot(page, "roles-matched")

    # The header's unread badge on the dashboards, and where an archived unread thread is.
    note = casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": "Wardrobe notes",
                                             "body": "Bring black shoes."}, expect=201)
    talent.call("POST", "/threads/actions", {"action": "archive", "thread_ids": [note["thread_id"]]})
    unread = talent.call("GET", "/threads/unread-count")
    assert unread["in_archive"] == 1 and unread["unread"] >= 2  # the invitation's message too
    page = talent.open("#/dashboard")
    badge = page.locator("#unread-badge")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text(str(unread["unread"]))
    expect(badge).to_have_attribute("title", f"{unread['unread']} unread, 1 in Archive")
    page = casting.open("#/dashboard")
    talent.call("POST", "/threads", {"recipient_ids": [casting.user_id], "subject": "Question about June",
                                     "body": "Is the shoot in Brooklyn?"}, expect=201)
    page.reload()
    expect(page.locator("#unread-badge")).to_contain_text(str(casting.call("GET", "/threads/unread-count")["unread"]))
    page = talent.open("#/inbox")
    archive = page.get_by_role("navigation", name="Folders").get_by_role("link", name=re.compile("Archive"))
    expect(archive.locator("#archive-unread")).to_have_text("1 unread")
    expect(page.locator("#archive-note")).to_have_text("1 unread conversation is in your Archive. Open the Archive")
    screenshot(page, "inbox-archive-note")
    page.locator("#archive-note").get_by_role("link", name="Open the Archive").click()
    expect(page.locator("#archive-note")).to_be_hidden()
    expect_unread = thread_row(page, "Wardrobe notes")
    expect(expect_unread).to_have_attribute("data-unread", "true")


# -- 5. dates and words for people -------------------------------------------------------------------------
def test_dates_read_as_dates_and_validation_speaks_to_people(people, web_stack, browser) -> None:
    casting, editor = people("Dora Dates", "casting"), people("Ed Dates", "editor")
    talent = people("Tim Times", "talent", subscriber=True)
    body = notice_body(starts_on="2027-02-01", ends_on="2027-02-20", expires_at=dates(expires_at=30)["expires_at"])
    production = publish(casting, editor, body)
    application = submitted(talent, production["notice"]["roles"][0]["role_id"], "Ready.")
    due_at = (datetime.now(UTC) + timedelta(days=3)).replace(hour=22, minute=0, second=0, microsecond=0)
    casting.call("POST", f"/applications/{application}/audition-requests",
                 {"instructions": "Slate, then the diner scene.", "due_at": due_at.isoformat()}, expect=201)

    page = talent.open(f"#/notices/{production['production_id']}")
    expect(page.locator(".facts")).to_contain_text("Feb 1–20, 2027")
    page = talent.open("#/applications?status=auditions")
    audition = page.locator(".audition")
    local = page.evaluate("""(iso) => {
        const d = new Date(iso);
        return `${new Intl.DateTimeFormat(undefined, {year: 'numeric', month: 'short', day: 'numeric'}).format(d)}`
             + ` at ${new Intl.DateTimeFormat(undefined, {hour: 'numeric', minute: '2-digit'}).format(d)} your time`;
    }""", due_at.isoformat())
    expect(audition).to_contain_text(f"due {local}")
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", page.locator("main").inner_text())  # never a raw ISO string

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{web_stack.web_url}/#/signin")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.locator(".field-error").filter(has_text="Enter your name.")).to_be_visible()
        page.get_by_label("Name").fill("Pat Person")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.locator(".field-error").filter(has_text="Enter your email.")).to_be_visible()
    finally:
        context.close()


# -- 6. applying from the summary, honestly ----------------------------------------------------------------
def test_a_non_subscriber_sees_what_the_summary_allows_and_applied_becomes_a_link(people, screenshot) -> None:
    casting, editor = people("Nell Notice", "casting"), people("Ed Summary", "editor")
    talent = people("Sam Summary", "talent")  # not a subscriber
    production = publish(casting, editor, notice_body(nudity=False))
    page = talent.open(f"#/notices/{production['production_id']}")
    facts = page.locator(".facts")
    for fact in ("Northlight Pictures", "Brooklyn", "Paid (the rate is in the full notice)", "No"):
        expect(facts).to_contain_text(fact)
    expect(facts).not_to_contain_text("$250")  # the rate is for subscribers
    box = page.locator("#summary-only")
    expect(box).to_contain_text("The full notice (the description, the pay and each role's details) is for subscribers")
    page.get_by_role("button", name="Apply for June").click()
    expect(page.locator("form.apply")).to_contain_text("You are applying from the summary")
    page.get_by_role("button", name="Submit application").click()
    applied = page.get_by_role("link", name=re.compile("^Applied for June"))
    expect(applied).to_have_text("Applied ✓")
    expect(page.get_by_role("button", name="Apply for June")).to_have_count(0)
    screenshot(page, "notice-applied")
    applied.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")
    expect(page.locator("li.application")).to_contain_text("June")
    page = talent.open(f"#/notices/{production['production_id']}")  # and on a later visit
    expect(page.get_by_role("link", name=re.compile("^Applied for June"))).to_be_visible()


# -- 8. the media locker ------------------------------------------------------------------------------------
def upload_to_locker(page: Any, kind: str, title: str, file: dict[str, Any]) -> None:
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_label("File").set_input_files(files=[file])
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".upload-state")).to_have_text(f"{file['name']} is in your locker.", timeout=20_000)


def real_jpeg(page: Any) -> bytes:
    """A photo a browser can show (drawn on a canvas by Chromium itself), not just JPEG magic bytes."""
    data_url = page.evaluate("""() => {
        const canvas = Object.assign(document.createElement('canvas'), {width: 160, height: 200});
        const g = canvas.getContext('2d');
        const sky = g.createLinearGradient(0, 0, 0, 200);
        sky.addColorStop(0, '#17457d'); sky.addColorStop(1, '#f2a900');
        g.fillStyle = sky; g.fillRect(0, 0, 160, 200);
        g.fillStyle = '#f4d3b5'; g.beginPath(); g.arc(80, 80, 42, 0, 2 * Math.PI); g.fill();
        g.fillStyle = '#1d2330'; g.fillRect(30, 140, 100, 60);
        return canvas.toDataURL('image/jpeg', 0.9);
    }""")
    return base64.b64decode(data_url.split(",", 1)[1])


def shown(image: Any) -> bool:
    return bool(image.evaluate("(img) => img.complete && img.naturalWidth > 0"))


def test_the_media_locker_shows_plays_renames_deletes_and_picks_the_headshot(people, screenshot) -> None:
    talent, casting = people("Lena Locker", "talent"), people("Cal Viewer", "casting")
    page = talent.open("#/media")
    photo_bytes = real_jpeg(page)
    upload_to_locker(page, "photo", "Headshot, smiling",
                     {"name": "smile.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes})
    upload_to_locker(page, "document", "Résumé", {"name": "resume.pdf", "mimeType": "application/pdf", "buffer": PDF})
    photo = page.locator("li.media-item").filter(has_text="Headshot, smiling")
    thumbnail = photo.get_by_role("img", name="Headshot, smiling")
    expect(thumbnail).to_have_attribute("src", re.compile("^http"))
    eventually(lambda: shown(thumbnail))  # the file store's link loads (the page's CSP allows it)
    expect(photo.get_by_role("link", name="Download Headshot, smiling")).to_be_visible()
    expect(page.locator("#locker-photo .count")).to_have_text("1")
    expect(page.locator("#locker-document .count")).to_have_text("1")
    assert talent.call("GET", "/me/media")["counts"]["bytes"] == len(photo_bytes) + len(PDF)

    photo.get_by_role("button", name="Rename Headshot, smiling").click()
    photo.get_by_label("New name for Headshot, smiling").fill("Theatrical headshot")
    photo.get_by_role("button", name="Save name").click()
    photo = page.locator("li.media-item").filter(has_text="Theatrical headshot")
    expect(photo).to_be_visible()
    photo.get_by_role("button", name="Use as headshot").click()
    expect(photo).to_contain_text("Headshot on your profile")
    screenshot(page, "media-locker")

    profile = casting.open(f"#/users/{talent.user_id}")
    headshot = profile.get_by_role("img", name="Headshot of Lena Locker")
    expect(headshot).to_be_visible()
    eventually(lambda: shown(headshot))
    screenshot(profile, "profile-headshot")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("li.media-item").filter(has_text="Résumé").get_by_role("button", name="Delete Résumé").click()
    expect(page.locator("li.media-item").filter(has_text="Résumé")).to_have_count(0)
    expect(page.locator("#locker-document .count")).to_have_text("0")
    expect(page.locator("#locker-space")).to_contain_text("Space used:")
    assert talent.call("GET", "/me/media")["counts"]["bytes"] == len(photo_bytes)


# -- 9. the phone header -------------------------------------------------------------------------------------
def test_a_phone_width_header_is_one_line_with_a_menu(people, screenshot) -> None:
    casting = people("Mia Menu", "casting")
    talent = people("Ned Narrow", "talent", viewport=PHONE)
    casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": "Menu test",
                                      "body": "Hello from the casting office."}, expect=201)
    page = talent.open("#/dashboard")
    header = page.locator(".site-header")
    height = header.bounding_box()["height"]
    assert height < 64, f"the header is {height}px tall at 375px"
    menu = page.get_by_role("button", name=re.compile("^Menu"))
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_contain_text("1")  # the unread count is on the button too
    links = page.locator("#nav-menu")
    expect(links.get_by_role("link", name="Casting calls", exact=True)).to_be_hidden()
    screenshot(page, "phone-dashboard")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links.get_by_role("link", name="Casting calls", exact=True)).to_be_visible()
    screenshot(page, "phone-menu", full_page=False)
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    links.get_by_role("link", name="Casting calls", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casting calls")
    expect(page.get_by_role("button", name=re.compile("^Menu"))).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for screen, title in (("#/account", "Account"), ("#/media", "Media locker"), ("#/applications", "My applications"),
                          ("#/matched", "Roles that fit your profile"), ("#/inbox", "Messages")):  # these fit too
        talent.open(screen)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], screen


# -- 10. result cards and the productions a message may name ------------------------------------------------
def test_result_cards_show_company_pay_and_remote_and_contact_offers_only_published_productions(
        people, screenshot) -> None:
    casting, editor = people("Rhea Results", "casting"), people("Ed Results", "editor")
    talent = people("Rob Results", "talent", subscriber=True)
    remote = notice_body(name="Voices of the Valley (podcast drama)", job_type="voiceover",
                         location={"city": "Portland", "state": "OR", "country": "US", "remote": True})
    publish(casting, editor, remote)
    draft = casting.call("POST", "/productions", notice_body(name="Unfinished Draft"), expect=201)
    assert draft["status"] == "draft"

    page = talent.open("#/notices?remote=true&job_type=voiceover")
    card = page.locator("li.result").filter(has_text="Voices of the Valley")
    expect(card).to_contain_text("Northlight Pictures")
    expect(card.locator(".tag.remote")).to_have_text("Remote")
    expect(card.locator(".pay")).to_contain_text("Paid — $250 per day")
    screenshot(page, "notices")

    page = casting.open(f"#/users/{talent.user_id}")
    page.get_by_role("button", name="Contact").click()
    options = page.get_by_role("dialog").get_by_label("Production").locator("option")
    expect(options).to_have_text(["Not about a production", "Voices of the Valley (podcast drama)"])


# -- 7. vetting findings where they belong ----------------------------------------------------------------
def test_each_finding_is_marked_on_its_field_and_submit_waits_for_the_fixes(people, screenshot) -> None:
    casting = people("Vera Vetted", "casting")
    body = notice_body(name="Night Market (short film)", description=(
        "Night Market is a short drama shot over three nights in Brooklyn about a food stall family. "
        "Questions? WhatsApp us at 917 555 0142 before you apply."))
    production = casting.call("POST", "/productions", body, expect=201)
    vetted = casting.call("POST", f"/productions/{production['production_id']}/submit")
    assert vetted["status"] == "returned"
    contact = next(f for f in vetted["findings"] if f["rule"] == "off_platform_contact")
    assert contact["field"] == "description" and contact["quote"]

    page = casting.open(f"#/productions/{production['production_id']}")
    expect(page.get_by_role("button", name="Submit for review", exact=True)).to_be_disabled()
    expect(page.locator("#must-fix-hint")).to_contain_text("must be fixed first")
    description = page.get_by_label("Description", exact=True)
    expect(description).to_have_attribute("aria-invalid", "true")
    note = page.locator(".field").filter(has=description).locator(".finding-note")
    expect(note).to_contain_text("Must be fixed")
    expect(note.locator("q.quote")).to_have_text(contact["quote"])
    page.locator("#findings").get_by_role("link", name="Show it in the notice").first.click()
    expect(description).to_be_focused()
    screenshot(page, "vetting-findings")

    description.fill("Night Market is a short drama shot over three nights in Brooklyn about a family running "
                     "a food stall; talent play the family and their regulars. Questions come through Callboard.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("#notice-status")).to_have_text("Waiting for an editor")
    expect(page.locator(".finding-note.block")).to_have_count(0)
