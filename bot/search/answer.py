"""What the search finds for one message: ids and scores, never the shapes people see."""

from __future__ import annotations

from dataclasses import dataclass

from bot.search.crisis import CrisisFinding
from bot.search.query import Hit


@dataclass(frozen=True, slots=True)
class Answer:
    """One message's answer: the entries that fit (best first, each with its score and why),
    the crisis finding, the message's language and, when nothing is offered, why.

    Showing it (the API's JSON, the page's cards, LINE messages) is ``bot.present``'s work."""

    query: str
    hits: tuple[Hit, ...]
    crisis: CrisisFinding | None
    language: str  # ja, en, zh, ko, vi, tl, th, ne, id, pt, es, or "other" (an empty message too)
    kb_version: str
    # Why nothing is offered: locate, contact-enquiry, shelter-location, steering, insult,
    # budget-total, spam or markup (the ids of knowledge/guards.yaml).
    declined_reason: str | None = None

    @property
    def declined(self) -> bool:
        return self.declined_reason is not None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(h.id for h in self.hits)
