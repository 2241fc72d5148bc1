"""Our emails' HTML: colours that read in light and dark mode, inline styles only, nothing external."""
import re

import pytest

from chalicelib.domain import mail_layout
from chalicelib.domain.alerts import AlertContent, Envelope, compose_alert, conversation_subject


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@pytest.mark.parametrize("name", sorted(mail_layout.COLOURS))
def test_every_colour_reads_on_white_and_on_black(name):
    colour = luminance(mail_layout.COLOURS[name])
    assert contrast(colour, 1.0) >= 4.5 and contrast(colour, 0.0) >= 4.5


def alert(opens: bool, subject: str = "RE: re: Callback") -> object:
    content = AlertContent("Cara <b>", "Tom", subject, "Hi\n<script>x</script>", "https://app.example/#/threads/t1")
    envelope = Envelope("tom@example.com", "reply+abc@relay.example", "<alert.t1.m2.abc@relay.example>",
                        "<thread.t1.abc@relay.example>", opens, "https://api.example/unsubscribe?token=u",
                        "mailto:unsubscribe@relay.example?subject=u")
    return compose_alert(content, envelope)


def test_the_html_part_sets_only_colours_from_the_safe_set_and_loads_nothing():
    page = alert(True).get_body(("html",)).get_content()
    assert set(re.findall(r"#[0-9a-fA-F]{6}", page)) <= set(mail_layout.COLOURS.values())
    assert "<script>" not in page and "&lt;script&gt;" in page and "Cara &lt;b&gt;" in page
    assert not re.search(r"(?i)src=|<link|<style|url\(|background", page)


def test_first_and_later_alerts():
    first, later = alert(True), alert(False)
    assert (first["Subject"], first["Message-ID"], first["In-Reply-To"]) == (
        "Callback", "<thread.t1.abc@relay.example>", None)
    assert (later["Subject"], later["In-Reply-To"], later["References"]) == (
        "Re: Callback", "<thread.t1.abc@relay.example>", "<thread.t1.abc@relay.example>")
    text = later.get_body(("plain",)).get_content()
    assert "\n-- \n" in text and "\nhttps://app.example/#/threads/t1\n" in text


@pytest.mark.parametrize(("subject", "expected"), [
    ("Callback", "Callback"), ("Re: Callback", "Callback"), ("RE: re:Callback", "Callback"), ("Re:", "Re:"),
    ("Regarding the callback", "Regarding the callback"),
])
def test_conversation_subject(subject, expected):
    assert conversation_subject(subject) == expected
