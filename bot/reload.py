"""Live reload of the knowledge base: ``reload_knowledge``.

The base is loaded anew and validated completely into a new ``SearchService``,
which replaces ``app.state.search`` in one assignment: a request reads it once
(``bot.deps``) and sees either the old base or the new one, never a mix. A
broken base is refused and the old one keeps serving. ``reload_knowledge`` is
the one entry point, for ``POST /admin/reload``, for SIGHUP in ``python -m bot
serve`` and for the knowledge sync that keeps replicas in step.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass
from types import FrameType

from fastapi import FastAPI

from bot import metrics
from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.loader import load_knowledge
from bot.search.service import SearchService
from bot.settings import Settings

log = logging.getLogger(__name__)
_RELOAD_LOCK = threading.Lock()  # one reload at a time; searches never wait for it


@dataclass(frozen=True)
class Reloaded:
    previous_version: str
    kb_version: str
    entries: int
    seconds: float

    @property
    def changed(self) -> bool:
        return self.previous_version != self.kb_version


def reload_knowledge(app: FastAPI, *, trigger: str = "admin") -> Reloaded:
    """Load, validate and swap in the knowledge base; raises ``KnowledgeBaseError`` and keeps the old one.

    With replicas sharing Redis, a successful reload is announced so the others follow.
    """
    settings: Settings = app.state.settings
    with _RELOAD_LOCK:
        started = time.perf_counter()
        old: SearchService = app.state.search
        try:
            kb = load_knowledge(settings.knowledge_dir)  # every file, entry and cross reference
        except KnowledgeBaseError:
            metrics.RELOADS.labels("refused", trigger).inc()
            raise
        service = SearchService.build(kb, old.analyzer)  # one Sudachi dictionary per process
        app.state.search = service  # the swap: one assignment
    metrics.RELOADS.labels("reloaded" if old.kb.version != kb.version else "unchanged", trigger).inc()
    sync = getattr(app.state, "sync", None)
    if sync is not None and trigger != "sync":
        sync.announce(kb.version)
    result = Reloaded(
        previous_version=old.kb.version,
        kb_version=kb.version,
        entries=len(kb),
        seconds=round(time.perf_counter() - started, 3),
    )
    log.info(
        "knowledge base reloaded: %s -> %s, %d entries in %.2f s",
        result.previous_version,
        result.kb_version,
        result.entries,
        result.seconds,
    )
    return result


def reload_logged(app: FastAPI) -> None:
    """For a signal handler: reload, and log (not raise) why a broken base was refused."""
    if not hasattr(app.state, "search"):
        log.warning("reload asked for before the service started: ignored")
        return
    try:
        reload_knowledge(app, trigger="signal")
    except KnowledgeBaseError as exc:
        log.error(
            "reload refused, still serving %s: %d problem(s); first: %s",
            app.state.search.kb.version,
            len(exc.problems),
            exc.problems[0] if exc.problems else "?",
        )


def install_sighup(app: FastAPI) -> None:
    """``kill -HUP <pid>`` reloads the base; the work runs in a thread, off the event loop."""
    if not hasattr(signal, "SIGHUP"):
        return

    def on_hangup(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=reload_logged, args=(app,), name="kb-reload", daemon=True).start()

    signal.signal(signal.SIGHUP, on_hangup)
