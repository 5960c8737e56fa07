"""Signed webhook bodies through the app to a fake LINE server, for every kind of event."""

from __future__ import annotations

import functools
import json
import logging
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from bot.line.messages import problems
from tests.helpers.fake_line import FakeLine
from tests.helpers.signing import sign
from tests.line.conftest import USER, body_of, event, post, postback_event, text_event


def only_reply(line: FakeLine) -> dict[str, Any]:
    replies = line.replies()
    assert len(replies) == 1, replies
    reply: dict[str, Any] = replies[0]
    assert problems(reply["messages"]) == [], problems(reply["messages"])
    return reply


def all_text(reply: dict[str, Any]) -> str:
    return json.dumps(reply, ensure_ascii=False)


def test_text_message_gets_services_with_tap_to_call(line_client: TestClient, line: FakeLine) -> None:
    ev = text_event("妊娠したかもしれない、誰にも言えない")
    response = post(line_client, ev)
    assert response.status_code == 200 and response.json() == {"accepted": 1}
    reply = only_reply(line)
    assert reply["replyToken"] == ev["replyToken"]
    assert line.requests[0].headers["authorization"] == "Bearer test-access-token"
    carousel = next(m for m in reply["messages"] if m["type"] == "flex")
    assert "妊娠相談ほっとライン" in all_text(carousel)
    assert "tel:0353391133" in all_text(carousel)
    assert "確認日" in all_text(carousel)
    assert 1 <= len(carousel["quickReply"]["items"]) <= 13


def test_danger_puts_emergency_numbers_first(line_client: TestClient, line: FakeLine) -> None:
    post(line_client, text_event("夫が包丁を持って暴れてる、助けて"))
    reply = only_reply(line)
    first = reply["messages"][0]
    assert first["type"] == "flex" and first["contents"]["header"]["contents"][0]["text"] == "いま危ないとき"
    assert '"uri": "tel:110"' in all_text(first)
    assert len(reply["messages"]) >= 2  # the services follow


def test_redelivered_event_is_answered_once(line_client: TestClient, line: FakeLine) -> None:
    ev = text_event("仕事を探しています")
    post(line_client, ev)
    redelivered = {**ev, "deliveryContext": {"isRedelivery": True}}
    # Acknowledged like any event (LINE must stop redelivering), but not answered again.
    assert post(line_client, redelivered).json() == {"accepted": 1}
    assert len(line.replies()) == 1


def test_redelivered_event_with_an_empty_id_is_answered_once(line_client: TestClient, line: FakeLine) -> None:
    # The SDK refuses an event without the field; an empty one is by the message, or the token.
    message = text_event("仕事を探しています", webhookEventId="")
    message["message"]["id"] = "590000000000001"
    postback = postback_event("a=safety", webhookEventId="")
    assert post(line_client, message, postback).json() == {"accepted": 2}
    # Redelivered with the same message id, and the same reply token for the postback.
    post(line_client, {**message, "replyToken": "another-token"}, postback)
    assert sorted(r["replyToken"] for r in line.replies()) == sorted(
        [message["replyToken"], postback["replyToken"]]
    )


def test_an_event_whose_reply_token_is_expiring_is_skipped_not_searched(
    line_client: TestClient, line: FakeLine
) -> None:
    bot = line_client.app.state.line_bot
    body = body_of(text_event("夫が怖くて家に帰れない"))
    [item] = bot.accept(body.decode(), sign(body))
    searches, expired = _line_searches(), _metric("line_events_expired_total")
    # It waited in a flood until less than the margin was left of its token's life.
    late = time.monotonic() - bot.client.retry.budget + bot.client.retry.min_answer / 2
    line_client.portal.call(functools.partial(bot.process, [item], arrived=late))
    assert line.requests == []
    assert _metric("line_events_expired_total") == expired + 1
    assert _line_searches() == searches  # not searched
    # Not claimed either: a redelivery with a fresh token is answered.
    line_client.portal.call(functools.partial(bot.process, [item], arrived=time.monotonic()))
    assert len(line.replies()) == 1 and _line_searches() == searches + 1


def _metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _line_searches() -> float:
    outcomes = ("match", "no_match", "declined")
    return sum(_metric("searches_total", channel="line", outcome=o) for o in outcomes)


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 400), ({"X-Line-Signature": "bm90LXRoZS1zaWduYXR1cmU="}, 400)],
)
def test_missing_or_wrong_signature_is_rejected(
    line_client: TestClient, line: FakeLine, headers: dict[str, str], status: int
) -> None:
    response = line_client.post("/callback", content=body_of(text_event("test")), headers=headers)
    assert response.status_code == status
    assert line.requests == []


def test_malformed_bodies_are_rejected(line_client: TestClient, line: FakeLine) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    for body in [b"{not json", b'{"no_events": []}', b"\xff\xfe", deep, b'{"events": ' + deep + b"}"]:
        response = line_client.post("/callback", content=body, headers={"X-Line-Signature": sign(body)})
        assert response.status_code == 400, body[:40]
    assert line.requests == []


def test_oversized_body_is_refused(line_client: TestClient, line: FakeLine) -> None:
    body = body_of(text_event("あ" * 400_000))
    response = line_client.post("/callback", content=body, headers={"X-Line-Signature": sign(body)})
    assert response.status_code == 413
    assert line.requests == []


def test_connection_check_with_no_events_is_ok(line_client: TestClient, line: FakeLine) -> None:
    assert post(line_client).status_code == 200
    assert line.requests == []


def test_follow_explains_privacy_emergency_numbers_and_safety(
    line_client: TestClient, line: FakeLine
) -> None:
    post(line_client, event("follow", follow={"isUnblocked": False}))
    text = all_text(only_reply(line))
    assert "保存しません" in text and "相談員ではありません" in text
    assert "110" in text and "#8008" in text
    assert "通知" in text and "削除" in text


def test_postbacks_browse_page_detail_and_forget(line_client: TestClient, line: FakeLine) -> None:
    post(line_client, postback_event("a=topic&t=housing"))
    first = only_reply(line)
    assert "住まい" in all_text(first)
    labels = [i["action"]["label"] for i in first["messages"][-1]["quickReply"]["items"]]
    assert "ほかの窓口" in labels
    line.clear()
    post(line_client, postback_event("a=more"))
    second = only_reply(line)
    first_ids = {a for a in all_text(first).split('"') if a.startswith("a=detail")}
    second_ids = {a for a in all_text(second).split('"') if a.startswith("a=detail")}
    assert second_ids and not first_ids & second_ids
    line.clear()
    post(line_client, postback_event("a=detail&id=josei-sodan-center"))
    detail = only_reply(line)["messages"][0]["text"]
    assert "はじめの一歩" in detail and "確認日" in detail and "出典" in detail
    line.clear()
    post(line_client, postback_event("a=forget"))
    assert "消しました" in all_text(only_reply(line))
    line.clear()
    post(line_client, postback_event("a=more"))
    assert "ほかに表示できる窓口はありません" in all_text(only_reply(line))


def test_cannot_call_shows_text_channels_first(line_client: TestClient, line: FakeLine) -> None:
    post(line_client, text_event("夫のモラハラがつらい"))
    line.clear()
    post(line_client, postback_event("a=textonly"))
    reply = only_reply(line)
    carousel = next(m for m in reply["messages"] if m["type"] == "flex")
    first_bubble = json.dumps(carousel["contents"]["contents"][0], ensure_ascii=False)
    assert "https://" in first_bubble or "LINE" in first_bubble


def test_safety_tips_offer_to_erase_data(line_client: TestClient, line: FakeLine) -> None:
    post(line_client, postback_event("a=safety"))
    message = only_reply(line)["messages"][0]
    assert "通知" in message["text"]
    assert message["quickReply"]["items"][0]["action"]["data"] == "a=forget"


@pytest.mark.parametrize("kind", ["sticker", "image", "video", "audio", "file"])
def test_media_gets_a_gentle_prompt_with_topics(line_client: TestClient, line: FakeLine, kind: str) -> None:
    message: dict[str, Any] = {"type": kind, "id": "1"}
    if kind == "sticker":
        message.update(packageId="1", stickerId="1", stickerResourceType="STATIC", quoteToken="q")
    if kind in {"image", "video", "audio"}:
        message.update(contentProvider={"type": "line"}, quoteToken="q")
    if kind == "file":
        message.update(fileName="a.pdf", fileSize=10)
    post(line_client, event("message", message=message))
    reply = only_reply(line)
    assert "文字で書いてください" in reply["messages"][0]["text"]
    assert len(reply["messages"][0]["quickReply"]["items"]) >= 5


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("東京都新宿区西新宿2丁目8-1", "josei-sodan-center"),
        ("東京都八王子市元本郷町3丁目24-1", "josei-sodan-center-tama"),
        ("神奈川県横浜市中区", "dv-navi-8008"),
    ],
)
def test_location_points_to_the_right_front_door(
    line_client: TestClient, line: FakeLine, address: str, expected: str
) -> None:
    message = {"type": "location", "id": "1", "latitude": 35.0, "longitude": 139.0, "address": address}
    post(line_client, event("message", message=message))
    text = all_text(only_reply(line))
    assert f"a=detail&id={expected}" in text.replace("%2C", ",")
    if expected == "josei-sodan-center":
        assert "josei-sodan-center-tama" not in text


def test_groups_get_one_notice_and_are_never_searched(line_client: TestClient, line: FakeLine) -> None:
    group = {"type": "group", "groupId": "C0123456789abcdef", "userId": USER}
    post(line_client, event("join", source=group))
    notice = all_text(only_reply(line))
    assert "1対1" in notice
    line.clear()
    post(line_client, text_event("夫に殴られた", source=group))
    assert line.replies() == []  # already told this group today; nothing is searched or echoed


def test_english_and_other_languages_get_english_replies(line_client: TestClient, line: FakeLine) -> None:
    post(line_client, text_event("My husband hits me and I want to leave"))
    assert "These services may help" in all_text(only_reply(line))
    line.clear()
    post(line_client, text_event("Chồng tôi đánh tôi, tôi cần giúp đỡ"))
    text = all_text(only_reply(line))
    assert "foreign languages" in text


def test_unknown_message_type_gets_a_kind_reply(line_client: TestClient, line: FakeLine) -> None:
    other = {"type": "user", "userId": "U99999999999999999999999999999999"}
    post(line_client, event("message", message={"type": "hologram", "id": "1"}, source=other))
    assert "ごめんなさい" in all_text(only_reply(line))


def test_no_match_offers_topics_and_the_front_door(line_client: TestClient, line: FakeLine) -> None:
    post(line_client, text_event("ちょっと聞いてほしいことがあるんだけど"))
    text = all_text(only_reply(line))
    assert "見つけられませんでした" in text and "a=detail&id=josei-sodan-center" in text


@pytest.mark.parametrize(
    "chat",
    ["明日の天気はどうなりますか教えてください", "Paano po magluto ng adobo na hindi masyadong maalat?"],
)
def test_everyday_chat_is_told_what_the_account_is_for(
    line_client: TestClient, line: FakeLine, chat: str
) -> None:
    post(line_client, text_event(chat))
    reply = only_reply(line)
    text = all_text(reply)
    assert "a=detail&id=" not in text  # no service card for a question no service answers
    assert any(w in text for w in ("ご案内しています", "finds support services"))


def test_line_api_failure_is_logged_and_nothing_crashes(
    line_client: TestClient, line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    line.fail_with.append(403)  # refused for good: not retried (5xx are, see test_retry.py)
    with caplog.at_level(logging.WARNING):
        assert post(line_client, text_event("仕事を探しています")).status_code == 200
    assert "reply failed" in caplog.text
    post(line_client, text_event("仕事を探しています"))
    assert len(line.replies()) == 2


def test_nothing_she_writes_or_her_id_reaches_the_logs(
    line_client: TestClient, line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    distinctive = "ピンク色のカバの夫が怖い"
    with caplog.at_level(logging.DEBUG):
        post(line_client, text_event(distinctive))
        post(line_client, postback_event("a=topic&t=dv"))
    assert line.replies()
    logs = caplog.text
    assert "message.text" in logs and "answered" in logs
    assert "ピンク" not in logs and "カバ" not in logs and USER not in logs


@pytest.mark.parametrize(
    "asking",
    [
        "妻がそちらに相談してないか教えて",
        "姉がどこに保護されたか知りたい",
        "my wife ran away, which shelter is she in",
    ],
)
def test_a_request_to_locate_someone_gets_a_refusal_and_no_cards(
    line_client: TestClient, line: FakeLine, asking: str
) -> None:
    asker = {"type": "user", "userId": f"U{abs(hash(asking)) % 10**32:032d}"}  # a user of its own
    post(line_client, text_event(asking, source=asker))
    text = all_text(only_reply(line))
    assert "お答えしていません" in text or "We never say" in text
    assert "a=detail&id=" not in text
