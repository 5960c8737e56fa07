"""What a request is given: the search (and through it one knowledge base), the search pool
and the settings, each read from the app's state once per request.

Routes take them as ``Annotated`` aliases, and tests swap them with ``app.dependency_overrides``.
A reload replaces ``app.state.search`` in one assignment; a request that asked for ``SearchDep``
keeps the one it was given, so it sees one knowledge base from start to end.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from bot import feedback
from bot.catalog.kb import KnowledgeBase
from bot.pool import SearchPool
from bot.search.service import SearchService
from bot.settings import Settings
from bot.state.store import hashed_key


async def get_search(request: Request) -> SearchService:
    service: SearchService = request.app.state.search
    return service


SearchDep = Annotated[SearchService, Depends(get_search)]


async def get_knowledge(search: SearchDep) -> KnowledgeBase:
    return search.kb


KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]


async def get_pool(request: Request) -> SearchPool:
    pool: SearchPool = request.app.state.search_pool
    return pool


PoolDep = Annotated[SearchPool, Depends(get_pool)]


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def cast_vote(
    request: Request, vote: feedback.FeedbackIn, *, kb: KnowledgeBase | None = None
) -> feedback.FeedbackOut:
    """A vote from the web (``POST /api/feedback`` and the page's form), its visitor known by an
    HMAC of her address; a refused vote raises ``HTTPException`` (404, 422 or 429)."""
    kb = kb if kb is not None else request.app.state.search.kb
    address = request.client.host if request.client else "-"
    voter = hashed_key(request.app.state.state_secret, "web", address)
    try:
        return feedback.cast(request.app.state.store, kb, vote=vote, voter=voter)
    except feedback.VoteRefused as exc:
        raise HTTPException(status_code=exc.status, detail=exc.detail) from exc
