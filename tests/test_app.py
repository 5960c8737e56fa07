"""The app's start: a base loaded already (by ``serve``) is used, not loaded again."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import DEFAULT_ROOT
from bot.settings import Settings


def test_create_app_first_start_uses_the_base_it_was_given(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = create_app(
        Settings(knowledge_dir=DEFAULT_ROOT, state_dir=tmp_path, web_rate_limit_per_minute=0), knowledge=kb
    )
    with TestClient(app):
        assert app.state.search.kb is kb
    with TestClient(app):  # a later start loads its own
        assert app.state.search.kb is not kb
        assert app.state.search.kb.version == kb.version
