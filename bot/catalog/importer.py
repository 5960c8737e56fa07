"""Import a new edition of a source document: parse, compare with the stored record, write.

``plan_import`` and ``budget_import`` only read; ``write_import`` changes files
(the record, and drafts for new rows). Serving is never touched: the running
service keeps its base until a reload validates the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.catalog import budget_parser
from bot.catalog.diff import FieldChange, RecordDiff, Row, budget_rows, diff_plan, diff_rows, render
from bot.catalog.drafts import append_drafts, measure_draft, neighbour_topics, scan_entries
from bot.catalog.plan_parser import parse_plan
from bot.catalog.records import BudgetRecord, PlanRecord
from bot.catalog.records_io import dump_record, read_record

Doc = Literal["plan2025", "budget2021"]
RECORD_FILES: dict[str, str] = {"plan2025": "plan2025.yaml", "budget2021": "budget2021.yaml"}


@dataclass(frozen=True)
class ImportPlan:
    """What importing an edition would change, and whether it can be written as is."""

    doc: Doc
    diff: RecordDiff
    record: PlanRecord | BudgetRecord
    drafts: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()

    def report(self, citing: dict[str, list[str]]) -> list[str]:
        lines = render(self.diff, citing=citing)
        if self.drafts:
            lines += ["", f"--write adds {len(self.drafts)} draft(s) to services/drafts.yaml:"]
            lines += [f"    {d['id']} (cites {d['sources'][0]})" for d in self.drafts]
        if self.notes:
            lines += ["", *self.notes]
        return lines


def record_path(root: Path, doc: Doc) -> Path:
    return root / "records" / RECORD_FILES[doc]


def plan_import(root: Path, text: str) -> ImportPlan:
    parsed = parse_plan(text)
    stored = read_record(PlanRecord, record_path(root, "plan2025"))
    diff = diff_plan(stored, parsed.record)
    entries = scan_entries(root)
    cited = {ref for e in entries for ref in e.sources}
    ids = {e.id for e in entries}
    drafts = tuple(
        measure_draft(m, as_of=parsed.record.as_of, topics=neighbour_topics(m, parsed.record, entries))
        for m in parsed.record.measures
        if f"plan2025:{m.no}" not in cited and f"draft-plan2025-{m.no}" not in ids
    )
    blockers = () if parsed.record.measures else ("no measures found: is this the plan2025 text format?",)
    return ImportPlan(
        doc="plan2025",
        diff=diff,
        record=parsed.record,
        drafts=drafts,
        warnings=tuple(parsed.warnings),
        blockers=blockers,
    )


def budget_import(root: Path, text: str) -> ImportPlan:
    edition = budget_parser.parse_budget(text)
    stored = read_record(BudgetRecord, record_path(root, "budget2021"))
    done = budget_parser.reconcile(edition, stored)
    new_rows = [
        Row(
            key=f"budget2021:「{p.title}」",
            label=p.title,
            fields=(
                ("事業名", p.title),
                ("区分", budget_parser.UNKNOWN_GROUP),
                ("予算額", p.amount),
                ("前年度", p.previous),
                ("説明", budget_parser.UNKNOWN_DESCRIPTION),
            ),
        )
        for p in done.new_programs
    ]
    items, unchanged = diff_rows(budget_rows(stored), budget_rows(done.record) + new_rows)
    header = tuple(
        FieldChange(field=name, before=b, after=a)
        for name, b, a in (
            ("表題", stored.title, done.record.title),
            ("年度", str(stored.fiscal_year), str(done.record.fiscal_year)),
        )
        if b != a
    )
    notes = [
        f"budget2021:{s}: description placed by elimination (the one paragraph left)"
        for s in done.by_elimination
    ]
    if done.unplaced:
        notes.append("paragraphs of the edition that match no stored description:")
        notes += [f"    {t}" for t in done.unplaced]
    if edition.total is not None:
        notes.append(f"total: {edition.total.amount} (previous {edition.total.previous})")
    notes += [f"group {g.title}: {g.amount} (previous {g.previous})" for g in edition.groups]
    blockers = list(done.blockers)
    if not edition.programs:
        blockers.append("no programs found: is this the budget2021 text format?")
    return ImportPlan(
        doc="budget2021",
        diff=RecordDiff(doc="budget2021", header=header, items=items, unchanged=unchanged),
        record=done.record,
        warnings=edition.warnings,
        notes=tuple(notes),
        blockers=tuple(blockers),
    )


def import_edition(root: Path, doc: Doc, text: str) -> ImportPlan:
    return plan_import(root, text) if doc == "plan2025" else budget_import(root, text)


def write_import(root: Path, plan: ImportPlan) -> list[str]:
    """Write the record and append the drafts; returns what was written, for people."""
    if plan.blockers:
        raise ValueError("this import cannot be written: " + "; ".join(plan.blockers))
    done: list[str] = []
    path = record_path(root, plan.doc)
    if not plan.diff.empty:
        dump_record(plan.record, path)
        done.append(f"wrote {path.relative_to(root.parent)}")
    if plan.drafts:
        drafts_path = append_drafts(root / "services", list(plan.drafts))
        ids = ", ".join(str(d["id"]) for d in plan.drafts)
        done.append(f"added {len(plan.drafts)} draft(s) to {drafts_path.relative_to(root.parent)}: {ids}")
    return done
