"""Messages that get no services: someone hunting a woman or a shelter, spam, markup."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.catalog.lexicons import Guards
from bot.search.analyzer import Analysis, Analyzer
from bot.search.matching import CompiledRule, TermForm, TermTable, words_of
from bot.search.normalize import normalize, strip_punct

# The reason given when the scope model finds a message to be everyday chat (bot.search.service).
EVERYDAY = "everyday"
# Reasons that say the message asks for nothing a service gives (not that someone is hunted).
OFF_TOPIC_REASONS = frozenset({"errand", "story", "pet", "word", EVERYDAY})
# Where a shelter is: its place is never told, but the front door that arranges a stay is.
SHELTER_REASON = "shelter-location"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A decline rule with its terms as positions in the guard's one term table."""

    id: str
    terms: frozenset[int]  # any one of them declines
    groups: tuple[frozenset[int], ...]  # or one of each group
    unless: frozenset[int]  # unless one of these occurs too
    soft: bool  # set aside when the message tells of danger now

    def met(self, found: set[int], *, danger: bool) -> bool:
        if self.soft and danger:
            return False
        hit = not found.isdisjoint(self.terms) or (
            bool(self.groups) and all(not found.isdisjoint(group) for group in self.groups)
        )
        return hit and found.isdisjoint(self.unless)


class DeclineGuard:
    def __init__(self, guards: Guards, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        # Every rule's terms go into one table: a message is matched against all of them at
        # once (only the terms it holds a key of are tried), not rule by rule, term by term.
        forms: dict[TermForm, int] = {}

        def positions(terms: Iterable[TermForm]) -> frozenset[int]:
            return frozenset(forms.setdefault(t, len(forms)) for t in terms)

        self._rules: list[_Rule] = []
        for rule in guards.decline:
            compiled = CompiledRule.of(rule, analyzer)
            self._rules.append(
                _Rule(
                    id=rule.id,
                    terms=positions(compiled.terms),
                    groups=tuple(positions(group) for group in compiled.groups),
                    unless=positions(TermForm.of(t, analyzer) for t in rule.none_of),
                    soft=rule.unless_danger,
                )
            )
        self._table = TermTable.of(tuple(forms))
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
        found = set(self._table.found(analysis, words_of(analysis)))
        return next((rule.id for rule in self._rules if rule.met(found, danger=danger)), None)
