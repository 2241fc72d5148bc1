"""Scam-signal report: precision and recall per rule and overall, over the corpus in tests/fixtures/safety.

    python -m tests.bench_safety

Goal (issue 15): at least 95% of scam messages warned or held, at most 1% of ordinary messages warned,
none held. Exits 1 when the whole corpus misses it. Each split is reported on its own line, so
generalisation shows: "tune" was read while writing the rules; each later split was written with the
rules frozen and measured once before its misses were studied (first-run numbers: docs/SAFETY.md).
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chalicelib.domain.safety import DELIVER, HOLD, SIGNAL_CODES, WARN, assess_message, find_signals

CORPUS = Path(__file__).resolve().parent / "fixtures" / "safety"
SCAM_RECALL_GOAL = 0.95
ORDINARY_WARNED_GOAL = 0.01


@dataclass(frozen=True)
class Sample:
    id: str
    split: str  # one of SPLITS
    scam: bool
    expected: frozenset[str]  # signal codes a careful reader would say apply
    subject: str
    body: str


def load(kind: str, split: str) -> list[Sample]:
    """Blocks of `--- <id> <codes...>`, then the subject line, then the body."""
    path = CORPUS / f"{kind}_{split}.txt"
    if not path.exists():
        return []
    samples: list[Sample] = []
    for block in path.read_text(encoding="utf-8").split("--- ")[1:]:
        header, subject, *body = block.rstrip("\n").split("\n")
        sample_id, *codes = header.split()
        unknown = set(codes) - set(SIGNAL_CODES)
        if unknown:
            raise ValueError(f"{path.name} {sample_id}: unknown signal codes {sorted(unknown)}")
        samples.append(Sample(sample_id, split, kind == "scams", frozenset(codes), subject, "\n".join(body)))
    return samples


SPLITS = ("tune", "review", "holdout", "fresh", "final", "long", "voices", "mixed", "formal", "last", "extra", "more")


def corpus(splits: Iterable[str] = SPLITS) -> list[Sample]:
    return [s for split in splits for kind in ("scams", "ordinary") for s in load(kind, split)]


@dataclass(frozen=True)
class Outcome:
    sample: Sample
    action: str
    fired: frozenset[str]


def run(samples: list[Sample]) -> list[Outcome]:
    return [Outcome(s, assess_message(s.subject, s.body).action, frozenset(find_signals(s.subject, s.body)))
            for s in samples]


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "     -"


def summary(outcomes: list[Outcome]) -> tuple[float, float, int, str]:
    scams = [o for o in outcomes if o.sample.scam]
    ordinary = [o for o in outcomes if not o.sample.scam]
    caught = sum(o.action in (WARN, HOLD) for o in scams)
    held = sum(o.action == HOLD for o in scams)
    warned = sum(o.action == WARN for o in ordinary)
    ordinary_held = sum(o.action == HOLD for o in ordinary)
    flagged_ordinary = warned + ordinary_held
    precision = caught / (caught + flagged_ordinary) if caught + flagged_ordinary else 1.0
    line = (f"scams warned or held {_ratio(caught, len(scams))}, held {_ratio(held, len(scams))} | ordinary warned "
            f"{_ratio(warned, len(ordinary))}, held {_ratio(ordinary_held, len(ordinary))} | precision "
            f"{precision:.1%}")
    recall = caught / len(scams) if scams else 1.0
    warned_rate = warned / len(ordinary) if ordinary else 0.0
    return recall, warned_rate, ordinary_held, line


def per_rule(outcomes: list[Outcome]) -> list[str]:
    lines = [f"{'rule':22} {'precision':>18} {'recall':>18}"]
    for code in SIGNAL_CODES:
        fired = [o for o in outcomes if code in o.fired]
        labelled = [o for o in outcomes if code in o.sample.expected]
        right = sum(code in o.sample.expected for o in fired)
        found = sum(code in o.fired for o in labelled)
        lines.append(f"{code:22} {_ratio(right, len(fired)):>18} {_ratio(found, len(labelled)):>18}")
    return lines


def misses(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        wrong = (o.sample.scam and o.action == DELIVER) or (not o.sample.scam and o.action != DELIVER)
        if wrong:
            lines.append(f"  {o.sample.id} ({o.sample.split}) -> {o.action} {sorted(o.fired)}: "
                         f"{o.sample.body[:90]!r}")
    return lines


def main() -> int:
    everything = run(corpus())
    print(f"Scam signals over {len(everything)} messages (tests/fixtures/safety)\n")
    for split in SPLITS:
        part = [o for o in everything if o.sample.split == split]
        if part:
            print(f"{split:8} {summary(part)[3]}")
    recall, warned, held, line = summary(everything)
    print(f"{'all':8} {line}\n")
    print("\n".join(per_rule(everything)))
    wrong = misses(everything)
    if wrong:
        print("\nMessages on the wrong side:\n" + "\n".join(wrong))
    met = recall >= SCAM_RECALL_GOAL and warned <= ORDINARY_WARNED_GOAL and held == 0
    print(f"\nGoal (>= {SCAM_RECALL_GOAL:.0%} of scams warned or held, <= {ORDINARY_WARNED_GOAL:.0%} of ordinary "
          f"warned, none held): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
