"""One event sees one knowledge base and one state: the search and her state are read once per
event, and her state is saved once."""

from __future__ import annotations

from typing import Any

from bot.line.conversation import Conversation
from bot.line.events import Incoming
from bot.line.state import ConversationState
from bot.search.service import SearchService
from bot.state.store import MemoryStore


def test_an_event_reads_the_search_once_so_a_reload_cannot_split_a_reply(search: SearchService) -> None:
    reads: list[SearchService] = []

    def current() -> SearchService:  # what the app passes: app.state.search, swapped by a reload
        reads.append(search)
        return search

    conversation = Conversation(current, MemoryStore())
    reply = conversation.respond(Incoming(kind="text", state_key="k", text="夫が怖くて家に帰れない"))
    assert reply.entry_ids and len(reads) == 1
    conversation.respond(Incoming(kind="postback", state_key="k", data="a=more"))
    assert len(reads) == 2
    conversation.slow_down(Incoming(kind="text", state_key="k", text="…"))
    assert len(reads) == 3


class _CountingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.gets = 0
        self.puts = 0

    def get(self, key: str) -> dict[str, Any] | None:
        self.gets += 1
        return super().get(key)

    def put(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self.puts += 1
        super().put(key, value, ttl)


def test_an_event_reads_her_state_once_and_saves_it_once(search: SearchService) -> None:
    store = _CountingStore()
    conversation = Conversation(search, store)
    # Her ward (remembered) and results (shown): two changes, one write.
    reply = conversation.respond(Incoming(kind="text", state_key="k", text="新宿区に住んでます。夫が怖い"))
    assert reply.entry_ids
    assert (store.gets, store.puts) == (1, 1)
    state = ConversationState.read(store.get("k"))
    assert state.municipality == "新宿区" and state.region == "ku"
    assert state.ids[: state.shown] == reply.entry_ids


def test_a_state_that_cannot_be_read_starts_afresh() -> None:
    assert ConversationState.read({"shown": "many", "ids": 3}) == ConversationState()
    assert ConversationState.read({"lang": "en", "written_by": "a newer replica"}).lang == "en"
    assert ConversationState(lang="en", ids=("a",)).stored() == {"lang": "en", "ids": ["a"]}
