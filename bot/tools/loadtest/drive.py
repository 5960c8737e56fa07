"""The closed-loop client: C workers, each sending its next request when the last is answered.

Every phase goes through the same code (one aiohttp session with keep-alive, the
body read in full, the time taken on ``time.monotonic()``), so the generator's own
cost weighs the same on /healthz as on searches and webhooks. A workload says what
to send next and hears how it went; requests go round-robin over the replicas.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import aiohttp

from bot.tools.loadtest.events import EventFactory, WebhookEvent

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=5)


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    body: bytes | None = None
    headers: Mapping[str, str] | None = None
    event: WebhookEvent | None = None


class Workload(Protocol):
    def next(self, index: int, now: float) -> Request: ...

    def done(self, request: Request, *, ok: bool, started: float) -> None: ...


@dataclass
class PhaseTally:
    latencies: list[float] = field(default_factory=list)  # seconds, requests answered 2xx
    errors: Counter[str] = field(default_factory=Counter)  # "HTTP 503", "ClientConnectorError"...
    error_offsets: list[float] = field(default_factory=list)  # seconds after the phase started
    started: float = 0.0
    finished: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def seconds(self) -> float:
        return self.finished - self.started


async def closed_loop(
    session: aiohttp.ClientSession,
    workload: Workload,
    *,
    seconds: float,
    concurrency: int,
    clock: Callable[[], float] = time.monotonic,
) -> PhaseTally:
    """Keep ``concurrency`` requests in flight for ``seconds``; the last ones finish after."""
    tally = PhaseTally(started=clock())
    deadline = tally.started + seconds
    counter = itertools.count()

    async def worker() -> None:
        while (now := clock()) < deadline:
            request = workload.next(next(counter), now)
            started = clock()
            error: str | None = None
            try:
                async with session.request(
                    request.method, request.url, data=request.body, headers=request.headers
                ) as response:
                    await response.read()
                    if not 200 <= response.status < 300:
                        error = f"HTTP {response.status}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = type(exc).__name__
            ended = clock()
            if error is None:
                tally.latencies.append(ended - started)
            else:
                tally.errors[error] += 1
                tally.error_offsets.append(ended - tally.started)
            workload.done(request, ok=error is None, started=started)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    tally.finished = clock()
    return tally


class GetWorkload:
    """GET the same kind of URL on every replica: request i goes to replica i mod N."""

    def __init__(self, urls: Sequence[Sequence[str]]) -> None:
        self._requests = [[Request("GET", url) for url in per_replica] for per_replica in urls]

    def next(self, index: int, now: float) -> Request:
        per_replica = self._requests[index % len(self._requests)]
        return per_replica[(index // len(self._requests)) % len(per_replica)]

    def done(self, request: Request, *, ok: bool, started: float) -> None:
        pass


@dataclass(order=True)
class _Due:
    at: float
    serial: int
    event: WebhookEvent = field(compare=False)
    replica: int = field(compare=False)


class WebhookWorkload:
    """New events round-robin; a redelivery, when due, goes first, to another replica."""

    def __init__(self, factory: EventFactory, replicas: Sequence[str], *, until: float) -> None:
        self._factory = factory
        self._urls = [f"{replica}/callback" for replica in replicas]
        self._until = until  # no redelivery is planned past the end of the phase
        self._due: list[_Due] = []
        self._serial = itertools.count()
        self.sent_at: dict[str, float] = {}  # reply token -> when its event was first sent
        self.acknowledged: set[str] = set()  # reply tokens whose event was answered 2xx
        self.kinds: Counter[str] = Counter()
        self.redeliveries = 0

    def next(self, index: int, now: float) -> Request:
        if self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            self.redeliveries += 1
            return self._request(due.event, due.replica)
        event = self._factory.event()
        self.kinds[event.kind] += 1
        replica = index % len(self._urls)
        delay = self._factory.redelivery_delay()
        if delay is not None and now + delay < self._until:
            again = (replica + 1) % len(self._urls)
            heapq.heappush(self._due, _Due(now + delay, next(self._serial), event.redelivered(), again))
        return self._request(event, replica)

    def _request(self, event: WebhookEvent, replica: int) -> Request:
        delivery = self._factory.deliver(event)
        return Request("POST", self._urls[replica], delivery.body, delivery.headers(), event)

    def done(self, request: Request, *, ok: bool, started: float) -> None:
        event = request.event
        if event is None:
            return
        if not event.redelivery:
            self.sent_at[event.reply_token] = started
        if ok:
            self.acknowledged.add(event.reply_token)
