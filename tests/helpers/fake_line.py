"""A real HTTP server on loopback standing in for the LINE Messaging API.

The tests' ``fake_line`` fixture (tests/conftest.py); ``python -m bot loadtest`` has its own
counting sink. It records every request
(path, headers, JSON body) and answers as LINE does; ``fail_with`` makes it
fail the next requests with the given status codes, ``delay_next`` makes it
wait before answering them (the answer is decided on arrival), ``retry_after``
goes out with 429s, and reply tokens in ``expired_tokens`` are refused with
LINE's 400 "Invalid reply token" (with ``one_time_tokens``, so is every token
already answered 200, as LINE does).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLY_PATH = "/v2/bot/message/reply"
INVALID_REPLY_TOKEN = {"message": "Invalid reply token"}  # LINE's body for an expired or used token


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 200  # what the fake answered
    at: float = field(default_factory=time.monotonic)  # when it arrived

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeLine:
    server: ThreadingHTTPServer
    requests: list[Recorded] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)  # statuses for the next requests
    delay_next: list[float] = field(default_factory=list)  # seconds to wait before answering them
    retry_after: str | None = None  # Retry-After header on 429 answers
    expired_tokens: set[str] = field(default_factory=set)
    one_time_tokens: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def replies(self) -> list[Any]:
        return [r.json() for r in self.requests if r.path == REPLY_PATH]

    def delivered(self) -> list[Any]:
        """The replies LINE would have shown: those answered 200."""
        return [r.json() for r in self.requests if r.path == REPLY_PATH and r.status == 200]

    def clear(self) -> None:
        self.requests.clear()
        self.fail_with.clear()
        self.delay_next.clear()
        self.retry_after = None
        self.expired_tokens.clear()
        self.one_time_tokens = False

    def decide(self, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        status = self.fail_with.pop(0) if self.fail_with else 200
        if status != 200:
            return status, {"message": "error"}
        if path == REPLY_PATH:
            token = str(json.loads(body).get("replyToken", ""))
            if token in self.expired_tokens:
                return 400, INVALID_REPLY_TOKEN
            if self.one_time_tokens:
                self.expired_tokens.add(token)
            return 200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]}
        if path == "/v2/bot/richmenu":
            return 200, {"richMenuId": "richmenu-test"}
        return 200, {}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_fake_line() -> FakeLine:
    fake: FakeLine

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with fake.lock:
                status, payload = fake.decide(self.path, body)
                delay = fake.delay_next.pop(0) if fake.delay_next else 0.0
                headers = {k.lower(): v for k, v in self.headers.items()}
                fake.requests.append(Recorded(self.command, self.path, headers, body, status))
            time.sleep(delay)
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 429 and fake.retry_after is not None:
                    self.send_header("Retry-After", fake.retry_after)
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up waiting
                pass

        do_POST = _answer
        do_GET = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake = FakeLine(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
