"""Search everywhere (issue 18.4), in Chromium against the running local stack: message search in
every folder as you type, each result saying its folder, with a folder filter."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import eventually
from tests.browser.test_web_client import thread_row


def test_search_looks_in_every_folder_as_you_type_and_says_where_each_result_is(people, screenshot) -> None:
    casting, talent = people("Sid Searcher", "casting"), people("Flo Folders", "talent")
    inbox = talent.call("POST", "/threads", {"recipient_ids": [casting.user_id], "subject": "Marmalade monologue",
                                             "body": "I will bring the marmalade speech."}, expect=201)
    archived = talent.call("POST", "/threads", {"recipient_ids": [casting.user_id], "subject": "Tape for Maritime",
                                                "body": "My marmalade tape is attached."}, expect=201)
    casting.call("POST", "/threads/actions", {"action": "archive", "thread_ids": [archived["thread_id"]]})
    casting.call("POST", "/threads", {"recipient_ids": [talent.user_id], "subject": "Callback",
                                      "body": "Bring the marmalade again."}, expect=201)
    assert inbox["thread_id"]

    # The word index is written by the stream pump: wait until the API finds all three, then type.
    eventually(lambda: len(casting.call("GET", "/threads?folder=all&q=marmalade")["items"]) == 3, timeout=20)
    page = casting.open("#/inbox")
    page.get_by_label("Search messages").press_sequentially("marm", delay=30)  # the start of a word
    expect(page.locator("li.thread-row")).to_have_count(3)
    expect(page.locator("#archive-note")).to_be_hidden()  # a search is not the Inbox
    for subject, folder in (("Marmalade monologue", "Inbox"), ("Tape for Maritime", "Archive"), ("Callback", "Sent")):
        expect(thread_row(page, subject).locator(".folder-tag")).to_have_text(f"In {folder}")
    assert "q=marm" in page.url
    screenshot(page, "search-everywhere")
    page.get_by_label("Search in").select_option("archive")
    expect(page.locator("li.thread-row")).to_have_count(1)
    expect(thread_row(page, "Tape for Maritime")).to_be_visible()
    expect(page).to_have_url(re.compile(r"in=archive"))
