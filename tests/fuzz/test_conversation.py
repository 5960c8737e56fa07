"""Arbitrary events straight into the conversation: every reply fits LINE's limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linebot.v3.messaging import ReplyMessageRequest

from bot.line.conversation import Conversation
from bot.line.events import Incoming, Kind, Source
from bot.line.messages import problems
from bot.search.service import SearchService
from bot.state.store import MemoryStore
from tests.helpers import strategies as s

incomings = st.builds(
    Incoming,
    kind=st.sampled_from(get_args(Kind)),
    source=st.sampled_from(get_args(Source)),
    # A few people, so that state (pages shown, language, text-only) carries between events.
    state_key=st.one_of(st.none(), st.sampled_from(["user:a", "user:b", "group:c"])),
    text=s.long_messages,
    data=s.postback_data(),
    address=st.one_of(s.messages, st.sampled_from(["東京都新宿区西新宿", "東京都八王子市", "大阪府大阪市"])),
)


@pytest.fixture(scope="module")
def new_conversation(search: SearchService) -> Callable[[], Conversation]:
    """A fresh conversation (and state) over the session's search, with a short repr."""
    return lambda: Conversation(search, MemoryStore())


def _may_be_silent(incoming: Incoming) -> bool:
    """Leaving says nothing; a group or room hears the notice once a day."""
    group_notice = incoming.kind == "join" or incoming.source != "user"
    return incoming.kind == "unfollow" or (group_notice and incoming.state_key is not None)


@given(events=st.lists(incomings, min_size=1, max_size=6))
def test_every_reply_fits_lines_limits(
    new_conversation: Callable[[], Conversation], events: list[Incoming]
) -> None:
    conversation = new_conversation()
    for incoming in events:
        reply = conversation.respond(incoming)
        if not reply.messages:
            assert _may_be_silent(incoming), incoming
            continue
        assert problems(reply.messages) == [], (incoming, problems(reply.messages))
        # The SDK the client sends them with accepts them too.
        ReplyMessageRequest.from_dict({"replyToken": "token", "messages": reply.messages})
        assert all(conversation.search.kb.get(i) for i in reply.entry_ids)


@given(data=s.postback_data(), before=st.lists(s.postback_data(), max_size=3))
def test_postbacks_after_browsing_fit_lines_limits(
    new_conversation: Callable[[], Conversation], data: str, before: list[str]
) -> None:
    conversation = new_conversation()
    conversation.respond(Incoming(kind="postback", state_key="user:a", data="a=topic&t=dv"))
    for earlier in before:
        conversation.respond(Incoming(kind="postback", state_key="user:a", data=earlier))
    reply = conversation.respond(Incoming(kind="postback", state_key="user:a", data=data))
    assert reply.messages and problems(reply.messages) == [], problems(reply.messages)
    ReplyMessageRequest.from_dict({"replyToken": "token", "messages": reply.messages})
