from __future__ import annotations

from datetime import date, timedelta

from bot.catalog.kb import KnowledgeBase
from bot.catalog.stale import render_stale, stale_items


def _newest(kb: KnowledgeBase) -> date:
    return max(c.last_verified for e in kb for c in e.channels)


def test_stale_items_on_the_check_day_lists_only_partial_or_unconfirmed(kb: KnowledgeBase) -> None:
    today = _newest(kb)
    items = stale_items(kb, today=today, days=180)
    partial = {(e.id, c.value) for e in kb for c in e.channels if c.confidence == "partially"}
    listed = {(i.id, c.value) for i in items for c in i.contacts}
    assert partial and partial <= listed
    assert all("days ago" not in r for i in items for c in i.contacts for r in c.reasons)
    for item in items:
        for contact in item.contacts:
            assert contact.urls, (item.id, contact.value)


def test_stale_items_after_the_limit_lists_every_contact_with_its_age(kb: KnowledgeBase) -> None:
    newest = _newest(kb)
    today = newest + timedelta(days=181)
    items = stale_items(kb, today=today, days=180)
    assert sum(len(i.contacts) for i in items) == sum(len(e.channels) for e in kb)
    center = next(i for i in items if i.id == "josei-sodan-center")
    checked = kb.get("josei-sodan-center").last_verified  # type: ignore[union-attr]
    assert checked is not None
    assert any(f"{(today - checked).days} days ago" in r for r in center.reasons)
    assert stale_items(kb, today=today, days=181) != items


def test_render_stale_is_a_checklist_with_pages_to_recheck(kb: KnowledgeBase) -> None:
    newest = _newest(kb)
    items = stale_items(kb, today=newest, days=180)
    lines = render_stale(items, today=newest, days=180, files={"josei-sodan-center": "services/windows.yaml"})
    assert lines[0].startswith(f"to re-check on {newest.isoformat()}: {len(items)} entries")
    assert "[ ] josei-sodan-center 東京都女性相談支援センター（本所） (services/windows.yaml)" in lines
    assert any(
        line.startswith("    [ ] phone 03-5261-3110") and "partially confirmed" in line for line in lines
    )
    assert any(line.strip().startswith("re-check on: http") for line in lines)
