"""Live reload of the knowledge base: ``POST /admin/reload`` and ``reload_knowledge``.

The base is loaded anew and validated completely into a new ``SearchService``,
which replaces ``app.state.search`` in one assignment: a request sees either
the old base or the new one, never a mix. A broken base is refused and the
old one keeps serving. ``reload_knowledge`` is the one entry point, for the
endpoint, for SIGHUP in ``python -m bot serve`` and for any later mechanism
that keeps replicas in step.
"""

from __future__ import annotations

import hmac
import logging
import signal
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from bot import metrics
from bot.catalog.errors import KnowledgeBaseError, Problem
from bot.catalog.loader import load_knowledge
from bot.present.schemas import Out
from bot.search.service import SearchService
from bot.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin", tags=["operations"])
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


def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Bearer ``ADMIN_TOKEN``, compared in constant time; without a token the endpoints are off."""
    settings: Settings = request.app.state.settings
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    if not token:
        raise HTTPException(status_code=404, detail="admin endpoints are disabled: ADMIN_TOKEN is not set")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(
            status_code=401,
            detail="send Authorization: Bearer <ADMIN_TOKEN>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(status_code=403, detail="wrong admin token")


class ReloadOut(Out):
    status: str  # "reloaded" or "unchanged"
    kb_version: str
    previous_version: str
    entries: int
    seconds: float


def _problem_out(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "entry": problem.entry,
        "field": problem.field,
        "message": problem.message,
        "text": str(problem),
    }


@router.post(
    "/reload",
    response_model=ReloadOut,
    dependencies=[Depends(require_admin)],
    responses={422: {"description": "the base on disk is invalid; the old one keeps serving"}},
)
def admin_reload(request: Request) -> ReloadOut | JSONResponse:
    try:
        done = reload_knowledge(request.app)
    except KnowledgeBaseError as exc:
        serving = request.app.state.search.kb.version
        return JSONResponse(
            status_code=422,
            content={
                "detail": f"the knowledge base is invalid: not reloaded, still serving {serving}",
                "kb_version": serving,
                "problems": [_problem_out(p) for p in exc.problems],
            },
        )
    return ReloadOut(
        status="reloaded" if done.changed else "unchanged",
        kb_version=done.kb_version,
        previous_version=done.previous_version,
        entries=done.entries,
        seconds=done.seconds,
    )
