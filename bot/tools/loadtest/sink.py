"""A stand-in for LINE's reply endpoint that counts replies per reply token.

Run in its own process (``python -m bot.tools.loadtest.sink``) so that it shares no
interpreter lock with the load generator: it binds a free loopback port, prints
``listening on PORT`` and serves until SIGTERM or SIGINT.

- ``POST /v2/bot/message/reply`` answers as LINE does (``{"sentMessages": [...]}``)
  when the bearer token is right (401 otherwise) and the body has a reply token and
  1 to 5 messages (400 otherwise), and notes when each reply token arrived.
- ``GET /stats`` returns the counts and, per reply token, ``[times answered, first
  arrival]`` on ``time.monotonic()`` (system-wide on Linux, so comparable with the
  generator's clock); ``GET /stats?summary=1`` only the counts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

TOKEN_ENV = "LOADTEST_SINK_TOKEN"
REPLY_PATH = "/v2/bot/message/reply"
MAX_MESSAGES = 5
MAX_WAIT_SECONDS = 30.0


class Tally:
    """Replies per reply token with the time of the first; duplicates are tokens seen twice."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.replies: dict[str, list[float]] = {}  # token -> [count, first arrival]
        self.requests = 0
        self.rejected = 0  # wrong token or a body LINE would refuse
        self.duplicates = 0  # tokens answered more than once

    def record(self, token: str) -> int:
        """Count one reply for ``token``; return how many times it has been answered."""
        seen = self.replies.get(token)
        if seen is None:
            self.replies[token] = [1, self._clock()]
            return 1
        seen[0] += 1
        if seen[0] == 2:
            self.duplicates += 1
        return int(seen[0])

    def summary(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "rejected": self.rejected,
            "tokens": len(self.replies),
            "duplicates": self.duplicates,
        }

    def snapshot(self) -> dict[str, Any]:
        return {**self.summary(), "replies": self.replies}


def _refuse(tally: Tally, status: int, message: str) -> web.Response:
    tally.rejected += 1
    return web.json_response({"message": message}, status=status)


def build_app(token: str, tally: Tally | None = None) -> web.Application:
    tally = tally or Tally()
    expected = f"Bearer {token}"
    waiting: dict[str, asyncio.Event] = {}  # reply token -> set when its first reply arrives

    async def reply(request: web.Request) -> web.Response:
        tally.requests += 1
        if request.headers.get("Authorization") != expected:
            return _refuse(tally, 401, "Authentication failed")
        try:
            body = json.loads(await request.read())
        except ValueError:
            return _refuse(tally, 400, "The request body has 1 error(s)")
        messages = body.get("messages") if isinstance(body, dict) else None
        reply_token = body.get("replyToken") if isinstance(body, dict) else None
        if not isinstance(reply_token, str) or not reply_token:
            return _refuse(tally, 400, "The request body has 1 error(s)")
        if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES:
            return _refuse(tally, 400, "The request body has 1 error(s)")
        if tally.record(reply_token) == 1 and (arrived := waiting.pop(reply_token, None)):
            arrived.set()
        sent = [
            {"id": f"{tally.requests}{i}", "quoteToken": f"q{tally.requests}{i}"}
            for i in range(len(messages))
        ]
        return web.json_response({"sentMessages": sent})

    async def stats(request: web.Request) -> web.Response:
        if request.query.get("summary"):
            return web.json_response(tally.summary())
        return web.json_response(tally.snapshot())

    async def wait(request: web.Request) -> web.Response:
        reply_token = request.query.get("token", "")
        try:
            timeout = min(float(request.query.get("timeout", "5")), MAX_WAIT_SECONDS)
        except ValueError:
            return web.json_response({"message": "timeout must be a number"}, status=400)
        if reply_token not in tally.replies:
            arrived = waiting.setdefault(reply_token, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), timeout)
        seen = tally.replies.get(reply_token)
        if seen is None:
            waiting.pop(reply_token, None)
            return web.json_response({"replied": False})
        return web.json_response({"replied": True, "at": seen[1]})

    app = web.Application()
    app.router.add_post(REPLY_PATH, reply)
    app.router.add_get("/stats", stats)
    app.router.add_get("/wait", wait)
    return app


async def serve(token: str, *, host: str = "127.0.0.1", port: int = 0) -> None:
    runner = web.AppRunner(build_app(token), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    print(f"listening on {bound}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.tools.loadtest.sink", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port, printed on start")
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"set {TOKEN_ENV} to the channel access token the servers use", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(token, host=args.host, port=args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
