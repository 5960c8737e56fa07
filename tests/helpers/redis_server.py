"""A real ``redis-server`` on a free loopback port, started and restarted by the tests.

Locally a missing ``redis-server`` skips the tests that need it; in CI (``CI`` set)
it fails them, so the shared-state tests can never silently not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from tests.helpers.serve import free_port

START_LIMIT = 60.0
STOP_LIMIT = 60.0  # SIGTERM: redis writes its append-only file, then exits


@dataclass
class RedisServer:
    binary: str
    directory: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # Append-only file on: keys survive a restart, as they do in the compose setup.
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "yes", "--dir", str(self.directory), "--daemonize", "no"]
        log = (self.directory / "redis.log").open("ab")
        self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + START_LIMIT  # ends at the first PONG; the limit is for a busy machine
        while True:
            try:
                client.ping()
                return
            except redis.RedisError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start: {(self.directory / 'redis.log').read_text()}")
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: redis saves and exits
            self.proc.wait(timeout=STOP_LIMIT)
        self.proc = None

    def flush(self) -> None:
        redis.Redis(port=self.port).flushall()


def find_redis_server() -> str:
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server; `make test` does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary
