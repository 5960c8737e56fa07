"""Is a contact backed by its sources? One rule per channel type.

A contact shown to a woman must be something a cited public page states: the
number, LINE account, address or mail address is in a quoted sentence, or (for
a web page or chat form) the page is on the site the facts were read from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import urlsplit

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"), "-")


class Quoted(Protocol):
    @property
    def url(self) -> str: ...

    @property
    def quote(self) -> str: ...


def digits(value: str) -> str:
    """Digits and #, so that 03−5261−3110, ０３-… and ♯7119 compare equal to the value."""
    value = unicodedata.normalize("NFKC", value).replace("\u266f", "#")
    return re.sub(r"[^0-9#]", "", value)


def plain(text: str) -> str:
    """Width, dashes, case and spaces folded: otona−tosca@… matches otona-tosca@…"""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return re.sub(r"\s+", "", text).lower()


def host(url: str) -> str:
    name = urlsplit(url).hostname or ""
    return name.removeprefix("www.")


def _place(value: str) -> str:
    """The place without a parenthesised gloss: 「ハイジア 15階（新宿区歌舞伎町）」→ ハイジア15階."""
    return re.sub(r"[（(][^）)]*[）)]", "", unicodedata.normalize("NFKC", value))


# 「市外局番は(042)です」「市外局番042の表記を省略」: the area code a newsletter leaves out
_AREA_CODE = re.compile(r"市外局番[^0-9]{0,8}(0[1-9][0-9]{0,3})")


def _local_part_backed(wanted: str, sources: Sequence[Quoted]) -> bool:
    """A number printed without its area code (電話 351-4602) is backed when a quote from a page
    on the same site states the area code the site leaves out: both are the site's own words."""
    for stated in sources:
        for code in _AREA_CODE.findall(unicodedata.normalize("NFKC", stated.quote)):
            local = wanted.removeprefix(code)
            if local == wanted or len(local) < 6:
                continue
            if any(host(s.url) == host(stated.url) and local in digits(s.quote) for s in sources):
                return True
    return False


def backing_problem(kind: str, value: str, sources: Sequence[Quoted]) -> str | None:
    """Why ``value`` is not backed by ``sources``, or None when a source states it."""
    quotes = [s.quote for s in sources]
    if kind == "phone":
        wanted = digits(value)
        if any(wanted in digits(q) for q in quotes) or _local_part_backed(wanted, sources):
            return None
        return f"phone number {value} has no backing: no cited source quote contains it"
    if kind in {"web", "chat"}:
        if any(plain(value) in plain(q) for q in quotes) or host(value) in {host(s.url) for s in sources}:
            return None
        return f"{value} has no backing: it is on no cited site and in no quote"
    needle = plain(_place(value) if kind == "visit" else value)
    if needle and any(needle in plain(q) for q in quotes):
        return None
    return f"{kind} {value!r} has no backing: no cited source quote contains it"
