"""Headers on every answer: what was searched for stays out of caches.

An API answer echoes her words (``query``, and a refused query in a 422), so it is never
stored by a browser or a shared cache (``Cache-Control: no-store``), nor read as anything but
its declared type (``X-Content-Type-Options: nosniff``). The pages set these and more
themselves (``bot.web.pages``); here they reach every answer, errors and 429s included. The
static files (stylesheet, script, icon) hold nothing of hers and may be cached.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_PREFIX = "/static/"
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
STATIC_HEADERS = {"X-Content-Type-Options": "nosniff"}


class NoStoreMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The stylesheet and the script may be cached; nothing else may.
        wanted = STATIC_HEADERS if str(scope.get("path", "")).startswith(STATIC_PREFIX) else HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
