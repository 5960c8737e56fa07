"""Searches run in the search pool, off the event loop: a real uvicorn keeps answering while
searches are in flight, and no more than the pool's threads search at once."""

from __future__ import annotations

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
from bot.pool import THREAD_NAME
from bot.search.service import SearchService
from bot.settings import Settings
from tests.helpers.serve import serving_app

THREADS = 2


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
        threading.Thread(target=get, args=("/api/search", {"q": "夫が怖い"})),
        threading.Thread(target=get, args=("/api/search", {"q": "生理こない"})),
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
