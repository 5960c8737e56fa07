from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.loader import load_knowledge
from bot.search.analyzer import Analyzer
from bot.search.service import SearchService
from bot.tools.cli import main
from bot.tools.examples import check_examples, render_check
from tests.helpers.kbtree import copy_tree, edit_entries


def test_check_examples_covers_every_example_with_its_audience(search: SearchService) -> None:
    outcomes = check_examples(search)
    assert len(outcomes) == sum(len(e.examples) for e in search.kb)
    audiences = {o.entry_id: o.audience for o in outcomes}
    assert audiences["josei-sodan-center-tama"] == "public"
    assert audiences["kushi-sodanin-jogen"] == "worker"


def test_check_examples_emergency_number_is_found_through_the_crisis_block(search: SearchService) -> None:
    police = [o for o in check_examples(search) if o.entry_id == "police-110"]
    assert police and all(o.found for o in police)
    assert any(o.in_crisis and o.rank is None for o in police)


def test_check_examples_reports_an_example_that_finds_another_entry(
    tmp_path: Path, analyzer: Analyzer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].update(examples=["ホストの売掛が払えない"]))
    kb = load_knowledge(root)
    outcomes = check_examples(SearchService.build(kb, analyzer))
    [miss] = [o for o in outcomes if o.entry_id == "josei-sodan-center"]
    assert (miss.example, miss.rank, miss.found) == ("ホストの売掛が払えない", None, False)
    assert miss.got  # it found something else
    lines = render_check(outcomes, version=kb.version)
    assert any(
        line.startswith("josei-sodan-center [public]: 「ホストの売掛が払えない」 not in the top 3; got: ")
        for line in lines
    )
    assert main(["--knowledge", str(root), "kb", "check"]) == 1
    assert "josei-sodan-center [public]" in capsys.readouterr().out
