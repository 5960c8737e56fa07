"""Typo-tolerant matching of names and vocabulary on what the person typed in kana or latin.

Exact matching (surface, reading, lemmas) comes first; this catches one slip of the
finger in a word she typed phonetically: しぇるた for シェルター, ドメステック for
ドメスティック, shelterr for shelter. Candidates come from a deletion neighbourhood
(every form with one character removed), so a query costs dictionary lookups, not a
scan; each candidate is then confirmed with rapidfuzz's optimal-string-alignment
distance (one insertion, deletion, substitution or swap).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.search.analyzer import Analysis
from bot.search.matching import TermForm

MIN_LENGTH = 5  # a slip in a shorter word makes another word too often
MAX_LENGTH = 14
MAX_EDITS = 1
# Stretches tried per message: a real message gives under a hundred, a page of random kana
# over ten thousand (each costing a dozen look-ups); past this many, the rest go untried.
MAX_WINDOWS = 1000
_KANA_RUN = re.compile(r"[\u30a1-\u30faー]{4,}")
_LATIN_WORD = re.compile(r"[a-z]{4,}")


def _deletions(text: str) -> Iterator[str]:
    yield text
    for i in range(len(text)):
        yield text[:i] + text[i + 1 :]


def _target(form: TermForm) -> str | None:
    text = form.surface if form.latin else form.reading
    if form.latin and not text.isalpha():
        return None
    return text if MIN_LENGTH <= len(text) <= MAX_LENGTH else None


@dataclass(frozen=True)
class FuzzyTable:
    targets: tuple[str | None, ...]
    neighbours: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, forms: tuple[TermForm, ...]) -> FuzzyTable:
        targets = tuple(_target(f) for f in forms)
        neighbours: dict[str, set[int]] = {}
        for i, target in enumerate(targets):
            if target is not None:
                for variant in _deletions(target):
                    neighbours.setdefault(variant, set()).add(i)
        return cls(targets=targets, neighbours={k: tuple(sorted(v)) for k, v in neighbours.items()})

    def found(self, analysis: Analysis, *, skip: set[int]) -> list[int]:
        """Forms within one edit of a stretch of kana or a latin word the person typed."""
        hits: set[int] = set()
        for window in _windows(analysis):
            for variant in _deletions(window):
                for i in self.neighbours.get(variant, ()):
                    target = self.targets[i]
                    if i in skip or i in hits or target is None:
                        continue
                    if OSA.distance(window, target, score_cutoff=MAX_EDITS) <= MAX_EDITS:
                        hits.add(i)
        return sorted(hits)


def _windows(analysis: Analysis) -> set[str]:
    """Latin words, and stretches of kana that hold a character of no known word: a slip is
    forgiven in しぇるた (し・ぇ・る・た), never across words the dictionary knows
    (ホテルで is not ほてり, しょうがない is not 障害, もらえない is not 払えない)."""
    windows = {w for w in _LATIN_WORD.findall(analysis.plain) if len(w) >= MIN_LENGTH - 1}
    known = analysis.mixed_known
    aligned = len(known) == len(analysis.mixed)
    for run in _KANA_RUN.finditer(analysis.mixed):
        text, start = run.group(), run.start()
        for i in range(len(text) - (MIN_LENGTH - MAX_EDITS) + 1):
            for size in range(MIN_LENGTH - MAX_EDITS, min(len(text) - i, MAX_LENGTH + MAX_EDITS) + 1):
                if not aligned or "0" in known[start + i : start + i + size]:
                    windows.add(text[i : i + size])
            if len(windows) >= MAX_WINDOWS:  # from the start of the message on: the rest untried
                return windows
    return windows
