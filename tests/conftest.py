"""Shared fixtures: the real knowledge base is loaded once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import DEFAULT_ROOT, load_knowledge
from bot.present.adapter import ShownSearch
from bot.search.analyzer import Analyzer
from bot.search.service import SearchService
from bot.settings import Settings
from tests.helpers.fake_line import FakeLine, start_fake_line
from tests.helpers.redis_server import RedisServer, find_redis_server


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(DEFAULT_ROOT)


@pytest.fixture(scope="session")
def analyzer(kb: KnowledgeBase) -> Analyzer:
    return Analyzer(kb.stopwords)


@pytest.fixture(scope="session")
def search(kb: KnowledgeBase, analyzer: Analyzer) -> SearchService:
    return SearchService.build(kb, analyzer)


@pytest.fixture(scope="session")
def shown(search: SearchService) -> ShownSearch:
    """The search with its answers shown as the API's response."""
    return ShownSearch(search)


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    # One client sends the whole session's requests: far more than one person would.
    settings = Settings(
        knowledge_dir=DEFAULT_ROOT, state_dir=tmp_path_factory.mktemp("state"), web_rate_limit_per_minute=0
    )
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def fake_line() -> Iterator[FakeLine]:
    """A real HTTP server on loopback standing in for the LINE API, for the whole session;
    tests that read what it received start with ``fake_line.clear()``."""
    fake = start_fake_line()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real Redis for the session, emptied before each test that asks for it via ``redis_url``."""
    server = RedisServer(find_redis_server(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    if redis_server.proc is None:
        redis_server.start()
    redis_server.flush()
    return redis_server.url
