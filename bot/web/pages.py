"""The support workers' referral page: thin HTML routes over the views and the templates.

Nothing a person types is stored or logged; the pages are rendered on the server, so they work
with JavaScript off, and load nothing from outside (no CDN, fonts or trackers).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError

from bot.catalog.hours import now_tokyo
from bot.catalog.kb import KnowledgeBase
from bot.catalog.places import MUNICIPALITIES
from bot.deps import KnowledgeDep, PoolDep, SearchDep, cast_vote
from bot.feedback import REASON_LABELS, FeedbackIn
from bot.present.labels import CHANNEL_LABELS, LANGUAGE_LABELS, STATUS_LABELS, open_mark, open_state
from bot.search.normalize import MAX_QUERY_CHARS
from bot.search.service import SearchService
from bot.web.filters import (
    AREA_OPTIONS,
    CHANNEL_OPTIONS,
    SEARCH_FIELDS,
    WHO_OPTIONS,
    language_options,
    parse_filters,
)
from bot.web.render import emergency_call, jdate, render_referral_text
from bot.web.views import MAX_REFERRAL_IDS, find, parse_ids, referral_sheet, service_page

if TYPE_CHECKING:
    from jinja2 import Environment

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # What a worker searched for is about a woman: keep it out of shared caches and history.
    "Cache-Control": "no-store",
}


@functools.cache
def templates() -> Environment:
    """The pages' templates; Jinja2 is imported by the first page, not with the app (a process
    that only answers LINE and the API never holds it)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        open_mark=open_mark,
        open_state=open_state,
        channel_label=lambda t: CHANNEL_LABELS.get(t, t),
        status_label=lambda s: STATUS_LABELS.get(s, s),
        emergency_call=emergency_call,
        language_names=lambda codes: "・".join(LANGUAGE_LABELS[c] for c in codes if c in LANGUAGE_LABELS),
        feedback_reasons=REASON_LABELS,
    )
    env.filters["jdate"] = lambda d: jdate(d) if d else ""
    return env


def static_files() -> StaticFiles:
    """The stylesheet, script and icon, served from the installed package."""
    return StaticFiles(directory=STATIC_DIR)


def _page(
    request: Request, name: str, *, status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    base = str(request.scope.get("root_path", "")).rstrip("/")
    html = templates().get_template(name).render(base=base, **context)
    return HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})


def _error(
    request: Request, status: int, title: str, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    return _page(request, "error.html", status=status, headers=headers, title=title, message=message)


def too_many(request: Request, seconds: int) -> HTMLResponse:
    """The page for an address that sent too many requests (see ``bot.api.ratelimit``)."""
    return _error(
        request,
        429,
        "少し待ってください",
        f"短い時間にたくさんの検索がありました。{seconds}秒ほど待ってから、もう一度ためしてください。",
        headers={"Retry-After": str(seconds)},
    )


Params = dict[str, list[str]]
# A search form carries her words (at most MAX_QUERY_CHARS), the filters and up to
# MAX_REFERRAL_IDS picks: far below this, even percent-encoded.
MAX_FORM_BYTES = 64 * 1024


async def _form(request: Request) -> Params | None:
    """The urlencoded body of a POST, or None when it is too large to be a form of this page."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=False)


def _query_params(request: Request) -> Params:
    return {key: request.query_params.getlist(key) for key in request.query_params}


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, search: SearchDep, pool: PoolDep) -> HTMLResponse:
    """The search page: a link with filters (shareable), or an old link with words in it."""
    params = _query_params(request)
    return await pool.run(lambda: _index(request, search, params))


@router.post("/", response_class=HTMLResponse)
async def index_posted(request: Request, search: SearchDep, pool: PoolDep) -> HTMLResponse:
    """The same search sent from the form: her words stay out of the address bar, the history
    and the server's access log, and the answer is never cached (no-store)."""
    params = await _form(request)
    if params is None:
        return _error(request, 413, "送れませんでした", "検索の内容が大きすぎます。短くしてください。")
    return await pool.run(lambda: _index(request, search, params))


def _index(request: Request, search: SearchService, params: Params) -> HTMLResponse:
    kb = search.kb
    topics = {t.id: t.label for t in kb.taxonomy.topics}
    if params.get("clear"):
        params = {key: params[key] for key in ("q", "ids") if key in params}
    parsed = parse_filters(params, topics=topics)
    query = " ".join(" ".join(params.get("q") or []).split())
    problems = list(parsed.problems)
    status = 200
    if len(query) > MAX_QUERY_CHARS:
        problems.append(f"検索の言葉が長すぎます（{MAX_QUERY_CHARS}文字まで）。短くしてください。")
        query, status = "", 400
    results = find(search, query=query, filters=parsed.filters, at=now_tokyo())
    log.info("page search: %d cards, crisis=%s", len(results.cards), results.crisis is not None)
    shown = {card.entry.id for card in results.cards}
    picked = [
        e
        for i in parse_ids(params.get("ids") or [])[:MAX_REFERRAL_IDS]
        if (e := kb.get(i)) is not None and e.user_facing
    ]
    filters_only = urlencode(results.filters.params())
    return _page(
        request,
        "index.html",
        status=status,
        results=results,
        problems=problems,
        topics=topics,
        who_options=WHO_OPTIONS,
        area_options=AREA_OPTIONS,
        municipalities=MUNICIPALITIES,
        channel_options=CHANNEL_OPTIONS,
        language_options=language_options(kb),
        filter_labels=results.filters.labels(topics),
        picked_ids={e.id for e in picked},
        picked_elsewhere=[e for e in picked if e.id not in shown],
        filters_url="/?" + filters_only if filters_only else "/",
        kb_version=kb.version,
    )


@router.get("/services/{entry_id}", response_class=HTMLResponse)
def service(request: Request, entry_id: str, kb: KnowledgeDep) -> HTMLResponse:
    entry = kb.get(entry_id)
    if entry is None:
        return _error(request, 404, "見つかりません", "この窓口・施策は登録されていません。")
    view = service_page(kb, entry, at=now_tokyo())
    return _page(request, "service.html", page=view, kb_version=kb.version)


@router.get("/referral", response_class=HTMLResponse)
def referral(request: Request, kb: KnowledgeDep) -> HTMLResponse:
    """A sheet from a link (ids=a,b,c); back to a search that keeps the picks."""
    return _referral(request, kb, _query_params(request))


@router.post("/referral", response_class=HTMLResponse)
async def referral_posted(request: Request, kb: KnowledgeDep) -> HTMLResponse:
    """A sheet from the results form, which also carries the search to go back to."""
    params = await _form(request)
    if params is None:
        return _error(request, 413, "送れませんでした", "選んだ窓口が多すぎます。")
    return _referral(request, kb, params)


def _back(params: Params, ids: tuple[str, ...]) -> list[tuple[str, str]]:
    """The fields that bring back the search the sheet was made from, with its picks."""
    fields = [(key, value) for key in SEARCH_FIELDS for value in params.get(key) or [] if key != "ids"]
    return [*fields, ("ids", ",".join(ids))] if ids else fields


def _referral(request: Request, kb: KnowledgeBase, params: Params) -> HTMLResponse:
    ids = parse_ids(params.get("ids") or [])
    if not ids:
        return _error(
            request,
            400,
            "窓口を選んでください",
            "検索結果で窓口にチェックを入れてから、紹介シートを作ってください。",
        )
    if len(ids) > MAX_REFERRAL_IDS:
        return _error(
            request, 400, "選んだ窓口が多すぎます", f"紹介シートには{MAX_REFERRAL_IDS}件まで入れられます。"
        )
    entries = [e for i in ids if (e := kb.get(i)) is not None]
    if len(entries) != len(ids):
        return _error(
            request, 404, "見つかりません", "選んだ窓口の一部が登録されていません。選び直してください。"
        )
    sheet = referral_sheet(kb, entries, at=now_tokyo())
    return _page(
        request,
        "referral.html",
        sheet=sheet,
        text=render_referral_text(sheet),
        back=_back(params, ids),
        kb_version=sheet.kb_version,
    )


@router.post("/feedback", response_class=HTMLResponse)
async def feedback_form(request: Request, kb: KnowledgeDep) -> HTMLResponse:
    """The same vote without the script: ``fb=<entry id>|<vote>[|<reason>]`` from a card's
    button, which posts the whole search form (her words included: read, never kept)."""
    params = await _form(request)
    parts = ((params or {}).get("fb") or [""])[-1].split("|")
    try:
        vote = FeedbackIn(entry_id=parts[0], vote=parts[1], reason=parts[2] if len(parts) > 2 else None)
        done = cast_vote(request, vote, kb=kb)
    except (IndexError, ValidationError):
        return _error(request, 400, "送れませんでした", "ボタンからもう一度送ってください。")
    except HTTPException as exc:
        return _error(request, exc.status_code, "送れませんでした", str(exc.detail))
    entry = kb.get(vote.entry_id)
    return _page(
        request, "feedback.html", entry=entry, vote=vote.vote, reason=vote.reason, counted=done.counted
    )
