"""``POST /admin/reload``: the knowledge base reloaded on an operator's request (``bot.reload``)."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from bot.catalog.errors import KnowledgeBaseError, Problem
from bot.deps import SettingsDep
from bot.present.schemas import Out
from bot.reload import reload_knowledge

router = APIRouter(prefix="/admin", tags=["operations"])


def require_admin(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """Bearer ``ADMIN_TOKEN``, compared in constant time; without a token the endpoints are off."""
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
