"""The search service: what the API, the page, the command line and the LINE bot call.

It finds; showing what it found is ``bot.present``'s work."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from bot import metrics
from bot.catalog.kb import KnowledgeBase
from bot.catalog.places import municipality_in, serves_elsewhere
from bot.search.analyzer import Analysis, Analyzer
from bot.search.answer import Answer
from bot.search.crisis import MODEL_SIGN, CrisisDetector, CrisisFinding
from bot.search.crisis_features import message_features
from bot.search.guards import EVERYDAY, DeclineGuard
from bot.search.index import SearchIndex
from bot.search.normalize import bounded
from bot.search.query import Hit, rank

log = logging.getLogger(__name__)

Audience = Literal["public", "worker"]
Channel = Literal["api", "web", "line", "cli"]
MAX_LIMIT = 50
FOREIGN_TOPIC_BOOST = {"foreign": 3.0}
# English is read well by the vocabulary: the foreign residents' lines are offered, but not
# over the need her words name (a toddler and part-time work find the job centre).
ENGLISH_TOPIC_BOOST = {"foreign": 1.5}
UNCOVERED_LANGUAGES = frozenset({"zh", "ko", "vi", "tl", "th", "ne", "id", "pt", "es"})
CRISIS_TOPIC_BOOST = 2.5
CRISIS_ENTRY_BOOST = 4.0
CRISIS_ORDER_STEP = 0.3


@dataclass(frozen=True)
class SearchService:
    kb: KnowledgeBase
    analyzer: Analyzer
    index: SearchIndex
    crisis: CrisisDetector
    guard: DeclineGuard

    @classmethod
    def build(cls, kb: KnowledgeBase, analyzer: Analyzer | None = None) -> SearchService:
        """Index ``kb``; ``analyzer`` (from the base this one replaces) lends its Sudachi
        dictionary, and is used as it is while the base's stop words are the same."""
        if analyzer is None or analyzer.stopwords != kb.stopwords:
            analyzer = Analyzer(kb.stopwords, dictionary=analyzer.dictionary if analyzer else None)
        started = time.perf_counter()
        index = SearchIndex.build(kb, analyzer)
        log.info(
            "search index built: %d entries, %d phrases in %.0f ms",
            len(kb),
            len(index.phrases),
            (time.perf_counter() - started) * 1000,
        )
        return cls(
            kb=kb,
            analyzer=analyzer,
            index=index,
            crisis=CrisisDetector(kb.crisis, analyzer, kb.crisis_model),
            guard=DeclineGuard(kb.guards, analyzer),
        )

    def hits(self, text: str, *, limit: int = 5, audience: Audience = "public") -> list[Hit]:
        """The ranking alone, without the crisis detector or the scope model (for ``bot bench``)."""
        text = bounded(text)
        analysis = self.analyzer.analyze(text)
        if not analysis.surface or self.guard.declines(analysis):
            return []
        language = analysis.language
        return self._rank(text, analysis, language=language, limit=limit, audience=audience, finding=None)

    def everyday(self, text: str) -> bool:
        """The scope model's verdict alone, as if no service matched (for ``bot bench``)."""
        return self._everyday(bounded(text), [])

    def _rank(
        self,
        text: str,
        analysis: Analysis,
        *,
        language: str,
        limit: int,
        audience: Audience,
        finding: CrisisFinding | None,
    ) -> list[Hit]:
        """Rank for a message already analysed and not declined, in ``language``."""
        boost: dict[str, float] = {}
        entries: dict[str, float] = {}
        if language not in {"ja", "other"}:
            boost.update(ENGLISH_TOPIC_BOOST if language == "en" else FOREIGN_TOPIC_BOOST)
        # A finding of the lexicon's rules says which lines a danger needs, so they lead the
        # results too; the learned model's alone puts the crisis card first and leaves the
        # results to what her words find.
        if finding is not None and finding.signs != (MODEL_SIGN,):
            for kind in self.kb.crisis.kinds:
                if kind.id in finding.kinds:
                    boost.update({t: CRISIS_TOPIC_BOOST for t in kind.topics})
                    # In the lexicon's order: the first contact is the one to call first.
                    for i, entry_id in enumerate(kind.contacts):
                        weight = CRISIS_ENTRY_BOOST - CRISIS_ORDER_STEP * i
                        entries[entry_id] = max(entries.get(entry_id, 0.0), weight)
        # Figures of speech (死ぬほど疲れた) say nothing about the need.
        if self.crisis.has_idioms(text):
            analysis = self.analyzer.analyze(self.crisis.without_idioms(text))
        wanted = max(1, min(limit, MAX_LIMIT))
        # A ward's or city's own window is offered to its residents: when the message names
        # the place (新宿区の女性相談), or through the area she gave (page filter, LINE).
        here: list[str | None] = []  # the place, read only when a municipal window is found

        def elsewhere(entry_id: str) -> bool:
            entry = self.kb.get(entry_id)
            if entry is None or not entry.municipalities:
                return False
            if not here:
                here.append(municipality_in(text))
            return serves_elsewhere(entry, here[0])

        return rank(
            self.index,
            analysis,
            public=audience == "public",
            limit=wanted,
            skip=elsewhere,
            skipped_at_most=self._municipal_windows,
            boost_topics=boost,
            boost_entries=entries,
            # A message in a language the vocabulary barely covers, or one that signals
            # danger, still gets services; English junk such as "test" gets nothing.
            boost_alone=finding is not None
            or (language in UNCOVERED_LANGUAGES and len(analysis.surface) >= 8),
            reading=self.analyzer.reading,
        )

    @cached_property
    def _municipal_windows(self) -> int:
        return sum(1 for e in self.kb.entries if e.municipalities)

    def _everyday(self, text: str, hits: list[Hit]) -> bool:
        model = self.kb.scope_model
        if model is None or (hits and hits[0].score >= model.max_score):
            return False
        # A figure of speech of death (仕事多すぎて死ぬ) is distress put lightly: not brushed off.
        if self.crisis.has_idioms(text):
            return False
        return model.everyday(message_features(self.analyzer, text))

    def detect_crisis(self, text: str) -> CrisisFinding | None:
        return self.crisis.detect(text)

    def search(
        self,
        text: str,
        *,
        limit: int = 5,
        audience: Audience = "public",
        channel: Channel = "api",
    ) -> Answer:
        """The message analysed once: declined or not, the crisis finding, the ranked hits."""
        started = time.perf_counter()
        read = bounded(text)  # what one search may cost is bounded by what it reads
        analysis = self.analyzer.analyze(read)
        finding = self.crisis.detect(read) if analysis.surface else None
        danger = finding is not None
        reason = self.guard.reason(analysis, danger=danger) if analysis.surface else None
        language = analysis.language  # "other" for an empty message
        hits = (
            self._rank(read, analysis, language=language, limit=limit, audience=audience, finding=finding)
            if analysis.surface and reason is None
            else []
        )
        # Everyday chat is told apart for women (a worker's terse query is never taken for it),
        # and only where her words found no service plainly: the model's verdict and a weak
        # match, together; danger is never declined.
        if reason is None and audience == "public" and not danger and self._everyday(read, hits):
            reason, hits = EVERYDAY, []
        declined = reason is not None
        metrics.SEARCH_LATENCY.labels(channel).observe(time.perf_counter() - started)
        metrics.SEARCHES.labels(channel, metrics.search_outcome(declined=declined, results=len(hits))).inc()
        if finding:
            metrics.CRISIS.labels(channel).inc()
        return Answer(
            query=text,
            hits=tuple(hits),
            crisis=finding,
            language=language,
            kb_version=self.kb.version,
            declined_reason=reason,
        )
