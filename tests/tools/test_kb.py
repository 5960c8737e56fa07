from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.tools.cli import main
from tests.helpers.editions import BUDGET_TEXT, PLAN_TEXT, after_120, edit_rows, remove, write
from tests.helpers.kbtree import copy_tree


def _run(root: Path, *args: str) -> int:
    return main(["--knowledge", str(root), "kb", *args])


def test_kb_import_plan_current_edition_reports_no_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    assert _run(root, "import", "plan2025", str(write(tmp_path, PLAN_TEXT))) == 0
    assert capsys.readouterr().out.splitlines()[0] == "plan2025: no changes (120 rows as stored)"


def test_kb_import_plan_write_then_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_tree(tmp_path)
    edition = write(tmp_path, edit_rows(PLAN_TEXT, {120: after_120}))
    before = (root / "records" / "plan2025.yaml").read_text(encoding="utf-8")
    assert _run(root, "import", "plan2025", str(edition)) == 0
    assert (root / "records" / "plan2025.yaml").read_text(encoding="utf-8") == before  # no --write
    assert _run(root, "import", "plan2025", str(edition), "--write") == 0
    out = capsys.readouterr().out
    assert "new plan2025:121 「新しい事項」" in out
    assert "added 1 draft(s)" in out and "validated:" in out
    assert _run(root, "validate") == 0


def test_kb_import_plan_write_with_removed_row_names_the_entries_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    edition = write(tmp_path, edit_rows(PLAN_TEXT, {3: remove}))
    assert _run(root, "import", "plan2025", str(edition), "--write") == 1
    captured = capsys.readouterr()
    cited = next(line for line in captured.out.splitlines() if "cited by (must change)" in line)
    assert "goal1.yaml sodan-madoguchi-shuchi" in cited and "windows.yaml womens-plaza" in cited
    assert "entry womens-plaza" in captured.err and "plan2025:3" in captured.err
    assert "keeps its current base" in captured.err


def test_kb_import_budget_changed_amount_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    edition = write(
        tmp_path,
        BUDGET_TEXT.replace(
            "LINEを活用したDV相談　　　1億円（0.2億円）", "LINEを活用したDV相談　　　1.2億円（1億円）"
        ),
    )
    assert _run(root, "import", "budget2021", str(edition), "--write") == 0
    out = capsys.readouterr().out
    assert "changed budget2021:line-dv 「LINEを活用したDV相談」" in out
    assert "    予算額: 1億円 → 1.2億円" in out and "    前年度: 0.2億円 → 1億円" in out
    assert "validated:" in out
    assert "amount: 1.2億円" in (root / "records" / "budget2021.yaml").read_text(encoding="utf-8")


def test_kb_import_budget_new_program_is_reported_but_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    text = BUDGET_TEXT.replace(
        "➢ 不妊治療費の助成", "➢ 新しい相談事業　　　2億円（新規）\n\n➢ 不妊治療費の助成"
    ).replace("あらゆる場における", "新しい相談事業を都内全域で実施する。\n\nあらゆる場における")
    before = (root / "records" / "budget2021.yaml").read_text(encoding="utf-8")
    assert _run(root, "import", "budget2021", str(write(tmp_path, text)), "--write") == 1
    captured = capsys.readouterr()
    assert "new budget2021:「新しい相談事業」 「新しい相談事業」" in captured.out
    assert "    新しい相談事業を都内全域で実施する。" in captured.out  # the paragraph no one owns
    assert "needs a slug, a group and its description" in captured.err
    assert (root / "records" / "budget2021.yaml").read_text(encoding="utf-8") == before


def test_kb_import_budget_changed_description_is_placed_by_elimination(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    text = BUDGET_TEXT.replace("体験型セミナーの実施", "体験型セミナーやオンライン講座の実施")
    assert _run(root, "import", "budget2021", str(write(tmp_path, text)), "--write") == 0
    out = capsys.readouterr().out
    assert "changed budget2021:telework" in out and "{+やオンライン講座+}" in out
    assert "placed by elimination" in out
    assert "やオンライン講座の実施" in (root / "records" / "budget2021.yaml").read_text(encoding="utf-8")


def test_kb_import_budget_two_changed_descriptions_are_not_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    text = BUDGET_TEXT.replace("体験型セミナーの実施", "体験型セミナーやオンライン講座の実施").replace(
        "企業の職場環境整備を推進する。", "企業の職場環境の整備を進める。", 1
    )
    assert _run(root, "import", "budget2021", str(write(tmp_path, text)), "--write") == 1
    captured = capsys.readouterr()
    assert "its description is not in the edition" in captured.err and "nothing written" in captured.err


def test_kb_stale_days_and_date_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "stale", "--today", "2100-01-01"]) == 0
    late = capsys.readouterr().out
    assert "days ago" in late and "re-check on: http" in late
    assert main(["kb", "stale", "--today", "2100-01-01", "--days", "100000"]) == 0
    assert "days ago" not in capsys.readouterr().out


def test_kb_stats_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "stats"]) == 0
    out = capsys.readouterr().out
    assert "plan2025: 120/120" in out and "by kind:" in out and "partially" in out
    assert main(["kb", "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coverage"][1]["doc"] == "budget2021" and data["published"] > 100
