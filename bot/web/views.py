"""What the referral page shows: search results as cards, one service, a referral sheet.

These functions take the knowledge base (or the search service) and a moment in time and
return frozen values for the templates and the plain-text renderer; they read no request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Entry
from bot.catalog.places import MUNICIPALITIES, own_windows
from bot.present.adapter import ShownSearch
from bot.present.export import document_records
from bot.present.labels import audience_text, kind_label
from bot.present.results import contact_out, contacts_for, result_out, sources_out
from bot.present.schemas import ContactOut, CrisisOut, ResultOut
from bot.search.service import MAX_LIMIT
from bot.web.filters import Filters, apply_filters, listing_order

MAX_REFERRAL_IDS = 20
_ID_PART = re.compile(r"[^,]+")


@dataclass(frozen=True)
class Card:
    """One result: the entry, and how it is presented now (contacts, sources, why)."""

    entry: Entry
    result: ResultOut
    kind_label: str
    audience: str
    front_door: str | None = None  # the window she goes through (a shelter's address is never shown)


@dataclass(frozen=True)
class Results:
    query: str
    filters: Filters
    cards: tuple[Card, ...]
    crisis: CrisisOut | None = None
    declined: bool = False
    asked: bool = False  # a query or a narrowing filter was given
    matched_before_filters: int = 0


def _card(kb: KnowledgeBase, entry: Entry, result: ResultOut) -> Card:
    door = kb.get(entry.front_door) if entry.front_door else None
    return Card(
        entry=entry,
        result=result,
        kind_label=kind_label(entry.kind),
        audience=audience_text(entry),
        front_door=door.name if door else None,
    )


def find(search: ShownSearch, *, query: str, filters: Filters, at: datetime) -> Results:
    """Ranked results for a query, or every matching entry when only filters are given."""
    kb = search.kb
    if query:
        response = search.search(
            query, limit=MAX_LIMIT, audience="worker" if filters.internal else "public", at=at, channel="web"
        )
        ranked = {r.id: r for r in response.results}
        entries = [e for r in response.results if (e := kb.get(r.id)) is not None]
        kept = apply_filters(entries, filters, kb=kb, at=at)
        if filters.area in MUNICIPALITIES and not response.declined:
            # Her own ward's or city's window sits beside the best fit, if the search found any.
            topics = {t for e in kept[:3] for t in e.topics}
            own = own_windows(kb, filters.area, topics=topics, shown={e.id for e in kept})
            own = apply_filters(own, filters, kb=kb, at=at)
            kept = kept[:1] + own + kept[1:]
            ranked |= {e.id: result_out(kb, e, at=at) for e in own}
        return Results(
            query=query,
            filters=filters,
            cards=tuple(_card(kb, e, ranked[e.id]) for e in kept),
            crisis=response.crisis,
            declined=response.declined,
            asked=True,
            matched_before_filters=len(entries),
        )
    if not filters.narrowing:
        return Results(query="", filters=filters, cards=())
    kept = listing_order(apply_filters(kb.entries, filters, kb=kb, at=at))
    return Results(
        query="",
        filters=filters,
        cards=tuple(_card(kb, e, result_out(kb, e, at=at)) for e in kept),
        asked=True,
        matched_before_filters=len(kb),
    )


@dataclass(frozen=True)
class ServicePage:
    """Everything about one entry."""

    entry: Entry
    kind_label: str
    audience: str
    topics: tuple[str, ...]
    contacts: tuple[ContactOut, ...]
    sources: tuple[str, ...]
    records: tuple[dict[str, Any], ...]
    front_door: Entry | None
    related: tuple[Entry, ...]
    referenced_by: tuple[Entry, ...]


def service_page(kb: KnowledgeBase, entry: Entry, *, at: datetime) -> ServicePage:
    front_door = kb.get(entry.front_door) if entry.front_door else None
    return ServicePage(
        entry=entry,
        kind_label=kind_label(entry.kind),
        audience=audience_text(entry),
        topics=tuple(kb.topic_label(t) for t in entry.topics),
        contacts=contacts_for(kb, entry, at=at),
        sources=tuple(s.label for s in sources_out(kb, entry)),
        records=tuple(document_records(kb, entry)),
        front_door=front_door,
        related=tuple(other for r in entry.related if (other := kb.get(r)) is not None),
        referenced_by=tuple(
            e for e in kb.entries if e.id != entry.id and (e.front_door == entry.id or entry.id in e.related)
        ),
    )


@dataclass(frozen=True)
class SheetItem:
    id: str
    name: str
    kind_label: str
    summary: str
    how_to_use: str
    eligibility: str
    contacts: tuple[ContactOut, ...]
    front_door: str | None  # the window to go through, for a shelter whose address is never shown
    sources: tuple[str, ...]
    last_verified: date | None
    official_url: str | None


@dataclass(frozen=True)
class ReferralSheet:
    items: tuple[SheetItem, ...]
    printed: date
    kb_version: str
    emergency: tuple[ContactOut, ...] = ()  # 110 and 119, from the knowledge base


def parse_ids(values: Iterable[str], *, limit: int = MAX_REFERRAL_IDS) -> tuple[str, ...]:
    """``ids=a,b,c`` or ``ids=a&ids=b``: in order, each once. Reading stops at ``limit`` + 1
    ids, enough to tell that there are too many, so a long list costs no more than that."""
    seen: dict[str, None] = {}
    for value in values:
        for match in _ID_PART.finditer(value):
            part = match.group().strip()
            if part and part not in seen:
                seen[part] = None
                if len(seen) > limit:
                    return tuple(seen)
    return tuple(seen)


def referral_sheet(kb: KnowledgeBase, entries: list[Entry], *, at: datetime) -> ReferralSheet:
    items = []
    for entry in entries:
        door = kb.get(entry.front_door) if entry.front_door else None
        items.append(
            SheetItem(
                id=entry.id,
                name=entry.name,
                kind_label=kind_label(entry.kind),
                summary=entry.summary,
                how_to_use=entry.how_to_use,
                eligibility=entry.eligibility,
                contacts=contacts_for(kb, entry, at=at),
                front_door=door.name if door else None,
                sources=tuple(s.label for s in sources_out(kb, entry)),
                last_verified=entry.last_verified,
                official_url=entry.official_url,
            )
        )
    emergency = tuple(
        contact_out(phone, at=at, via=e)
        for e in kb.entries
        if e.emergency_only and (phone := next((c for c in e.channels if c.type == "phone"), None))
    )
    return ReferralSheet(items=tuple(items), printed=at.date(), kb_version=kb.version, emergency=emergency)
