"""``python -m bot serve`` as a person would run it, on a free loopback port, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(
    knowledge: Path,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    start_seconds: float = 90,
) -> Iterator[Served]:
    """Start the server, wait until /healthz answers (fail if it exits first), stop it after."""
    port = free_port()
    command = [sys.executable, "-m", "bot", "--knowledge", str(knowledge), "serve"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port), *args],
            cwd=REPO,
            # Tests send more requests than a person would: the address limit is off unless asked for.
            env={**os.environ, "PYTHONUNBUFFERED": "1", "WEB_RATE_LIMIT_PER_MINUTE": "0", **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + start_seconds
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited early:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer in {start_seconds}s")
            time.sleep(0.2)
        yield Served(url=url, proc=proc, log=log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def serving_app(app: Any, *, start_seconds: float = 60) -> Iterator[str]:
    """An app object served by a real uvicorn in a thread of this process, on a free loopback
    port: for tests that reach into the running app (``app.state``). Yields the base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_seconds
    try:
        while not server.started:
            if not thread.is_alive():
                pytest.fail("the server stopped before it started")
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not start in {start_seconds}s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
