"""Response shapes of the JSON API (the contract in DESIGN.md, extended)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ContactOut(Out):
    type: str
    value: str
    label: str
    hours: str
    open_now: bool | None
    # When a closed channel opens again (Tokyo time); None when open, always open, or unknown.
    opens_next: datetime | None = None
    # What the stated hours say even when unconfirmed; orders results, never shown as a fact.
    likely_open: bool | None = None
    tel: str | None = None
    toll_free: bool | None = None
    text_only: bool
    languages: tuple[str, ...]
    interpreted: tuple[str, ...] = ()  # of those, taken only through an interpreter
    confidence: str
    note: str = ""
    last_verified: date
    via: str | None = None  # the entry whose contact this is, when not the result itself
    sources: tuple[str, ...] = ()


class SourceOut(Out):
    doc: str
    item: str
    ref: str
    label: str


class ResultOut(Out):
    id: str
    name: str
    name_en: str | None = None
    kind: str
    user_facing: bool
    summary: str
    summary_en: str | None = None
    how_to_use: str
    score: float
    why: str
    topics: tuple[str, ...]
    contacts: tuple[ContactOut, ...]
    sources: tuple[SourceOut, ...]
    last_verified: date | None
    confidential_location: bool
    status: str


class CrisisOut(Out):
    level: str
    kinds: tuple[str, ...]
    message: str
    message_en: str
    # The same message in Tagalog, Vietnamese, Chinese and Korean, where every kind has one.
    translations: dict[str, str] = {}
    contacts: tuple[ContactOut, ...]


class SearchResponse(Out):
    query: str
    crisis: CrisisOut | None
    results: tuple[ResultOut, ...]
    kb_version: str
    language: str
    declined: bool = False
    # Why nothing is offered: locate, contact-enquiry, shelter-location, steering, insult,
    # budget-total, spam or markup (the ids of knowledge/guards.yaml).
    declined_reason: str | None = None


class HealthOut(Out):
    status: str
    kb_version: str
    entries: int
