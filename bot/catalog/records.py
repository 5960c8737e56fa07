"""Typed, frozen models of the source documents' own records (records/plan2025.yaml and
records/budget2021.yaml): each measure and program as the document gives it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from bot.catalog.models import Frozen, NonEmpty, Slug


class PlanReprint(Frozen):
    goal: int
    section: str
    item: str = ""
    content: str
    status: str = ""
    bureau: str = ""


class PlanMeasure(Frozen):
    """The document's own record of one measure of ``plan2025``."""

    no: int = Field(ge=1, le=999)
    goal: int
    section: str
    item: str = ""
    content: NonEmpty
    status: str = ""
    bureau: str = ""
    new_fy2024: bool = False
    reprints: tuple[PlanReprint, ...] = ()


class PlanRecord(Frozen):
    doc: Literal["plan2025"]
    title: NonEmpty
    as_of: date
    measures: tuple[PlanMeasure, ...]


class BudgetProgram(Frozen):
    slug: Slug
    title: NonEmpty
    group: NonEmpty
    amount: NonEmpty  # FY2021, e.g. "32億円"
    previous: NonEmpty  # FY2020, e.g. "17億円" or "新規"
    description: NonEmpty


class BudgetRecord(Frozen):
    doc: Literal["budget2021"]
    title: NonEmpty
    fiscal_year: int
    note: NonEmpty
    programs: tuple[BudgetProgram, ...]
