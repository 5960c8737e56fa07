"""The FastAPI application: long-lived objects are built once in the lifespan, and the JSON API,
the referral page, the open-data downloads and the LINE webhook are mounted on one app.

The only module that imports the API package (``bot.api``)."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import __version__
from bot.api import routes
from bot.api.admin import router as admin_router
from bot.api.feedback import router as feedback_router
from bot.api.headers import NoStoreMiddleware
from bot.api.ratelimit import AddressLimiter, RateLimitMiddleware
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from bot.line import webhook
from bot.line.conversation import Conversation
from bot.line.webhook import LineBot
from bot.pool import SearchPool
from bot.reload import reload_knowledge
from bot.search.service import SearchService
from bot.settings import Settings, get_settings
from bot.state.open import open_store, state_secret
from bot.state.store import StateStore
from bot.state.sync import KnowledgeSync
from bot.web import opendata, pages

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, knowledge: KnowledgeBase | None = None) -> FastAPI:
    """``knowledge``: the base from ``settings.knowledge_dir``, loaded already (``serve`` loads it
    to refuse an invalid one before listening); the app's first start uses it instead of
    loading the base again, later starts load their own."""
    settings = settings or get_settings()
    preloaded = [knowledge] if knowledge is not None else []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kb = preloaded.pop() if preloaded else load_knowledge(settings.knowledge_dir)
        app.state.search = SearchService.build(kb)
        app.state.search_pool = SearchPool(settings.search_threads)
        # The base lives as long as the process: keep the collector from rescanning it.
        gc.freeze()
        app.state.settings = settings
        log.info("knowledge base %s loaded: %d entries", kb.version, len(kb))
        store = open_store(settings)
        app.state.store = store
        app.state.state_secret = state_secret(settings)
        app.state.line_bot = _line_bot(app, settings, store) if settings.line_configured else None
        app.state.sync = _sync(app, settings, store)
        try:
            yield
        finally:
            if app.state.sync is not None:
                app.state.sync.stop()
            if app.state.line_bot is not None:
                await app.state.line_bot.client.close()
            store.close()
            app.state.search_pool.close()

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
    app.include_router(opendata.router)
    app.mount("/static", pages.static_files(), name="static")
    app.include_router(admin_router)
    app.include_router(feedback_router)
    if settings.web_rate_limit_per_minute > 0:
        limiter = AddressLimiter(
            per_minute=settings.web_rate_limit_per_minute, burst=settings.web_rate_limit_burst
        )
        app.add_middleware(RateLimitMiddleware, limiter=limiter, page=pages.too_many)
    app.add_middleware(NoStoreMiddleware)  # the outermost: its headers reach every answer, 429s too
    return app


def _sync(app: FastAPI, settings: Settings, store: StateStore) -> KnowledgeSync | None:
    """Replicas sharing Redis follow each other's reloads; a lone process has nothing to follow
    (and does not import the Redis client)."""
    if not settings.redis_url or settings.kb_sync_seconds <= 0:
        return None
    from bot.state.redis_store import RedisStore

    if not isinstance(store, RedisStore):
        return None

    def serving() -> str:
        return str(app.state.search.kb.version)

    def reload() -> str:
        return reload_knowledge(app, trigger="sync").kb_version

    sync = KnowledgeSync(store, serving=serving, reload=reload, interval=settings.kb_sync_seconds)
    sync.start()
    return sync


def _line_bot(app: FastAPI, settings: Settings, store: StateStore) -> LineBot:
    """The LINE side, with the SDK's parts: imported here, so a service without LINE
    credentials never loads them."""
    from linebot.v3.webhook import SignatureValidator

    from bot.line.client import LineClient
    from bot.line.dispatch import read

    assert settings.line_channel_secret is not None and settings.line_channel_access_token is not None
    secret = settings.line_channel_secret.get_secret_value()
    return LineBot(
        validator=SignatureValidator(secret),
        secret=secret.encode(),
        read=read,
        # The search is read at each event, so a reloaded knowledge base is used at once.
        conversation=Conversation(lambda: app.state.search, store),
        client=LineClient(
            access_token=settings.line_channel_access_token.get_secret_value(),
            base_url=settings.line_api_base_url,
            data_url=settings.line_api_data_url,
        ),
        store=store,
        rate_limit=settings.rate_limit_per_minute,
    )
