"""Reports and editors' decisions: what may be reported and why, how urgent a case is, which
decisions fit which target. Plain rules; storage/moderation.py keeps the cases."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidInput

REPORT_KINDS = ("message", "user", "notice")
CATEGORIES = ("scam", "asks_for_money", "off_platform", "harassment", "misleading_notice", "undisclosed_nudity",
              "other")
REASON_MAX = 2_000
# How much harm a case risks: money and safety first (docs/SAFETY.md, "The editors' queue").
SEVERITY = {"scam": 3, "asks_for_money": 3, "undisclosed_nudity": 3, "harassment": 2, "off_platform": 2,
            "misleading_notice": 1, "other": 1}
HELD_SEVERITY = 3  # a message the scam rules held: someone may be about to lose money
SEVERITY_MAX = 3
REASONS_KEPT = 20  # the case keeps the first reasons (each shortened); all are in its history
REASON_SHOWN = 300

MESSAGE_DECISIONS = ("release", "remove", "dismiss", "warn", "suspend")
USER_DECISIONS = ("dismiss", "warn", "suspend", "reinstate")
DECISION_REASON_MAX = 2_000


@dataclass(frozen=True)
class ReportInput:
    kind: str
    target_id: str
    reason: str
    category: str


def parse_report(kind: str, target_id: str, reason: str, category: str | None) -> ReportInput:
    if kind not in REPORT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(REPORT_KINDS)}", code="invalid_kind")
    if not isinstance(target_id, str) or not target_id.strip():
        raise InvalidInput("target_id must name what you report", code="invalid_target")
    reason = (reason or "").strip()
    if not 1 <= len(reason) <= REASON_MAX:
        raise InvalidInput(f"reason must be 1-{REASON_MAX} characters", code="invalid_reason")
    category = category or "other"
    if category not in CATEGORIES:
        raise InvalidInput(f"category must be one of {', '.join(CATEGORIES)}", code="invalid_category")
    return ReportInput(kind, target_id, reason, category)


def severity(categories: list[str], held: bool) -> int:
    levels = [SEVERITY.get(c, 1) for c in categories] + ([HELD_SEVERITY] if held else [])
    return max(levels, default=1)


def queue_sort_key(level: int, reporters: int, opened_at: str, kind: str, target_id: str) -> str:
    """Ascending order of this key is the queue's order: more severe first, then more distinct
    reporters, then the longest waiting."""
    return f"{SEVERITY_MAX - level}#{99_999 - min(reporters, 99_999):05d}#{opened_at}#{kind}#{target_id}"


def shorten(reason: str) -> str:
    flat = " ".join(reason.split())
    return flat if len(flat) <= REASON_SHOWN else flat[:REASON_SHOWN - 1] + "…"


def parse_decision(decision: str, reason: str, allowed: tuple[str, ...]) -> tuple[str, str]:
    """Every decision says why: it is the target's history, read by the next editor."""
    if decision not in allowed:
        raise InvalidInput(f"decision must be one of {', '.join(allowed)}", code="invalid_decision")
    reason = (reason or "").strip()
    if not 1 <= len(reason) <= DECISION_REASON_MAX:
        raise InvalidInput(f"reason must be 1-{DECISION_REASON_MAX} characters: say why, for the record",
                           code="invalid_reason")
    return decision, reason
