"""SES's verdicts on an inbound mail: spam and virus scans, SPF, DKIM and DMARC with alignment.

Only the headers SES itself wrote (above its X-SES-RECEIPT) are trusted; the sender can write anything
below them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..attachments import Verdict
from .mime import InboundMail, domain_of, header_value

SES_AUTHSERV_ID = "amazonses.com"

_COMMENT = re.compile(r"\([^()]*\)")


def _ses_block(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...] | None:
    """The headers SES itself wrote: everything above its X-SES-RECEIPT (SES prepends Return-Path,
    Received, X-SES-Spam-Verdict, X-SES-Virus-Verdict, Received-SPF, Authentication-Results and then
    X-SES-RECEIPT above the sender's own headers). None when the mail never went through SES."""
    for index, (name, _) in enumerate(headers):
        if name.lower() == "x-ses-receipt":
            return headers[:index]
    return None


@dataclass(frozen=True)
class _Auth:
    spf: str | None = None
    spf_domain: str = ""
    dkim: tuple[tuple[str, str], ...] = ()  # (result, signing domain)
    dmarc: str | None = None

    @property
    def known(self) -> bool:
        return self.spf is not None or bool(self.dkim) or self.dmarc is not None


def _auth_results(block: Iterable[tuple[str, str]], authserv_id: str) -> _Auth:
    """SPF, DKIM and DMARC from the first Authentication-Results written by `authserv_id` (others are
    somebody else's claims), SPF from the first Received-SPF when that header has none."""
    spf: str | None = None
    spf_domain = ""
    dkim: list[tuple[str, str]] = []
    dmarc: str | None = None
    received_spf: str | None = None
    seen = False
    for name, value in block:
        lname = name.lower()
        if lname == "received-spf" and received_spf is None:
            received_spf = value
        if lname != "authentication-results" or seen:
            continue
        text = value
        while _COMMENT.search(text):
            text = _COMMENT.sub(" ", text)
        chunks = [chunk.strip() for chunk in text.split(";")]
        if (chunks[0].split() or [""])[0].lower() != authserv_id.lower():
            continue
        seen = True
        for chunk in chunks[1:]:
            key, _, rest = chunk.partition("=")
            key, rest = key.strip().lower(), rest.strip()
            result = (rest.split() or [""])[0].lower()
            props = {k.lower(): v for k, v in re.findall(r"([\w.-]+)=(\S+)", rest)}
            if key == "spf":
                spf = result
                spf_domain = domain_of(props.get("smtp.mailfrom", "")) or spf_domain
            elif key in ("envelope-from", "smtp.mailfrom"):  # SES writes these as chunks of their own
                spf_domain = spf_domain or domain_of(result)
            elif key == "dkim":
                dkim.append((result, domain_of(props.get("header.d", "") or props.get("header.i", ""))))
            elif key == "dmarc":
                dmarc = result
    if spf is None and received_spf is not None:
        spf = (_COMMENT.sub(" ", received_spf).split() or [""])[0].lower() or None
        found = re.search(r"envelope-from=([^\s;]+)", received_spf)
        spf_domain = domain_of(found.group(1)) if found else spf_domain
    return _Auth(spf=spf, spf_domain=spf_domain, dkim=tuple(dkim), dmarc=dmarc)


def _aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment without a public-suffix list: the same domain, or one is a subdomain of the other.
    A result that names no domain cannot be checked and counts as aligned (SES always names one)."""
    if not domain or not from_domain:
        return True
    return domain == from_domain or domain.endswith("." + from_domain) or from_domain.endswith("." + domain)


def judge_verdicts(mail: InboundMail, *, require_verdicts: bool = True,
                   authserv_id: str = SES_AUTHSERV_ID) -> Verdict:
    """Decides from SES's verdict headers whether to trust the mail.

    Rejects: a virus (FAIL), spam (FAIL), DMARC fail, and mail whose sender domain neither SPF nor DKIM
    vouches for (any result but "pass", or a pass for another domain than the From address's, counts as
    failing; DMARC pass is enough on its own). Only headers above SES's X-SES-RECEIPT are trusted. Without
    them (the local SMTP stand-in adds none) failures the headers show still reject, and otherwise
    `require_verdicts` decides: True rejects ("no SES verdicts"), False accepts. A virus scan that is not
    PASS (GRAY, PROCESSING_FAILED, missing) rejects when verdicts are required; a GRAY spam verdict passes.
    """
    trusted = _ses_block(mail.headers)
    block = trusted if trusted is not None else mail.headers
    virus = (header_value(block, "x-ses-virus-verdict") or "").strip().upper() or None
    spam = (header_value(block, "x-ses-spam-verdict") or "").strip().upper() or None
    if virus == "FAIL":
        return Verdict(False, "the virus scan found a virus")
    if spam == "FAIL":
        return Verdict(False, "the spam filter marked it as spam")
    auth = _auth_results(block, authserv_id)
    if auth.dmarc == "fail":
        return Verdict(False, "DMARC failed for the sender's domain")
    from_domain = domain_of(mail.sender)
    spf_pass = auth.spf == "pass" and _aligned(auth.spf_domain, from_domain)
    dkim_pass = any(result == "pass" and _aligned(domain, from_domain) for result, domain in auth.dkim)
    if auth.spf is not None and auth.dkim and not (spf_pass or dkim_pass or auth.dmarc == "pass"):
        return Verdict(False, "SPF and DKIM both failed for the sender's domain")
    if trusted is None:
        return Verdict(True) if not require_verdicts else Verdict(False, "no SES verdicts on this mail")
    if require_verdicts:
        if virus != "PASS":
            return Verdict(False, f"the virus scan was inconclusive ({virus or 'missing'})")
        if spam in (None, "PROCESSING_FAILED"):
            return Verdict(False, f"the spam scan was inconclusive ({spam or 'missing'})")
        if not auth.known:
            return Verdict(False, "no SPF/DKIM/DMARC results on this mail")
    if auth.known and not (spf_pass or dkim_pass or auth.dmarc == "pass"):
        return Verdict(False, "SPF and DKIM both failed for the sender's domain")
    return Verdict(True)


def failed_authentication(mail: InboundMail, *, authserv_id: str = SES_AUTHSERV_ID) -> bool:
    """SPF failed (fail or softfail) or DMARC failed for this mail: its From may be forged, so nothing is ever
    mailed back to it (an explanation would be backscatter to whoever's address was used)."""
    trusted = _ses_block(mail.headers)
    auth = _auth_results(trusted if trusted is not None else mail.headers, authserv_id)
    return auth.spf in ("fail", "softfail") or auth.dmarc == "fail"
