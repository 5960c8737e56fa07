"""What every reply shares: her state (read and saved under an HMAC of her id), her language,
results shown as cards with a menu, the front door when nothing fits, and erasing her data.

State per person holds which entries were shown, how many, the reply language, text-only mode
and where she lives (23 wards or Tama, and her ward or city) if she told it, for 30 minutes.
Never her words. 「データを消す」 erases it at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from bot import feedback
from bot.catalog.hours import now_tokyo
from bot.catalog.places import own_windows
from bot.line import cards, menus
from bot.line import messages as m
from bot.line.copy import Lang, text
from bot.line.events import Incoming, Reply
from bot.line.ordering import PAGE, text_only_first
from bot.present.results import result_by_id
from bot.present.schemas import ResultOut
from bot.search.service import SearchService
from bot.state.store import CONVERSATION_TTL_SECONDS, StateStore, rate_key

FETCH = 12  # results fetched for one message: four pages of three
# The search (and its knowledge base) of the event being answered in this context: read once
# when the event starts, so that a reload landing mid-event cannot mix two bases in one reply.
_EVENT_SEARCH: ContextVar[SearchService | None] = ContextVar("event_search", default=None)


class Replies:
    def __init__(
        self,
        search: SearchService | Callable[[], SearchService],
        store: StateStore,
        *,
        clock: Callable[[], datetime] = now_tokyo,
    ) -> None:
        self._search = search
        self.store = store
        self.clock = clock

    @property
    def search(self) -> SearchService:
        """The search of the event being answered (see ``answering``), or the current one."""
        return _EVENT_SEARCH.get() or self._current()

    def _current(self) -> SearchService:
        return self._search if isinstance(self._search, SearchService) else self._search()

    @contextmanager
    def answering(self) -> Iterator[None]:
        """One event: the search, and with it the knowledge base, is read once for all of it."""
        token = _EVENT_SEARCH.set(self._current())
        try:
            yield
        finally:
            _EVENT_SEARCH.reset(token)

    def _state(self, incoming: Incoming) -> dict[str, Any]:
        if incoming.state_key is None:
            return {}
        return self.store.get(incoming.state_key) or {}

    def _save(self, incoming: Incoming, state: dict[str, Any]) -> None:
        if incoming.state_key is not None:
            self.store.put(incoming.state_key, state, CONVERSATION_TTL_SECONDS)

    def _lang(self, incoming: Incoming) -> Lang:
        lang = self._state(incoming).get("lang", "ja")
        return lang if lang in {"en", "easy"} else "ja"

    def _results(self, ids: list[str]) -> list[ResultOut]:
        at = self.clock()
        kb = self.search.kb
        return [r for i in ids if (r := result_by_id(kb, i, at=at))]

    def _show(
        self,
        incoming: Incoming,
        results: list[ResultOut],
        *,
        lang: Lang,
        intro: str,
        lead: list[m.Message] | None = None,
        crisis: bool = False,
    ) -> Reply:
        state = self._state(incoming)
        if state.get("text_only"):
            results = text_only_first(results)
        other_door = self.search.kb.line.other_region_door.get(state.get("region", "unknown"))
        results = [r for r in results if r.id != other_door]
        results = self._with_own_window(results, state.get("municipality"))
        ids = [r.id for r in results]
        page = results[:PAGE]
        self._save(incoming, {**state, "ids": ids, "shown": len(page), "lang": lang})
        out = list(lead or [])
        if page:
            carousel = cards.carousel(page, lang, at=self.clock(), text_first=bool(state.get("text_only")))
            remembered = menus.remembered(state, lang)
            menu = menus.menu(self.search.kb, lang, more=len(ids) > len(page), forget=bool(remembered))
            carousel["quickReply"] = m.quick_reply(menu)
            out.append(m.text_message(intro + (f"\n{remembered}" if remembered else "")))
            out.append(carousel)
        return Reply(messages=out, entry_ids=tuple(r.id for r in page), crisis=crisis)

    def _with_own_window(self, results: list[ResultOut], here: str | None) -> list[ResultOut]:
        """Her ward's or city's own window, beside the best fit when it serves the same needs."""
        if not here or not results:
            return results
        topics = {t for r in results[:PAGE] for t in r.topics}
        own = own_windows(self.search.kb, here, topics=topics, shown={r.id for r in results})
        return results[:1] + self._results([e.id for e in own]) + results[1:]

    def _front_door(self, incoming: Incoming, lang: Lang, intro: str) -> Reply:
        door = self._results(list(self.search.kb.line.front_doors["unknown"]))
        return self._show(incoming, door, lang=lang, intro=intro)

    def _erase(self, incoming: Incoming) -> None:
        """Everything kept under her pseudonymous id: the conversation, the per-minute count and
        her vote claims (the vote counts stay; they name no one)."""
        if incoming.state_key is not None:
            self.store.delete(incoming.state_key, rate_key(incoming.state_key))
            feedback.forget(self.store, incoming.state_key, self.search.kb)

    def _unknown(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        return Reply(
            messages=[
                m.text_message(text("unknown", lang), quick=menus.menu(self.search.kb, lang, more=False))
            ]
        )
