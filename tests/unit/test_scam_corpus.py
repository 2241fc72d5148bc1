"""The scam-signal corpus (tests/fixtures/safety) meets the issue's goal; `python -m tests.bench_safety` reports it."""
from collections import Counter

from chalicelib.domain.safety import DELIVER, SIGNAL_CODES, assess_message
from tests.bench_safety import (
    ORDINARY_WARNED_GOAL,
    SCAM_RECALL_GOAL,
    SPLITS,
    corpus,
    misses,
    per_rule,
    run,
    summary,
)

SAMPLES = corpus()
OUTCOMES = run(SAMPLES)


def test_the_corpus_is_the_size_the_issue_asks_for_and_well_formed():
    scams = [s for s in SAMPLES if s.scam]
    ordinary = [s for s in SAMPLES if not s.scam]
    assert len(scams) >= 120 and len(ordinary) >= 200
    assert all(s.expected for s in scams) and not any(s.expected for s in ordinary)
    assert [i for i, n in Counter(s.id for s in SAMPLES).items() if n > 1] == []
    assert {s.split for s in SAMPLES} == set(SPLITS)
    assert set().union(*(s.expected for s in scams)) == set(SIGNAL_CODES)  # every rule is measured


def test_scams_are_warned_or_held_and_ordinary_casting_is_delivered():
    recall, warned, held, line = summary(OUTCOMES)
    detail = line + "\n" + "\n".join(misses(OUTCOMES))
    assert recall >= SCAM_RECALL_GOAL, detail
    assert warned <= ORDINARY_WARNED_GOAL, detail
    assert held == 0, detail


def test_the_report_has_a_line_per_rule():
    assert len(per_rule(OUTCOMES)) == len(SIGNAL_CODES) + 1


def test_ordinary_messages_run_together_are_still_ordinary():
    """Rules that read across sentences (the cheque script) must not pair words from unrelated paragraphs."""
    ordinary = [s for s in SAMPLES if not s.scam]
    for i in range(0, len(ordinary) - 4, 4):
        body = "\n\n".join(s.body for s in ordinary[i:i + 4])
        assert assess_message(ordinary[i].subject, body).action == DELIVER, [s.id for s in ordinary[i:i + 4]]


def test_a_scam_inside_an_ordinary_message_is_still_caught():
    ordinary = [s for s in SAMPLES if not s.scam]
    for i, scam in enumerate(s for s in SAMPLES if s.scam):
        before, after = ordinary[i % len(ordinary)], ordinary[(i * 7 + 3) % len(ordinary)]
        body = f"{before.body}\n\n{scam.body}\n\n{after.body}"
        assert assess_message(scam.subject, body).action != DELIVER, scam.id
