"""Regression floor on the development query set (skipped where it is not checked out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import answered, evaluate, load_rows
from bot.search.service import SearchService

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
# What the search reaches on the dev set, minus a small margin (hit@3 0.994, recall 1.0,
# no false alarms, every out-of-scope message declined).
FLOOR = {
    "hit_at_3": 0.97,
    "crisis_recall": 1.0,
    "false_alarms": 0.02,
    "lookalike_alarms": 0.08,
    "declined": 0.95,
}


def test_answered_compares_sources_and_phone_digits(search: SearchService) -> None:
    response = search.search("妊娠したかも")
    assert answered(["plan2025:47"], response.results)
    assert answered(["tel:03-5339-1133"], response.results)
    assert not answered(["plan2025:120"], response.results)


@pytest.mark.skipif(not DEV.exists(), reason="the development query set is not beside this checkout")
def test_evaluate_dev_set_stays_above_the_floor(search: SearchService) -> None:
    report = evaluate(search, load_rows(DEV))
    assert report.hit_at_3.rate >= FLOOR["hit_at_3"], report.lines()
    assert report.crisis_recall.rate >= FLOOR["crisis_recall"], report.lines()
    assert report.false_alarms.rate <= FLOOR["false_alarms"], report.lines()
    assert report.lookalike_alarms.rate <= FLOOR["lookalike_alarms"], report.lines()
    assert report.declined.rate >= FLOOR["declined"], report.lines()
