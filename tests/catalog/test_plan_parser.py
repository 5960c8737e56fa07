from __future__ import annotations

from pathlib import Path

from bot.catalog.kb import KnowledgeBase
from bot.catalog.plan_parser import parse_plan

EDITION = Path(__file__).resolve().parents[1] / "fixtures" / "plan2025.txt"


def _parse():  # type: ignore[no-untyped-def]
    return parse_plan(EDITION.read_text(encoding="utf-8"))


def test_parse_plan_finds_all_120_measures_without_warnings() -> None:
    result = _parse()
    assert result.warnings == []
    assert [m.no for m in result.record.measures] == list(range(1, 121))
    assert result.record.as_of.isoformat() == "2025-01-31"


def test_parse_plan_starred_reprint_row_is_measure_81() -> None:
    measure = next(m for m in _parse().record.measures if m.no == 81)
    assert measure.goal == 4
    assert measure.content.startswith("通勤や通学を希望する方、妊婦等")
    assert measure.new_fy2024


def test_parse_plan_reprints_attach_to_the_original() -> None:
    measures = {m.no: m for m in _parse().record.measures}
    assert len(measures[48].reprints) == 2
    assert measures[48].content.startswith("女性自立支援施設では、困難な課題を抱える妊婦")
    assert not measures[48].content.endswith("(再掲)")


def test_parse_plan_rows_inherit_item_within_a_section_only() -> None:
    measures = {m.no: m for m in _parse().record.measures}
    assert measures[24].item == measures[23].item == "女性自立支援施設における支援"
    assert measures[45].item == ""  # first row of section カ has no 事項 of its own


def test_parse_plan_reads_bureau_and_star() -> None:
    measures = {m.no: m for m in _parse().record.measures}
    assert measures[1].bureau == "福祉局" and measures[1].new_fy2024
    assert measures[15].bureau == "総務局" and not measures[15].new_fy2024
    assert measures[83].bureau == "生活文化スポーツ局"
    assert "<" not in measures[77].status


def test_parse_plan_matches_the_stored_records(kb: KnowledgeBase) -> None:
    assert _parse().record == kb.plan
