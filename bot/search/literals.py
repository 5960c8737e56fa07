"""What a regular expression must find written before it can match: a quick first test.

The crisis lexicon's forms in Chinese, Korean and latin letters are searched as one long
expression of hundreds of alternatives (``concepts.Terms``); run on every sentence, it costs
more than the rest of the detector. Yet each alternative holds literal text that any match
of it contains (水泥 in 水泥.{0,3}吃, one of 수면제 or 안정제): where a sentence holds none
of those texts, the expression cannot match there and is not run. The texts are read from
the expression as Python's own ``re`` parses it, so the test is exact, never a guess.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

try:  # the parser behind re.compile (Python 3.11 on); without it, expressions always run
    _PARSER: Any = importlib.import_module("re._parser")
    _OPS: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - every Python the project runs on has them
    _PARSER = _OPS = None

MAX_CLASS = 64  # a character class of more characters than this says too little to test for

Needs = frozenset[str]  # texts one of which every match holds


@dataclass(frozen=True, slots=True)
class Expression:
    """A compiled expression with its quick test: ``gate`` matches wherever the expression
    does (None when no literal text is known; the expression is then always run)."""

    regex: re.Pattern[str]
    gate: re.Pattern[str] | None

    @classmethod
    def of(cls, pattern: str) -> Expression:
        return cls(regex=re.compile(pattern), gate=any_of(needed(pattern) or ()))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.gate is not None and self.gate.search(text) is None:
            return iter(())
        return self.regex.finditer(text)


def any_of(texts: Iterable[str]) -> re.Pattern[str] | None:
    """An expression that finds whether any of ``texts`` occurs (None for no texts): one scan
    of the text in C, where looking for each text in turn is a loop in Python."""
    ordered = sorted(set(texts), key=len, reverse=True)  # longer first, as the forms are joined
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def needed(pattern: str) -> Needs | None:
    """Texts one of which every match of ``pattern`` contains, or None when none are known
    (an expression that may match nothing at all, or ignores case)."""
    if _PARSER is None:
        return None
    parsed = _PARSER.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _in_sequence(parsed)


def _in_sequence(items: Iterable[tuple[Any, Any]]) -> Needs | None:
    """A match of a sequence holds a match of each of its parts, and the characters of
    adjacent literals together: the most telling of those needs (longest shortest text)."""
    best: Needs | None = None
    run = ""
    for op, value in (*items, (None, None)):
        if op is _OPS.LITERAL:
            run += chr(value)
            continue
        if run:
            best = _better(best, frozenset({run}))
            run = ""
        if op is not None:
            best = _better(best, _in_item(op, value))
    return best


def _in_item(op: Any, value: Any) -> Needs | None:
    if op is _OPS.IN:  # a character class: one of its characters
        chars: set[str] = set()
        for kind, item in value:
            if kind is _OPS.LITERAL:
                chars.add(chr(item))
            elif kind is _OPS.RANGE and item[1] - item[0] < MAX_CLASS:
                chars.update(map(chr, range(item[0], item[1] + 1)))
            else:  # negated, a category (\d), a wide range
                return None
        return frozenset(chars) if len(chars) <= MAX_CLASS else None
    if op is _OPS.SUBPATTERN:  # (group, flags added, flags removed, its sequence)
        return None if value[1] & re.IGNORECASE else _in_sequence(value[3])
    if op is _OPS.ATOMIC_GROUP:
        return _in_sequence(value)
    if op is _OPS.BRANCH:  # one alternative matches: what each needs, together
        needs: set[str] = set()
        for alternative in value[1]:
            need = _in_sequence(alternative)
            if need is None:
                return None
            needs |= need
        return frozenset(needs)
    if op in {_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT}:  # (least, most, sequence)
        return _in_sequence(value[2]) if value[0] >= 1 else None
    return None  # a look-around, an anchor, any character, a back reference: nothing to hold


def _better(one: Needs | None, other: Needs | None) -> Needs | None:
    if one is None or other is None:
        return one if other is None else other
    rank = [(min(map(len, n), default=0), -len(n)) for n in (one, other)]
    return one if rank[0] >= rank[1] else other
