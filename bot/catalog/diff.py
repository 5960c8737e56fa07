"""Compare a document's stored record with a new edition, row by row.

Pure functions: records in, a ``RecordDiff`` out, and a readable text report
with the before and after of every changed field.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.catalog.records import BudgetRecord, PlanMeasure, PlanRecord

ChangeKind = Literal["new", "removed", "changed"]
SHORT = 24  # fields this short are shown as "before → after" on one line
CONTEXT = 12  # characters of unchanged text around each change


@dataclass(frozen=True)
class Row:
    """One row of a document: a stable key, a label for people, and its fields as text."""

    key: str
    label: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    kind: ChangeKind
    key: str
    label: str
    changes: tuple[FieldChange, ...] = ()  # for "changed": the fields that differ
    fields: tuple[tuple[str, str], ...] = ()  # for "new" and "removed": the whole row


@dataclass(frozen=True)
class RecordDiff:
    doc: str
    header: tuple[FieldChange, ...]  # edition-wide fields: title, date
    items: tuple[ItemChange, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not self.header and not self.items

    def of_kind(self, kind: ChangeKind) -> tuple[ItemChange, ...]:
        return tuple(i for i in self.items if i.kind == kind)


def diff_rows(before: Sequence[Row], after: Sequence[Row]) -> tuple[tuple[ItemChange, ...], int]:
    """New, removed and changed rows in the order of the new edition (removed ones last)."""
    old = {r.key: r for r in before}
    new_keys = {r.key for r in after}
    items: list[ItemChange] = []
    unchanged = 0
    for row in after:
        was = old.get(row.key)
        if was is None:
            items.append(ItemChange(kind="new", key=row.key, label=row.label, fields=row.fields))
            continue
        olds = dict(was.fields)
        changes = tuple(
            FieldChange(field=name, before=olds.get(name, ""), after=value)
            for name, value in row.fields
            if olds.get(name, "") != value
        )
        if changes:
            items.append(ItemChange(kind="changed", key=row.key, label=row.label, changes=changes))
        else:
            unchanged += 1
    items += [
        ItemChange(kind="removed", key=r.key, label=r.label, fields=r.fields)
        for r in before
        if r.key not in new_keys
    ]
    return tuple(items), unchanged


def _star(flag: bool) -> str:
    return "★" if flag else "なし"


def measure_row(m: PlanMeasure) -> Row:
    reprints = "、".join(f"基本目標{r.goal} {r.section}" for r in m.reprints) or "なし"
    label = m.item or (m.content[:30] + ("…" if len(m.content) > 30 else ""))
    return Row(
        key=f"plan2025:{m.no}",
        label=label,
        fields=(
            ("基本目標", str(m.goal)),
            ("区分", m.section),
            ("事項", m.item),
            ("内容", m.content),
            ("取組状況", m.status),
            ("所管局", m.bureau),
            ("★", _star(m.new_fy2024)),
            ("再掲", reprints),
        ),
    )


def diff_plan(before: PlanRecord, after: PlanRecord) -> RecordDiff:
    header = tuple(
        FieldChange(field=name, before=b, after=a)
        for name, b, a in (
            ("表題", before.title, after.title),
            ("時点", before.as_of.isoformat(), after.as_of.isoformat()),
        )
        if b != a
    )
    items, unchanged = diff_rows(
        [measure_row(m) for m in before.measures], [measure_row(m) for m in after.measures]
    )
    return RecordDiff(doc="plan2025", header=header, items=items, unchanged=unchanged)


def budget_rows(record: BudgetRecord) -> list[Row]:
    return [
        Row(
            key=f"budget2021:{p.slug}",
            label=p.title,
            fields=(
                ("事業名", p.title),
                ("区分", p.group),
                ("予算額", p.amount),
                ("前年度", p.previous),
                ("説明", p.description),
            ),
        )
        for p in record.programs
    ]


def inline_change(before: str, after: str) -> str:
    """The changed parts of a text with a little context: …前後[-旧-]{+新+}前後…"""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            text = before[i1:i2]
            if len(text) > 2 * CONTEXT:
                head = text[:CONTEXT] if parts else ""
                tail = text[-CONTEXT:] if i2 < len(before) or j2 < len(after) else ""
                text = head + "…" + tail
            parts.append(text)
            continue
        if i2 > i1:
            parts.append(f"[-{before[i1:i2]}-]")
        if j2 > j1:
            parts.append(f"{{+{after[j1:j2]}+}}")
    return "".join(parts)


def _field_lines(change: FieldChange) -> list[str]:
    if len(change.before) <= SHORT and len(change.after) <= SHORT:
        return [f"    {change.field}: {change.before or '（空）'} → {change.after or '（空）'}"]
    return [
        f"    {change.field}:",
        f"      旧: {change.before or '（空）'}",
        f"      新: {change.after or '（空）'}",
        f"      差分: {inline_change(change.before, change.after)}",
    ]


def render(diff: RecordDiff, *, citing: dict[str, list[str]] | None = None) -> list[str]:
    """The report people read; ``citing`` names the entries that cite each row."""
    citing = citing or {}
    counts = {k: len(diff.of_kind(k)) for k in ("new", "removed", "changed")}
    if diff.empty:
        return [f"{diff.doc}: no changes ({diff.unchanged} rows as stored)"]
    lines = [
        f"{diff.doc}: {counts['new']} new, {counts['removed']} removed, "
        f"{counts['changed']} changed, {diff.unchanged} unchanged"
    ]
    for change in diff.header:
        lines += _field_lines(change)
    for item in diff.items:
        lines.append("")
        lines.append(f"{item.kind} {item.key} 「{item.label}」")
        lines += [f"    {name}: {value}" for name, value in item.fields if item.kind == "new"]
        for change in item.changes:
            lines += _field_lines(change)
        cited = citing.get(item.key, [])
        if cited:
            verb = "must change" if item.kind == "removed" else "review"
            lines.append(f"    cited by ({verb}): " + ", ".join(cited))
    return lines
