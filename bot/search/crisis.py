"""Crisis detection: is she in danger now, and of what kind?

Separate from the search on purpose: it has its own lexicon
(``knowledge/crisis.yaml``) and favours recall. A sentence that tells of
the past, a denial or a figure of speech is set aside on its own, so that it
does not hide a danger stated in another sentence.
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

    def detect(self, text: str, *, analysis: Analysis | None = None) -> CrisisFinding | None:
        """``analysis``: the whole text's, if the caller has it (saves tokenising it again).

        A sentence that speaks of the past, denies or jokes (昔, ほどじゃない, 笑) is set
        aside; the signals are looked for in the rest taken together, so that 「15歳。
        家で殴られる」 is still a child in danger although age and blows are in two sentences.
        """
        plain = strip_punct(normalize(text))
        analysis = analysis or self._analyzer.analyze(text)
        sentences = self._sentences(text)
        if not self._suppressed(analysis):
            kept = sentences  # nothing in the whole text sets a sentence aside: no need to look at each
        else:
            kept = [s for s in sentences if not self._suppressed(self._analysis(s, plain, analysis))]
        if not kept:
            return None
        here = self._analysis(" ".join(kept), plain, analysis)
        words = words_of(here)
        whole = plain.replace(" ", "")
        found = {signal.kind for signal in self._signals if self._fires(signal, here, words, whole)}
        if not found:
            return None
        return CrisisFinding(kinds=tuple(k for k in self._order if k in found))

    def _analysis(self, part: str, plain: str, given: Analysis) -> Analysis:
        """An analysis depends only on the text without punctuation: the whole text's serves
        for a part that is all of it (a message of one sentence, nothing set aside)."""
        if strip_punct(normalize(part)) == plain:
            return given
        return self._analyzer.analyze(part)

    def _suppressed(self, analysis: Analysis) -> bool:
        words = words_of(analysis)
        return any(s.surface in analysis.surface or occurs(s, analysis, words) for s in self._suppressors)

    def has_idioms(self, text: str) -> bool:
        normalized = normalize(text)
        return any(idiom in normalized for idiom in self._idioms)

    def without_idioms(self, text: str) -> str:
        """The text with figures of speech (死ぬほど, マジ死んだ) taken out."""
        text = _ELLIPSIS.sub(" ", normalize(text))
        for idiom in self._idioms:
            text = text.replace(idiom, " ")
        return text

    def _sentences(self, text: str) -> list[str]:
        """Split where she wrote 。, ！, ？ or a new line: normalising turns 。 and line breaks
        into spaces, so the split comes first. An ellipsis (…, ...) does not end a sentence."""
        parts = _SENTENCE_END.split(_ELLIPSIS.sub(" ", text))
        return [s for s in (self.without_idioms(p).strip() for p in parts) if s]

    @staticmethod
    def _fires(signal: _Signal, analysis: Analysis, words: str, whole: str) -> bool:
        for term in signal.rule.matching_terms(analysis, words):
            # A bare cry for help fires only when it is (nearly) the whole message.
            if not signal.alone_only or len(whole) <= len(term.surface.replace(" ", "")) + 3:
                return True
        return signal.rule.groups_match(analysis, words)
