"""The reply sink as the load test runs it: its own process on a loopback port."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.tools.loadtest.cluster import Sink, start_sink
from bot.tools.loadtest.procs import stop
from bot.tools.loadtest.sink import REPLY_PATH, Tally

TOKEN = "sink-access-token"


@pytest.fixture(scope="module")
def sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sink]:
    started = start_sink(token=TOKEN, logs=tmp_path_factory.mktemp("sink"))
    yield started
    stop(started.proc)
    assert started.proc.returncode == 0  # SIGTERM is a clean stop


def call(url: str, body: Any = None, *, token: str = TOKEN) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def reply(sink: Sink, reply_token: str, count: int = 2, *, token: str = TOKEN) -> tuple[int, Any]:
    messages = [{"type": "text", "text": f"message {i}"} for i in range(count)]
    return call(f"{sink.url}{REPLY_PATH}", {"replyToken": reply_token, "messages": messages}, token=token)


def test_sink_answers_like_line_and_counts_a_token_answered_twice(sink: Sink) -> None:
    status, answer = reply(sink, "token-twice", count=3)
    assert status == 200 and len(answer["sentMessages"]) == 3
    assert reply(sink, "token-once")[0] == 200
    assert reply(sink, "token-twice")[0] == 200
    _, stats = call(f"{sink.url}/stats")
    assert stats["replies"]["token-twice"][0] == 2 and stats["replies"]["token-once"][0] == 1
    assert stats["duplicates"] == 1 and stats["tokens"] >= 2
    _, summary = call(f"{sink.url}/stats?summary=1")
    assert "replies" not in summary and summary["duplicates"] == 1


def test_sink_refuses_a_wrong_token_and_bodies_line_would_refuse(sink: Sink) -> None:
    _, before = call(f"{sink.url}/stats?summary=1")
    assert reply(sink, "token-wrong-auth", token="not-the-token")[0] == 401
    assert reply(sink, "token-six", count=6)[0] == 400
    assert reply(sink, "token-none", count=0)[0] == 400
    assert call(f"{sink.url}{REPLY_PATH}", {"messages": [{"type": "text", "text": "x"}]})[0] == 400
    _, stats = call(f"{sink.url}/stats")
    assert stats["rejected"] - before["rejected"] == 4
    assert not {"token-wrong-auth", "token-six", "token-none"} & set(stats["replies"])


def test_sink_wait_answers_when_the_reply_arrives_or_after_its_timeout(sink: Sink) -> None:
    later = threading.Timer(0.2, reply, args=(sink, "token-awaited"))
    later.start()
    status, waited = call(f"{sink.url}/wait?token=token-awaited&timeout=10")
    later.join()
    assert status == 200 and waited["replied"] is True and waited["at"] > 0
    assert call(f"{sink.url}/wait?token=token-awaited&timeout=0")[1]["replied"] is True
    assert call(f"{sink.url}/wait?token=token-never&timeout=0.05")[1] == {"replied": False}


def test_tally_notes_the_first_arrival_and_counts_each_duplicate_token_once() -> None:
    times = iter([10.0, 11.0, 12.0, 13.0])
    tally = Tally(clock=lambda: next(times))
    assert [tally.record(t) for t in ["a", "b", "a", "a"]] == [1, 1, 2, 3]
    assert tally.replies == {"a": [3, 10.0], "b": [1, 11.0]}
    assert tally.duplicates == 1


def test_sink_that_cannot_start_is_reported(tmp_path: Path) -> None:
    from bot.tools.loadtest.procs import ClusterError

    with pytest.raises(ClusterError, match="did not start"):
        start_sink(token="", logs=tmp_path)  # no token: it refuses to run
