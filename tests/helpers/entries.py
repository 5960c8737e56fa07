"""Made-up entries for unit tests of the page's filters (no real contact facts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.catalog.models import Entry

TEST_SOURCE = {
    "url": "https://example.org/test-page",
    "quote": "テスト用の記載: テスト用アカウント、テスト会館",
}


def text_channel(kind: str = "line", **hours: Any) -> dict[str, Any]:
    """A LINE, chat or visit channel; ``hours`` as in the knowledge base (default: always open)."""
    values = {"line": "テスト用アカウント", "chat": "https://example.org/chat", "visit": "テスト会館"}
    return {
        "type": kind,
        "value": values[kind],
        "label": f"テスト用の{kind}",
        "hours": hours or {"always": True},
        "confidence": "verified",
        "last_verified": date(2025, 1, 31),
        "sources": [TEST_SOURCE],
    }


def make_entry(entry_id: str, **fields: Any) -> Entry:
    data: dict[str, Any] = {
        "id": entry_id,
        "name": f"テスト {entry_id}",
        "name_en": f"Test {entry_id}",
        "kind": "program",
        "user_facing": True,
        "topics": ["dv"],
        "audience": {"tags": ["women"]},
        "summary": "テストのための架空の事業です。実在しません。",
        "summary_en": "A made-up program for tests. It does not exist.",
        "how_to_use": "テストです。",
        "as_of": date(2025, 1, 31),
        "sources": ["plan2025:1"],
    }
    data.update(fields)
    if data.get("channels"):
        data.setdefault("last_verified", date(2025, 1, 31))
    return Entry.model_validate(data)
