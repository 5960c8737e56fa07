"""What every reply shares: the event's search and her state (``bot.line.state``, read once and
saved once per event under an HMAC of her id), her language, results shown as cards with a
menu, the front door when nothing fits, and erasing her data (「データを消す」, at once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
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
from bot.line.state import ConversationState
from bot.present.results import result_by_id
from bot.present.schemas import ResultOut
from bot.search.service import SearchService
from bot.state.store import CONVERSATION_TTL_SECONDS, StateStore, rate_key

FETCH = 12  # results fetched for one message: four pages of three


@dataclass
class _Event:
    """The event being answered: its search (and knowledge base), read once when it starts so
    that a reload landing mid-event cannot mix two bases in one reply, and her state, read at
    most once and saved at most once, when the event is done."""

    search: SearchService
    key: str | None = None
    state: ConversationState | None = None
    changed: bool = False


_EVENT: ContextVar[_Event | None] = ContextVar("line_event", default=None)


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
        event = _EVENT.get()
        return event.search if event is not None else self._current()

    def _current(self) -> SearchService:
        return self._search if isinstance(self._search, SearchService) else self._search()

    @contextmanager
    def answering(self, incoming: Incoming) -> Iterator[None]:
        """One event: the search, and with it the knowledge base, is read once for all of it;
        her state is read at most once and, when it changed, saved once at the end."""
        event = _Event(search=self._current(), key=incoming.state_key)
        token = _EVENT.set(event)
        try:
            yield
        finally:
            _EVENT.reset(token)
        if event.changed and event.key is not None and event.state is not None:
            self.store.put(event.key, event.state.stored(), CONVERSATION_TTL_SECONDS)

    def _event(self, incoming: Incoming) -> _Event:
        event = _EVENT.get()
        if event is None or event.key != incoming.state_key:
            raise RuntimeError("a conversation's state is read within answering()")
        return event

    def _state(self, incoming: Incoming) -> ConversationState:
        if incoming.state_key is None:
            return ConversationState()
        event = self._event(incoming)
        if event.state is None:
            event.state = ConversationState.read(self.store.get(incoming.state_key))
        return event.state

    def _save(self, incoming: Incoming, state: ConversationState) -> None:
        if incoming.state_key is not None:
            event = self._event(incoming)
            event.state, event.changed = state, True

    def _update(self, incoming: Incoming, **changes: Any) -> None:
        """Her state with ``changes``, saved when the event is done."""
        self._save(incoming, self._state(incoming).model_copy(update=changes))

    def _lang(self, incoming: Incoming) -> Lang:
        lang = self._state(incoming).lang
        return "en" if lang == "en" else "easy" if lang == "easy" else "ja"

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
        if state.text_only:
            results = text_only_first(results)
        doors = self.search.kb.line.other_region_door.items()
        other_door = next((door for region, door in doors if region == state.region), None)
        results = [r for r in results if r.id != other_door]
        results = self._with_own_window(results, state.municipality)
        ids = [r.id for r in results]
        page = results[:PAGE]
        self._save(incoming, state.model_copy(update={"ids": tuple(ids), "shown": len(page), "lang": lang}))
        out = list(lead or [])
        if page:
            carousel = cards.carousel(page, lang, at=self.clock(), text_first=state.text_only)
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
            event = self._event(incoming)
            event.state, event.changed = ConversationState(), False

    def _unknown(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        return Reply(
            messages=[
                m.text_message(text("unknown", lang), quick=menus.menu(self.search.kb, lang, more=False))
            ]
        )
