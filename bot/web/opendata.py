"""Downloads of the directory as open data: HSDS 3.0 JSON and CSV tables, each a zip.

The export code (``bot.opendata``) is imported by the first download, not with the app:
a serving process that is never asked for the files does not hold it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import Response

from bot.catalog.kb import KnowledgeBase
from bot.deps import KnowledgeDep

if TYPE_CHECKING:
    from bot.opendata.bundle import OpenData

router = APIRouter(include_in_schema=False)

_lock = threading.Lock()
_built: dict[str, dict[str, bytes]] = {}  # kb version -> file name -> zip; only the current version


def _download(kb: KnowledgeBase, name: str, make: Callable[[OpenData], bytes]) -> Response:
    with _lock:
        cached = _built.get(kb.version)
        if cached is None:
            _built.clear()
            cached = _built[kb.version] = {}
        if name not in cached:
            from bot.opendata.bundle import OpenData

            cached[name] = make(OpenData.build(kb))
        content = cached[name]
    return Response(
        content,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "public, max-age=3600",
        },
    )


@router.get("/open-data/hsds.zip")
def hsds_zip(kb: KnowledgeDep) -> Response:
    """One HSDS 3.0 service a file, with the organizations and the licence (about.json)."""
    from bot.opendata.bundle import zipped

    return _download(kb, "hsds.zip", lambda data: zipped(data.hsds_files(), "hsds"))


@router.get("/open-data/csv.zip")
def csv_zip(kb: KnowledgeDep) -> Response:
    """The same as CSV tables: services, phones, schedules, organizations, contact sources."""
    from bot.opendata.bundle import zipped

    return _download(kb, "csv.zip", lambda data: zipped(data.csv_files(), "csv"))
