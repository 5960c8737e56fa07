"""Crisis detection: is she in danger now, and of what kind?

Separate from the search on purpose: it has its own lexicon
(``knowledge/crisis.yaml``), favours recall, and is checked sentence by
sentence so that a past event, a denial or a figure of speech in one
sentence does not hide a danger stated in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalog.models import CrisisLexicon, CrisisSignal
from bot.search.analyzer import Analyzer
from bot.search.matching import TermForm, occurs, words_of
from bot.search.normalize import normalize, strip_punct

_SENTENCE_END = re.compile(r"[。．.!?！？\n]+")
_ELLIPSIS = re.compile(r"\.{2,}|…+|‥+")
EMERGENCY_KINDS = frozenset({"violence", "medical", "child", "sexual-assault"})


@dataclass(frozen=True, slots=True)
class CrisisFinding:
    kinds: tuple[str, ...]

    @property
    def level(self) -> str:
        return "emergency" if EMERGENCY_KINDS & set(self.kinds) else "urgent"


@dataclass(frozen=True, slots=True)
class _Signal:
    kind: str
    terms: tuple[TermForm, ...]
    groups: tuple[tuple[TermForm, ...], ...]
    alone_only: bool


class CrisisDetector:
    def __init__(self, lexicon: CrisisLexicon, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._order = [k.id for k in lexicon.kinds]
        self._signals = [self._compile(s) for s in lexicon.signals]
        self._suppressors = tuple(TermForm.of(t, analyzer) for t in lexicon.suppressors)
        self._idioms = tuple(
            sorted(
                (strip_punct(normalize(i)).replace(" ", "") for i in lexicon.idioms), key=len, reverse=True
            )
        )

    def _compile(self, signal: CrisisSignal) -> _Signal:
        def forms(terms: tuple[str, ...]) -> tuple[TermForm, ...]:
            return tuple(TermForm.of(t, self._analyzer) for t in terms)

        return _Signal(
            kind=signal.kind,
            terms=forms(signal.terms),
            groups=tuple(forms(group) for group in signal.all_of),
            alone_only=signal.alone_only,
        )

    def detect(self, text: str) -> CrisisFinding | None:
        normalized = normalize(text)
        whole = strip_punct(normalized).replace(" ", "")
        found: set[str] = set()
        for sentence in self._sentences(normalized):
            analysis = self._analyzer.analyze(sentence)
            words = words_of(analysis)
            if any(s.surface in analysis.surface or occurs(s, analysis, words) for s in self._suppressors):
                continue
            for signal in self._signals:
                if signal.kind in found:
                    continue
                if self._fires(signal, analysis, words, whole):
                    found.add(signal.kind)
        if not found:
            return None
        return CrisisFinding(kinds=tuple(k for k in self._order if k in found))

    def without_idioms(self, text: str) -> str:
        """The text with figures of speech (死ぬほど, マジ死んだ) taken out."""
        text = _ELLIPSIS.sub(" ", normalize(text))
        for idiom in self._idioms:
            text = text.replace(idiom, " ")
        return text

    def _sentences(self, normalized: str) -> list[str]:
        text = self.without_idioms(normalized)
        return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]

    @staticmethod
    def _fires(signal: _Signal, analysis, words: str, whole: str) -> bool:  # type: ignore[no-untyped-def]
        for term in signal.terms:
            if occurs(term, analysis, words):
                if signal.alone_only and len(whole) > len(term.surface.replace(" ", "")) + 3:
                    continue
                return True
        if signal.groups:
            return all(any(occurs(t, analysis, words) for t in group) for group in signal.groups)
        return False
