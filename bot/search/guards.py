"""Messages that get no services: someone hunting a woman or a shelter, spam, markup."""

from __future__ import annotations

from bot.catalog.lexicons import Guards
from bot.search.analyzer import Analysis, Analyzer
from bot.search.matching import CompiledRule, TermForm, occurs, words_of
from bot.search.normalize import normalize, strip_punct

# The reason given when the scope model finds a message to be everyday chat (bot.search.service).
EVERYDAY = "everyday"
# Reasons that say the message asks for nothing a service gives (not that someone is hunted).
OFF_TOPIC_REASONS = frozenset({"errand", EVERYDAY})
# Where a shelter is: its place is never told, but the front door that arranges a stay is.
SHELTER_REASON = "shelter-location"


class DeclineGuard:
    def __init__(self, guards: Guards, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._rules = [
            (
                rule.id,
                CompiledRule.of(rule, analyzer),
                tuple(TermForm.of(t, analyzer) for t in rule.none_of),
                rule.unless_danger,
            )
            for rule in guards.decline
        ]
        self._benign = tuple(
            sorted((strip_punct(normalize(b)).replace(" ", "") for b in guards.benign), key=len, reverse=True)
        )

    def declines(self, analysis: Analysis, *, danger: bool = False) -> bool:
        return self.reason(analysis, danger=danger) is not None

    def reason(self, analysis: Analysis, *, danger: bool = False) -> str | None:
        """The id of the first decline rule the message meets (locate, spam, ...), or None;
        ``danger``: the message tells of danger now, which sets an errand rule aside."""
        if any(b in analysis.surface for b in self._benign):
            # 「仕事を探したい」 is not a search for a person: take it out before the rules look.
            surface = analysis.surface
            for phrase in self._benign:
                surface = surface.replace(phrase, " ")
            analysis = self.analyzer.analyze(surface)
        words = words_of(analysis)
        return next(
            (
                rule_id
                for rule_id, rule, unless, soft in self._rules
                if not (soft and danger)
                and (rule.matching_terms(analysis, words) or rule.groups_match(analysis, words))
                and not any(occurs(t, analysis, words) for t in unless)
            ),
            None,
        )
