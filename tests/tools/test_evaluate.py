"""Regression floor on the development query set (skipped where it is not checked out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.present.adapter import ShownSearch
from bot.search.service import SearchService
from bot.tools.evaluate import answered, evaluate, load_rows

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"
# What the search reaches on the dev set, minus a small margin (hit@3 0.994, recall 1.0,
# no false alarms, every out-of-scope message declined).
FLOOR = {
    "hit_at_3": 0.97,
    "crisis_recall": 1.0,
    "false_alarms": 0.02,
    "lookalike_alarms": 0.08,
    "declined": 0.95,
}


def test_answered_compares_sources_and_phone_digits(shown: ShownSearch) -> None:
    response = shown.search("妊娠したかも")
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


def test_evaluate_breaks_crisis_down_by_sign_language_and_lookalike_class(search: SearchService) -> None:
    rows = [
        {"id": "a", "text": "もう死にたい", "lang": "ja", "crisis": True, "sign": "ideation"},
        {"id": "b", "text": "I want to die", "lang": "en", "crisis": True, "note": "crisis: ideation"},
        {"id": "c", "text": "保育園の申し込みはいつから", "lang": "ja", "crisis": True, "sign": "made-up"},
        {"id": "d", "text": "死ぬほど眠い", "lang": "ja", "crisis": False, "note": "crisis-lookalike: idiom"},
    ]
    report = evaluate(search, rows)
    assert (report.recall_by_sign["ideation"].hits, report.recall_by_sign["ideation"].total) == (2, 2)
    assert (report.recall_by_sign["made-up"].hits, report.recall_by_sign["made-up"].total) == (0, 1)
    assert report.recall_by_language["en"].total == 1
    assert (report.alarms_by_class["idiom"].hits, report.alarms_by_class["idiom"].total) == (0, 1)
    assert any("crisis not detected" in m for m in report.misses)
    assert "  sign ideation: 1.000 (2/2)" in report.crisis_lines()
