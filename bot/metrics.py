"""Prometheus metrics: counts and latencies, never content.

Labels are closed sets (event types, outcomes, status classes), so no label can
carry what a person wrote or who she is. With several uvicorn workers,
``PROMETHEUS_MULTIPROC_DIR`` is set by ``python -m bot serve`` before the workers
start, and ``/metrics`` adds up every worker's files.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

# Latency buckets in seconds: search is around a millisecond, LINE's API tens to hundreds.
FAST = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
SLOW = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

EVENTS = Counter("line_events_total", "LINE webhook events received, by type", ["type"])
EXPIRED_EVENTS = Counter(
    "line_events_expired_total",
    "LINE events left unanswered because their reply token would expire before a reply",
)
DUPLICATE_EVENTS = Counter("line_duplicate_events_total", "Redelivered LINE events not answered again")
CRISIS = Counter("crisis_detections_total", "Messages that showed signs of danger", ["channel"])
SEARCHES = Counter("searches_total", "Searches, by channel and outcome", ["channel", "outcome"])
SEARCH_LATENCY = Histogram(
    "search_latency_seconds", "Time to rank and present results", ["channel"], buckets=FAST
)
WEBHOOK_LATENCY = Histogram(
    "webhook_latency_seconds", "Time to verify and acknowledge a webhook", buckets=FAST
)
REPLY_LATENCY = Histogram(
    "line_reply_latency_seconds", "From webhook arrival to LINE accepting the reply", buckets=SLOW
)
LINE_API_ERRORS = Counter("line_api_errors_total", "Failed calls to the LINE API, by kind", ["kind"])
LINE_API_RETRIES = Counter("line_api_retries_total", "Calls to the LINE API that were tried again")
RATE_LIMITED = Counter("rate_limited_total", "Events answered briefly because one sender sent too many")
HTTP_RATE_LIMITED = Counter(
    "http_rate_limited_total", "Requests refused (429) because one address sent too many", ["route"]
)
for _route in ("api", "page"):
    HTTP_RATE_LIMITED.labels(_route)
STORE_ERRORS = Counter(
    "state_store_errors_total", "State-store calls that failed and fell back", ["operation"]
)
FEEDBACK = Counter("feedback_total", "Feedback on an entry, by vote and channel", ["vote", "channel"])
RELOADS = Counter(
    "kb_reloads_total", "Knowledge-base reloads, by outcome and trigger", ["outcome", "trigger"]
)


def search_outcome(*, declined: bool, results: int) -> str:
    if declined:
        return "declined"
    return "match" if results else "no_match"


def exposition() -> tuple[bytes, str]:
    """The text format for ``/metrics``: this process's, or every worker's in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
