"""Tokyo's 62 municipalities: which one an address or a message names, and its region."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from bot.catalog.models import Area, Entry
from bot.catalog.wordlists import read_places
from bot.settings import get_settings

# From places.yaml of the knowledge tree the service reads (KNOWLEDGE_DIR, else the bundled
# one), once per process: Tokyo's municipalities do not change with a reload.
_PLACES = read_places(get_settings().knowledge_dir)
MUNICIPALITIES: tuple[str, ...] = _PLACES.municipalities
# An island's name, not a family name (新島さん).
_ISLANDS = [
    (re.compile(re.escape(island) + "(?!さん|くん|ちゃん|様|氏)"), town)
    for island, town in sorted(_PLACES.islands.items(), key=lambda item: len(item[0]), reverse=True)
]
_LONGEST_FIRST = sorted(MUNICIPALITIES, key=len, reverse=True)
# After a name without its 区/市/町/村, these say it is where she lives (八王子に住んでる).
_LIVES = "(?:に住|在住|に暮ら|の住民|に引っ越)"
_LIVES_IN = [(name, re.compile(re.escape(name[:-1]) + _LIVES)) for name in _LONGEST_FIRST if len(name) >= 3]


def region_of_municipality(name: str) -> Area:
    """区部 for the 23 wards, 多摩・島しょ for the cities, towns and villages."""
    return "区部" if name.endswith("区") else "多摩・島しょ"


def municipality_in(text: str) -> str | None:
    """The ward, city, town or village named in an address or in what she wrote: in full
    (八王子市, 東京都新宿区西新宿), or without its suffix where she says she lives there."""
    compact = text.replace(" ", "").replace("　", "")
    for name in _LONGEST_FIRST:
        if name in compact:
            return name
    lives = next((name for name, lives_in in _LIVES_IN if lives_in.search(compact)), None)
    return lives or next((town for pattern, town in _ISLANDS if pattern.search(compact)), None)


# Stems that are everyday words or a region as well as a place (中央, 国立大学, 多摩地域).
_AMBIGUOUS_STEMS = frozenset({"中央", "国立", "多摩", "北", "港"})
_STEMS = [
    (name[:-1], name) for name in _LONGEST_FIRST if len(name) >= 3 and name[:-1] not in _AMBIGUOUS_STEMS
]


def municipality_named(text: str) -> str | None:
    """A place as a support worker types it into a search (八王子 DV, 府中 住まい): the full
    name, or the name without its 区/市/町/村 unless that is also an everyday word."""
    found = municipality_in(text)
    if found is not None:
        return found
    compact = text.replace(" ", "").replace("　", "")
    return next((name for stem, name in _STEMS if stem in compact), None)


def own_windows(
    entries: Iterable[Entry], here: str, *, topics: Collection[str], shown: Collection[str]
) -> list[Entry]:
    """The windows of her own ward or city that serve the needs already found (``topics``)
    and are not shown yet: offered beside the best fit, on the page and on LINE."""
    return [
        e
        for e in entries
        if e.user_facing and here in e.municipalities and e.id not in shown and set(topics) & set(e.topics)
    ]


def serves_elsewhere(entry: Entry, here: str | None) -> bool:
    """A municipal window for residents of other municipalities than ``here`` (or than an
    unknown place): not offered, since it would turn her away."""
    return bool(entry.municipalities) and here not in entry.municipalities
