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


def _marks_quoted_history(tag: str, attrs: dict[str, str]) -> bool:
    """Containers mail clients put around the quoted history (Gmail, Outlook web, Yahoo, Thunderbird)."""
    classes = attrs.get("class", "").lower()
    ident = attrs.get("id", "").lower()
    return ("gmail_quote" in classes.split() or ident in ("divrplyfwdmsg", "appendonsend")
            or "yahoo_quoted" in classes or "moz-cite-prefix" in classes.split())


def _marks_signature(attrs: dict[str, str]) -> bool:
    classes = attrs.get("class", "").lower().split()
    return ("gmail_signature" in classes or "moz-signature" in classes or attrs.get("id", "").lower() == "signature"
            or attrs.get("data-smartmail", "") == "gmail_signature")


class _HtmlText(HTMLParser):
    """Blocks and <br> become line breaks, <li> "- " (or "1. "), <blockquote> "> ", links "text (url)";
    whitespace collapses except in <pre>; client-marked signatures are skipped; output stops at a
    client-marked quoted history."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str, bool]] = []  # (quote depth, text, preformatted)
        self.current: list[str] = []
        self.quote_depth = 0
        self.pre = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.hidden = 0
        self.stopped = False
        self.lists: list[int | None] = []  # None for <ul>, the next number for <ol>
        self.links: list[str | None] = []

    def _flush(self, force: bool = False) -> None:
        text = "".join(self.current)
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
            self.stack.append((tag, hides))
            self.hidden += hides
        if self.hidden:
            return
        if _marks_quoted_history(tag, values):
            self._flush()
            self.stopped = True
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
        if self.stopped or tag in _VOID or all(open_tag != tag for open_tag, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag, hides = self.stack.pop()
            self.hidden -= hides
            if not hides and not self.hidden:
                self._close(open_tag)
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
        data = data.replace("\xa0", " ")
        if self.pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self.current.append(part)
                self._flush(force=True)
            self.current.append(parts[-1])
            return
        self.current.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        self._flush()
        out: list[str] = []
        for depth, line, _ in self.lines:
            rendered = (">" * depth + (" " if line else "") + line) if depth else line
            if not rendered.strip() and out and not out[-1].strip():
                continue  # at most one blank line in a row
            out.append(rendered)
        return "\n".join(out).strip("\n")


def html_to_text(html: str) -> str:
    """A mail body's HTML as plain text (see `_HtmlText`). Never raises."""
    if not html.strip():
        return ""
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; keep whatever was read before a failure
        pass
    return parser.text()
