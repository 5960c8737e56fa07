"""Entries and channels in the shapes people see (API, page, LINE): contacts with their hours
now, sources with their labels, an entry as a result."""

from __future__ import annotations

from datetime import datetime

from bot.catalog.hours import is_open, next_open, now_tokyo
from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, DocRef, Entry
from bot.memo import IdentityMemo
from bot.present.hours import describe
from bot.present.schemas import ContactOut, ResultOut, SourceOut


def first_phone(entry: Entry) -> Channel | None:
    """The entry's first phone line: what a crisis card, the emergency numbers and the referral
    sheet's emergency box show of a contact, so that the list is short and she can act at once."""
    return next((c for c in entry.channels if c.type == "phone"), None)


def hours_text(channel: Channel, *, mark_unconfirmed: bool = True) -> str:
    """When she can use the channel; a page or a mail form has no opening hours."""
    hours = channel.hours
    if channel.type in {"web", "email"} and not hours.always and not hours.rules:
        return hours.note or "いつでも見られます"
    return describe(hours, mark_unconfirmed=mark_unconfirmed)


def contact_out(channel: Channel, *, at: datetime, via: Entry | None = None) -> ContactOut:
    hours = channel.hours
    open_now = is_open(hours, at)
    return _unchanging(channel, via.name if via is not None else None).model_copy(
        update={
            "open_now": open_now,
            "opens_next": next_open(hours, at) if open_now is False else None,
            # Confirmed hours say the same as stated ones; only unconfirmed ones need reading again.
            "likely_open": open_now if hours.confirmed else is_open(hours, at, as_stated=True),
        }
    )


# What a contact shows that does not change with the time: built once per channel of the base
# (and the entry it is shown through), then copied with whether it is open now. Keyed by the
# channel's identity, which the cached value holds on to; a reloaded base's channels are new.
_UNCHANGING: IdentityMemo[ContactOut] = IdentityMemo(4096)


def _unchanging(channel: Channel, via: str | None) -> ContactOut:
    return _UNCHANGING.get((channel,), via, lambda: _contact_parts(channel, via))


def _contact_parts(channel: Channel, via: str | None) -> ContactOut:
    return ContactOut(
        type=channel.type,
        value=channel.value,
        label=channel.label,
        hours=hours_text(channel),
        open_now=None,
        opens_next=None,
        likely_open=None,
        tel=channel.tel_uri,
        toll_free=channel.toll_free,
        text_only=channel.is_text_only,
        languages=channel.languages,
        interpreted=channel.interpreted,
        confidence=channel.confidence,
        note=channel.note,
        last_verified=channel.last_verified,
        via=via,
        sources=tuple(s.url for s in channel.sources),
    )


def contacts_for(kb: KnowledgeBase, entry: Entry, *, at: datetime | None = None) -> tuple[ContactOut, ...]:
    """The entry's own contacts, or those of the window through which she reaches it."""
    at = at or now_tokyo()
    holder = kb.contact_entry(entry)
    if holder is None:
        return ()
    via = None if holder is entry else holder
    return tuple(contact_out(c, at=at, via=via) for c in holder.channels)


def source_label(kb: KnowledgeBase, ref: DocRef) -> str:
    if ref.doc == "plan2025":
        return f"基本計画 施策No.{ref.item}・{kb.plan.as_of.year}年{kb.plan.as_of.month}月末時点"
    program = kb.program(ref.item)
    title = program.title if program else ref.item
    return f"令和3年度予算「{title}」"


def sources_out(kb: KnowledgeBase, entry: Entry) -> tuple[SourceOut, ...]:
    return tuple(
        SourceOut(doc=r.doc, item=r.item, ref=r.ref, label=source_label(kb, r)) for r in entry.sources
    )


def result_out(
    kb: KnowledgeBase, entry: Entry, *, at: datetime, score: float = 0.0, why: str = ""
) -> ResultOut:
    """An entry in the API's result shape, with its contacts (or its front door's) and sources."""
    return _unchanging_result(kb, entry).model_copy(
        update={"score": score, "why": why, "contacts": contacts_for(kb, entry, at=at)}
    )


# What a result shows that does not change with the time or the query: built once per entry of
# a base, then copied with its score, why and contacts now. Keyed by the identities of the entry
# and the base (a source's label reads the base), which the cached value holds on to.
_RESULTS: IdentityMemo[ResultOut] = IdentityMemo(4096)


def _unchanging_result(kb: KnowledgeBase, entry: Entry) -> ResultOut:
    return _RESULTS.get((entry, kb), None, lambda: _result_parts(kb, entry))


def _result_parts(kb: KnowledgeBase, entry: Entry) -> ResultOut:
    return ResultOut(
        id=entry.id,
        name=entry.name,
        name_en=entry.name_en,
        kind=entry.kind,
        user_facing=entry.user_facing,
        summary=entry.summary,
        summary_en=entry.summary_en,
        how_to_use=entry.how_to_use,
        score=0.0,
        why="",
        topics=entry.topics,
        contacts=(),
        sources=sources_out(kb, entry),
        last_verified=entry.last_verified,
        confidential_location=entry.confidential_location,
        status=entry.status,
    )


def result_by_id(
    kb: KnowledgeBase, entry_id: str, *, at: datetime | None = None, score: float = 0.0, why: str = ""
) -> ResultOut | None:
    """One entry as a result, with its contacts (or its front door's) and sources."""
    entry = kb.get(entry_id)
    if entry is None:
        return None
    return result_out(kb, entry, at=at or now_tokyo(), score=score, why=why)
