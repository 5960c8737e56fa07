"""What she sees: a preview that reveals nothing, the line she can reach now first, short codes."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.catalog.hours import TOKYO, is_open
from bot.catalog.kb import KnowledgeBase
from bot.line import cards
from bot.line import messages as m
from bot.line.conversation import Conversation
from bot.line.events import Incoming
from bot.line.ordering import FIT_BAND, REACH_BAND, reachable_first
from bot.present.adapter import ShownSearch
from bot.search.service import SearchService
from bot.state.store import MemoryStore
from tests.helpers.fake_line import FakeLine
from tests.line.conftest import post, postback_event, text_event

NEUTRAL = {"ご案内が届きました", "You have a new message"}
HARM_MESSAGES = [
    "夫に殴られて顔が腫れてる",
    "元彼がずっと家の前で待ってる、こわい",
    "レイプされたかもしれない。病院に行くべき？",
    "もう死にたい。薬をたくさん飲んだ",
    "妊娠したけど相手と連絡が取れない",
    "ホストの売掛が300万ある",
    "今夜泊まるところがない",
    "子どもが夫に叩かれている",
    "My husband hits me and I can't go home",
    "I was raped last night",
    "彼氏に裸の写真をばらまくと脅されてる",
    "DVから逃げたい",
]
SATURDAY_NIGHT = datetime(2026, 12, 5, 23, 30, tzinfo=TOKYO)
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=TOKYO)


def _as_someone(text: str, n: int) -> dict[str, Any]:
    """A message from a user of her own, so that no per-minute limit is shared across tests."""
    return text_event(text, source={"type": "user", "userId": f"U{n:032x}"})


def _flex(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for x in messages if x.get("type") == "flex"]


def _buttons(node: Any) -> list[dict[str, Any]]:
    """Every action of a message, in the order a reader meets them."""
    return m._actions(node)


@pytest.mark.parametrize("text", HARM_MESSAGES)
def test_the_preview_names_no_service_harm_or_number(
    line_client: TestClient, line: FakeLine, kb: KnowledgeBase, text: str
) -> None:
    post(line_client, _as_someone(text, 0xA17 + HARM_MESSAGES.index(text)))
    (reply,) = line.replies()
    flex = _flex(reply["messages"])
    assert flex, "a harm message gets cards"
    for message in flex:
        alt = message["altText"]
        assert alt in NEUTRAL
        assert not any(ch.isdigit() for ch in alt)
        assert not any(e.name in alt for e in kb)


def test_the_crisis_card_leads_with_a_line_open_now(
    line_client: TestClient, line: FakeLine, kb: KnowledgeBase
) -> None:
    numbers = {c.value: c for e in kb for c in e.channels if c.type == "phone"}
    seen = 0
    for n, text in enumerate(HARM_MESSAGES):
        line.requests.clear()
        post(line_client, _as_someone(text, 0xC415 + n))
        (reply,) = line.replies()
        card = reply["messages"][0]
        calls = [a for a in _buttons(card) if a.get("type") == "uri" and a["uri"].startswith("tel:")]
        if card.get("type") != "flex" or "header" not in card["contents"] or not calls:
            continue
        seen += 1
        now = datetime.now(TOKYO)
        dialled = [a["label"].split(" ", 1)[1] for a in calls]
        states = [is_open(numbers[n].hours, now) for n in dialled if n in numbers]
        if True in states:
            assert states[0] is True, (text, dialled, states)
    assert seen >= 5


def _conversation(search: SearchService, at: datetime) -> Conversation:
    return Conversation(search, MemoryStore(), clock=lambda: at)


def _cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        b for x in _flex(messages) if x["contents"]["type"] == "carousel" for b in x["contents"]["contents"]
    ]


def test_late_on_saturday_a_closed_line_says_when_it_opens(search: SearchService) -> None:
    texts = ["妊娠したかもしれない", "ホストの売掛がやばい", "夫の暴力のことで相談したい", "性被害にあった"]
    shown = ""
    for text in texts:
        reply = _conversation(search, SATURDAY_NIGHT).respond(Incoming(kind="text", text=text))
        shown += json.dumps(reply.messages, ensure_ascii=False)
    whens = re.findall(r"受付時間外・((?:きょう|あす|\d+月\d+日（.）) \d+:\d\d から)", shown)
    assert whens and all(not w.startswith("きょう") for w in whens), whens
    assert "● 受付中" in shown


def test_the_dv_search_late_on_saturday_offers_a_line_open_now_on_the_first_page(
    search: SearchService,
) -> None:
    reply = _conversation(search, SATURDAY_NIGHT).respond(
        Incoming(kind="text", text="夫の暴力のことで相談したい")
    )
    cards = _cards(reply.messages)
    assert "● 受付中" in json.dumps(cards[0], ensure_ascii=False)  # the 24-hour line leads
    monday = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="夫の暴力のことで相談したい")
    )
    # In office hours the windows that fit best keep their places.
    assert [c["body"]["contents"][0]["text"] for c in _cards(monday.messages)][1].startswith(
        "東京都女性相談支援センター"
    )


def test_late_on_saturday_a_closed_window_never_leads_when_an_open_line_fits(shown: ShownSearch) -> None:
    for text in [
        "夫の暴力のことで相談したい",
        "家に帰れない",
        "性被害にあった",
        "ホストの売掛がやばい",
        "妊娠したかも",
    ]:
        ordered = reachable_first(list(shown.search(text, limit=12, at=SATURDAY_NIGHT).results))
        reach = [min((cards.reach_rank(c) for c in r.contacts), default=2) for r in ordered]
        if 0 in reach[:3]:
            assert reach[0] != 3, (text, [r.id for r in ordered[:3]], reach[:3])
        assert 0 in reach[:3] or 1 in reach[:3] or 0 not in reach, (text, reach)


@pytest.mark.parametrize("at", [SATURDAY_NIGHT, MONDAY_MORNING])
def test_reach_moves_a_result_only_among_those_that_fit_about_as_well(
    shown: ShownSearch, at: datetime
) -> None:
    for text in ["夫の暴力のことで相談したい", "家に帰れない", "ホストの売掛がやばい", "妊娠したかも"]:
        results = list(shown.search(text, limit=12, at=at).results)
        ordered = reachable_first(results)
        assert sorted(r.id for r in ordered) == sorted(r.id for r in results)
        jumped = [
            r
            for i, r in enumerate(ordered)
            if any(r.score < later.score * FIT_BAND for later in ordered[i + 1 :])
        ]
        # At most one line open now may come up past better fits, and only a fair fit.
        assert len(jumped) <= 1, (text, [r.id for r in jumped])
        for r in jumped:
            assert (
                any(c.open_now for c in r.contacts)
                and r.score >= max(x.score for x in results) * REACH_BAND * 0.99
            )


def test_a_short_code_can_be_called_and_copied(search: SearchService) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="夫に殴られた、逃げたい")
    )
    actions = [a for x in reply.messages for a in _buttons(x)]
    calls = {a["uri"] for a in actions if a.get("type") == "uri"}
    copies = {a["clipboardText"] for a in actions if a.get("type") == "clipboard"}
    short = {u for u in calls if u.startswith("tel:%23")}
    assert short, calls
    assert {"#" + u.removeprefix("tel:%23") for u in short} <= copies
    assert m.problems(reply.messages) == []


def test_erasing_her_data_erases_her_vote_claims_too(line_client: TestClient, line: FakeLine) -> None:
    someone = {"type": "user", "userId": "U" + "e" * 32}
    vote = "a=fb&id=josei-sodan-center&v=helpful"
    post(line_client, postback_event(vote, source=someone))
    post(line_client, postback_event(vote, source=someone))
    first, again = (json.dumps(r, ensure_ascii=False) for r in line.replies())
    assert "案内をよくする" in first and "もう受け取っています" in again  # counted once a day
    store = line_client.app.state.store  # type: ignore[attr-defined]
    keys = [k for k in store._items if k.startswith("vote:")]
    assert keys
    line.clear()
    post(line_client, postback_event("a=forget", source=someone))
    assert "消しました" in json.dumps(line.replies(), ensure_ascii=False)
    assert not [k for k in store._items if k.startswith("vote:") and k in keys]
    line.clear()
    post(line_client, postback_event(vote, source=someone))
    assert "案内をよくする" in json.dumps(line.replies(), ensure_ascii=False)  # nothing remembered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("こんにちは！", "困っていることを"),
        ("ありがとうございました😊", "どういたしまして"),
        ("人間ですか？", "人ではありません"),
        ("Hi!", "in your own words"),
        ("👍", "あなたの言葉で"),
        ("おやすみなさい", "ありがとう"),
    ],
)
def test_small_talk_gets_a_kind_answer_and_the_menu_not_an_apology(
    line_client: TestClient, line: FakeLine, text: str, expected: str
) -> None:
    post(line_client, _as_someone(text, 0x5A11 + len(text)))
    (reply,) = line.replies()
    shown = json.dumps(reply, ensure_ascii=False)
    assert expected in shown
    assert "見つけられませんでした" not in shown and "could not find" not in shown
    assert reply["messages"][-1]["quickReply"]["items"]
    assert m.problems(reply["messages"]) == []


@pytest.mark.parametrize("text", ["asdfgh", "ほげほげ", "test"])
def test_nonsense_is_asked_for_her_own_words(search: SearchService, text: str) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(Incoming(kind="text", text=text))
    shown = json.dumps(reply.messages, ensure_ascii=False)
    assert "あなたの言葉で" in shown and not _flex(reply.messages)


def test_small_talk_around_a_need_is_still_a_search(search: SearchService) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="こんにちは。夫が怖くて家に帰れない")
    )
    assert _cards(reply.messages)


def test_a_woman_asking_where_a_shelter_is_gets_the_front_door(search: SearchService) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="シェルターってどこにあるの？")
    )
    shown = json.dumps(reply.messages, ensure_ascii=False)
    assert "場所を公開していません" in shown and "見つけられませんでした" not in shown
    names = [c["body"]["contents"][0]["text"] for c in _cards(reply.messages)]
    assert names and names[0].startswith("東京都女性相談支援センター")
    assert "住所" not in shown


def test_someone_looking_for_his_wife_in_a_shelter_gets_no_card(search: SearchService) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="妻が保護されたシェルターの場所を教えてほしい")
    )
    shown = json.dumps(reply.messages, ensure_ascii=False)
    assert not _flex(reply.messages) and "お答えしていません" in shown and "警察" in shown


def _names(messages: list[dict[str, Any]]) -> list[str]:
    return [c["body"]["contents"][0]["text"] for c in _cards(messages)]


def test_where_she_lives_is_remembered_said_in_one_line_and_forgotten_in_one_tap(
    search: SearchService,
) -> None:
    talk = _conversation(search, MONDAY_MORNING)
    me = Incoming(kind="location", state_key="user:tama", address="東京都八王子市元本郷町3丁目24-1")
    talk.respond(me)
    dv = Incoming(kind="text", state_key="user:tama", text="夫の暴力のことで相談したい")
    reply = talk.respond(dv)
    names = _names(reply.messages)
    assert any("多摩支所" in n for n in names) and not any(
        n == "東京都女性相談支援センター（本所）" for n in names
    )
    intro = reply.messages[0]["text"]
    assert "八王子市" in intro and "データを消す" in intro
    menu = [i["action"]["data"] for i in reply.messages[-1]["quickReply"]["items"]]
    assert "a=forget" in menu
    talk.respond(Incoming(kind="postback", state_key="user:tama", data="a=forget"))
    again = talk.respond(dv)
    assert "八王子市" not in again.messages[0]["text"]
    assert "東京都女性相談支援センター（本所）" in _names(again.messages)


def test_a_ward_named_in_her_words_places_her_in_the_23_wards(search: SearchService) -> None:
    talk = _conversation(search, MONDAY_MORNING)
    reply = talk.respond(
        Incoming(kind="text", state_key="user:ku", text="新宿区に住んでいます。夫が怖くて家に帰れない")
    )
    names = _names(reply.messages) + _names(
        talk.respond(Incoming(kind="postback", state_key="user:ku", data="a=more")).messages
    )
    assert not any("多摩支所" in n for n in names)
    assert "新宿区" in reply.messages[0]["text"]


def test_when_she_cannot_talk_written_channels_lead_and_the_mode_is_kept(search: SearchService) -> None:
    talk = _conversation(search, MONDAY_MORNING)
    talk.respond(Incoming(kind="postback", state_key="user:quiet", data="a=textonly"))
    reply = talk.respond(Incoming(kind="text", state_key="user:quiet", text="彼氏からのDVがつらい"))
    cards = _cards(reply.messages)
    assert cards
    first_actions = [a for a in _buttons(cards[0]["footer"]) if a.get("type") in {"uri", "clipboard"}]
    assert first_actions and not first_actions[0].get("uri", "").startswith("tel:")
    assert "電話できない" in reply.messages[0]["text"]


def test_a_reply_in_english_stays_in_english_when_her_next_words_have_no_language(
    search: SearchService,
) -> None:
    talk = _conversation(search, MONDAY_MORNING)
    talk.respond(Incoming(kind="text", state_key="user:en", text="My husband hits me, I need help"))
    reply = talk.respond(Incoming(kind="text", state_key="user:en", text="???"))
    assert all("ご案内" not in json.dumps(x, ensure_ascii=False) for x in reply.messages)
    assert reply.messages and reply.messages[0]["type"] == "text" and reply.messages[0]["text"].isascii()


@pytest.mark.parametrize(
    "text",
    [
        "わたし は おっと が こわい です",
        "日本語が少しだけです。夫が怖いです",
        "にほんご すこし。 いえ に かえれない",
    ],
)
def test_spaced_hiragana_or_little_japanese_gets_easy_japanese_and_keeps_it(
    search: SearchService, text: str
) -> None:
    talk = _conversation(search, MONDAY_MORNING)
    reply = talk.respond(Incoming(kind="text", state_key="user:easy", text=text))
    shown = json.dumps(reply.messages, ensure_ascii=False)
    assert "まどぐち" in shown or "いま あぶない" in shown
    assert "でんわ する" in shown or "くわしく" in shown
    later = talk.respond(Incoming(kind="text", state_key="user:easy", text="夫の暴力のことで相談したい"))
    assert "まどぐちに 相談 できます" in json.dumps(later.messages, ensure_ascii=False)


def test_ordinary_japanese_is_not_answered_in_easy_japanese(search: SearchService) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="夫の暴力のことで相談したい")
    )
    shown = json.dumps(reply.messages, ensure_ascii=False)
    assert "こちらの窓口が合いそうです" in shown and "まどぐち" not in shown


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sinasaktan ako ng asawa ko ngayon, tulungan nyo ako", "tl"),
        ("Tôi muốn chết", "vi"),
        ("我丈夫正在打我，救命", "zh"),
    ],
)
def test_the_crisis_card_speaks_her_language(
    search: SearchService, kb: KnowledgeBase, text: str, language: str
) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(Incoming(kind="text", text=text))
    card = reply.messages[0]
    assert card["type"] == "flex" and "header" in card["contents"]
    said = card["contents"]["body"]["contents"][0]["text"]
    translations = {k.translations[language] for k in kb.crisis.kinds}
    assert any(t in said for t in translations), said
    assert card["altText"] in NEUTRAL


def test_cards_in_english_carry_the_english_name_and_summary_and_the_japanese_name(
    search: SearchService, kb: KnowledgeBase
) -> None:
    reply = _conversation(search, MONDAY_MORNING).respond(
        Incoming(kind="text", text="I am pregnant and I don't know who to talk to")
    )
    cards = _cards(reply.messages)
    assert cards
    for card in cards:
        texts = [c.get("text", "") for c in card["body"]["contents"]]
        entry = next(e for e in kb if e.name == texts[1])
        assert entry.name_en and entry.summary_en
        assert texts[0] == m.clip(entry.name_en, 80) and texts[2] == m.clip(entry.summary_en, 220)
