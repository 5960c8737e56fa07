"""Facts to re-check: contacts and entries not verified for a while, and partial contacts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, Entry

DEFAULT_DAYS = 180


@dataclass(frozen=True)
class StaleContact:
    type: str
    value: str
    label: str
    reasons: tuple[str, ...]
    what_to_check: str
    urls: tuple[str, ...]


@dataclass(frozen=True)
class StaleEntry:
    id: str
    name: str
    reasons: tuple[str, ...]  # about the entry's own date
    official_url: str | None
    contacts: tuple[StaleContact, ...]


def _age(when: date | None, today: date) -> int | None:
    return None if when is None else (today - when).days


def _contact(channel: Channel, *, today: date, days: int) -> StaleContact | None:
    reasons = []
    age = _age(channel.last_verified, today)
    if age is not None and age > days:
        reasons.append(f"last verified {channel.last_verified.isoformat()} ({age} days ago)")
    if channel.confidence == "partially":
        reasons.append("partially confirmed")
    if not channel.hours.confirmed:
        reasons.append("hours unconfirmed")
    if not reasons:
        return None
    urls = tuple(dict.fromkeys(s.url for s in channel.sources))
    return StaleContact(
        type=channel.type,
        value=channel.value,
        label=channel.label,
        reasons=tuple(reasons),
        what_to_check=channel.note or channel.hours.note,
        urls=urls,
    )


def _entry(entry: Entry, *, today: date, days: int) -> StaleEntry | None:
    contacts = tuple(c for ch in entry.channels if (c := _contact(ch, today=today, days=days)) is not None)
    reasons = []
    age = _age(entry.last_verified, today)
    if entry.last_verified is not None and age is not None and age > days:
        reasons.append(f"entry last verified {entry.last_verified.isoformat()} ({age} days ago)")
    if not contacts and not reasons:
        return None
    return StaleEntry(
        id=entry.id,
        name=entry.name,
        reasons=tuple(reasons),
        official_url=entry.official_url,
        contacts=contacts,
    )


def stale_items(kb: KnowledgeBase, *, today: date, days: int = DEFAULT_DAYS) -> list[StaleEntry]:
    """Every entry with something to re-check, in the base's order."""
    return [s for e in kb if (s := _entry(e, today=today, days=days)) is not None]


def render_stale(
    items: list[StaleEntry], *, today: date, days: int, files: dict[str, str] | None = None
) -> list[str]:
    """A checklist: each entry, each contact with why and the pages to re-check it on."""
    files = files or {}
    contacts = sum(len(i.contacts) for i in items)
    lines = [
        f"to re-check on {today.isoformat()}: {len(items)} entries, {contacts} contacts "
        f"(not verified for more than {days} days, partially confirmed, or hours unconfirmed)"
    ]
    for item in items:
        where = f" ({files[item.id]})" if item.id in files else ""
        lines += ["", f"[ ] {item.id} {item.name}{where}"]
        lines += [f"      {reason}" for reason in item.reasons]
        if item.official_url:
            lines.append(f"      official page: {item.official_url}")
        for contact in item.contacts:
            lines.append(
                f"    [ ] {contact.type} {contact.value} ({contact.label}): " + "; ".join(contact.reasons)
            )
            if contact.what_to_check:
                lines.append(f"          what to check: {contact.what_to_check}")
            lines += [f"          re-check on: {url}" for url in contact.urls]
    return lines
