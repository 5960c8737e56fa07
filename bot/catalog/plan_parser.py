"""Parse an edition of the basic plan's status report (``plan2025`` format).

The text was extracted from PDF: table cells are split by tabs, a row may
lack its 事項 cell (it inherits the one above), rows marked 再掲 repeat an
earlier measure, and the row printed as ``※ 6 再掲`` under 基本目標4 オ is a
measure of its own (81) whose number was lost in the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bot.catalog.records import PlanMeasure, PlanRecord, PlanReprint

_GOAL = re.compile(r"^基本目標\s*(\d+)")
_SECTION = re.compile(r"^[アイウエオカキクケコサシスセソ]\s+\S")
_ROW = re.compile(r"^(※\s*)?(\d{1,3})(\s*再掲)?\t")
_TAG = re.compile(r"<[^>]+>")
_BUREAU = re.compile(r"局|本部|庁")
_AS_OF = re.compile(r"令和(\d+)年(\d+)月末")

# The one row whose printed number is not its measure number.
STARRED_REPRINT_IS_MEASURE = {6: 81}


@dataclass
class _Row:
    no: int
    reprint: bool
    cells: list[str]
    goal: int
    section: str


@dataclass
class ParseResult:
    record: PlanRecord
    warnings: list[str] = field(default_factory=list)


def _clean(cell: str) -> str:
    text = _TAG.sub(" ", cell)
    text = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    return re.sub(r"\s+", " ", text).strip()


def _split_bureau(cells: list[str]) -> tuple[list[str], str, bool]:
    """Peel the 所管局 cell and the ★ mark off the end of a row."""
    cells = [c for c in cells]
    star = False
    while cells and cells[-1] in {"", "★"}:
        star = star or cells[-1] == "★"
        cells.pop()
    bureau = cells.pop() if cells else ""
    if bureau.endswith("★"):
        star = True
        bureau = bureau[:-1].strip()
    if not _BUREAU.search(bureau):
        # No bureau cell: put it back, the row ends with its status.
        cells.append(bureau)
        bureau = ""
    bureau = re.sub(r"(?<=[^\s局])\s+(?=[^\s])", "", bureau) if " 局" in bureau else bureau
    return cells, bureau, star


def parse_plan(text: str) -> ParseResult:
    """Parse the whole document into one record per measure."""
    warnings: list[str] = []
    goal = 0
    section = ""
    title = ""
    as_of = date(2025, 1, 31)
    rows: list[_Row] = []
    for raw in text.splitlines():
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped:
            continue
        if not title and "実施状況" in stripped and not stripped.startswith("No."):
            title = _clean(stripped)
            continue
        match_goal = _GOAL.match(stripped)
        if match_goal:
            goal = int(match_goal.group(1))
            continue
        if stripped.startswith("No.\t"):
            found = _AS_OF.search(stripped)
            if found:
                year, month = int(found.group(1)) + 2018, int(found.group(2))
                as_of = _month_end(year, month)
            continue
        if set(stripped) <= set("-\t "):
            continue
        match_row = _ROW.match(line)
        if match_row:
            no = int(match_row.group(2))
            reprint = match_row.group(3) is not None
            if match_row.group(1) and reprint and no in STARRED_REPRINT_IS_MEASURE:
                no, reprint = STARRED_REPRINT_IS_MEASURE[no], False
            cells = [_clean(c) for c in line.split("\t")[1:]]
            rows.append(_Row(no=no, reprint=reprint, cells=cells, goal=goal, section=section))
            continue
        if _SECTION.match(stripped) and "\t" not in stripped:
            section = _clean(stripped)
            continue
    measures: dict[int, dict[str, object]] = {}
    reprints: dict[int, list[PlanReprint]] = {}
    last_item = ""
    last_section: tuple[int, str] = (0, "")
    for row in rows:
        if (row.goal, row.section) != last_section:
            last_item, last_section = "", (row.goal, row.section)
        cells, bureau, star = _split_bureau(row.cells)
        if len(cells) >= 3:
            item, content, status = cells[0], cells[1], " ".join(cells[2:])
        elif len(cells) == 2:
            item, content, status = "", cells[0], cells[1]
        else:
            warnings.append(f"measure {row.no}: row has too few cells")
            continue
        content = re.sub(r"\s*[(（]再掲[)）]\s*$", "", content)
        if item:
            last_item = item
        elif not row.reprint:
            item = last_item
        if row.reprint:
            reprints.setdefault(row.no, []).append(
                PlanReprint(
                    goal=row.goal,
                    section=row.section,
                    item=item,
                    content=content,
                    status=status,
                    bureau=bureau,
                )
            )
            continue
        if row.no in measures:
            warnings.append(f"measure {row.no}: appears twice; the first row is kept")
            continue
        measures[row.no] = {
            "no": row.no,
            "goal": row.goal,
            "section": row.section,
            "item": item,
            "content": content,
            "status": status,
            "bureau": bureau,
            "new_fy2024": star,
        }
    for no in reprints:
        if no not in measures:
            warnings.append(f"measure {no}: 再掲 row with no original row")
    ordered = [
        PlanMeasure.model_validate({**measures[no], "reprints": tuple(reprints.get(no, ()))})
        for no in sorted(measures)
    ]
    expected = set(range(1, max(measures) + 1)) if measures else set()
    missing = sorted(expected - set(measures))
    if missing:
        warnings.append(f"measures missing from the numbering: {missing}")
    record = PlanRecord(doc="plan2025", title=title or "plan", as_of=as_of, measures=tuple(ordered))
    return ParseResult(record=record, warnings=warnings)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)
