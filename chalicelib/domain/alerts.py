"""What an alert email says and carries. Composition only: sending is the SES gateway's job.

Privacy rules this enforces: the From/Reply-To are the relay address, with the sender's
display name only; no header or body names another user's email address or account id (the
recipient's own unsubscribe link identifies the recipient, and only to them).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

ALERT_HEADER = "X-Callboard-Alert"  # marks our own mail, so a bounced-back alert is never posted
SNIPPET_MAX = 4000
RELAY_NAME_SUFFIX = " via Callboard"  # after the sender's name on every alert; replies' attributions quote it


@dataclass(frozen=True)
class AlertContent:
    sender_name: str
    recipient_name: str
    subject: str
    body: str
    thread_url: str
    production_name: str | None = None
    role_name: str | None = None
    attachment_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Envelope:
    to: str
    reply_address: str
    message_id: str
    thread_ref: str
    unsubscribe_url: str
    unsubscribe_mailto: str


def _display(name: str, suffix: str = RELAY_NAME_SUFFIX) -> str:
    # No line breaks or address look-alikes in a display name (the name is the sender's own text).
    clean = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", name).replace("@", " at ").split())[:80]
    return f"{clean}{suffix}"


def _automatic(message: EmailMessage, unsubscribe_url: str, unsubscribe_mailto: str) -> None:
    """What every alert and digest carries: automatic (no auto-replies back, no loops) and
    one-click unsubscribable (RFC 8058)."""
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message["Precedence"] = "bulk"
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>, <{unsubscribe_mailto}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message[ALERT_HEADER] = "1"


def compose_alert(content: AlertContent, envelope: Envelope) -> EmailMessage:
    regarding = " / ".join(n for n in (content.production_name, content.role_name) if n)
    text_lines = [f"{content.sender_name} wrote:", "", content.body[:SNIPPET_MAX]]
    if len(content.body) > SNIPPET_MAX:
        text_lines.append("[…] (read the whole message on Callboard)")
    if content.attachment_names:
        text_lines += ["", "Attachments: " + ", ".join(content.attachment_names)]
    text_lines += ["", f"Reply to this email, or read and reply on Callboard: {content.thread_url}"]
    if regarding:
        text_lines.insert(0, f"Regarding: {regarding}\n")
    text_lines += ["", "Your email address is never shown to other users; replies go through Callboard.",
                   f"Stop these emails: {envelope.unsubscribe_url}"]
    text = "\n".join(text_lines)

    body_html = html.escape(content.body[:SNIPPET_MAX]).replace("\n", "<br>\n")
    attachments_html = ""
    if content.attachment_names:
        attachments_html = "<p>Attachments: " + ", ".join(html.escape(n) for n in content.attachment_names) + "</p>"
    regarding_html = f"<p><strong>Regarding:</strong> {html.escape(regarding)}</p>" if regarding else ""
    html_doc = (
        "<!doctype html><html><body>"
        f"{regarding_html}<p><strong>{html.escape(content.sender_name)}</strong> wrote:</p>"
        f"<blockquote>{body_html}</blockquote>{attachments_html}"
        f"<p><a href=\"{html.escape(content.thread_url, quote=True)}\">Read and reply on Callboard</a>"
        " — or just reply to this email.</p>"
        "<p style=\"color:#666;font-size:12px\">Your email address is never shown to other users. "
        f"<a href=\"{html.escape(envelope.unsubscribe_url, quote=True)}\">Unsubscribe from these emails</a></p>"
        "</body></html>"
    )

    message = EmailMessage(policy=SMTP)
    relay = Address(display_name=_display(content.sender_name), addr_spec=envelope.reply_address)
    message["From"] = relay
    message["Reply-To"] = relay
    message["To"] = Address(display_name=_display(content.recipient_name, ""), addr_spec=envelope.to)
    message["Subject"] = f"Re: {content.subject}" if not content.subject.lower().startswith("re:") else content.subject
    message["Message-ID"] = envelope.message_id
    message["In-Reply-To"] = envelope.thread_ref
    message["References"] = envelope.thread_ref
    _automatic(message, envelope.unsubscribe_url, envelope.unsubscribe_mailto)
    message.set_content(text)
    message.add_alternative(html_doc, subtype="html")
    return message


def compose_rejection(to: str, reason: str, relay_domain: str, original_subject: str | None,
                      dropped: list[str] | None = None) -> EmailMessage:
    """The one short explanation a rejected (or partly accepted) reply gets back."""
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name="Callboard", addr_spec=f"no-reply@{relay_domain}")
    message["To"] = to
    subject = " ".join((original_subject or "your reply").split())[:150]
    message["Subject"] = f"Not delivered: {subject}" if reason else f"Delivered with changes: {subject}"
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"
    message[ALERT_HEADER] = "1"
    lines = []
    if reason:
        lines.append(f"Your email could not be posted to the conversation: {reason}")
    if dropped:
        lines.append("These attachments were not included:")
        lines += [f"  - {item}" for item in dropped]
    lines += ["", "You can always read and reply on Callboard. This is an automatic message; replies to it "
              "are not read."]
    message.set_content("\n".join(lines))
    return message


@dataclass(frozen=True)
class DigestThread:
    subject: str
    senders: list[str]
    snippet: str
    new_messages: int
    url: str
    production_name: str | None = None
    role_name: str | None = None


def compose_digest(to: str, recipient_name: str, threads: list[DigestThread], more: int, relay_domain: str,
                   inbox_url: str, unsubscribe_url: str, unsubscribe_mailto: str, message_id: str) -> EmailMessage:
    """Once a day: the threads with unread messages since the last digest, newest first."""
    total = sum(t.new_messages for t in threads)
    text_lines = [f"Hi {recipient_name}, you have new messages on Callboard:", ""]
    html_items = []
    for t in threads:
        regarding = " / ".join(n for n in (t.production_name, t.role_name) if n)
        who = ", ".join(t.senders)
        count = f"{t.new_messages} new message{'s' if t.new_messages != 1 else ''}"
        text_lines += [f"* {t.subject} — {who} ({count})" + (f" [{regarding}]" if regarding else ""),
                       f"  {t.snippet}", f"  {t.url}", ""]
        html_items.append(
            f"<li><a href=\"{html.escape(t.url, quote=True)}\"><strong>{html.escape(t.subject)}</strong></a>"
            f" — {html.escape(who)} ({count})" + (f" <em>{html.escape(regarding)}</em>" if regarding else "")
            + f"<br><span style=\"color:#555\">{html.escape(t.snippet)}</span></li>")
    if more:
        text_lines += [f"…and {more} more conversation{'s' if more != 1 else ''} with unread messages.", ""]
        html_items.append(f"<li>…and {more} more</li>")
    text_lines += [f"Read them all: {inbox_url}", "", f"Stop these emails: {unsubscribe_url}"]
    html_doc = ("<!doctype html><html><body><p>Hi " + html.escape(recipient_name) + ", you have new messages on"
                " Callboard:</p><ul>" + "".join(html_items) + "</ul>"
                f"<p><a href=\"{html.escape(inbox_url, quote=True)}\">Open your inbox</a></p>"
                f"<p style=\"color:#666;font-size:12px\"><a href=\"{html.escape(unsubscribe_url, quote=True)}\">"
                "Unsubscribe from these emails</a></p></body></html>")
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name="Callboard", addr_spec=f"digest@{relay_domain}")
    message["To"] = Address(display_name=_display(recipient_name, ""), addr_spec=to)
    message["Subject"] = f"Your Callboard messages: {total} new in {len(threads) + more} conversation" + (
        "s" if len(threads) + more != 1 else "")
    message["Message-ID"] = message_id
    _automatic(message, unsubscribe_url, unsubscribe_mailto)
    message.set_content("\n".join(text_lines))
    message.add_alternative(html_doc, subtype="html")
    return message
