"""Messages that get no services: someone hunting a woman or a shelter, spam, markup."""

from __future__ import annotations

from bot.catalog.models import Guards
from bot.search.analyzer import Analysis, Analyzer
from bot.search.matching import CompiledRule, words_of


class DeclineGuard:
    def __init__(self, guards: Guards, analyzer: Analyzer) -> None:
        self._rules = [CompiledRule.of(rule, analyzer) for rule in guards.decline]

    def declines(self, analysis: Analysis) -> bool:
        words = words_of(analysis)
        return any(
            rule.matching_terms(analysis, words) or rule.groups_match(analysis, words) for rule in self._rules
        )
