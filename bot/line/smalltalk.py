"""Whole messages that ask for nothing: a greeting, thanks, "are you a person?", emoji alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from bot.catalog.models import SmallTalk

Kind = Literal["greeting", "thanks", "human", "bye", "emoji"]
# Punctuation, symbols, laughter and the long vowel mark that decorate a short message.
_DECORATION = re.compile(r"[\s\W_ー〜～っッw笑]+", re.UNICODE)


def _folded(text: str) -> str:
    return _DECORATION.sub("", unicodedata.normalize("NFKC", text).casefold())


def classify(text: str, rules: Sequence[SmallTalk]) -> Kind | None:
    """The kind of small talk when nothing else is left of the message once its terms are
    taken out; ``emoji`` when there are no letters at all; None for anything to search."""
    rest = _folded(text)
    if not rest:
        return "emoji" if text.strip() else None
    found: Kind | None = None
    terms = sorted(((_folded(t), r.id) for r in rules for t in r.terms), key=lambda p: -len(p[0]))
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
