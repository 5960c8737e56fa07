"""The loaded, validated and immutable knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalog.crisis_model import CrisisModel
from bot.catalog.lexicons import CrisisLexicon, Guards, Taxonomy, Vocabulary
from bot.catalog.models import Entry
from bot.catalog.records import BudgetProgram, BudgetRecord, PlanMeasure, PlanRecord
from bot.catalog.scope_model import ScopeModel
from bot.catalog.wordlists import LineChoices, Places, Ranking, StopWords


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    taxonomy: Taxonomy
    vocabulary: Vocabulary
    plan: PlanRecord
    budget: BudgetRecord
    crisis: CrisisLexicon
    guards: Guards
    stopwords: StopWords
    places: Places
    ranking: Ranking
    line: LineChoices
    version: str
    root: Path
    crisis_model: CrisisModel | None = None
    scope_model: ScopeModel | None = None
    _by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def measure(self, no: int) -> PlanMeasure | None:
        return next((m for m in self.plan.measures if m.no == no), None)

    def program(self, slug: str) -> BudgetProgram | None:
        return next((p for p in self.budget.programs if p.slug == slug), None)

    def topic_label(self, topic_id: str) -> str:
        return next((t.label for t in self.taxonomy.topics if t.id == topic_id), topic_id)

    def contact_entry(self, entry: Entry) -> Entry | None:
        """The entry whose contacts a person uses to reach ``entry``."""
        if entry.channels:
            return entry
        if entry.front_door is not None:
            return self.get(entry.front_door)
        for rel in entry.related:
            other = self.get(rel)
            if other is not None and other.channels:
                return other
        return None

    def cited_refs(self) -> set[str]:
        return {ref for e in self.entries for ref in e.refs}
