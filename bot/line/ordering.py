"""The order of her results on LINE: what she can reach now first, among results that fit
about as well; text channels first in text-only mode."""

from __future__ import annotations

from bot.line.cards import reach_rank
from bot.present.schemas import ResultOut

PAGE = 3  # results on one page (a carousel)
# Results scoring at least this share of a better one fit about as well: reach decides between them.
FIT_BAND = 0.85
# A line open now may join the first page if it scores at least this share of the best fit.
REACH_BAND = 0.3


def reach(result: ResultOut) -> int:
    return min((reach_rank(c) for c in result.contacts), default=2)


def reachable_first(results: list[ResultOut], *, page: int = PAGE) -> list[ResultOut]:
    """Results she can reach now come first among those that fit about as well (within FIT_BAND
    of the best of their run). And when the first page has no line open now (nor one whose
    unconfirmed hours say so), the best open one that still fits (within REACH_BAND of the best)
    leads it: late on a Saturday a 24-hour line comes before the weekday windows."""
    out: list[ResultOut] = []
    start = 0
    while start < len(results):
        end = start + 1
        while end < len(results) and results[end].score >= results[start].score * FIT_BAND:
            end += 1
        out += sorted(results[start:end], key=reach)
        start = end
    if not out or any(reach(r) <= 1 for r in out[:page]):
        return out
    best = out[0].score
    late = next((r for r in out[page:] if reach(r) == 0 and r.score >= best * REACH_BAND), None)
    if late is not None:
        out.remove(late)
        out.insert(0, late)
    return out


def has_text_channel(result: ResultOut) -> bool:
    return any(c.text_only for c in result.contacts)


def text_only_first(results: list[ResultOut]) -> list[ResultOut]:
    return sorted(results, key=lambda r: not has_text_channel(r))
