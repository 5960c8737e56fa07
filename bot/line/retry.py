"""Replying while the reply token still works: what is worth another try, and how long to wait.

How long a reply token lives: LINE's reference for "Send reply message"
(https://developers.line.biz/en/reference/messaging-api/#send-reply-message) says a reply token
must be used within one minute of receiving the webhook and that later use is not guaranteed
(the Japanese wording is quoted in https://qiita.com/kyamamoto9120/items/f38966bbc86600665bb7;
before 2022 the page only said "a certain period", and people measured about 30 s). We keep a
margin below that minute; if the token dies sooner anyway, LINE answers 400 "Invalid reply token"
and we stop at once.

Duplicates: a retry after a timeout may follow a request that LINE did accept. The reply token
is single-use, so LINE then refuses the retry with that same 400, which we read as "already
used", not as an error. ``X-Line-Retry-Key`` cannot help here: LINE accepts it only on push,
multicast, narrowcast and broadcast, and refuses other endpoints that send it with a 400
(https://developers.line.biz/en/docs/messaging-api/retrying-api-request/).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal, get_args

import aiohttp
from linebot.v3.messaging import ApiException

from bot.metrics import LINE_API_ERRORS, LINE_API_RETRIES

log = logging.getLogger(__name__)

REPLY_TOKEN_LIFETIME = 60.0  # seconds from the webhook's arrival, per LINE's reference (above)
SAFETY_MARGIN = 10.0  # our clock starts after LINE's, and the last attempt needs time to land

ErrorKind = Literal["timeout", "connection", "rate_limited", "server_error", "expired_token", "client_error"]
RETRYABLE: frozenset[ErrorKind] = frozenset({"timeout", "connection", "rate_limited", "server_error"})
Outcome = Literal["sent", "token_invalid", "rejected", "gave_up"]
Attempt = Callable[[aiohttp.ClientTimeout], Awaitable[object]]

for _kind in get_args(ErrorKind):  # every kind shows in /metrics from the start, at zero
    LINE_API_ERRORS.labels(_kind)


@dataclass(frozen=True)
class RetryPolicy:
    """Seconds: the budget counts from the webhook's arrival; backoff doubles from base up to cap."""

    budget: float = REPLY_TOKEN_LIFETIME - SAFETY_MARGIN
    backoff_base: float = 0.3
    backoff_cap: float = 4.0
    attempt_timeout: float = 8.0
    connect_timeout: float = 2.0
    min_attempt: float = 0.2  # no attempt is started with less time than this left
    # No event is worked on (searched, answered) with less time than this left: the reply
    # could not be sent, and the work would only delay the events behind it.
    min_answer: float = 1.0

    def deadline(self, arrived: float) -> float:
        """The last moment (``time.monotonic()``) a reply to a webhook that arrived then may be sent."""
        return arrived + self.budget

    def can_answer(self, arrived: float, *, now: float | None = None) -> bool:
        """Whether there is still time to work on an event that arrived at ``arrived`` and reply."""
        return self.deadline(arrived) - (time.monotonic() if now is None else now) >= self.min_answer

    def backoff(self, retry: int, *, retry_after: float | None = None) -> float:
        """The wait before retry number ``retry`` (1, 2, ...): half fixed, half random; at least
        what LINE asked for in ``Retry-After``."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** (retry - 1))
        jittered = ceiling / 2 + random.uniform(0, ceiling / 2)
        return max(jittered, retry_after or 0.0)


@dataclass(frozen=True)
class Failure:
    kind: ErrorKind
    status: int | None = None
    retry_after: float | None = None

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def mentions_reply_token(body: object) -> bool:
    """LINE's body for a dead token is ``{"message": "Invalid reply token"}``."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    message = parsed.get("message") if isinstance(parsed, dict) else text
    return "reply token" in str(message).lower()


def classify(exc: Exception) -> Failure | None:
    """What went wrong talking to LINE, or ``None`` for an exception that is about something else."""
    if isinstance(exc, TimeoutError):  # aiohttp's timeouts are TimeoutErrors too
        return Failure("timeout")
    if isinstance(exc, aiohttp.ClientConnectionError | aiohttp.ClientPayloadError | ConnectionError):
        return Failure("connection")
    if not isinstance(exc, ApiException):
        return None
    status = int(exc.status or 0)
    headers = exc.headers or {}
    if status == 429:
        return Failure("rate_limited", status, parse_retry_after(headers.get("Retry-After")))
    if status >= 500:
        return Failure("server_error", status, parse_retry_after(headers.get("Retry-After")))
    if status == 400 and mentions_reply_token(exc.body):
        return Failure("expired_token", status)
    return Failure("client_error", status)


async def deliver(attempt: Attempt, *, deadline: float, policy: RetryPolicy) -> Outcome:
    """Call ``attempt`` until it succeeds, fails for good, or ``deadline`` (monotonic) is too near.

    Exceptions that ``classify`` does not know are raised; LINE's answers never are.
    """
    tries = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining < policy.min_attempt:
            log.warning("reply given up after %d attempts: the reply token's time is up", tries)
            return "gave_up"
        timeout = min(policy.attempt_timeout, remaining)
        if tries:  # counted when the retry is made, not when it is planned: a sleep can overrun
            LINE_API_RETRIES.inc()
        tries += 1
        try:
            await attempt(aiohttp.ClientTimeout(total=timeout, connect=min(policy.connect_timeout, timeout)))
            return "sent"
        except Exception as exc:
            failure = classify(exc)
            if failure is None:
                raise
        LINE_API_ERRORS.labels(failure.kind).inc()
        if failure.kind == "expired_token":
            earlier = " (an earlier attempt may have got through)" if tries > 1 else ""
            log.warning("reply token expired or already used; reply dropped%s", earlier)
            return "token_invalid"
        if not failure.retryable:
            log.warning("reply refused by LINE with %s (%s); not retried", failure.status, failure.kind)
            return "rejected"
        wait = policy.backoff(tries, retry_after=failure.retry_after)
        if time.monotonic() + wait + policy.min_attempt > deadline:
            log.warning(
                "reply given up after %d attempts (last: %s): no time left before the reply token expires",
                tries,
                failure.kind,
            )
            return "gave_up"
        log.info("reply attempt %d failed (%s); retrying in %.2f s", tries, failure.kind, wait)
        await asyncio.sleep(wait)
