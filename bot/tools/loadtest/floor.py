"""The four figures of the service against its floor, on one server, in one run.

Each figure is a ratio to ``GET /healthz`` on the same server measured in the same way,
so that the machine, the client and the network cancel out:

- a search (``GET /api/search`` over the example messages) with one client, sequential,
  each search followed by a ``/healthz``;
- a signed webhook's acknowledgement, paced: the next is sent once the reply to the last
  has reached the sink, then a ``/healthz``;
- LINE replies delivered per second with 8 clients sending text webhooks (acknowledged
  at once, answered in the background: from the first send to the last reply), against
  ``/healthz`` requests per second with 8 clients;
- the serving process's anonymous resident memory (``RssAnon``), once it has answered all
  of that: the mapped dictionary is shared page cache and does not count.

A fixed number of requests each, so the time it takes is bounded.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.tools.loadtest.events import EventFactory
from bot.tools.loadtest.report import percentile

DEFAULT_COUNT = 200
CLIENTS = 8
REPLY_WAIT_SECONDS = 10.0
DRAIN_SECONDS = 30.0
SEARCH_LIMIT, SEARCH_GOAL = 2.0, 1.5
ACK_LIMIT = 2.0
DELIVERY_LIMIT = 0.15
RSS_ANON_LIMIT_MB = 90.0


@dataclass(frozen=True)
class Floor:
    count: int
    healthz_p50_ms: float  # one client, sequential, between searches
    search_p50_ms: float
    paced_healthz_p50_ms: float  # one client, sequential, between paced webhooks
    ack_p50_ms: float
    healthz_per_second: float  # 8 clients
    replies_per_second: float  # 8 clients sending text webhooks
    replies: int  # of the 8-client webhooks, answered
    missing: int  # webhooks (paced or not) whose reply never came
    rss_anon_mb: float

    @property
    def search_ratio(self) -> float:
        return _ratio(self.search_p50_ms, self.healthz_p50_ms)

    @property
    def ack_ratio(self) -> float:
        return _ratio(self.ack_p50_ms, self.paced_healthz_p50_ms)

    @property
    def delivery_ratio(self) -> float:
        return _ratio(self.replies_per_second, self.healthz_per_second)

    def lines(self) -> list[str]:
        return [
            f"floor (first server, {self.count} requests each): healthz p50 {self.healthz_p50_ms:.2f} ms "
            f"(between searches), {self.paced_healthz_p50_ms:.2f} ms (between webhooks), "
            f"{self.healthz_per_second:.0f} req/s with {CLIENTS} clients",
            f"floor: search p50 {self.search_p50_ms:.2f} ms, webhook ack p50 {self.ack_p50_ms:.2f} ms, "
            f"{self.replies_per_second:.1f} replies/s with {CLIENTS} clients "
            f"({self.replies} delivered, {self.missing} missing)",
            _line(
                "search p50 / healthz p50 (1 client, sequential)",
                f"{self.search_ratio:.2f}x",
                passed=self.search_ratio <= SEARCH_LIMIT,
                target=f"<= {SEARCH_LIMIT}x, goal {SEARCH_GOAL}x",
            ),
            _line(
                "webhook ack p50 / healthz p50 (paced, each reply before the next)",
                f"{self.ack_ratio:.2f}x",
                passed=self.ack_ratio <= ACK_LIMIT,
                target=f"<= {ACK_LIMIT}x",
            ),
            _line(
                f"replies delivered/s / healthz req/s ({CLIENTS} clients)",
                f"{self.delivery_ratio:.3f}x",
                passed=self.delivery_ratio >= DELIVERY_LIMIT,
                target=f">= {DELIVERY_LIMIT}x",
            ),
            _line(
                "RssAnon of the serving process",
                f"{self.rss_anon_mb:.1f} MB",
                passed=self.rss_anon_mb <= RSS_ANON_LIMIT_MB,
                target=f"<= {RSS_ANON_LIMIT_MB:.0f} MB",
            ),
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "search_ratio": self.search_ratio,
            "ack_ratio": self.ack_ratio,
            "delivery_ratio": self.delivery_ratio,
        }


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else float("inf")


def _line(label: str, value: str, *, passed: bool, target: str) -> str:
    return f"{label}: {value} (target {target}) {'PASS' if passed else 'FAIL'}"


def rss_anon_mb(pid: int) -> float:
    """``RssAnon`` of a process in MB (Linux ``/proc``; 0 elsewhere or once it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return 0.0


def spread(texts: Sequence[str], count: int) -> list[str]:
    """``count`` of the texts, evenly spaced through them (all of them, again, when more)."""
    if count <= len(texts):
        return [texts[i * len(texts) // count] for i in range(count)]
    return [text for text, _ in zip(itertools.cycle(texts), range(count), strict=False)]


class _Client:
    """One aiohttp session; every request read in full and timed the same way."""

    def __init__(self, session: aiohttp.ClientSession, server: str, sink: str) -> None:
        self._session = session
        self.server = server
        self.sink = sink

    async def timed(
        self, method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> float:
        started = time.monotonic()
        async with self._session.request(method, url, data=body, headers=headers) as response:
            await response.read()
            response.raise_for_status()
        return time.monotonic() - started

    async def reply_at(self, token: str, *, timeout: float) -> float | None:
        """When the sink got the reply to ``token`` (its monotonic clock), or None."""
        url = f"{self.sink}/wait?token={token}&timeout={timeout}"
        async with self._session.get(url) as response:
            answer = await response.json()
        return float(answer["at"]) if answer.get("replied") else None


async def measure(
    session: aiohttp.ClientSession,
    *,
    server: str,
    sink: str,
    pid: int,
    factory: EventFactory,
    texts: Sequence[str],
    count: int = DEFAULT_COUNT,
    sent: set[str] | None = None,
) -> Floor:
    """The figures; the reply tokens of the webhooks it sends are added to ``sent``."""
    sent = set() if sent is None else sent
    client = _Client(session, server, sink)
    chosen = spread(texts, count)
    healthz = f"{server}/healthz"
    # (a) searches, each followed by a /healthz: both see the same moment of the machine.
    searches, between = [], []
    for text in chosen:
        searches.append(await client.timed("GET", f"{server}/api/search?q={quote(text)}"))
        between.append(await client.timed("GET", healthz))
    # (b) webhooks paced by their replies.
    acks, paced_healthz, missing = [], [], 0
    for text in chosen:
        delivery = factory.deliver(factory.text_event(text))
        sent.add(delivery.event.reply_token)
        acks.append(
            await client.timed("POST", f"{server}/callback", body=delivery.body, headers=delivery.headers())
        )
        if await client.reply_at(delivery.event.reply_token, timeout=REPLY_WAIT_SECONDS) is None:
            missing += 1
        paced_healthz.append(await client.timed("GET", healthz))
    # (c) 8 clients: /healthz, then text webhooks until every reply has come.
    started = time.monotonic()
    await _together(count, lambda _: client.timed("GET", healthz))
    healthz_rate = count / (time.monotonic() - started)
    tokens: list[str] = []

    async def send(i: int) -> float:
        delivery = factory.deliver(factory.text_event(chosen[i]))
        tokens.append(delivery.event.reply_token)
        sent.add(delivery.event.reply_token)
        return await client.timed(
            "POST", f"{server}/callback", body=delivery.body, headers=delivery.headers()
        )

    started = time.monotonic()
    await _together(count, send)
    deadline = time.monotonic() + DRAIN_SECONDS
    arrivals = [
        await client.reply_at(token, timeout=max(0.0, deadline - time.monotonic())) for token in tokens
    ]
    delivered = [at for at in arrivals if at is not None]
    missing += len(arrivals) - len(delivered)
    replies_rate = len(delivered) / (max(delivered) - started) if delivered else 0.0
    return Floor(
        count=count,
        healthz_p50_ms=percentile(between, 50) * 1000,
        search_p50_ms=percentile(searches, 50) * 1000,
        paced_healthz_p50_ms=percentile(paced_healthz, 50) * 1000,
        ack_p50_ms=percentile(acks, 50) * 1000,
        healthz_per_second=healthz_rate,
        replies_per_second=replies_rate,
        replies=len(delivered),
        missing=missing,
        rss_anon_mb=rss_anon_mb(pid),
    )


async def _together(count: int, call: Callable[[int], Awaitable[float]]) -> None:
    """``count`` calls, ``CLIENTS`` at a time, each client starting its next when the last ends."""
    serial = itertools.count()

    async def worker() -> None:
        while (i := next(serial)) < count:
            await call(i)

    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
