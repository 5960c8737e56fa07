"""Full entry exports: ``kb export --json`` and ``GET /api/services/{id}``."""

from __future__ import annotations

from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Entry
from bot.present.results import contacts_for, hours_text, source_label


def entry_record(kb: KnowledgeBase, entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = entry.model_dump(mode="json")
    data["sources"] = [
        {"doc": r.doc, "item": r.item, "ref": r.ref, "label": source_label(kb, r)} for r in entry.sources
    ]
    for channel, out in zip(data["channels"], entry.channels, strict=True):
        channel["hours_text"] = hours_text(out)
        channel["tel"] = out.tel_uri
    data["records"] = document_records(kb, entry)
    return data


def document_records(kb: KnowledgeBase, entry: Entry) -> list[dict[str, Any]]:
    """The source documents' own record of each row the entry cites."""
    records: list[dict[str, Any]] = []
    for ref in entry.sources:
        if ref.doc == "plan2025":
            measure = kb.measure(int(ref.item))
            if measure is not None:
                records.append(
                    {"ref": ref.ref, "as_of": kb.plan.as_of.isoformat(), **measure.model_dump(mode="json")}
                )
        else:
            program = kb.program(ref.item)
            if program is not None:
                records.append({"ref": ref.ref, "note": kb.budget.note, **program.model_dump(mode="json")})
    return records


def entry_detail(kb: KnowledgeBase, entry: Entry) -> dict[str, Any]:
    """Everything about one entry: its fields, its document records and its contacts now."""
    data = entry_record(kb, entry)
    data["contacts"] = [c.model_dump(mode="json") for c in contacts_for(kb, entry)]
    if entry.front_door:
        door = kb.get(entry.front_door)
        data["front_door_name"] = door.name if door else None
    data["related_entries"] = [
        {"id": r, "name": other.name} for r in entry.related if (other := kb.get(r)) is not None
    ]
    return data


def export_entries(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "kb_version": kb.version,
        "count": len(kb),
        "entries": [entry_record(kb, e) for e in kb.entries],
    }
