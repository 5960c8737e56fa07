"""Tokyo's 62 municipalities: which one an address or a message names, and its region."""

from __future__ import annotations

import re
from typing import get_args

from bot.catalog.models import Area, Entry, Municipality

MUNICIPALITIES: tuple[str, ...] = get_args(Municipality)
_LONGEST_FIRST = sorted(MUNICIPALITIES, key=len, reverse=True)
# After a name without its 区/市/町/村, these say it is where she lives (八王子に住んでる).
_LIVES = "(?:に住|在住|に暮ら|の住民|に引っ越)"


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
    for name in _LONGEST_FIRST:
        stem = name[:-1]
        if len(stem) >= 2 and re.search(re.escape(stem) + _LIVES, compact):
            return name
    return None


def serves_elsewhere(entry: Entry, here: str | None) -> bool:
    """A municipal window for residents of other municipalities than ``here`` (or than an
    unknown place): not offered, since it would turn her away."""
    return bool(entry.municipalities) and here not in entry.municipalities
