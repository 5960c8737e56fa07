"""The processes of a load test, on free loopback ports: reply sink, redis-server, servers.

``cluster()`` starts them, waits until each answers, and stops every one of them when
the block ends, however it ends (see ``procs`` for how the children are started).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.tools.loadtest.procs import (
    LOOPBACK,
    ClusterError,
    Redis,
    cpu_seconds,
    die_with_parent,
    free_port,
    interrupts_deferred,
    spawn,
    stop,
    tail,
)
from bot.tools.loadtest.sink import TOKEN_ENV


@dataclass
class Cluster:
    sink_url: str
    replicas: list[str]
    redis: Redis | None
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    sink: subprocess.Popen[bytes] | None = None
    logs: Path = Path()

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far of the servers, the sink, redis and this process."""
        mine = os.times()
        return {
            "generator": mine.user + mine.system,
            "servers": sum(cpu_seconds(p.pid) for p in self.servers),
            "sink": cpu_seconds(self.sink.pid) if self.sink else 0.0,
            "redis": self.redis.cpu() if self.redis else 0.0,
        }


@dataclass(frozen=True)
class Sink:
    proc: subprocess.Popen[bytes]
    url: str


def start_sink(*, token: str, logs: Path, running: list[subprocess.Popen[bytes]] | None = None) -> Sink:
    """``python -m bot.tools.loadtest.sink`` in its own process; its port is read from its first line.

    The process is added to ``running`` as soon as it exists, so that an interrupt while it
    starts still stops it.
    """
    log = logs / "sink.log"
    with log.open("ab") as err, interrupts_deferred():
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.tools.loadtest.sink"],
            env={**os.environ, TOKEN_ENV: token},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        if running is not None:
            running.append(proc)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()  # "listening on PORT", or nothing if it died
    if not line.startswith("listening on "):
        stop(proc)
        raise ClusterError(f"the reply sink did not start:\n{tail(log)}")
    return Sink(proc, f"http://{LOOPBACK}:{line.rsplit(' ', 1)[1]}")


def _wait_healthy(cluster: Cluster, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = dict(enumerate(zip(cluster.replicas, cluster.servers, strict=True)))
    while waiting:
        for index, (url, proc) in list(waiting.items()):
            if proc.poll() is not None:
                raise ClusterError(f"server {index} exited:\n{tail(cluster.logs / f'server-{index}.log')}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    del waiting[index]
        if waiting and time.monotonic() > deadline:
            raise ClusterError(f"{len(waiting)} server(s) did not answer /healthz in {timeout:.0f} s")
        time.sleep(0.2)


def _server_command(knowledge: Path | None, port: int) -> list[str]:
    command = [sys.executable, "-m", "bot"]
    if knowledge is not None:
        command += ["--knowledge", str(knowledge)]
    return [*command, "serve", "--host", LOOPBACK, "--port", str(port)]


@contextlib.contextmanager
def cluster(
    *,
    replicas: int,
    use_redis: bool,
    knowledge: Path | None,
    logs: Path,
    secret: str,
    token: str,
    start_timeout: float = 120.0,
) -> Iterator[Cluster]:
    """Sink, then redis, then the servers; stopped in the reverse order when the block ends."""
    running: list[subprocess.Popen[bytes]] = []
    redis: Redis | None = None
    try:
        sink = start_sink(token=token, logs=logs, running=running)
        if use_redis:
            redis = Redis(workdir=logs / "redis", log=logs / "redis.log")
            redis.start()
            redis.wait_ready()
        env: dict[str, str | None] = {
            "LINE_CHANNEL_SECRET": secret,
            "LINE_CHANNEL_ACCESS_TOKEN": token,
            "LINE_API_BASE_URL": sink.url,
            "LINE_API_DATA_URL": sink.url,
            "REDIS_URL": redis.url if redis else None,
            # The load comes from one address: the per-address limit would measure only itself.
            "WEB_RATE_LIMIT_PER_MINUTE": "0",
        }
        ports = [free_port() for _ in range(replicas)]
        servers: list[subprocess.Popen[bytes]] = []
        for i, port in enumerate(ports):
            with interrupts_deferred():  # started and recorded together, or neither
                servers.append(spawn(_server_command(knowledge, port), log=logs / f"server-{i}.log", env=env))
                running.append(servers[-1])
        found = Cluster(
            sink_url=sink.url,
            replicas=[f"http://{LOOPBACK}:{port}" for port in ports],
            redis=redis,
            servers=servers,
            sink=sink.proc,
            logs=logs,
        )
        _wait_healthy(found, timeout=start_timeout)
        yield found
    finally:
        for proc in reversed(running):
            stop(proc)
        if redis is not None:
            redis.stop()
