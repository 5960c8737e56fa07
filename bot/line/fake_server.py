"""A real HTTP server on loopback standing in for the LINE Messaging API.

Used by the tests and by ``python -m bot loadtest``: it records every request
(path, headers, JSON body) and answers as LINE does; ``fail_with`` makes it
fail the next requests with the given status codes.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeLine:
    server: ThreadingHTTPServer
    requests: list[Recorded] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)  # statuses for the next requests

    @property
    def url(self) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def replies(self) -> list[Any]:
        return [r.json() for r in self.requests if r.path == "/v2/bot/message/reply"]

    def clear(self) -> None:
        self.requests.clear()
        self.fail_with.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_fake_line() -> FakeLine:
    fake: FakeLine

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fake.requests.append(
                Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            status = fake.fail_with.pop(0) if fake.fail_with else 200
            if status != 200:
                payload: dict[str, Any] = {"message": "error"}
            elif self.path == "/v2/bot/message/reply":
                payload = {"sentMessages": [{"id": "1", "quoteToken": "q"}]}
            elif self.path == "/v2/bot/richmenu":
                payload = {"richMenuId": "richmenu-test"}
            else:
                payload = {}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_POST = _answer
        do_GET = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake = FakeLine(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
