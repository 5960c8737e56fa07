"""Both state stores keep the same promises; the Redis one also survives Redis going away."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.state.redis_store import RedisStore
from bot.state.store import MemoryStore, StateStore, StoreUnavailable, read_counters
from tests.helpers.redis_server import RedisServer


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[StateStore]:
    if request.param == "memory":
        yield MemoryStore()
        return
    url = request.getfixturevalue("redis_url")
    shared = RedisStore(url)
    yield shared
    shared.close()


def _until(condition: Any, limit: float = 60.0) -> None:
    """Wait for ``condition`` (not for a time); ``limit`` is only for a busy machine."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_key_is_claimed_once(store: StateStore) -> None:
    assert store.claim("event:1", 60) is True
    assert store.claim("event:1", 60) is False
    assert store.claim("event:2", 60) is True


def test_state_round_trips_and_is_deleted(store: StateStore) -> None:
    store.put("user:a", {"ids": ["x", "y"], "lang": "ja", "note": "日本語"}, 60)
    assert store.get("user:a") == {"ids": ["x", "y"], "lang": "ja", "note": "日本語"}
    store.delete("user:a")
    assert store.get("user:a") is None


def test_several_keys_are_deleted_at_once_claims_included(store: StateStore) -> None:
    store.put("user:b", {"lang": "en"}, 60)
    assert store.claim("vote:user:b:x:helpful", 60)
    store.delete("user:b", "vote:user:b:x:helpful", "never-set")
    store.delete()
    assert store.get("user:b") is None
    assert store.claim("vote:user:b:x:helpful", 60) is True


def test_claims_and_state_expire(store: StateStore) -> None:
    store.put("user:b", {"n": 1}, 1)
    assert store.claim("event:short", 1)
    time.sleep(1.2)
    assert store.get("user:b") is None
    assert store.claim("event:short", 1)


def test_hits_are_counted_within_their_window(store: StateStore) -> None:
    assert [store.hit("rate:a", 1) for _ in range(3)] == [1, 2, 3]
    assert store.hit("rate:b", 1) == 1
    time.sleep(1.2)
    assert store.hit("rate:a", 1) == 1


def test_counters_add_up(store: StateStore) -> None:
    store.incr("feedback", "entry-a|helpful")
    store.incr("feedback", "entry-a|helpful")
    store.incr("feedback", "entry-b|wrong", 3)
    assert store.counters("feedback") == {"entry-a|helpful": 2, "entry-b|wrong": 3}
    assert store.counters("nothing") == {}


def test_memory_store_close_keeps_its_counts_in_the_file(tmp_path: Path) -> None:
    # The app closes whatever store it opened through the protocol, without asking its kind.
    path = tmp_path / "counters.json"
    store: StateStore = MemoryStore(counters_path=path)
    store.incr("feedback", "a|helpful")
    store.close()
    assert read_counters(path) == {"feedback": {"a|helpful": 1}}


def test_memory_counters_are_kept_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "counters.json"
    MemoryStore(counters_path=path).incr("feedback", "a|helpful")
    again = MemoryStore(counters_path=path)
    again.incr("feedback", "a|helpful")
    assert read_counters(path) == {"feedback": {"a|helpful": 2}}
    assert again.counters("feedback") == {"a|helpful": 2}
    assert [p.name for p in path.parent.iterdir()] == ["counters.json"]  # no temporary file left


def test_two_replicas_share_claims_state_and_counts(redis_url: str) -> None:
    one, two = RedisStore(redis_url), RedisStore(redis_url)
    assert one.claim("event:e1", 60)
    assert not two.claim("event:e1", 60)
    one.put("user:u", {"shown": 3}, 60)
    assert two.get("user:u") == {"shown": 3}
    assert one.hit("rate:u", 60) == 1 and two.hit("rate:u", 60) == 2
    one.incr("feedback", "x|wrong")
    two.incr("feedback", "x|wrong")
    assert one.counters("feedback") == {"x|wrong": 2}


def test_keys_carry_the_prefix_and_nothing_else(redis_url: str) -> None:
    RedisStore(redis_url, prefix="app1:").put("user:abc", {"n": 1}, 60)
    assert redis.Redis.from_url(redis_url).keys("*") == [b"app1:user:abc"]


def test_an_outage_fails_open_and_is_written_back(
    redis_server: RedisServer, redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.state")
    store = RedisStore(redis_url, claim_grace=0.0, retry_interval=0.05, socket_timeout=0.2)
    other = RedisStore(redis_url)
    assert store.claim("event:before", 3600)
    redis_server.stop()
    try:
        # Everything still answers, from this process's memory.
        assert store.claim("event:during", 3600) is True
        assert store.claim("event:during", 3600) is False
        assert store.claim("event:before", 3600) is True  # fail open: a duplicate beats silence
        store.put("user:u", {"lang": "en"}, 60)
        assert store.get("user:u") == {"lang": "en"}
        assert store.hit("rate:u", 60) == 1
        store.incr("feedback", "a|helpful", 2)
        with pytest.raises(StoreUnavailable):
            store.counters("feedback")
        assert not store.reachable
    finally:
        redis_server.start()
    _until(lambda: store.reachable)
    assert store.claim("event:after", 3600) is True
    assert store.reachable
    # What was done during the outage reached Redis: another replica sees it.
    assert other.claim("event:during", 3600) is False
    assert other.counters("feedback") == {"a|helpful": 2}
    assert store.get("user:u") == {"lang": "en"}  # state begun during the outage is still found
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([w for w in warnings if "unreachable" in w]) == 1
    assert any("reachable again" in w and "3 claims, counts and deletions" in w for w in warnings)


def test_claims_made_in_an_outage_reach_redis_without_another_request(
    redis_server: RedisServer, redis_url: str
) -> None:
    quiet = RedisStore(redis_url, claim_grace=0.0, retry_interval=0.05, socket_timeout=0.2)
    redis_server.stop()
    try:
        assert quiet.claim("event:answered-in-the-outage", 3600) is True
        quiet.incr("feedback", "a|helpful")
    finally:
        redis_server.start()
    # No further call on `quiet` (a replica with no traffic): its claims reach Redis all the same.
    direct = redis.Redis.from_url(redis_url)
    _until(lambda: direct.exists("twsf:event:answered-in-the-outage") == 1)
    _until(lambda: quiet.reachable)
    other = RedisStore(redis_url)
    assert other.claim("event:answered-in-the-outage", 3600) is False  # a redelivery to another replica
    assert other.counters("feedback") == {"a|helpful": 1}
    quiet.close()
    other.close()


def test_an_event_both_replicas_answered_in_an_outage_is_answered_by_neither_after(
    redis_server: RedisServer, redis_url: str
) -> None:
    # Each replica had only its own memory: both answered (the duplicate the README owns up to).
    one = RedisStore(redis_url, claim_grace=0.0, retry_interval=0.05, socket_timeout=0.2)
    two = RedisStore(redis_url, claim_grace=0.0, retry_interval=0.05, socket_timeout=0.2)
    redis_server.stop()
    try:
        assert one.claim("event:twice", 3600) is True
        assert two.claim("event:twice", 3600) is True
    finally:
        redis_server.start()
    _until(lambda: one.reachable and two.reachable)
    # Both claims were written back with SET NX: the first one stands, and a later redelivery
    # is recognised on either replica and on a third.
    assert one.claim("event:twice", 3600) is False
    assert two.claim("event:twice", 3600) is False
    assert RedisStore(redis_url).claim("event:twice", 3600) is False
    one.close()
    two.close()


def test_a_claim_already_in_redis_is_not_overwritten_by_a_write_back(
    redis_server: RedisServer, redis_url: str
) -> None:
    late = RedisStore(redis_url, claim_grace=0.0, retry_interval=0.05, socket_timeout=0.2)
    redis_server.stop()
    try:
        assert late.claim("event:first-elsewhere", 3600) is True
    finally:
        late.close()  # its thread stops: nothing is written back before its next request
        redis_server.start()
    direct = redis.Redis.from_url(redis_url, decode_responses=True)
    assert RedisStore(redis_url).claim("event:first-elsewhere", 3600) is True  # another replica, first
    held = direct.get("twsf:event:first-elsewhere")
    _until(lambda: late.get("user:nobody") is None and late.reachable)  # its next request writes back
    assert direct.get("twsf:event:first-elsewhere") == held


def test_what_she_erases_during_an_outage_is_erased_in_redis_when_it_returns(
    redis_server: RedisServer, redis_url: str
) -> None:
    store = RedisStore(redis_url, claim_grace=0.0, retry_interval=0.05, socket_timeout=0.2)
    store.put("user:her", {"lang": "en"}, 600)  # held in Redis before the outage
    assert store.claim("vote:user:her:a:helpful", 600)
    redis_server.stop()
    try:
        assert store.claim("vote:user:her:b:helpful", 600)  # made in the outage, then erased
        store.delete("user:her", "vote:user:her:a:helpful", "vote:user:her:b:helpful")
        assert store.get("user:her") is None
    finally:
        redis_server.start()
    _until(lambda: store.reachable)
    assert redis.Redis.from_url(redis_url).keys("twsf:*user:her*") == []
    assert store.get("user:her") is None
    assert store.claim("vote:user:her:a:helpful", 600) is True
    store.close()


def test_a_claim_waits_out_a_short_restart(redis_server: RedisServer, redis_url: str) -> None:
    # The grace is long enough for a busy machine to restart Redis: the claim waits for Redis,
    # and ends as soon as it answers.
    store = RedisStore(redis_url, claim_grace=60.0, retry_interval=0.05)
    assert store.claim("event:redelivered", 3600)
    redis_server.stop()
    restarter = threading.Timer(0.4, redis_server.start)
    restarter.start()
    started = time.monotonic()
    try:
        # The key survived the restart (append-only file): the redelivery is recognised.
        assert store.claim("event:redelivered", 3600) is False
    finally:
        restarter.join()
    assert 0.3 < time.monotonic() - started < 60.0


def test_an_unreachable_redis_at_start_does_not_stop_the_store() -> None:
    store = RedisStore("redis://127.0.0.1:9/0", claim_grace=0.0, socket_timeout=0.1)
    assert store.claim("event:x", 60) is True
    assert store.get("user:none") is None
    store.put("user:y", {"a": 1}, 60)
    assert store.get("user:y") == {"a": 1}


class _DroppingProxy:
    """A TCP proxy to the real Redis that, once, passes a SET on and cuts the line before the answer."""

    def __init__(self, port: int) -> None:
        import socket

        self.upstream = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.drop_next_set = False
        self.swallow = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket

        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(("127.0.0.1", self.upstream))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, src: Any, dst: Any, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if not from_client and self.swallow:
                    self.swallow = False  # Redis has executed the SET; its answer never arrives
                    break
                if from_client and self.drop_next_set and b"\r\nSET\r\n" in data.upper():
                    self.drop_next_set = False
                    self.swallow = True
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.close()


def test_a_claim_whose_answer_was_lost_is_still_its_own(redis_server: RedisServer, redis_url: str) -> None:
    proxy = _DroppingProxy(redis_server.port)
    store = RedisStore(f"redis://127.0.0.1:{proxy.port}/0", claim_grace=60.0, retry_interval=0.05)
    assert store.claim("event:warm", 60)  # a connection through the proxy is open
    proxy.drop_next_set = True
    assert store.claim("event:lost-answer", 60) is True  # the SET happened; the retry finds its token
    assert store.claim("event:lost-answer", 60) is False
    assert RedisStore(redis_url).claim("event:lost-answer", 60) is False
