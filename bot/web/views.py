"""What the referral page shows: search results as cards, one service, a referral sheet.

These functions take the knowledge base (or the search service) and a moment in time and
return frozen values for the templates and the plain-text renderer; they read no request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, DocRef, Entry
from bot.catalog.places import MUNICIPALITIES, municipality_named, own_windows
from bot.present.answers import crisis_out
from bot.present.export import document_records
from bot.present.labels import LANGUAGE_LABELS, audience_text, kind_label
from bot.present.results import contact_out, contacts_for, first_phone, hours_text, result_out, sources_out
from bot.present.schemas import ContactOut, CrisisOut, ResultOut
from bot.search.guards import OFF_TOPIC_REASONS, SHELTER_REASON
from bot.search.service import MAX_LIMIT, SearchService
from bot.web.filters import Filters, apply_filters, listing_order, matches

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
    off_topic: bool = False  # declined as everyday chat or an errand, not as a hunt
    shelter: bool = False  # asked where a shelter is: the front doors that arrange a stay are shown
    asked: bool = False  # a query or a narrowing filter was given
    matched_before_filters: int = 0
    hidden_internal: int = 0  # internal measures that matched but are not shown
    area_from_query: str | None = None  # the ward or city her words named, used as the area


def _card(kb: KnowledgeBase, entry: Entry, result: ResultOut) -> Card:
    door = kb.get(entry.front_door) if entry.front_door else None
    return Card(
        entry=entry,
        result=result,
        kind_label=kind_label(entry.kind),
        audience=audience_text(entry),
        front_door=door.name if door else None,
    )


def _internal_matches(entries: Iterable[Entry], filters: Filters, *, kb: KnowledgeBase, at: datetime) -> int:
    """How many internal measures would be shown if asked for."""
    every = filters.with_internal()
    return sum(1 for e in entries if not e.user_facing and matches(e, every, kb=kb, at=at))


def find(search: SearchService, *, query: str, filters: Filters, at: datetime) -> Results:
    """Ranked results for a query, or every matching entry when only filters are given.
    The search's answer is ids and scores; cards (contacts and hours at ``at``) are made only
    for the entries that pass the filters."""
    kb = search.kb
    if query:
        named = municipality_named(query) if filters.area is None else None
        if named is not None:
            filters = replace(filters, area=named)
        answer = search.search(query, limit=MAX_LIMIT, audience="worker", channel="web")
        hits = {h.id: h for h in answer.hits}
        found = [e for h in answer.hits if (e := kb.get(h.id)) is not None]
        shelter = answer.declined_reason == SHELTER_REASON
        if shelter:
            # A shelter's place is never told; the centres that arrange a stay are.
            found = [e for i in kb.line.front_doors["unknown"] if (e := kb.get(i)) is not None]
        # One search in the workers' ranking; internal measures are then shown or counted.
        hidden = 0 if filters.internal else _internal_matches(found, filters, kb=kb, at=at)
        kept = apply_filters(found, filters, kb=kb, at=at)
        if filters.area in MUNICIPALITIES and not answer.declined:
            # Her own ward's or city's window comes first, if the search found a need it serves.
            topics = {t for e in kept[:3] for t in e.topics}
            own = own_windows(kb, filters.area, topics=topics, shown=())
            own = apply_filters(own, filters, kb=kb, at=at)
            first = {e.id for e in own}
            kept = own + [e for e in kept if e.id not in first]

        def card(entry: Entry) -> Card:
            hit = hits.get(entry.id)
            shown = result_out(kb, entry, at=at, score=hit.score if hit else 0.0, why=hit.why if hit else "")
            return _card(kb, entry, shown)

        return Results(
            query=query,
            filters=filters,
            cards=tuple(card(e) for e in kept),
            crisis=crisis_out(kb, answer.crisis, at=at) if answer.crisis else None,
            declined=answer.declined,
            off_topic=answer.declined_reason in OFF_TOPIC_REASONS,
            shelter=shelter,
            asked=True,
            matched_before_filters=sum(1 for e in found if filters.internal or e.user_facing),
            hidden_internal=hidden,
            area_from_query=named,
        )
    if not filters.narrowing:
        return Results(query="", filters=filters, cards=())
    kept = apply_filters(listing_order(kb.entries), filters, kb=kb, at=at)
    return Results(
        query="",
        filters=filters,
        cards=tuple(_card(kb, e, result_out(kb, e, at=at)) for e in kept),
        asked=True,
        matched_before_filters=len(kb),
        hidden_internal=0 if filters.internal else _internal_matches(kb.entries, filters, kb=kb, at=at),
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
class SheetContact:
    """A contact on the sheet she keeps: no open-now mark, which would be stale by tomorrow."""

    type: str
    label: str
    value: str
    tel: str | None
    hours: str  # what the sources state
    hours_sure: bool  # false: stated but not confirmed, so she is asked to check them

    @property
    def check_hours(self) -> bool:
        """Whether to add 「受付時間は公式ページで確認してください」 (unless the hours say it)."""
        return not self.hours_sure and "公式ページで確認" not in self.hours

    languages: tuple[str, ...]  # besides Japanese, as words (英語・中国語)
    interpreted: bool  # some of them only through an interpreter on the line
    note: str
    last_verified: date
    via: str | None = None  # the window she goes through, when the contact is not its own
    same_as: int | None = None  # the number of the item above that already lists it


@dataclass(frozen=True)
class SheetItem:
    id: str
    name: str
    kind_label: str
    summary: str
    how_to_use: str
    eligibility: str
    contacts: tuple[SheetContact, ...]
    front_door: str | None  # the window to go through, for a shelter whose address is never shown
    sources: tuple[str, ...]  # in plain words, each document once
    refs: tuple[str, ...]  # the document rows, in small print
    last_verified: date | None
    official_url: str | None


@dataclass(frozen=True)
class ReferralSheet:
    items: tuple[SheetItem, ...]
    printed: date
    kb_version: str
    emergency: tuple[ContactOut, ...] = ()  # 110 and 119, from the knowledge base
    left_out: int = 0  # internal measures picked, which never go on her sheet


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


def _sheet_contact(channel: Channel, *, via: Entry | None, same_as: int | None) -> SheetContact:
    hours = channel.hours
    # Unconfirmed stated hours are printed with a plain request to check them (never 〔要確認〕);
    # without stated hours the text already says so.
    sure = hours.confirmed or not (hours.rules or hours.always)
    return SheetContact(
        type=channel.type,
        label=channel.label,
        value=channel.value,
        tel=channel.tel_uri,
        hours=hours_text(channel, mark_unconfirmed=False),
        hours_sure=sure,
        languages=tuple(LANGUAGE_LABELS[code] for code in channel.languages if code in LANGUAGE_LABELS),
        interpreted=bool(channel.interpreted),
        note=channel.note,
        last_verified=channel.last_verified,
        via=via.name if via is not None else None,
        same_as=same_as,
    )


def plain_source(kb: KnowledgeBase, ref: DocRef) -> str:
    """A document in words she can read: no row numbers."""
    if ref.doc == "plan2025":
        as_of = kb.plan.as_of
        return f"東京都の女性支援の基本計画（{as_of.year}年{as_of.month}月末時点の実施状況）"
    program = kb.program(ref.item)
    return f"東京都 令和3年度の事業「{program.title if program else ref.item}」"


def referral_sheet(kb: KnowledgeBase, entries: list[Entry], *, at: datetime) -> ReferralSheet:
    """Her sheet: the services she can use herself, each contact once (a number already listed
    above points back to it), the emergency numbers first."""
    items = []
    listed: dict[tuple[str, str], int] = {}
    usable = [e for e in entries if e.user_facing]
    for number, entry in enumerate(usable, 1):
        door = kb.get(entry.front_door) if entry.front_door else None
        holder = kb.contact_entry(entry)
        contacts = []
        for channel in holder.channels if holder is not None else ():
            key = (channel.type, channel.value)
            contacts.append(
                _sheet_contact(channel, via=None if holder is entry else holder, same_as=listed.get(key))
            )
            listed.setdefault(key, number)
        items.append(
            SheetItem(
                id=entry.id,
                name=entry.name,
                kind_label=kind_label(entry.kind),
                summary=entry.summary,
                how_to_use=entry.how_to_use,
                eligibility=entry.eligibility,
                contacts=tuple(contacts),
                front_door=door.name if door else None,
                sources=tuple(dict.fromkeys(plain_source(kb, r) for r in entry.sources)),
                refs=tuple(r.ref for r in entry.sources),
                last_verified=entry.last_verified,
                official_url=entry.official_url,
            )
        )
    emergency = tuple(
        contact_out(phone, at=at, via=e)
        for e in kb.entries
        if e.emergency_only and (phone := first_phone(e)) is not None
    )
    return ReferralSheet(
        items=tuple(items),
        printed=at.date(),
        kb_version=kb.version,
        emergency=emergency,
        left_out=len(entries) - len(usable),
    )
