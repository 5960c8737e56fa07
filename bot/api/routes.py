"""JSON API routes: thin edges that read, delegate and shape the answer."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from bot import metrics
from bot.catalog.hours import now_tokyo
from bot.deps import PoolDep, SearchDep
from bot.present.answers import response_out
from bot.present.export import entry_detail
from bot.present.schemas import HealthOut, SearchResponse
from bot.search.normalize import MAX_QUERY_CHARS

router = APIRouter()


@router.get("/healthz", response_model=HealthOut, tags=["operations"])
async def healthz(search: SearchDep) -> HealthOut:
    return HealthOut(status="ok", kb_version=search.kb.version, entries=len(search.kb))


@router.get("/metrics", tags=["operations"], response_class=Response)
def metrics_text() -> Response:
    """Prometheus text format: counts and latencies, never content or ids."""
    body, content_type = metrics.exposition()
    return Response(content=body, media_type=content_type)


@router.get("/api/search", response_model=SearchResponse, tags=["search"])
async def api_search(
    search: SearchDep,
    pool: PoolDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="her words")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    audience: Literal["public", "worker"] = "public",
) -> Response:
    # A long message in the search pool, not on the event loop: most searches take a
    # millisecond, but a long message takes tens, and a flood of them must not hold up other
    # requests. The response is already a validated SearchResponse: serialised once, not
    # validated again by FastAPI.
    response = await pool.run_search(
        q, lambda: response_out(search.kb, search.search(q, limit=limit, audience=audience), at=now_tokyo())
    )
    return Response(content=response.model_dump_json(), media_type="application/json")


@router.get("/api/services/{entry_id}", tags=["search"])
def api_service(entry_id: str, search: SearchDep) -> JSONResponse:
    entry = search.kb.get(entry_id)
    if entry is None:
        raise HTTPException(status_code=404, detail=f"no service with id {entry_id!r}")
    return JSONResponse(entry_detail(search.kb, entry))
