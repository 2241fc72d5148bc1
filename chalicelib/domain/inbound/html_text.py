"""A mail body's HTML as plain text (stdlib `html.parser`): blocks, breaks, lists, links and quotes;
client-marked signatures skipped and output stopped at client-marked quoted history.

The maintained converters are either GPL (html2text) or need lxml, a compiled dependency of several MB
in the Lambda zip (inscriptis, html-text), and a mail body needs only these few elements.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "head", "title", "template", "noscript"}
_BLOCK = {"p", "div", "ul", "ol", "li", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
          "pre", "hr", "section", "article", "header", "footer", "dl", "dt", "dd", "center", "address", "blockquote"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"}


# Where mail programs put the quoted history: Gmail (gmail_quote; gmail_extra in older mail), Outlook on the
# web / Hotmail / new Outlook (divRplyFwdMsg, appendonsend, mail-editor-reference-message-container;
# Outlook prefixes ids and classes with "x_" when it quotes HTML), Outlook for Mac (OLK_SRC_BODY_SECTION),
# old Outlook (OutlookMessageHeader), old Hotmail (hr#stopSpelling), Yahoo and AOL (yahoo_quoted),
# Thunderbird (moz-cite-prefix), Proton (protonmail_quote), Zimbra (hr#zwchr), Zoho (zmail_extra), Tutanota
# (tutanota_quote), GMX / WEB.DE (div name="quote"), Spark (div name="messageReplySection").
_HISTORY_CLASSES = {"gmail_quote", "gmail_quote_container", "gmail_extra", "moz-cite-prefix", "outlookmessageheader",
                    "protonmail_quote", "yahoo_quoted", "zmail_extra", "tutanota_quote"}
_HISTORY_IDS = {"divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container", "olk_src_body_section",
                "stopspelling", "zwchr"}
_HISTORY_NAMES = {"quote", "messagereplysection"}
# Outlook for Windows draws the "From: ... Sent: ..." block as a paragraph with a thin top border.
_OUTLOOK_HEADER_STYLE = re.compile(r"border-top:\s*solid[^;]*;\s*padding:\s*3\.0pt", re.IGNORECASE)
_SIGNATURE_MARKS = {"gmail_signature", "moz-signature", "signature", "applemailsignature",
                    "ms-outlook-mobile-signature", "ymail_android_signature", "protonmail_signature_block"}


def _tokens(value: str) -> set[str]:
    return {token.removeprefix("x_") for token in value.lower().split()}


def _marks_quoted_history(tag: str, attrs: dict[str, str], cite: bool) -> bool:
    """A container a mail program put around the quoted history (see above); with `cite`, also Apple Mail's
    and Thunderbird's <blockquote type="cite">."""
    classes = _tokens(attrs.get("class", ""))
    ident = attrs.get("id", "").lower().removeprefix("x_")
    return bool(classes & _HISTORY_CLASSES or ident in _HISTORY_IDS or "yahoo_quoted" in ident
                or attrs.get("name", "").lower() in _HISTORY_NAMES
                or any("yahoo_quoted" in c for c in classes)
                or (tag == "div" and _OUTLOOK_HEADER_STYLE.search(attrs.get("style", "")))
                or (cite and tag == "blockquote" and attrs.get("type", "").lower() == "cite"))


def _spaced(attrs: dict[str, str]) -> bool:
    """A <p> with the default margins (Thunderbird, Apple), not Outlook's margin-less MsoNormal lines."""
    style = attrs.get("style", "").lower().replace(" ", "")
    margin_less = re.search(r"margin(?:-bottom)?:0(?![.\d])", style)
    return "msonormal" not in _tokens(attrs.get("class", "")) and not margin_less


def _marks_signature(attrs: dict[str, str]) -> bool:
    marks = _tokens(attrs.get("class", "")) | _tokens(attrs.get("id", ""))
    return bool(marks & _SIGNATURE_MARKS) or attrs.get("data-smartmail", "") == "gmail_signature"


class _HtmlText(HTMLParser):
    """Blocks and <br> become line breaks, <li> "- " (or "1. "), <blockquote> "> ", links "text (url)";
    whitespace collapses except in <pre>; client-marked signatures are skipped; output stops at a
    client-marked quoted history unless `keep_history`, and with `cite` at a <blockquote type="cite"> too."""

    def __init__(self, *, keep_history: bool = False, cite: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_history = keep_history
        self.cite = cite
        self.found_history = False
        self.lines: list[tuple[int, str, bool]] = []  # (quote depth, text, preformatted)
        self.current: list[str] = []
        self.quote_depth = 0
        self.pre = 0
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, hides its content, a paragraph with margins)
        self.hidden = 0
        self.stopped = False
        self.lists: list[int | None] = []  # None for <ul>, the next number for <ol>
        self.links: list[str | None] = []

    def _flush(self, force: bool = False) -> None:
        text = "".join(self.current)
        force = force or ("\xa0" in text and not text.strip())  # Outlook's <p>&nbsp;</p> is a blank line
        text = text.replace("\xa0", " ")
        if self.pre == 0:
            text = re.sub(r" {2,}", " ", text).strip(" ")
        if text or force:
            self.lines.append((self.quote_depth, text, self.pre > 0))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag not in _VOID:
            hides = tag in _SKIP or _marks_signature(values)
            self.stack.append((tag, hides, tag == "p" and _spaced(values)))
            self.hidden += hides
        if self.hidden:
            return
        if not self.keep_history and _marks_quoted_history(tag, values, self.cite):
            self._flush()
            self.stopped = self.found_history = True
            return
        if tag == "br":
            self._flush(force=True)
        elif tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote_depth += 1
            elif tag == "pre":
                self.pre += 1
            elif tag == "ul":
                self.lists.append(None)
            elif tag == "ol":
                self.lists.append(1)
            elif tag == "li":
                number = self.lists[-1] if self.lists else None
                if number is None:
                    self.current.append("- ")
                else:
                    self.current.append(f"{number}. ")
                    self.lists[-1] = number + 1
        elif tag == "a":
            self.links.append(values.get("href"))

    def handle_endtag(self, tag: str) -> None:
        if self.stopped or tag in _VOID or all(open_tag != tag for open_tag, _, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag, hides, spaced = self.stack.pop()
            self.hidden -= hides
            if not hides and not self.hidden:
                self._close(open_tag)
                if spaced:  # a paragraph's margins: a blank line in text
                    self.lines.append((self.quote_depth, "", False))
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag == "a" and self.links:
            href = self.links.pop()
            label = "".join(self.current)
            if href and re.match(r"https?://", href, re.I) and href not in label and href.rstrip("/") not in label:
                self.current.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.stopped or self.hidden:
            return
        if self.pre:
            data = data.replace("\xa0", " ")
            parts = data.split("\n")
            for part in parts[:-1]:
                self.current.append(part)
                self._flush(force=True)
            self.current.append(parts[-1])
            return
        self.current.append(re.sub(r"[^\S\xa0]+", " ", data))

    def text(self) -> str:
        self._flush()
        out: list[str] = []
        for depth, line, _ in self.lines:
            rendered = (">" * depth + (" " if line else "") + line) if depth else line
            if not rendered.strip() and out and not out[-1].strip():
                continue  # at most one blank line in a row
            out.append(rendered)
        return "\n".join(out).strip("\n")


def html_to_text(html: str, *, keep_history: bool = False) -> str:
    """A mail body's HTML as plain text (see `_HtmlText`), up to a client-marked quoted history unless
    `keep_history` (then a quote is "> " lines, as in a text part). Never raises."""
    return _convert(html, _HtmlText(keep_history=keep_history))


def reply_above_history(html: str) -> str | None:
    """The text above the quoted history a mail program marked in its HTML (any container above, or a
    <blockquote type="cite">); None when the HTML marks none, so the caller must find it in the text."""
    parser = _HtmlText(cite=True)
    text = _convert(html, parser)
    return text if parser.found_history else None


# A reply's new text is at the top and at most 20,000 characters: HTML past this is quoted history or
# padding, and html.parser would spend seconds on a few MB of it.
_MAX_HTML_CHARS = 500_000


def _convert(html: str, parser: _HtmlText) -> str:
    if not html.strip():
        return ""
    try:
        parser.feed(html[:_MAX_HTML_CHARS])
        parser.close()
    except Exception:  # html.parser is lenient; keep whatever was read before a failure
        pass
    return parser.text()
