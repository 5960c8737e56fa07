"""One event sees one knowledge base: the search is read once per event, not at each step."""

from __future__ import annotations

from bot.line.conversation import Conversation
from bot.line.events import Incoming
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
