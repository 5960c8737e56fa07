"""The referral page's filters: parsed from query parameters, applied as a pure function."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.catalog.hours import is_open
from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Channel, Entry
from bot.catalog.places import MUNICIPALITIES, region_of_municipality, serves_elsewhere
from bot.present.labels import KIND_ORDER, LANGUAGE_LABELS

# Who she is: the audience tags a worker can tick. A service accepts her when it is made for
# one of them, or open to women or anyone; those made for her come first.
WHO_OPTIONS: dict[str, str] = {
    "pregnant": "妊娠している",
    "single-parent": "ひとり親",
    "foreign-resident": "外国籍・外国にルーツがある",
    "with-children": "子どもがいる・子ども連れ",
    "disability": "障害がある",
}
# What a ticked box also says about her: a single parent has children, a mother is a parent.
WHO_IMPLIES: dict[str, frozenset[str]] = {
    "single-parent": frozenset({"with-children", "parents"}),
    "with-children": frozenset({"parents"}),
}
# Tags of services open to any woman (age-bound ones are the age filter's to judge).
OPEN_TO_HER = frozenset({"women", "anyone", "residents", "girls", "young"})

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
# Tags that say nothing about age: with these beside an age-bound tag, the age is where the
# service is aimed (若年女性), not a limit; she is not turned away, the ones for her come first.
AGELESS_AIM = frozenset({"women", "residents"})
MAX_AGE = 120


@dataclass(frozen=True)
class Filters:
    topic: str | None = None
    age: int | None = None
    who: frozenset[str] = frozenset()
    area: str | None = None
    channels: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    open_now: bool = False
    internal: bool = False  # include measures a woman cannot use herself

    @property
    def narrowing(self) -> bool:
        """Whether any filter narrows the list (the internal-measures switch alone does not)."""
        return bool(
            self.topic
            or self.age is not None
            or self.who
            or self.area
            or self.channels
            or self.languages
            or self.open_now
        )

    @property
    def her(self) -> frozenset[str]:
        """The ticked tags with what they imply."""
        return self.who.union(*(WHO_IMPLIES.get(w, ()) for w in self.who))

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
        out.extend(("lang", code) for code in LANGUAGE_LABELS if code in self.languages)
        if self.open_now:
            out.append(("open", "1"))
        if self.internal:
            out.append(("internal", "1"))
        return out

    def labels(self, topics: Mapping[str, str]) -> list[str]:
        """The conditions in words, for the closed filter panel: 23区・電話・いま受付中."""
        out = [topics.get(self.topic, self.topic)] if self.topic else []
        if self.age is not None:
            out.append(f"{self.age}歳")
        out += [WHO_OPTIONS[w] for w in WHO_OPTIONS if w in self.who]
        if self.area:
            out.append(self.area)
        out += [CHANNEL_OPTIONS[c] for c in CHANNEL_OPTIONS if c in self.channels]
        out += [LANGUAGE_LABELS[code] for code in LANGUAGE_LABELS if code in self.languages]
        if self.open_now:
            out.append("いま受付中")
        if self.internal:
            out.append("内部の施策も")
        return out

    def with_internal(self) -> Filters:
        return replace(self, internal=True)


# The fields of the search form: what "back to the search" sends again.
SEARCH_FIELDS = ("q", "topic", "age", "who", "area", "channel", "lang", "open", "internal", "ids")


def language_options(kb: KnowledgeBase) -> dict[str, str]:
    """The languages some channel of the base takes, besides Japanese, in a fixed order."""
    present = {code for e in kb.entries for c in e.channels for code in c.languages}
    return {code: label for code, label in LANGUAGE_LABELS.items() if code in present}


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
    # Internal measures are shown only when asked for (the ticked box sends internal=1).
    internal_values = set(params.get("internal") or [])
    filters = Filters(
        topic=topic if topic in topics else None,
        age=age,
        who=frozenset(w for w in params.get("who") or [] if w in WHO_OPTIONS),
        area=area if area in AREA_OPTIONS or area in MUNICIPALITIES else None,
        channels=frozenset(c for c in params.get("channel") or [] if c in CHANNEL_OPTIONS),
        languages=frozenset(code for code in params.get("lang") or [] if code in LANGUAGE_LABELS),
        open_now=_first(params, "open") in {"1", "on", "true"},
        internal="1" in internal_values,
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


def age_aim(entry: Entry) -> tuple[int, int] | None:
    """The ages a service is aimed at without being limited to them: 若年女性 (young, women)."""
    tags = set(entry.audience.tags)
    aged = [TAG_AGES[t] for t in tags if t in TAG_AGES]
    if not aged or age_range(entry) is not None or tags - TAG_AGES.keys() - AGELESS_AIM:
        return None
    return (min(b[0] for b in aged), max(b[1] for b in aged))


def _within(age: int, ages: tuple[int, int] | None) -> bool:
    return ages is None or ages[0] <= age <= ages[1]


def accepts(entry: Entry, her: frozenset[str]) -> bool:
    """Whether a service takes a woman with the ticked attributes: made for one of them, or
    open to any woman."""
    tags = set(entry.audience.tags)
    return not her or bool(tags & her) or bool(tags & OPEN_TO_HER)


def made_for(entry: Entry, filters: Filters) -> bool:
    """Whether the service is made for her: one of her ticked attributes, and her age if aimed."""
    if filters.who and not set(entry.audience.tags) & filters.her:
        return False
    return filters.age is None or _within(filters.age, age_aim(entry))


def reach(kb: KnowledgeBase, entry: Entry) -> tuple[Channel, ...]:
    """The channels shown for the entry: its own, or those of the window she goes through."""
    holder = kb.contact_entry(entry)
    return holder.channels if holder is not None else ()


def usable(channel: Channel, filters: Filters) -> bool:
    """Whether she can use the channel the way the filters say (by text, in English...)."""
    wanted = filters.channels
    if wanted and not (channel.type in wanted or ("text" in wanted and channel.is_text_only)):
        return False
    return not filters.languages or bool(filters.languages & set(channel.languages))


def open_for_her(kb: KnowledgeBase, entry: Entry, filters: Filters, at: datetime) -> bool:
    """Open now on a channel she would use, of the service's own: a number borrowed from the
    window she goes through says nothing about this service's hours."""
    if kb.contact_entry(entry) is not entry:
        return False
    return any(is_open(c.hours, at) is True for c in entry.channels if usable(c, filters))


def matches(entry: Entry, filters: Filters, *, kb: KnowledgeBase, at: datetime) -> bool:
    if not filters.internal and not entry.user_facing:
        return False
    if filters.topic and filters.topic not in entry.topics:
        return False
    if not accepts(entry, filters.her):
        return False
    if filters.age is not None and not _within(filters.age, age_range(entry)):
        return False
    if filters.area and not area_matches(entry, filters.area):
        return False
    if (filters.channels or filters.languages) and not any(usable(c, filters) for c in reach(kb, entry)):
        return False
    return not filters.open_now or open_for_her(kb, entry, filters, at)


def apply_filters(
    entries: Iterable[Entry], filters: Filters, *, kb: KnowledgeBase, at: datetime
) -> list[Entry]:
    """The entries that pass every filter: those made for her first (who she is, her age),
    otherwise in the order given."""
    kept = [e for e in entries if matches(e, filters, kb=kb, at=at)]
    if filters.who or filters.age is not None:
        kept.sort(key=lambda e: not made_for(e, filters))
    return kept


def listing_order(entries: Iterable[Entry]) -> list[Entry]:
    """Without a query: what she can contact herself first (by kind), then by name."""
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(entries, key=lambda e: (rank.get(e.kind, len(rank)), e.name))
