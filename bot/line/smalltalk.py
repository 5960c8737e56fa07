"""Whole messages that ask for nothing: a greeting, thanks, "are you a person?", emoji alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from bot.catalog.lexicons import SmallTalk

Kind = Literal["greeting", "thanks", "human", "bye", "emoji"]
# Punctuation, symbols, laughter and the long vowel mark that decorate a short message.
_DECORATION = re.compile(r"[\s\W_ー〜～っッw笑]+", re.UNICODE)


def _folded(text: str) -> str:
    return _DECORATION.sub("", unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=4)
def _terms(rules: tuple[SmallTalk, ...]) -> list[tuple[str, Kind]]:
    """Every term folded, longest first; made once for each knowledge base."""
    return sorted(((_folded(t), r.id) for r in rules for t in r.terms), key=lambda p: -len(p[0]))


def classify(text: str, rules: Sequence[SmallTalk]) -> Kind | None:
    """The kind of small talk when nothing else is left of the message once its terms are
    taken out; ``emoji`` when there are no letters at all; None for anything to search."""
    rest = _folded(text)
    if not rest:
        return "emoji" if text.strip() else None
    found: Kind | None = None
    terms = _terms(tuple(rules))
    changed = True
    while rest and changed:
        changed = False
        for term, kind in terms:
            if term and term in rest:
                rest = rest.replace(term, "", 1)
                found = found or kind
                changed = True
                break
    return found if not rest else None


_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_KANJI = re.compile(r"[\u4e00-\u9fff]")


def wants_easy_japanese(text: str, cues: Sequence[str]) -> bool:
    """She says she reads little Japanese, or writes hiragana word by word (わたし は こまって)."""
    folded = unicodedata.normalize("NFKC", text)
    if any(cue in folded for cue in cues):
        return True
    words = folded.split()
    letters = "".join(words)
    if len(words) < 3 or not letters:
        return False
    hiragana = len(_HIRAGANA.findall(letters))
    return hiragana / len(letters) >= 0.7 and not _KANJI.search(letters)
