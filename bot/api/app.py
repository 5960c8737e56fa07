"""The FastAPI application: long-lived objects are built once in the lifespan."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from linebot.v3.webhook import WebhookParser

from bot import __version__
from bot.api import routes
from bot.api.admin import router as admin_router
from bot.catalog.loader import load_knowledge
from bot.line import webhook
from bot.line.client import LineClient
from bot.line.conversation import Conversation
from bot.line.webhook import LineBot
from bot.search.service import SearchService
from bot.settings import Settings, get_settings
from bot.state.store import MemoryStore
from bot.web import pages

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kb = load_knowledge(settings.knowledge_dir)
        app.state.search = SearchService.build(kb)
        # The base lives as long as the process: keep the collector from rescanning it.
        gc.freeze()
        app.state.settings = settings
        log.info("knowledge base %s loaded: %d entries", kb.version, len(kb))
        app.state.line_bot = _line_bot(app, settings) if settings.line_configured else None
        try:
            yield
        finally:
            if app.state.line_bot is not None:
                await app.state.line_bot.client.close()

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
    app.include_router(webhook.router)
    app.include_router(pages.router)
    app.mount("/static", pages.static_files(), name="static")
    app.include_router(admin_router)
    return app


def _line_bot(app: FastAPI, settings: Settings) -> LineBot:
    assert settings.line_channel_secret is not None and settings.line_channel_access_token is not None
    secret = settings.line_channel_secret.get_secret_value()
    store = MemoryStore()
    return LineBot(
        parser=WebhookParser(secret),
        secret=secret.encode(),
        # The search is read at each event, so a reloaded knowledge base is used at once.
        conversation=Conversation(lambda: app.state.search, store),
        client=LineClient(
            access_token=settings.line_channel_access_token.get_secret_value(),
            base_url=settings.line_api_base_url,
            data_url=settings.line_api_data_url,
        ),
        store=store,
    )
