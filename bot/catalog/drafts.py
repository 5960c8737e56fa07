"""Draft entries for the rows a new edition adds, and who cites which row.

A draft carries the document's own words and cites its new row, so the base
still validates (every row cited); ``draft: true`` keeps it from everyone
until an editor completes it and removes the flag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.catalog.records import PlanMeasure, PlanRecord

DRAFTS_FILE = "drafts.yaml"
SUMMARY_MAX = 140
NAME_MAX = 40
DRAFTS_HEADER = (
    "# Drafts for rows that a new edition of a source document added (written by\n"
    "# `python -m bot kb import ... --write`). Not shown to anyone while `draft: true`.\n"
    "# To publish one: rewrite summary and how_to_use in plain Japanese, decide kind,\n"
    "# user_facing, topics and contacts, then move it to the right file without `draft`.\n"
    "entries:\n"
)


@dataclass(frozen=True)
class RawEntry:
    """What the tools need of an entry, read without validation (the base may be mid-edit)."""

    id: str
    file: str
    topics: tuple[str, ...]
    sources: tuple[str, ...]


def scan_entries(root: Path) -> list[RawEntry]:
    found: list[RawEntry] = []
    for path in sorted((root / "services").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # load_knowledge reports the file
        items = data.get("entries") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.append(
                    RawEntry(
                        id=item["id"],
                        file=path.name,
                        topics=tuple(str(t) for t in item.get("topics") or ()),
                        sources=tuple(str(s).strip() for s in item.get("sources") or ()),
                    )
                )
    return found


def citing(entries: Iterable[RawEntry]) -> dict[str, list[str]]:
    """For each document row, the entries that cite it, as ``file id``."""
    cited: dict[str, list[str]] = {}
    for entry in entries:
        for ref in entry.sources:
            cited.setdefault(ref, []).append(f"{entry.file} {entry.id}")
    return cited


def neighbour_topics(measure: PlanMeasure, record: PlanRecord, entries: list[RawEntry]) -> list[str]:
    """The topics most used by entries citing the other measures of the same section (or goal)."""
    for same in (
        lambda m: m.goal == measure.goal and m.section == measure.section,
        lambda m: m.goal == measure.goal,
        lambda m: True,
    ):
        refs = {f"plan2025:{m.no}" for m in record.measures if same(m) and m.no != measure.no}
        counts = Counter(t for e in entries if refs & set(e.sources) for t in e.topics)
        if counts:
            return [topic for topic, _ in counts.most_common(2)]
    return ["support-system"]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def measure_draft(measure: PlanMeasure, *, as_of: date, topics: list[str]) -> dict[str, Any]:
    star = "／★（その年度の新規事業を含む）" if measure.new_fy2024 else ""
    summary = _clip(measure.content, SUMMARY_MAX)
    return {
        "id": f"draft-plan2025-{measure.no}",
        "name": measure.item or _clip(measure.content.split("。")[0], NAME_MAX),
        "kind": "policy",
        "user_facing": False,
        "topics": topics,
        "audience": {"tags": ["support-workers"]},
        "summary": summary if len(summary) >= 8 else summary + "（下書き）",
        "description": measure.content,
        "notes": (
            f"下書き：{as_of.isoformat()}時点の版で新しく載った施策 No.{measure.no}"
            f"（基本目標{measure.goal} {measure.section}）。"
            f"取組状況：{measure.status or 'なし'}／所管局：{measure.bureau or 'なし'}{star}"
        ),
        "status": "active",
        "as_of": as_of,
        "sources": [f"plan2025:{measure.no}"],
        "draft": True,
    }


def append_drafts(services: Path, drafts: list[dict[str, Any]]) -> Path:
    """Append drafts to ``services/drafts.yaml`` as text, keeping what editors wrote there."""
    path = services / DRAFTS_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else DRAFTS_HEADER
    if text.rstrip().endswith("entries: []"):
        text = text.rstrip()[: -len(" []")] + "\n"
    body = yaml.safe_dump(drafts, allow_unicode=True, sort_keys=False, width=10_000)
    indented = "".join(f"  {line}" if line.strip() else line for line in body.splitlines(keepends=True))
    if not text.endswith("\n"):
        text += "\n"
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(text + "\n" + indented, encoding="utf-8")
    tmp.replace(path)
    return path
