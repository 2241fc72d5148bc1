"""The look of every email we send (alerts, digests): one HTML frame and one plain-text footer.

HTML for mail programs, not browsers: every style inline (Gmail drops <style> in some views, Outlook's Word
engine ignores most of it), no external resource (no images, fonts or stylesheets: nothing loads, nothing
tracks), and dark-mode-safe colours: the text and background colours are never set, so each mail program's
own light or dark scheme applies, and the few colours set (muted text, links, the quote bar) read at 4.5:1 or
better on both white and black (see `COLOURS`). The text part puts each link on its own line, so plain-text
mail programs make it clickable.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

# Each reads at WCAG AA (4.5:1) on white and on black, so a mail program's dark mode needs no inversion.
COLOURS = {"muted": "#767676", "link": "#1a73e8", "rule": "#767676"}
FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"


@dataclass(frozen=True)
class Link:
    label: str  # "Unsubscribe from these emails"
    url: str


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def paragraph(inner_html: str, *, muted: bool = False, small: bool = False) -> str:
    style = "margin:0 0 12px"
    if muted:
        style += f";color:{COLOURS['muted']}"
    if small:
        style += ";font-size:12px;line-height:1.4"
    return f'<p style="{style}">{inner_html}</p>'


def link(item: Link) -> str:
    style = f"color:{COLOURS['link']};text-decoration:underline"
    return f'<a href="{escape(item.url)}" style="{style}">{escape(item.label)}</a>'


def quote(text: str) -> str:
    """A person's message: escaped, line breaks kept, a bar at its left (no background to invert)."""
    body = escape(text).replace("\n", "<br>\n")
    return (f'<div style="margin:0 0 16px;padding:4px 0 4px 12px;border-left:3px solid {COLOURS["rule"]}">'
            f"{body}</div>")


def document(title: str, blocks: Sequence[str], footer: Sequence[Link], note: str) -> str:
    """The whole HTML part: `blocks` in order, then the small print (`note`, then the footer links)."""
    small_print = escape(note) + "".join(f"<br>{link(item)}" for item in footer)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="margin:0;padding:16px;font-family:{FONT};font-size:15px;line-height:1.5">'
        f'<div style="max-width:600px">{"".join(blocks)}'
        f"{paragraph(small_print, muted=True, small=True)}</div></body></html>"
    )


def text_footer(footer: Sequence[Link], note: str) -> list[str]:
    """The plain-text small print after a signature delimiter ("-- ": mail programs leave it out of a
    quote), then each link as "Label:" and the URL on its own line."""
    lines = ["", "-- ", note]
    for item in footer:
        lines += ["", f"{item.label}:", item.url]
    return lines
