"""Shared fixtures: the real knowledge base is loaded once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import DEFAULT_ROOT, load_knowledge
from bot.search.analyzer import Analyzer
from bot.search.service import SearchService
from bot.settings import Settings


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(DEFAULT_ROOT)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def search(kb: KnowledgeBase, analyzer: Analyzer) -> SearchService:
    return SearchService.build(kb, analyzer)


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    app = create_app(Settings(knowledge_dir=DEFAULT_ROOT))
    with TestClient(app) as test_client:
        yield test_client
