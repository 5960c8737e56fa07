from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bot.tools.cli import build_parser, main
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
    assert "(got 'helpline')" in err
    # The broken entry is reported once, not again by every entry that links to it.
    assert "no entry with id 'josei-sodan-center'" not in err


def test_cli_kb_validate_names_a_file_not_in_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_tree(tmp_path)
    path = root / "services" / "windows.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    assert main(["--knowledge", str(root), "kb", "validate"]) == 1
    err = capsys.readouterr().err
    assert "services/windows.yaml" in err and "not UTF-8" in err
    assert "Traceback" not in err


def test_cli_kb_export_json_lists_every_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "export", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == len(data["entries"]) > 100
    first = data["entries"][0]
    assert {"id", "name", "kind", "channels", "sources", "summary", "how_to_use", "records"} <= set(first)
    center = next(e for e in data["entries"] if e["id"] == "josei-sodan-center")
    record = center["records"][0]
    assert record["ref"] == "plan2025:1" and record["item"] and record["bureau"] == "福祉局"
    assert record["new_fy2024"] is True and record["as_of"] == "2025-01-31"


def test_cli_search_json_matches_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "妊娠したかも", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"query", "crisis", "results", "kb_version"}
    assert data["results"]


def test_cli_search_text_shows_hours_and_check_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "妊娠したかも"]) == 0
    out = capsys.readouterr().out
    assert "最終確認" in out and "出典" in out


def test_cli_serve_refuses_an_invalid_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_tree(tmp_path)
    edit_entries(root, "windows.yaml", lambda es: es[0].pop("summary"))
    assert main(["--knowledge", str(root), "serve", "--port", "0"]) == 1
    assert "refusing to start" in capsys.readouterr().err


def test_cli_eval_prints_the_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {
            "id": "a",
            "text": "妊娠したかも",
            "sender": "woman",
            "lang": "ja",
            "expect_any": ["plan2025:47"],
            "crisis": False,
            "out_of_scope": False,
            "note": "",
        },
        {
            "id": "b",
            "text": "こんにちは",
            "sender": "other",
            "lang": "ja",
            "expect_any": [],
            "crisis": False,
            "out_of_scope": True,
            "note": "",
        },
        {
            "id": "c",
            "text": "しにたい",
            "sender": "woman",
            "lang": "ja",
            "expect_any": ["tel:0120-279-338", "tel:0570-064-556", "tel:03-3264-4343"],
            "crisis": True,
            "out_of_scope": False,
            "note": "",
        },
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["eval", str(path), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "hit@3: 1.000 (2/2)" in out
    assert "crisis recall: 1.000 (1/1)" in out
    assert "out-of-scope declined: 1.000 (1/1)" in out


def test_cli_bench_prints_latency_build_time_and_memory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--synthetic", "300", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "search (real base): p50" in out and "p99" in out
    assert "index build (300 synthetic entries)" in out
    assert "resident memory" in out and "MB" in out
    assert "0 answers differ" in out


def test_cli_chat_answers_like_the_bot_and_taps_buttons(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = iter(["妊娠したかもしれない", "#1", "/sticker", "/quit"])
    monkeypatch.setattr("builtins.input", lambda: next(lines))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "保存しません" in out  # the follow greeting
    assert "妊娠相談ほっとライン" in out and "tel:0353391133" in out
    assert "文字で書いてください" in out  # the sticker prompt


def test_cli_without_the_load_generator_keeps_every_other_command(monkeypatch: pytest.MonkeyPatch) -> None:
    # The service's image leaves the load generator out (.dockerignore); `serve` must still start.
    ignored = (Path(__file__).resolve().parents[2] / ".dockerignore").read_text(encoding="utf-8").split()
    assert "bot/tools/loadtest" in ignored
    monkeypatch.setitem(sys.modules, "bot.tools.loadtest", None)
    monkeypatch.setitem(sys.modules, "bot.tools.loadtest.command", None)
    parser = build_parser()
    assert parser.parse_args(["serve", "--port", "8001"]).port == 8001
    assert parser.parse_args(["kb", "validate"]).kb_command == "validate"
    with pytest.raises(SystemExit):
        parser.parse_args(["loadtest"])
