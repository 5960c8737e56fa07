"""Reply builders are pure and stay within LINE's limits, whatever the knowledge base holds."""

from __future__ import annotations

import json

import pytest

from bot.catalog.hours import now_tokyo
from bot.catalog.kb import KnowledgeBase
from bot.line import cards
from bot.line import messages as m
from bot.line.conversation import Conversation
from bot.line.details import region_of
from bot.line.events import Incoming
from bot.present.results import result_by_id
from bot.search.service import SearchService
from bot.state.store import MemoryStore, hashed_key


@pytest.fixture
def conversation(search: SearchService) -> Conversation:
    return Conversation(search, MemoryStore())


def test_tel_uris_are_digits_only_and_a_short_code_has_its_hash_encoded() -> None:
    assert m.tel_uri("03-5261-3110") == "tel:0352613110"
    assert m.tel_uri("0120-279-338") == "tel:0120279338"
    # An unencoded # would start the URI's fragment: the dialer would get nothing.
    assert m.tel_uri("#8008") == "tel:%238008"
    assert m.tel_uri("# 9110") == "tel:%239110"
    assert m.tel_uri("#80081") is None and m.tel_uri("110番") is None


def test_postback_data_over_the_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        m.postback_data("detail", id="x" * 400)


def test_problems_finds_each_broken_limit() -> None:
    bad = [
        {"type": "text", "text": "あ" * 5001},
        {"type": "flex", "altText": "", "contents": {"type": "carousel", "contents": []}},
        {
            "type": "text",
            "text": "ok",
            "quickReply": {
                "items": [
                    {"type": "action", "action": {"type": "uri", "label": "x" * 21, "uri": "tel:#8008"}}
                ]
                * 14
            },
        },
    ]
    found = "\n".join(m.problems(bad))
    for expected in [
        "5001 characters",
        "altText of 0",
        "0 bubbles",
        "14 quick replies",
        "over 20",
        "not digits only",
    ]:
        assert expected in found
    assert m.problems([]) == ["0 messages (1 to 5 allowed)"]


def test_carousel_keeps_twelve_bubbles_and_fifty_kilobytes(search: SearchService) -> None:
    results = [r for e in search.kb if (r := result_by_id(search.kb, e.id)) is not None][:20]
    message = cards.carousel(results, "ja", at=now_tokyo())
    assert len(message["contents"]["contents"]) == m.MAX_BUBBLES
    assert m.problems([message]) == []
    assert len(json.dumps(message["contents"], ensure_ascii=False).encode()) <= m.MAX_FLEX_BYTES


def test_every_service_bubble_fits_and_has_hours_and_checked_date(search: SearchService) -> None:
    for entry in search.kb:
        result = result_by_id(search.kb, entry.id)
        assert result is not None
        bubble = cards.carousel([result], "ja", at=now_tokyo())
        assert m.problems([bubble]) == [], entry.id
        text = json.dumps(bubble, ensure_ascii=False)
        if result.contacts:
            assert "確認日" in text, entry.id


def test_every_reply_to_every_example_fits(kb: KnowledgeBase, conversation: Conversation) -> None:
    key = hashed_key(b"k", "user", "U1")
    for text in [t for e in kb for t in e.examples]:
        reply = conversation.respond(Incoming(kind="text", state_key=key, text=text))
        assert m.problems(reply.messages) == [], text


def test_every_topic_and_detail_reply_fits(kb: KnowledgeBase, conversation: Conversation) -> None:
    key = hashed_key(b"k", "user", "U2")
    for topic in kb.taxonomy.topics:
        reply = conversation.respond(Incoming(kind="postback", state_key=key, data=f"a=topic&t={topic.id}"))
        assert m.problems(reply.messages) == [], topic.id
    for entry in kb:
        reply = conversation.respond(Incoming(kind="postback", state_key=key, data=f"a=detail&id={entry.id}"))
        assert m.problems(reply.messages) == [], entry.id
        assert entry.name in reply.messages[0]["text"]


def test_state_holds_entry_ids_not_her_words(conversation: Conversation) -> None:
    key = hashed_key(b"k", "user", "U3")
    conversation.respond(Incoming(kind="text", state_key=key, text="ピンク色のカバの夫が怖い"))
    stored = json.dumps(conversation.store.get(key), ensure_ascii=False)
    assert "ids" in stored and "カバ" not in stored and "U3" not in key


def test_region_of_address() -> None:
    assert region_of("東京都渋谷区神南1-1") == "ku"
    assert region_of("東京都北区王子") == "ku"
    assert region_of("東京都町田市") == "tama"
    assert region_of("東京都大島町") == "tama"
    assert region_of("大阪府大阪市北区") == "other"
    assert region_of("") == "unknown"


def test_memory_store_expires_and_claims_once() -> None:
    now = [0.0]
    store = MemoryStore(clock=lambda: now[0])
    assert store.claim("event:1", 10) and not store.claim("event:1", 10)
    store.put("user:a", {"ids": ["x"]}, 5)
    now[0] = 6.0
    assert store.get("user:a") is None
    now[0] = 11.0
    assert store.claim("event:1", 10)
