"""``POST /callback``: verify, acknowledge at once, answer off the request path."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, BackgroundTasks, Header, Request
from fastapi.responses import JSONResponse
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import WebhookParser

from bot.line.client import LineClient
from bot.line.conversation import Conversation
from bot.line.dispatch import Accepted, accept
from bot.state.store import EVENT_TTL_SECONDS, StateStore

log = logging.getLogger(__name__)
router = APIRouter(tags=["line"])
MAX_BODY_BYTES = 1_000_000


@dataclass
class LineBot:
    parser: WebhookParser
    secret: bytes
    conversation: Conversation
    client: LineClient
    store: StateStore

    def accept(self, body: str, signature: str) -> list[Accepted]:
        """Verify and parse; keep each event once (LINE redelivers with the same id)."""
        events = self.parser.parse(body, signature)
        raw_events = json.loads(body)["events"]  # the parser keeps their order, one for one
        accepted = []
        for event, raw in zip(events, raw_events, strict=True):
            item = accept(event, raw if isinstance(raw, dict) else {}, self.secret)
            if item is None:
                log.info("event %s skipped", str(getattr(event, "type", "unknown"))[:40])
                continue
            if item.event_id and not self.store.claim(f"event:{item.event_id}", EVENT_TTL_SECONDS):
                log.info("event %s %s already handled", item.event_type, item.event_id)
                continue
            accepted.append(item)
        return accepted

    async def process(self, items: list[Accepted]) -> None:
        for item in items:
            started = time.perf_counter()
            reply = await anyio.to_thread.run_sync(self.conversation.respond, item.incoming)
            if reply.messages and item.reply_token:
                await self._send(item, reply.messages)
            log.info(
                "event %s %s answered: %d messages, entries=%s, crisis=%s, %.0f ms",
                item.event_type,
                item.event_id,
                len(reply.messages),
                ",".join(reply.entry_ids) or "-",
                reply.crisis,
                (time.perf_counter() - started) * 1000,
            )

    async def _send(self, item: Accepted, messages: list[dict[str, Any]]) -> None:
        assert item.reply_token is not None
        try:
            await self.client.reply(item.reply_token, messages)
        except Exception as exc:  # the SDK raises several kinds; none may stop the others
            log.warning("event %s %s: reply failed (%s)", item.event_type, item.event_id, type(exc).__name__)


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail})


@router.post("/callback")
async def callback(
    request: Request,
    background: BackgroundTasks,
    x_line_signature: Annotated[str | None, Header()] = None,
) -> JSONResponse:
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
        background.add_task(bot.process, items)
    return JSONResponse({"accepted": len(items)})
