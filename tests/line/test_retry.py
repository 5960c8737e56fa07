"""Replies to LINE are retried while the reply token lives, against the fake LINE server on loopback."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from bot.line.client import LineClient
from bot.line.events import Incoming, Reply
from bot.line.retry import Outcome, RetryPolicy, parse_retry_after
from tests.helpers.fake_line import FakeLine
from tests.line.conftest import post, text_event

FAST = RetryPolicy(
    budget=2.0, backoff_base=0.02, backoff_cap=0.1, attempt_timeout=0.3, connect_timeout=0.3, min_attempt=0.05
)
MESSAGES = [{"type": "text", "text": "test"}]
TOKEN = "reply-token-for-retry-tests"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def errors(kind: str) -> float:
    return sample("line_api_errors_total", kind=kind)


def retries() -> float:
    return sample("line_api_retries_total")


def replies_timed() -> float:
    return sample("line_reply_latency_seconds_count")


@dataclass(frozen=True)
class Sent:
    outcome: Outcome
    arrived: float  # the monotonic time the reply's deadline counts from
    took: float


def send(base_url: str, policy: RetryPolicy = FAST, *, arrived_ago: float = 0.0) -> Sent:
    """Reply once through a real LineClient."""

    async def go() -> Sent:
        client = LineClient(access_token="test-access-token", base_url=base_url, retry=policy)
        try:
            start = time.monotonic()
            outcome = await client.reply(TOKEN, MESSAGES, arrived=start - arrived_ago)
            return Sent(outcome, start - arrived_ago, time.monotonic() - start)
        finally:
            await client.close()

    return asyncio.run(go())


def test_server_error_then_success_delivers_once(line: FakeLine) -> None:
    before = errors("server_error"), retries(), replies_timed()
    line.fail_with.append(500)
    assert send(line.url).outcome == "sent"
    assert [r.status for r in line.requests] == [500, 200]
    assert [r["replyToken"] for r in line.delivered()] == [TOKEN]
    assert (errors("server_error"), retries(), replies_timed()) == (
        before[0] + 1,
        before[1] + 1,
        before[2] + 1,
    )


def test_rate_limited_waits_as_long_as_retry_after_asks(line: FakeLine) -> None:
    before = errors("rate_limited")
    line.fail_with.append(429)
    line.retry_after = "1"
    assert send(line.url).outcome == "sent" and len(line.delivered()) == 1
    first, second = line.requests
    assert second.at - first.at >= 0.95  # not the 0.02 s backoff of FAST
    assert errors("rate_limited") == before + 1


def test_retry_after_beyond_the_tokens_life_gives_up_at_once(
    line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    line.fail_with.append(429)
    line.retry_after = "30"
    with caplog.at_level(logging.WARNING):
        sent = send(line.url)
    assert sent.outcome == "gave_up" and len(line.requests) == 1 and sent.took < 1.0
    assert "given up" in caplog.text


def test_slow_answer_is_abandoned_and_tried_again(line: FakeLine) -> None:
    before = errors("timeout"), errors("server_error")
    line.one_time_tokens = True
    line.delay_next.append(1.5)  # past FAST's 0.3 s per attempt ...
    line.fail_with.append(503)  # ... and LINE did not take it
    sent = send(line.url)
    assert sent.outcome == "sent" and sent.took < 1.5
    assert len(line.requests) == 2 and [r["replyToken"] for r in line.delivered()] == [TOKEN]
    assert (errors("timeout"), errors("server_error")) == (before[0] + 1, before[1])


def test_retry_after_a_delivered_timeout_is_read_as_already_used(
    line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    before = errors("timeout"), errors("expired_token")
    line.one_time_tokens = True
    line.delay_next.append(1.5)  # LINE took the reply but answered too late
    with caplog.at_level(logging.WARNING):
        assert send(line.url).outcome == "token_invalid"
    assert [r.status for r in line.requests] == [200, 400] and len(line.delivered()) == 1
    assert "reply token expired or already used" in caplog.text
    assert (errors("timeout"), errors("expired_token")) == (before[0] + 1, before[1] + 1)


def test_invalid_reply_token_is_dropped_not_retried(line: FakeLine, caplog: pytest.LogCaptureFixture) -> None:
    before = errors("expired_token"), retries()
    line.expired_tokens.add(TOKEN)
    with caplog.at_level(logging.DEBUG):
        assert send(line.url).outcome == "token_invalid"
    assert len(line.requests) == 1
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("reply token expired or already used" in r.getMessage() for r in warnings)
    assert TOKEN not in caplog.text
    assert (errors("expired_token"), retries()) == (before[0] + 1, before[1])


def test_other_client_errors_are_not_retried(line: FakeLine) -> None:
    before = errors("client_error"), retries()
    line.fail_with.append(400)  # a 400 about something other than the token
    assert send(line.url).outcome == "rejected" and len(line.requests) == 1
    assert (errors("client_error"), retries()) == (before[0] + 1, before[1])


def test_always_failing_gives_up_within_the_deadline(
    line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    before = errors("server_error"), retries()
    policy = RetryPolicy(
        budget=1.0, backoff_base=0.05, backoff_cap=0.2, attempt_timeout=0.3, min_attempt=0.05
    )
    line.fail_with.extend([503] * 100)
    with caplog.at_level(logging.WARNING):
        sent = send(line.url, policy)
    assert sent.outcome == "gave_up" and "given up" in caplog.text
    # Every attempt starts before the deadline; the whole send ends near it (slack for a busy CI machine).
    assert sent.took < policy.budget + 0.5 and all(r.at < sent.arrived + policy.budget for r in line.requests)
    tries = len(line.requests)
    assert tries >= 3
    assert (errors("server_error"), retries()) == (before[0] + tries, before[1] + tries - 1)


def test_a_reply_too_late_for_its_token_is_not_sent(line: FakeLine) -> None:
    assert send(line.url, arrived_ago=FAST.budget + 1).outcome == "gave_up" and line.requests == []


def test_connection_refused_is_retried_until_the_deadline() -> None:
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = errors("connection"), retries()
    sent = send(f"http://127.0.0.1:{port}", RetryPolicy(budget=0.5, backoff_base=0.05, min_attempt=0.05))
    assert sent.outcome == "gave_up" and sent.took < 1.0
    assert errors("connection") >= before[0] + 2 and retries() >= before[1] + 1


def test_webhook_reply_arrives_although_line_fails_once(line_client: TestClient, line: FakeLine) -> None:
    before = errors("server_error"), retries(), replies_timed()
    line.fail_with.append(503)
    ev = text_event("仕事を探しています")
    assert post(line_client, ev).status_code == 200
    assert [r.status for r in line.requests] == [503, 200]
    assert [r["replyToken"] for r in line.delivered()] == [ev["replyToken"]]
    assert (errors("server_error"), retries(), replies_timed()) == (
        before[0] + 1,
        before[1] + 1,
        before[2] + 1,
    )


def test_backoff_grows_to_the_cap_and_honours_retry_after() -> None:
    policy = RetryPolicy(backoff_base=0.2, backoff_cap=1.0)
    for retry, ceiling in [(1, 0.2), (2, 0.4), (3, 0.8), (4, 1.0), (9, 1.0)]:
        waits = [policy.backoff(retry) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits), (retry, min(waits), max(waits))
    assert policy.backoff(1, retry_after=3.0) == 3.0


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    assert parse_retry_after("2") == 2.0
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 < (parse_retry_after(soon) or 0) <= 30
    for bad in [None, "", "soon", "-1", "nan"]:
        assert parse_retry_after(bad) is None


def test_one_event_failing_does_not_stop_the_next_or_leak_what_she_wrote(
    line_client: TestClient, line: FakeLine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    conversation = line_client.app.state.line_bot.conversation
    respond = conversation.respond
    calls = 0

    def first_one_breaks(incoming: Incoming) -> Reply:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError(f"could not handle {incoming.text}")
        return respond(incoming)

    monkeypatch.setattr(conversation, "respond", first_one_breaks)
    first, second = text_event("ピンク色のカバの相談"), text_event("仕事を探しています")
    with caplog.at_level(logging.INFO):
        assert post(line_client, first, second).status_code == 200
    assert [r["replyToken"] for r in line.delivered()] == [second["replyToken"]]
    assert f"{first['webhookEventId']} failed (ValueError)" in caplog.text
    assert "カバ" not in caplog.text
