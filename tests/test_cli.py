from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.kbtree import copy_tree, edit_entries


def test_cli_kb_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "validate"]) == 0
    assert "136 document rows cited" in capsys.readouterr().out


def test_cli_kb_validate_broken_base_exits_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].update(kind="helpline"))
    assert main(["--knowledge", str(root), "kb", "validate"]) == 1
    err = capsys.readouterr().err
    assert "windows.yaml" in err and "josei-sodan-center" in err and "kind" in err


def test_cli_kb_export_json_lists_every_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "export", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == len(data["entries"]) > 100
    first = data["entries"][0]
    assert {"id", "name", "kind", "channels", "sources", "summary", "how_to_use"} <= set(first)


def test_cli_search_json_matches_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "妊娠したかも", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"query", "crisis", "results", "kb_version"}
    assert data["results"]


def test_cli_search_text_shows_hours_and_check_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "妊娠したかも"]) == 0
    out = capsys.readouterr().out
    assert "最終確認" in out and "出典" in out
