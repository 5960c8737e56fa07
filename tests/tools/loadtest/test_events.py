from __future__ import annotations

import json
from collections import Counter

import pytest
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import SignatureValidator, WebhookParser
from linebot.v3.webhooks import FollowEvent, MessageEvent, PostbackEvent, TextMessageContent

from bot.tools.loadtest.events import REDELIVERY_DELAY, EventFactory, sign

SECRET = "loadtest-channel-secret"
TEXTS = ["夫が怖くて家に帰れない", "仕事を探しています", "生理こない"]


def factory(seed: int = 7) -> EventFactory:
    return EventFactory(
        secret=SECRET, texts=TEXTS, topics=["dv", "work"], users=50, seed=seed, clock=lambda: 1_795_000_000.0
    )


def test_sign_known_answer() -> None:
    # openssl dgst -sha256 -hmac channel-secret -binary | base64, over the same bytes
    assert sign(b'{"events":[]}', "channel-secret") == "nENZU9xVqQeZgEX6Nd5huQOCgqTEa5S67sXEhrGuTDk="


def test_deliveries_pass_the_sdk_signature_check_and_parse() -> None:
    events = factory()
    parser = WebhookParser(SECRET)
    seen: Counter[type] = Counter()
    for _ in range(300):
        delivery = events.deliver(events.event())
        assert SignatureValidator(SECRET).validate(delivery.body.decode(), delivery.signature)
        (parsed,) = parser.parse(delivery.body.decode(), delivery.headers()["X-Line-Signature"])
        seen[type(parsed)] += 1
        assert parsed.webhook_event_id == delivery.event.event_id
        assert parsed.reply_token == delivery.event.reply_token
        assert parsed.delivery_context.is_redelivery is False
        if isinstance(parsed, MessageEvent):
            assert isinstance(parsed.message, TextMessageContent) and parsed.message.text in TEXTS
        if isinstance(parsed, PostbackEvent):
            assert parsed.postback.data.startswith("a=")
    assert seen[MessageEvent] > seen[PostbackEvent] > 0 and seen[FollowEvent] > 0


def test_a_wrong_secret_is_refused_by_the_sdk() -> None:
    events = factory()
    delivery = events.deliver(events.event())
    with pytest.raises(InvalidSignatureError):
        WebhookParser("another-secret").parse(delivery.body.decode(), delivery.signature)


def test_every_event_has_its_own_id_and_reply_token() -> None:
    events = factory()
    made = [events.event() for _ in range(2000)]
    assert len({e.event_id for e in made}) == len({e.reply_token for e in made}) == 2000
    assert all(len(e.event_id) == 26 for e in made)
    users = {e.payload["source"]["userId"] for e in made}
    assert 40 <= len(users) <= 50 and all(u.startswith("U") and len(u) == 33 for u in users)


def test_redelivery_keeps_id_and_token_and_is_marked() -> None:
    events = factory()
    first = events.event()
    again = first.redelivered()
    assert (again.event_id, again.reply_token, again.kind) == (first.event_id, first.reply_token, first.kind)
    assert again.redelivery and not first.redelivery
    assert first.payload["deliveryContext"] == {"isRedelivery": False}  # the original is untouched
    delivery = events.deliver(again)
    body = json.loads(delivery.body)
    assert body["events"][0]["deliveryContext"] == {"isRedelivery": True}
    assert body["events"][0]["webhookEventId"] == first.event_id
    (parsed,) = WebhookParser(SECRET).parse(delivery.body.decode(), delivery.signature)
    assert parsed.delivery_context.is_redelivery is True


def test_about_one_event_in_ten_comes_again_one_to_three_seconds_later() -> None:
    events = factory()
    delays = [events.redelivery_delay() for _ in range(5000)]
    planned = [d for d in delays if d is not None]
    assert 0.08 <= len(planned) / len(delays) <= 0.12
    assert all(REDELIVERY_DELAY[0] <= d <= REDELIVERY_DELAY[1] for d in planned)


def test_the_same_seed_gives_the_same_events() -> None:
    first, second = factory(seed=3), factory(seed=3)
    assert [first.event().payload for _ in range(20)] == [second.event().payload for _ in range(20)]
    assert factory(seed=4).event().event_id != factory(seed=3).event().event_id
