from __future__ import annotations

from pathlib import Path

from bot.catalog.importer import import_edition, write_import
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from bot.catalog.stats import compute_stats, render_stats
from tests.helpers.editions import PLAN_TEXT, after_120, edit_rows
from tests.helpers.kbtree import copy_tree


def test_compute_stats_counts_the_real_base(kb: KnowledgeBase) -> None:
    stats = compute_stats(kb)
    assert stats.published == len(kb) and stats.drafts == 0
    assert sum(stats.by_kind.values()) == len(kb)
    assert stats.by_topic["暴力・DV"] >= 10
    plan, budget = stats.coverage
    assert (plan.cited, plan.rows, plan.uncited) == (120, 120, ())
    assert (budget.cited, budget.rows) == (16, 16)
    assert stats.contacts == sum(len(e.channels) for e in kb)
    assert stats.contacts_by_confidence["partially"] == sum(
        1 for e in kb for c in e.channels if c.confidence == "partially"
    )


def test_compute_stats_counts_drafts_apart(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    write_import(root, import_edition(root, "plan2025", edit_rows(PLAN_TEXT, {120: after_120})))
    stats = compute_stats(load_knowledge(root, include_drafts=True))
    assert stats.drafts == 1
    plan = stats.coverage[0]
    assert (plan.cited, plan.rows, plan.drafts_only) == (120, 121, ("plan2025:121",))
    assert "    plan2025: 120/121; only by drafts: plan2025:121" in render_stats(stats, version="x")
