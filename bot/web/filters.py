"""The referral page's filters: parsed from query parameters, applied as a pure function."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.catalog.hours import is_open
from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, Entry
from bot.catalog.places import MUNICIPALITIES, region_of_municipality, serves_elsewhere
from bot.present.labels import KIND_ORDER

# Who it is for: the audience tags a worker can pick (any of them matches).
WHO_OPTIONS: dict[str, str] = {
    "pregnant": "妊娠している",
    "single-parent": "ひとり親",
    "foreign-resident": "外国籍・外国にルーツがある",
    "with-children": "子どもがいる・子ども連れ",
}

# Where she lives or wants help; each value keeps the entries that serve that place.
AREA_OPTIONS: dict[str, str] = {
    "区部": "23区（区部）で使える",
    "多摩・島しょ": "多摩・島しょで使える",
    "都内全域": "都内全域が対象のものだけ",
}
AREA_MATCHES: dict[str, frozenset[str]] = {
    "区部": frozenset({"区部", "都内全域", "全国", "区市町村"}),
    "多摩・島しょ": frozenset({"多摩・島しょ", "都内全域", "全国", "区市町村"}),
    "都内全域": frozenset({"都内全域", "全国"}),
}


# Or one of Tokyo's 62 municipalities (bot.catalog.places): her own ward's or city's window
# first, then the lines that serve all of Tokyo or her region.
def area_matches(entry: Entry, area: str) -> bool:
    if area in AREA_MATCHES:
        return entry.area in AREA_MATCHES[area]
    if entry.area == "区市町村":
        return not serves_elsewhere(entry, area)
    return entry.area in {"都内全域", "全国", region_of_municipality(area)}


# How she can reach it; ``text`` is any channel usable without speaking.
CHANNEL_OPTIONS: dict[str, str] = {
    "phone": "電話",
    "line": "LINE",
    "chat": "チャット",
    "email": "メール",
    "visit": "来所",
    "text": "文字だけで相談できる",
}

# Audience tags that bound an age when an entry gives no explicit one.
TAG_AGES: dict[str, tuple[int, int]] = {"girls": (0, 17), "young": (15, 39)}
MAX_AGE = 120


@dataclass(frozen=True)
class Filters:
    topic: str | None = None
    age: int | None = None
    who: frozenset[str] = frozenset()
    area: str | None = None
    channels: frozenset[str] = frozenset()
    open_now: bool = False
    internal: bool = True  # include measures a woman cannot use herself

    @property
    def narrowing(self) -> bool:
        """Whether any filter narrows the list (the internal-measures switch alone does not)."""
        return bool(
            self.topic or self.age is not None or self.who or self.area or self.channels or self.open_now
        )

    @property
    def count(self) -> int:
        """How many narrowing conditions are set (each ticked box counts)."""
        return sum(1 for key, _ in self.params() if key != "internal")

    def params(self) -> list[tuple[str, str]]:
        """The query parameters that reproduce these filters."""
        out: list[tuple[str, str]] = []
        if self.topic:
            out.append(("topic", self.topic))
        if self.age is not None:
            out.append(("age", str(self.age)))
        out.extend(("who", w) for w in WHO_OPTIONS if w in self.who)
        if self.area:
            out.append(("area", self.area))
        out.extend(("channel", c) for c in CHANNEL_OPTIONS if c in self.channels)
        if self.open_now:
            out.append(("open", "1"))
        if not self.internal:
            out.append(("internal", "0"))
        return out


@dataclass(frozen=True)
class ParsedFilters:
    filters: Filters
    problems: tuple[str, ...] = ()


def _first(params: Mapping[str, Sequence[str]], key: str) -> str:
    values = params.get(key) or []
    return values[0].strip() if values else ""


def parse_filters(params: Mapping[str, Sequence[str]], *, topics: Collection[str]) -> ParsedFilters:
    """Read filters from query parameters; unknown values are ignored, a bad age is reported."""
    problems: list[str] = []
    topic = _first(params, "topic")
    age_raw = _first(params, "age")
    age: int | None = None
    if age_raw:
        # isdecimal, not isdigit: int() refuses ² and ①, and a long number is no age.
        if age_raw.isdecimal() and len(age_raw) <= len(str(MAX_AGE)) and int(age_raw) <= MAX_AGE:
            age = int(age_raw)
        else:
            problems.append(f"年齢は0〜{MAX_AGE}の数字で入れてください。年齢の条件は使わずに表示しています。")
    area = _first(params, "area")
    # The form sends internal=0 from a hidden field and internal=1 from the ticked box.
    internal_values = set(params.get("internal") or [])
    filters = Filters(
        topic=topic if topic in topics else None,
        age=age,
        who=frozenset(w for w in params.get("who") or [] if w in WHO_OPTIONS),
        area=area if area in AREA_OPTIONS or area in MUNICIPALITIES else None,
        channels=frozenset(c for c in params.get("channel") or [] if c in CHANNEL_OPTIONS),
        open_now=_first(params, "open") in {"1", "on", "true"},
        internal="1" in internal_values or "0" not in internal_values,
    )
    return ParsedFilters(filters=filters, problems=tuple(problems))


def age_range(entry: Entry) -> tuple[int, int] | None:
    """The ages an entry serves, from its explicit bounds or else from age-bound tags only."""
    audience = entry.audience
    if audience.age_min is not None or audience.age_max is not None:
        return (audience.age_min or 0, audience.age_max if audience.age_max is not None else MAX_AGE)
    bounds = [TAG_AGES.get(tag) for tag in audience.tags]
    if not bounds or any(b is None for b in bounds):
        return None
    known = [b for b in bounds if b is not None]
    return (min(b[0] for b in known), max(b[1] for b in known))


def _reach(kb: KnowledgeBase, entry: Entry) -> tuple[Channel, ...]:
    """The channels shown for the entry: its own, or those of the window she goes through."""
    holder = kb.contact_entry(entry)
    return holder.channels if holder is not None else ()


def _channel_matches(channel: Channel, wanted: frozenset[str]) -> bool:
    return channel.type in wanted or ("text" in wanted and channel.is_text_only)


def matches(entry: Entry, filters: Filters, *, kb: KnowledgeBase, at: datetime) -> bool:
    if not filters.internal and not entry.user_facing:
        return False
    if filters.topic and filters.topic not in entry.topics:
        return False
    if filters.who and not filters.who & set(entry.audience.tags):
        return False
    if filters.age is not None:
        ages = age_range(entry)
        if ages is not None and not ages[0] <= filters.age <= ages[1]:
            return False
    if filters.area and not area_matches(entry, filters.area):
        return False
    channels = _reach(kb, entry)
    if filters.channels and not any(_channel_matches(c, filters.channels) for c in channels):
        return False
    return not filters.open_now or any(is_open(c.hours, at) is True for c in channels)


def apply_filters(
    entries: Iterable[Entry], filters: Filters, *, kb: KnowledgeBase, at: datetime
) -> list[Entry]:
    """The entries that pass every filter, in the order given."""
    return [e for e in entries if matches(e, filters, kb=kb, at=at)]


def listing_order(entries: Iterable[Entry]) -> list[Entry]:
    """Without a query: what she can contact herself first (by kind), then by name."""
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(entries, key=lambda e: (rank.get(e.kind, len(rank)), e.name))
