from __future__ import annotations

from bot.catalog.diff import diff_plan, inline_change, render
from bot.catalog.kb import KnowledgeBase
from bot.catalog.plan_parser import parse_plan
from tests.helpers.editions import PLAN_TEXT, after_120, edit_rows, remove


def _diff(text: str, kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    return diff_plan(kb.plan, parse_plan(text).record)


def test_diff_plan_current_edition_has_no_changes(kb: KnowledgeBase) -> None:
    diff = _diff(PLAN_TEXT, kb)
    assert diff.empty
    assert diff.unchanged == 120
    assert render(diff) == ["plan2025: no changes (120 rows as stored)"]


def test_diff_plan_changed_status_shows_before_and_after(kb: KnowledgeBase) -> None:
    text = edit_rows(PLAN_TEXT, {2: lambda line: line.replace("民間団体5団体", "民間団体7団体")})
    diff = _diff(text, kb)
    [item] = diff.items
    assert (item.kind, item.key) == ("changed", "plan2025:2")
    [change] = item.changes
    assert change.field == "取組状況"
    assert "5団体" in change.before and "7団体" in change.after
    lines = render(diff, citing={"plan2025:2": ["goal1.yaml jakunen-ibasho"]})
    assert "changed plan2025:2 「困難を抱えた若年女性の早急な把握」" in lines
    assert any("[-5-]{+7+}" in line for line in lines)
    assert "    cited by (review): goal1.yaml jakunen-ibasho" in lines


def test_diff_plan_removed_row_and_new_measure(kb: KnowledgeBase) -> None:
    text = edit_rows(PLAN_TEXT, {3: remove, 120: after_120})
    diff = _diff(text, kb)
    assert [(i.kind, i.key) for i in diff.items] == [("new", "plan2025:121"), ("removed", "plan2025:3")]
    new = diff.items[0]
    assert dict(new.fields)["所管局"] == "福祉局" and dict(new.fields)["★"] == "★"
    lines = render(diff, citing={"plan2025:3": ["goal1.yaml x"]})
    assert lines[0] == "plan2025: 1 new, 1 removed, 0 changed, 119 unchanged"
    assert "    cited by (must change): goal1.yaml x" in lines


def test_diff_plan_changed_bureau_and_star(kb: KnowledgeBase) -> None:
    # Measure 2 is printed without ★ and is kept by 福祉局 in the current edition.
    text = edit_rows(PLAN_TEXT, {2: lambda line: line.replace("\t福祉局\t", "\t総務局\t★")})
    [item] = _diff(text, kb).items
    changes = {c.field: (c.before, c.after) for c in item.changes}
    assert changes == {"所管局": ("福祉局", "総務局"), "★": ("なし", "★")}
    assert "    所管局: 福祉局 → 総務局" in render(_diff(text, kb))


def test_diff_plan_new_date_is_a_header_change(kb: KnowledgeBase) -> None:
    text = PLAN_TEXT.replace("令和7年1月末時点", "令和8年1月末時点")
    diff = _diff(text, kb)
    assert [(c.field, c.before, c.after) for c in diff.header] == [("時点", "2025-01-31", "2026-01-31")]
    assert not diff.items


def test_inline_change_keeps_a_little_context() -> None:
    before = "あいうえお" * 10 + "かきくけこ" + "さしすせそ" * 10
    after = "あいうえお" * 10 + "たちつてと" + "さしすせそ" * 10
    text = inline_change(before, after)
    assert "[-かきくけこ-]{+たちつてと+}" in text
    assert text.startswith("…") and text.endswith("…")
    assert len(text) < len(before)
