"""The search with its answers shown as the API's response, for the command line, the
evaluation, the benchmark and tests: one call from text to ``SearchResponse``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.catalog.hours import now_tokyo
from bot.catalog.kb import KnowledgeBase
from bot.present.answers import response_out
from bot.present.schemas import SearchResponse
from bot.search.service import Audience, Channel, SearchService


@dataclass(frozen=True)
class ShownSearch:
    finder: SearchService

    @property
    def kb(self) -> KnowledgeBase:
        return self.finder.kb

    def search(
        self,
        text: str,
        *,
        limit: int = 5,
        audience: Audience = "public",
        at: datetime | None = None,
        channel: Channel = "api",
    ) -> SearchResponse:
        at = at or now_tokyo()
        answer = self.finder.search(text, limit=limit, audience=audience, channel=channel)
        return response_out(self.kb, answer, at=at)
