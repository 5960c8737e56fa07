"""Searches run in the search pool, off the event loop: a real uvicorn keeps answering while
searches are in flight, and no more than the pool's threads search at once. A short message
searched alone runs on the event loop."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.app import create_app
from bot.catalog.loader import DEFAULT_ROOT
from bot.pool import ON_LOOP_MAX_CHARS, THREAD_NAME, SearchPool
from bot.search.service import SearchService
from bot.settings import Settings
from tests.helpers.serve import serving_app

THREADS = 2
# Long enough to be searched in the pool however few searches there are.
LONG = "夫が怖くて家に帰れません。" * 6


class _Gated:
    """The real search service, whose searches wait at a gate the test opens."""

    def __init__(self, service: SearchService) -> None:
        self._service = service
        self.gate = threading.Event()
        self._lock = threading.Lock()
        self.in_flight = 0
        self.most = 0
        self.threads: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    def search(self, text: str, **kw: Any) -> Any:
        with self._lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.threads.append(threading.current_thread().name)
        try:
            if not self.gate.wait(timeout=120):
                raise RuntimeError("the test never opened the gate")
            return self._service.search(text, **kw)
        finally:
            with self._lock:
                self.in_flight -= 1


def _wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    settings = Settings(
        knowledge_dir=DEFAULT_ROOT, state_dir=tmp_path, search_threads=THREADS, web_rate_limit_per_minute=0
    )
    app = create_app(settings)
    with serving_app(app) as url:
        yield app, url


def test_healthz_answers_while_searches_are_in_flight(served: tuple[FastAPI, str]) -> None:
    app, url = served
    gated = _Gated(app.state.search)
    app.state.search = gated
    answers: list[int] = []

    def get(path: str, params: dict[str, str]) -> None:
        answers.append(httpx.get(url + path, params=params, timeout=120).status_code)

    requests = [
        threading.Thread(target=get, args=("/api/search", {"q": LONG})),
        threading.Thread(target=get, args=("/api/search", {"q": "生理こない" + LONG})),
        threading.Thread(target=get, args=("/", {"q": "仕事を探しています"})),
        threading.Thread(target=get, args=("/", {"q": "DVの相談先"})),
    ]
    for thread in requests:
        thread.start()
    try:
        # Every search thread is held at the gate ...
        _wait_for(lambda: gated.in_flight == THREADS)
        # ... and the server still answers at once: nothing waits on the searches.
        health = httpx.get(f"{url}/healthz", timeout=30)
        assert health.status_code == 200
        assert gated.in_flight == THREADS and not gated.gate.is_set() and answers == []
    finally:
        gated.gate.set()
        for thread in requests:
            thread.join(timeout=120)
    assert answers == [200] * len(requests)
    assert gated.most == THREADS  # the other searches waited their turn
    assert len(gated.threads) == len(requests)
    assert all(name.startswith(THREAD_NAME) for name in gated.threads)


def test_short_search_alone_runs_on_the_event_loop(served: tuple[FastAPI, str]) -> None:
    app, url = served
    gated = _Gated(app.state.search)
    gated.gate.set()
    app.state.search = gated
    short = httpx.get(f"{url}/api/search", params={"q": "夫が怖い"}, timeout=30)
    long = httpx.get(f"{url}/api/search", params={"q": LONG}, timeout=30)
    assert short.status_code == long.status_code == 200
    assert short.json()["results"] and long.json()["results"]
    on_loop, in_pool = gated.threads
    assert not on_loop.startswith(THREAD_NAME)
    assert in_pool.startswith(THREAD_NAME)


def test_short_searches_arriving_together_go_to_the_pool() -> None:
    pool = SearchPool(THREADS)

    async def together() -> list[str]:
        def where() -> str:
            return threading.current_thread().name

        return list(await asyncio.gather(*(pool.run_search("短い", where) for _ in range(3))))

    try:
        assert len("短い") <= ON_LOOP_MAX_CHARS
        assert all(name.startswith(THREAD_NAME) for name in asyncio.run(together()))
        alone = asyncio.run(pool.run_search("短い", lambda: threading.current_thread().name))
        assert not alone.startswith(THREAD_NAME)
    finally:
        pool.close()
