"""``POST /callback``: verify, acknowledge at once, answer off the request path.

The LINE SDK's parts (its signature validator, its event models through
``bot.line.dispatch``, its API client) are handed in by the app when LINE is configured:
a service without LINE credentials never imports them."""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from fastapi import APIRouter, BackgroundTasks, Header, Request
from fastapi.responses import JSONResponse

from bot import metrics
from bot.line.conversation import Conversation
from bot.line.events import Reply
from bot.state.store import EVENT_TTL_SECONDS, StateStore, rate_key

if TYPE_CHECKING:
    from linebot.v3.webhook import SignatureValidator

    from bot.line.client import LineClient
    from bot.line.dispatch import Accepted

log = logging.getLogger(__name__)
router = APIRouter(tags=["line"])
MAX_BODY_BYTES = 1_000_000


class InvalidSignatureError(Exception):
    """The body is not signed with the channel secret."""


@dataclass
class LineBot:
    validator: SignatureValidator
    secret: bytes
    read: Callable[[Any, bytes], Accepted | None]  # bot.line.dispatch.read: one event, or None
    conversation: Conversation
    client: LineClient
    store: StateStore
    rate_limit: int = 30  # events per person per minute answered in full

    def accept(self, body: str, signature: str) -> list[Accepted]:
        """Verify and parse, the body once; nothing here waits on the state store, so LINE gets
        its 200 at once."""
        if not self.validator.validate(body, signature):
            raise InvalidSignatureError("invalid signature")
        accepted = []
        for raw in json.loads(body)["events"]:
            item = self.read(raw, self.secret)
            metrics.EVENTS.labels(item.event_type if item else "skipped").inc()
            if item is None:
                log.info("event %s skipped", str(raw.get("type", "unknown"))[:40])
                continue
            accepted.append(item)
        return accepted

    def first_time(self, item: Accepted) -> bool:
        """Each event once, on whichever replica it reaches (LINE redelivers with the same id)."""
        if not item.claim_key or self.store.claim(item.claim_key, EVENT_TTL_SECONDS):
            return True
        metrics.DUPLICATE_EVENTS.inc()
        log.info("event %s %s already handled", item.event_type, item.event_id)
        return False

    def respond(self, item: Accepted, *, arrived: float | None = None) -> Reply | None:
        """Off the event loop: claim the event, count it against her limit, decide the reply.

        An event whose reply token will have expired before a reply could be sent (it waited
        too long for a thread in a flood) is skipped and not claimed: no search for a reply that
        cannot be sent, and the events behind it get their turn sooner."""
        if item.reply_token and arrived is not None and not self.client.retry.can_answer(arrived):
            metrics.EXPIRED_EVENTS.inc()
            log.info("event %s %s skipped: its reply token expires too soon", item.event_type, item.event_id)
            return None
        if not self.first_time(item):
            return None
        if self._over_limit(item):
            metrics.RATE_LIMITED.inc()
            return self.conversation.slow_down(item.incoming)
        return self.conversation.respond(item.incoming)

    def _over_limit(self, item: Accepted) -> bool:
        key = item.incoming.state_key
        if key is None or item.incoming.source != "user" or self.rate_limit <= 0:
            return False
        return self.store.hit(rate_key(key), 60) > self.rate_limit

    async def process(self, items: list[Accepted], *, arrived: float | None = None) -> None:
        """Answer each event; ``arrived`` is when the webhook came in (``time.monotonic()``), which
        bounds how long a reply may be retried. Nothing raises out of here: it runs after the 200."""
        arrived = time.monotonic() if arrived is None else arrived
        for item in items:
            try:
                await self._answer(item, arrived=arrived)
            except Exception as exc:  # one event's failure must not stop the others
                log.error("event %s %s failed (%s)", item.event_type, item.event_id, type(exc).__name__)

    async def _answer(self, item: Accepted, *, arrived: float) -> None:
        started = time.perf_counter()
        reply = await anyio.to_thread.run_sync(functools.partial(self.respond, item, arrived=arrived))
        if reply is None:
            return
        if reply.messages and item.reply_token:
            await self._send(item, reply.messages, arrived=arrived)
        ms = round((time.perf_counter() - started) * 1000, 1)
        log.info(
            "event %s %s answered: %d messages, entries=%s, crisis=%s, %.0f ms",
            item.event_type,
            item.event_id,
            len(reply.messages),
            ",".join(reply.entry_ids) or "-",
            reply.crisis,
            ms,
            extra={
                "event_type": item.event_type,
                "event_id": item.event_id,
                "messages": len(reply.messages),
                "entries": list(reply.entry_ids),
                "crisis": reply.crisis,
                "ms": ms,
            },
        )

    async def _send(self, item: Accepted, messages: list[dict[str, Any]], *, arrived: float) -> None:
        assert item.reply_token is not None
        try:
            outcome = await self.client.reply(item.reply_token, messages, arrived=arrived)
        except Exception as exc:  # not LINE's answer (those come back as an outcome): log the kind only
            log.warning("event %s %s: reply failed (%s)", item.event_type, item.event_id, type(exc).__name__)
            return
        if outcome == "token_invalid":  # maybe delivered by an attempt that timed out
            log.warning(
                "event %s %s: reply dropped, its token no longer valid", item.event_type, item.event_id
            )
        elif outcome != "sent":
            log.warning("event %s %s: reply failed (%s)", item.event_type, item.event_id, outcome)


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail})


@router.post("/callback")
async def callback(
    request: Request,
    background: BackgroundTasks,
    x_line_signature: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    arrived = time.monotonic()  # the reply token's clock starts about now
    bot: LineBot | None = getattr(request.app.state, "line_bot", None)
    if bot is None:
        return _error(
            503,
            "LINE is not configured: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN. "
            "Search and the web page work without them.",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _error(413, f"the body is over {MAX_BODY_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return _error(413, f"the body is over {MAX_BODY_BYTES} bytes")
    if not x_line_signature:
        return _error(400, "missing X-Line-Signature")
    started = time.perf_counter()
    try:
        items = bot.accept(body.decode("utf-8"), x_line_signature)
    except InvalidSignatureError:
        log.warning("webhook with an invalid signature rejected")
        return _error(400, "invalid signature")
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        RecursionError,  # JSON nested deeper than the decoder goes
    ):
        log.warning("webhook with a malformed body rejected")
        return _error(400, "malformed body")
    if items:
        background.add_task(bot.process, items, arrived=arrived)
    metrics.WEBHOOK_LATENCY.observe(time.perf_counter() - started)
    return JSONResponse({"accepted": len(items)})
