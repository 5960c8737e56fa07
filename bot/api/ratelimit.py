"""Requests per client address on the API and the pages: past the limit, 429 with Retry-After.

A token bucket per address: ``burst`` requests at once, refilled at ``per_minute``. The LINE
webhook (``/callback``: LINE's own servers, answered at once), ``/healthz``, ``/metrics`` and
the static files are never limited.

The address is the one the server gives (``scope["client"]``). Behind a proxy every request
comes from the proxy, so the server must be told to believe the proxy's ``X-Forwarded-For``:
``FORWARDED_ALLOW_IPS`` (see ``bot.settings``), which ``python -m bot serve`` hands to uvicorn.
Without it, X-Forwarded-For is ignored: anyone could write one.

The buckets live in this process's memory only, for at most ``max_addresses`` addresses (the
least recently seen are forgotten first) and no longer than a bucket takes to fill again;
they are never written anywhere or logged. An IPv6 address counts by its /64 network, which
one machine usually holds whole.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from bot import metrics

EXEMPT_PATHS = frozenset({"/callback", "/healthz", "/metrics"})
EXEMPT_PREFIXES = ("/static/",)
MAX_ADDRESSES = 10_000
IPV6_NETWORK = 64


def address_key(host: str) -> str:
    """What one client is counted by: an IPv4 address, an IPv6 /64 network, or the text given."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_NETWORK}", strict=False))
    return str(ip)


class AddressLimiter:
    """Token buckets by address, bounded in number."""

    def __init__(
        self,
        *,
        per_minute: int,
        burst: int,
        max_addresses: int = MAX_ADDRESSES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = per_minute / 60.0  # tokens a second
        self.burst = float(max(1, burst))
        self.max_addresses = max(1, max_addresses)
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, host: str) -> float:
        """0 when a request from ``host`` may go ahead (and counts it), else seconds to wait."""
        now = self._clock()
        key = address_key(host)
        tokens, then = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        self._forget(now)
        return wait

    def _forget(self, now: float) -> None:
        """Drop the least recently seen buckets: those full again, and any past the bound."""
        while self._buckets:
            key, (tokens, then) = next(iter(self._buckets.items()))
            full = tokens + (now - then) * self.rate >= self.burst
            if not full and len(self._buckets) <= self.max_addresses:
                return
            del self._buckets[key]


def limited(path: str) -> bool:
    return path not in EXEMPT_PATHS and not path.startswith(EXEMPT_PREFIXES)


class RateLimitMiddleware:
    """Answers 429 with ``Retry-After`` to an address over its limit, before any route runs."""

    def __init__(
        self, app: ASGIApp, *, limiter: AddressLimiter, page: Callable[[Request, int], Response]
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.page = page  # the 429 page for a browser

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not limited(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return
        client: Any = scope.get("client")
        wait = self.limiter.take(str(client[0]) if client else "-")
        if not wait:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        api = str(scope.get("path", "")).startswith("/api/")
        metrics.HTTP_RATE_LIMITED.labels("api" if api else "page").inc()
        response = (
            JSONResponse(
                {"detail": f"too many requests from this address: try again in {seconds} s"},
                status_code=429,
                headers={"Retry-After": str(seconds)},
            )
            if api
            else self.page(Request(scope), seconds)
        )
        await response(scope, receive, send)
