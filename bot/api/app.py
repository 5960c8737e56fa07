"""The FastAPI application: long-lived objects are built once in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import __version__
from bot.api import routes
from bot.api.admin import router as admin_router
from bot.catalog.loader import load_knowledge
from bot.search.service import SearchService
from bot.settings import Settings, get_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kb = load_knowledge(settings.knowledge_dir)
        app.state.search = SearchService.build(kb)
        app.state.settings = settings
        log.info("knowledge base %s loaded: %d entries", kb.version, len(kb))
        yield

    app = FastAPI(
        title="Tokyo women's support finder",
        version=__version__,
        description=(
            "Find the consultation windows, hotlines, shelters and programs that the Tokyo "
            "Metropolitan Government runs or funds. Nothing a person writes is stored or logged."
        ),
        lifespan=lifespan,
    )
    app.include_router(routes.router)
    app.include_router(admin_router)
    return app
