"""What an alert email says and carries. Composition only: sending is the SES gateway's job.

Privacy rules this enforces: the From/Reply-To are the relay address, with the sender's
display name only; no header or body names another user's email address or account id (the
recipient's own unsubscribe link identifies the recipient, and only to them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

from .mail_layout import Link, document, escape, link, paragraph, quote, text_footer

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
    # The scam rules' warning for this recipient (docs/SAFETY.md): first in the email, never hidden.
    warning: str | None = None


@dataclass(frozen=True)
class Envelope:
    to: str
    reply_address: str
    message_id: str  # this alert's own Message-ID
    thread_root: str  # the conversation's Message-ID for this recipient: the first alert's, the one later ones answer
    opens_thread: bool  # this alert is for the conversation's first message
    unsubscribe_url: str
    unsubscribe_mailto: str
    report_url: str | None = None  # a signed "Report this message" link: a page whose button reports it


NOTE = "Your email address is never shown to other users; replies go through Callboard."
_RE = re.compile(r"^\s*(?:re\s*:\s*)+", re.IGNORECASE)


def conversation_subject(subject: str) -> str:
    """The conversation's subject as its first alert shows it: without any "Re:" a person typed."""
    return _RE.sub("", subject).strip() or subject.strip()


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


def _threading(message: EmailMessage, subject: str, envelope: Envelope) -> None:
    """One conversation, one thread in every mail program: the first alert carries the conversation's
    subject and is the thread's root; every later alert is "Re:" that subject and answers the root
    (In-Reply-To and References), with the same Thread-Topic for Outlook's conversation view."""
    topic = conversation_subject(subject)
    if envelope.opens_thread:
        message["Subject"] = topic
        message["Message-ID"] = envelope.thread_root
    else:
        message["Subject"] = f"Re: {topic}"
        message["Message-ID"] = envelope.message_id
        message["In-Reply-To"] = envelope.thread_root
        message["References"] = envelope.thread_root
    message["Thread-Topic"] = topic


def alert_links(content: AlertContent, envelope: Envelope) -> list[Link]:
    """The small-print links of an alert, in order."""
    report = [Link("Report this message", envelope.report_url)] if envelope.report_url else []
    return [*report, Link("Unsubscribe from these emails", envelope.unsubscribe_url)]


def compose_alert(content: AlertContent, envelope: Envelope) -> EmailMessage:
    regarding = " / ".join(n for n in (content.production_name, content.role_name) if n)
    body = content.body[:SNIPPET_MAX]
    cut = len(content.body) > SNIPPET_MAX
    footer = alert_links(content, envelope)

    text_lines = [f"Callboard safety warning: {content.warning}", ""] if content.warning else []
    text_lines += [f"Regarding: {regarding}", ""] if regarding else []
    text_lines += [f"{content.sender_name} wrote:", "", body]
    if cut:
        text_lines.append("[…] (the whole message is on Callboard)")
    if content.attachment_names:
        text_lines += ["", "Attachments: " + ", ".join(content.attachment_names)]
    text_lines += ["", "Reply to this email to answer, or read and reply on Callboard:", content.thread_url]
    text_lines += text_footer(footer, NOTE)

    blocks = [paragraph(f"<strong>Callboard safety warning:</strong> {escape(content.warning)}")] \
        if content.warning else []
    blocks += [paragraph(f"<strong>Regarding:</strong> {escape(regarding)}")] if regarding else []
    blocks += [paragraph(f"<strong>{escape(content.sender_name)}</strong> wrote:"), quote(body)]
    if cut:
        blocks.append(paragraph("[…] the whole message is on Callboard.", muted=True))
    if content.attachment_names:
        blocks.append(paragraph("Attachments: " + escape(", ".join(content.attachment_names))))
    blocks.append(paragraph(link(Link("Read and reply on Callboard", content.thread_url))
                            + " — or just reply to this email."))

    message = EmailMessage(policy=SMTP)
    relay = Address(display_name=_display(content.sender_name), addr_spec=envelope.reply_address)
    message["From"] = relay
    message["Reply-To"] = relay
    message["To"] = Address(display_name=_display(content.recipient_name, ""), addr_spec=envelope.to)
    _threading(message, content.subject, envelope)
    _automatic(message, envelope.unsubscribe_url, envelope.unsubscribe_mailto)
    message.set_content("\n".join(text_lines))
    message.add_alternative(document(conversation_subject(content.subject), blocks, footer, NOTE), subtype="html")
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
    conversations = len(threads) + more
    subject = f"Your Callboard messages: {total} new in {conversations} conversation" + (
        "s" if conversations != 1 else "")
    footer = [Link("Unsubscribe from these emails", unsubscribe_url)]
    text_lines = [f"Hi {recipient_name}, you have new messages on Callboard:", ""]
    blocks = [paragraph(f"Hi {escape(recipient_name)}, you have new messages on Callboard:")]
    for t in threads:
        regarding = " / ".join(n for n in (t.production_name, t.role_name) if n)
        who = ", ".join(t.senders)
        count = f"{t.new_messages} new message{'s' if t.new_messages != 1 else ''}"
        text_lines += [f"* {t.subject} — {who} ({count})" + (f" [{regarding}]" if regarding else ""),
                       f"  {t.snippet}", f"  {t.url}", ""]
        blocks.append(paragraph(
            link(Link(t.subject, t.url)) + f" — {escape(who)} ({count})"
            + (f" <em>{escape(regarding)}</em>" if regarding else "")))
        blocks.append(quote(t.snippet))
    if more:
        text_lines += [f"…and {more} more conversation{'s' if more != 1 else ''} with unread messages.", ""]
        blocks.append(paragraph(f"…and {more} more conversation{'s' if more != 1 else ''} with unread messages."))
    text_lines += ["Read them all:", inbox_url]
    text_lines += text_footer(footer, NOTE)
    blocks.append(paragraph(link(Link("Open your inbox", inbox_url))))

    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name="Callboard", addr_spec=f"digest@{relay_domain}")
    message["To"] = Address(display_name=_display(recipient_name, ""), addr_spec=to)
    message["Subject"] = subject
    message["Message-ID"] = message_id
    _automatic(message, unsubscribe_url, unsubscribe_mailto)
    message.set_content("\n".join(text_lines))
    message.add_alternative(document(subject, blocks, footer, NOTE), subtype="html")
    return message
