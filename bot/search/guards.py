"""Messages that get no services: someone hunting a woman or a shelter, spam, markup."""

from __future__ import annotations

from bot.catalog.models import Guards
from bot.search.analyzer import Analysis, Analyzer
from bot.search.matching import TermForm, occurs, words_of


class DeclineGuard:
    def __init__(self, guards: Guards, analyzer: Analyzer) -> None:
        self._rules = [
            (
                tuple(TermForm.of(t, analyzer) for t in rule.terms),
                tuple(tuple(TermForm.of(t, analyzer) for t in g) for g in rule.all_of),
            )
            for rule in guards.decline
        ]

    def declines(self, analysis: Analysis) -> bool:
        words = words_of(analysis)
        for terms, groups in self._rules:
            if any(occurs(t, analysis, words) for t in terms):
                return True
            if groups and all(any(occurs(t, analysis, words) for t in g) for g in groups):
                return True
        return False
