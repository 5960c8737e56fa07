"""Modified editions of the source documents, built from the fixtures' text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PLAN_TEXT = (FIXTURES / "plan2025.txt").read_text(encoding="utf-8")
BUDGET_TEXT = (FIXTURES / "budget2021.txt").read_text(encoding="utf-8")
NEW_ROW = "121\t新しい事項\t若年女性のための新しい相談の取組を実施します。\t令和8年4月から実施予定\t福祉局\t★"


def edit_rows(text: str, changes: dict[int, Callable[[str], str | None]]) -> str:
    """Apply ``changes[n]`` to the row of measure n (None removes the row)."""
    lines = []
    for line in text.splitlines():
        head = line.split("\t", 1)[0]
        change = changes.get(int(head)) if head.isdigit() else None
        if change is None:
            lines.append(line)
            continue
        changed = change(line)
        if changed is not None:
            lines.append(changed)
    return "\n".join(lines) + "\n"


def remove(_: str) -> None:
    return None


def after_120(line: str) -> str:
    """Measure 120 followed by a new measure 121."""
    return line + "\n" + NEW_ROW


def write(tmp_path: Path, text: str, name: str = "edition.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
