"""Parse a budget summary in the ``budget2021`` text format, as far as the text allows.

What the extracted text states faithfully, and what it does not:

- Each program's title and amounts: ``➢ TITLE　32億円（17億円）``. One bullet
  may be empty, its title printed on a line of its own beside its description;
  it fills the first empty bullet.
- The document's title and total (``令和３年度… 1,606億円（2,130億円）``) and the
  group totals: lines with an amount that are not followed by a description.
- The descriptions, as paragraphs (a line ending in 。 ends one). They come
  after the titles, and on the second page not in the titles' order, so the
  text does not say which description belongs to which program.
- Which group a program belongs to: the group lines sit at the end of each
  page, apart from the programs, so the text does not say that either.

So an edition is matched to the stored record by title; a description is
recognised when its words are unchanged, and otherwise only by elimination
(one stored description missing and one paragraph left over).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.catalog.records import BudgetRecord

_AMOUNT = re.compile(r"^(?P<title>.*?)[\s\u3000]+(?P<amount>[\d,.]+億円)[(（](?P<previous>[^)）]+)[)）]$")
_BULLET = "➢"
_FISCAL = re.compile(r"^令和(\d+)年度")


@dataclass(frozen=True)
class Amounted:
    title: str
    amount: str
    previous: str


@dataclass(frozen=True)
class BudgetEdition:
    title: str
    fiscal_year: int | None
    total: Amounted | None
    groups: tuple[Amounted, ...]
    programs: tuple[Amounted, ...]
    paragraphs: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())


def fold(text: str) -> str:
    """For comparing only: width and spaces folded (ＬＩＮＥ = LINE)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _amounted(line: str) -> Amounted | None:
    match = _AMOUNT.match(line.removeprefix(_BULLET).strip())
    if match is None or not match.group("title").strip():
        return None
    return Amounted(
        title=match.group("title").strip(" \u3000"),
        amount=match.group("amount"),
        previous=unicodedata.normalize("NFKC", match.group("previous")).strip(),
    )


def parse_budget(text: str) -> BudgetEdition:
    lines = [raw.strip() for raw in text.splitlines()]
    lines = [line for line in lines if line]
    slots: list[Amounted | None] = []  # bulleted programs in order; None for an empty bullet
    loose: list[Amounted] = []  # programs printed beside their description
    groups: list[Amounted] = []
    paragraphs: list[str] = []
    warnings: list[str] = []
    total: Amounted | None = None
    current = ""
    for i, line in enumerate(lines):
        if line.startswith(_BULLET):
            rest = line.removeprefix(_BULLET).strip()
            found = _amounted(rest) if rest else None
            if rest and found is None:
                warnings.append(f"bullet without an amount: {rest}")
            slots.append(found)
            continue
        found = _amounted(line)
        if found is not None:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            described = bool(following) and not following.startswith(_BULLET) and not _amounted(following)
            if _FISCAL.match(found.title) and total is None:
                total = found
            elif described:
                loose.append(found)
            else:
                groups.append(found)
            continue
        if line.startswith(("（", "(")) and "前年" in line:
            continue
        current += line
        if line.endswith("。"):
            paragraphs.append(current)
            current = ""
    if current:
        warnings.append(f"text that does not end a sentence: {current[:30]}…")
    programs: list[Amounted] = []
    for slot in slots:
        if slot is None and loose:
            programs.append(loose.pop(0))
        elif slot is not None:
            programs.append(slot)
    programs += loose
    fiscal = _FISCAL.match(unicodedata.normalize("NFKC", total.title)) if total else None
    return BudgetEdition(
        title=total.title if total else "",
        fiscal_year=int(fiscal.group(1)) + 2018 if fiscal else None,
        total=total,
        groups=tuple(groups),
        programs=tuple(programs),
        paragraphs=tuple(paragraphs),
        warnings=tuple(warnings),
    )


UNKNOWN_GROUP = "（区分は資料の文章から読み取れません）"
UNKNOWN_DESCRIPTION = "（説明は資料の文章から対応づけられません）"


@dataclass(frozen=True)
class Reconciled:
    """The stored record brought up to an edition, and what could not be placed."""

    record: BudgetRecord
    new_programs: tuple[Amounted, ...]
    unplaced: tuple[str, ...]  # paragraphs that match no stored description
    undescribed: tuple[str, ...]  # slugs whose stored description is not in the edition
    by_elimination: tuple[str, ...]  # slugs given the one leftover paragraph

    @property
    def blockers(self) -> tuple[str, ...]:
        reasons = [
            f"new program 「{p.title}」 needs a slug, a group and its description" for p in self.new_programs
        ]
        reasons += [f"budget2021:{slug}: its description is not in the edition" for slug in self.undescribed]
        return tuple(reasons)


def reconcile(edition: BudgetEdition, stored: BudgetRecord) -> Reconciled:
    by_title = {fold(p.title): p for p in edition.programs}
    kept = [p for p in stored.programs if fold(p.title) in by_title]
    paragraphs = {fold(t): t for t in edition.paragraphs}
    described = {p.slug: paragraphs[fold(p.description)] for p in kept if fold(p.description) in paragraphs}
    used = {fold(t) for t in described.values()}
    unplaced = [t for t in edition.paragraphs if fold(t) not in used]
    missing = [p.slug for p in kept if p.slug not in described]
    eliminated: list[str] = []
    if len(missing) == 1 and len(unplaced) == 1:
        described[missing[0]] = unplaced.pop()
        eliminated, missing = missing, []
    programs = []
    for old in kept:
        now = by_title[fold(old.title)]
        programs.append(
            old.model_copy(
                update={
                    "title": now.title,
                    "amount": now.amount,
                    "previous": now.previous,
                    "description": described.get(old.slug, UNKNOWN_DESCRIPTION),
                }
            )
        )
    known = {fold(p.title) for p in stored.programs}
    record = stored.model_copy(
        update={
            "title": edition.title or stored.title,
            "fiscal_year": edition.fiscal_year or stored.fiscal_year,
            "programs": tuple(programs),
        }
    )
    return Reconciled(
        record=record,
        new_programs=tuple(p for p in edition.programs if fold(p.title) not in known),
        unplaced=tuple(unplaced),
        undescribed=tuple(missing),
        by_elimination=tuple(eliminated),
    )
