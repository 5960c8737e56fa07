"""Crisis detection: is she in danger now, and of what kind?

Separate from the search on purpose: it has its own lexicon
(``knowledge/crisis.yaml``), favours recall, and is checked sentence by
sentence so that a past event, a denial or a figure of speech in one
sentence does not hide a danger stated in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalog.models import CrisisLexicon
from bot.search.analyzer import Analysis, Analyzer
from bot.search.matching import CompiledRule, TermForm, occurs, words_of
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
    rule: CompiledRule
    alone_only: bool


class CrisisDetector:
    def __init__(self, lexicon: CrisisLexicon, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._order = [k.id for k in lexicon.kinds]
        self._signals = [
            _Signal(kind=s.kind, rule=CompiledRule.of(s, analyzer), alone_only=s.alone_only)
            for s in lexicon.signals
        ]
        self._suppressors = tuple(TermForm.of(t, analyzer) for t in lexicon.suppressors)
        self._idioms = tuple(
            sorted(
                (strip_punct(normalize(i)).replace(" ", "") for i in lexicon.idioms), key=len, reverse=True
            )
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

    def has_idioms(self, text: str) -> bool:
        normalized = normalize(text)
        return any(idiom in normalized for idiom in self._idioms)

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
    def _fires(signal: _Signal, analysis: Analysis, words: str, whole: str) -> bool:
        for term in signal.rule.matching_terms(analysis, words):
            # A bare cry for help fires only when it is (nearly) the whole message.
            if not signal.alone_only or len(whole) <= len(term.surface.replace(" ", "")) + 3:
                return True
        return signal.rule.groups_match(analysis, words)
