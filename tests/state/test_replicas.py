"""Two real ``python -m bot serve`` replicas sharing a real Redis, answering to a fake LINE on loopback."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.helpers.fake_line import FakeLine, start_fake_line
from tests.helpers.kbtree import copy_tree, edit_entries
from tests.helpers.redis_server import RedisServer
from tests.helpers.serve import Served, serving
from tests.helpers.signing import SECRET, sign
from tests.line.conftest import USER, body_of, text_event

TOKEN = "replica-admin-token"


@dataclass
class Cluster:
    a: Served
    b: Served
    root: Path
    line: FakeLine
    redis: RedisServer


def _wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _env(line: FakeLine, redis_url: str) -> dict[str, str]:
    return {
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": "test-token",
        "LINE_API_BASE_URL": line.url,
        "REDIS_URL": redis_url,
        "ADMIN_TOKEN": TOKEN,
        "KB_SYNC_SECONDS": "0.5",
    }


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> Iterator[Cluster]:
    if redis_server.proc is None:
        redis_server.start()
    redis_server.flush()
    base = tmp_path_factory.mktemp("replicas")
    root = copy_tree(base)
    line = start_fake_line()
    env = _env(line, redis_server.url)
    with ExitStack() as stack:
        a = stack.enter_context(serving(root, base / "a.log", env=env))
        b = stack.enter_context(serving(root, base / "b.log", env=env))
        yield Cluster(a=a, b=b, root=root, line=line, redis=redis_server)
    line.close()


def _post(server: Served, *events: dict[str, Any]) -> httpx.Response:
    body = body_of(*events)
    headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
    return httpx.post(f"{server.url}/callback", content=body, headers=headers, timeout=10)


def _fresh(text: str) -> dict[str, Any]:
    return text_event(text, webhookEventId=uuid.uuid4().hex.upper(), replyToken=uuid.uuid4().hex)


def _replies_to(line: FakeLine, token: str) -> int:
    return sum(1 for r in line.replies() if r["replyToken"] == token)


def _handled_again(server: Served, event: dict[str, Any]) -> bool:
    """The replica has seen ``event`` and recognised it as answered: it will not reply to it."""
    return f"{event['webhookEventId']} already handled" in server.log.read_text()


def test_a_redelivery_to_the_other_replica_is_not_answered_again(cluster: Cluster) -> None:
    ev = _fresh("仕事を探しています")
    assert _post(cluster.a, ev).status_code == 200
    _wait(lambda: _replies_to(cluster.line, ev["replyToken"]) == 1)
    again = {**ev, "deliveryContext": {"isRedelivery": True}}
    assert _post(cluster.b, again).status_code == 200
    _wait(lambda: _handled_again(cluster.b, ev))
    assert _replies_to(cluster.line, ev["replyToken"]) == 1


def test_conversation_state_follows_her_across_replicas(cluster: Cluster) -> None:
    ev = _fresh("住むところがない")
    _post(cluster.a, ev)
    _wait(lambda: _replies_to(cluster.line, ev["replyToken"]) == 1)
    more = {
        **_fresh(""),
        "type": "postback",
        "postback": {"data": "a=more"},
    }
    more.pop("message")
    _post(cluster.b, more)
    _wait(lambda: _replies_to(cluster.line, more["replyToken"]) == 1)
    reply = next(r for r in cluster.line.replies() if r["replyToken"] == more["replyToken"])
    # Replica b knew what replica a had shown: it goes on, rather than saying nothing was asked.
    assert reply["messages"][0]["type"] == "flex"


def test_redis_holds_no_raw_id_and_no_words(cluster: Cluster) -> None:
    ev = _fresh("夫からの暴力がつらい")
    _post(cluster.a, ev)
    _wait(lambda: _replies_to(cluster.line, ev["replyToken"]) == 1)
    client = redis.Redis.from_url(cluster.redis.url)
    dump = b"".join(k + (client.dump(k) or b"") for k in client.keys("*"))
    assert client.keys("*") and all(k.startswith(b"twsf:") for k in client.keys("*"))
    assert USER.encode() not in dump
    assert "暴力".encode() not in dump and "夫".encode() not in dump


def test_a_reload_on_one_replica_reaches_the_other(cluster: Cluster) -> None:
    def version(server: Served) -> str:
        value: str = httpx.get(f"{server.url}/healthz", timeout=10).json()["kb_version"]
        return value

    before = version(cluster.b)
    edit_entries(
        cluster.root,
        "windows.yaml",
        lambda es: es[0].update(alternate_names=[*es[0]["alternate_names"], "レプリカ確認用"]),
    )
    response = httpx.post(
        f"{cluster.a.url}/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    )
    assert response.status_code == 200 and response.json()["status"] == "reloaded"
    new = response.json()["kb_version"]
    assert new != before
    _wait(lambda: version(cluster.b) == new, timeout=30)


def test_replies_go_on_while_redis_is_down_and_nothing_doubles_after(cluster: Cluster) -> None:
    cluster.redis.stop()
    try:
        during = _fresh("仕事を探しています")
        assert _post(cluster.a, during).status_code == 200
        _wait(lambda: _replies_to(cluster.line, during["replyToken"]) == 1)
        assert _post(cluster.b, _fresh("住むところがない")).status_code == 200
        assert httpx.get(f"{cluster.b.url}/api/search", params={"q": "借金"}, timeout=10).status_code == 200
    finally:
        cluster.redis.start()
    # Back: each replica finds Redis again by itself (no request needed), and what replica a
    # claimed during the outage is written back to Redis before it goes on.
    _wait(lambda: all("reachable again" in s.log.read_text() for s in (cluster.a, cluster.b)))
    claimed = f"twsf:event:{during['webhookEventId']}"
    assert redis.Redis.from_url(cluster.redis.url).exists(claimed) == 1
    again = {**during, "deliveryContext": {"isRedelivery": True}}
    assert _post(cluster.b, again).status_code == 200
    _wait(lambda: _handled_again(cluster.b, during))
    assert _replies_to(cluster.line, during["replyToken"]) == 1
    log = cluster.a.log.read_text()
    assert "redis unreachable" in log and "reachable again" in log
    assert "Traceback" not in log


def test_two_workers_share_redis(tmp_path: Path, redis_server: RedisServer, redis_url: str) -> None:
    line = start_fake_line()
    try:
        with serving(
            copy_tree(tmp_path), tmp_path / "w.log", env=_env(line, redis_url), args=("--workers", "2")
        ) as served:
            events = [_fresh("相談したい") for _ in range(12)]
            for ev in events:
                assert _post(served, ev).status_code == 200
                assert _post(served, {**ev, "deliveryContext": {"isRedelivery": True}}).status_code == 200
            # Every redelivery seen and recognised, then every first delivery answered: no reply can follow.
            _wait(
                lambda: (
                    "line_duplicate_events_total 12.0" in httpx.get(f"{served.url}/metrics", timeout=10).text
                )
            )
            _wait(lambda: len(line.replies()) >= len(events))
            assert sorted(r["replyToken"] for r in line.replies()) == sorted(e["replyToken"] for e in events)
            metrics = httpx.get(f"{served.url}/metrics", timeout=10).text
            assert 'line_events_total{type="message.text"} 24.0' in metrics
            assert "line_duplicate_events_total 12.0" in metrics
    finally:
        line.close()


def test_workers_without_redis_are_refused(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--workers", "2"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 2 and "needs REDIS_URL" in done.stderr
