from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.importer import import_edition, write_import
from bot.catalog.loader import load_knowledge
from bot.catalog.plan_parser import parse_plan
from bot.catalog.records import PlanRecord
from bot.catalog.records_io import read_record
from tests.helpers.editions import BUDGET_TEXT, PLAN_TEXT, after_120, edit_rows, remove
from tests.helpers.kbtree import copy_tree


def test_import_plan_current_edition_reports_no_changes_and_no_drafts(tmp_path: Path) -> None:
    plan = import_edition(copy_tree(tmp_path), "plan2025", PLAN_TEXT)
    assert plan.diff.empty and plan.drafts == () and plan.blockers == ()


def test_import_budget_current_edition_reports_no_changes(tmp_path: Path) -> None:
    plan = import_edition(copy_tree(tmp_path), "budget2021", BUDGET_TEXT)
    assert plan.diff.empty and plan.blockers == ()
    assert plan.report({})[0] == "budget2021: no changes (16 rows as stored)"


def test_import_plan_write_adds_an_unserved_draft_for_a_new_measure(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    text = edit_rows(PLAN_TEXT, {2: lambda s: s.replace("5団体", "6団体"), 120: after_120})
    plan = import_edition(root, "plan2025", text)
    [draft] = plan.drafts
    assert draft["id"] == "draft-plan2025-121" and draft["sources"] == ["plan2025:121"]
    assert draft["description"] == "若年女性のための新しい相談の取組を実施します。"
    assert draft["draft"] is True and draft["user_facing"] is False

    written = write_import(root, plan)
    assert any("records/plan2025.yaml" in line for line in written)
    stored = read_record(PlanRecord, root / "records" / "plan2025.yaml")
    assert stored == parse_plan(text).record
    assert "6団体" in next(m.status for m in stored.measures if m.no == 2)

    full = load_knowledge(root, include_drafts=True)  # still validates: the draft cites row 121
    assert full.get("draft-plan2025-121") is not None
    assert load_knowledge(root).get("draft-plan2025-121") is None  # never served

    again = import_edition(root, "plan2025", text)
    assert again.diff.empty and again.drafts == ()


def test_import_plan_write_keeps_what_editors_wrote_in_the_drafts_file(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / "services" / "drafts.yaml").write_text("# kept by hand\nentries: []\n", encoding="utf-8")
    write_import(root, import_edition(root, "plan2025", edit_rows(PLAN_TEXT, {120: after_120})))
    text = (root / "services" / "drafts.yaml").read_text(encoding="utf-8")
    assert text.startswith("# kept by hand\n")
    assert [e["id"] for e in yaml.safe_load(text)["entries"]] == ["draft-plan2025-121"]


def test_import_plan_write_of_a_removed_cited_measure_leaves_clear_problems(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    write_import(root, import_edition(root, "plan2025", edit_rows(PLAN_TEXT, {3: remove})))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(root, include_drafts=True)
    problems = [str(p) for p in caught.value.problems]
    assert any("goal1.yaml" in p and "unknown document row 'plan2025:3'" in p for p in problems), problems


def test_import_plan_text_in_another_format_cannot_be_written(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    plan = import_edition(root, "plan2025", BUDGET_TEXT)
    assert plan.blockers and len(plan.diff.of_kind("removed")) == 120
    with pytest.raises(ValueError, match="no measures found"):
        write_import(root, plan)
