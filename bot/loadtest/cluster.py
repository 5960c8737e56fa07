"""The processes of a load test, on free loopback ports: reply sink, redis-server, servers.

``cluster()`` starts them, waits until each answers, and stops every one of them when
the block ends, however it ends. Children run in their own session (a Ctrl-C reaches
only the load test, which then stops them in order) and, on Linux, are told to stop
if the load test itself dies without cleaning up.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.loadtest.sink import TOKEN_ENV

LOOPBACK = "127.0.0.1"
STOP_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1


class ClusterError(RuntimeError):
    """A process did not start or did not answer in time."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(
    command: list[str], *, log: Path, env: dict[str, str | None] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``command`` with its output in ``log``; ``env`` adds variables (``None`` removes one)."""
    merged = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name, value in (env or {}).items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            env=merged,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )


def stop(proc: subprocess.Popen[bytes], timeout: float = STOP_SECONDS) -> None:
    """SIGTERM (a clean shutdown for uvicorn and redis), then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Redis:
    """``redis-server`` keeping an append-only file in ``workdir``, so keys survive a restart."""

    def __init__(self, *, workdir: Path, log: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.workdir = workdir
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self._cpu_before = 0.0  # CPU seconds of the processes stopped so far
        workdir.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--bind", LOOPBACK, "--port", str(self.port), "--save", ""]
        command += ["--appendonly", "yes", "--dir", str(self.workdir), "--daemonize", "no"]
        self.proc = spawn(command, log=self.log)

    def ping(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=1.0) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.ping():
            if self.proc is not None and self.proc.poll() is not None:
                raise ClusterError(f"redis-server exited:\n{_tail(self.log)}")
            if time.monotonic() > deadline:
                raise ClusterError(f"redis-server did not answer PING in {timeout:.0f} s")
            time.sleep(0.01)

    def stop(self) -> None:
        if self.proc is not None:
            self._cpu_before = self.cpu()
            stop(self.proc)

    def cpu(self) -> float:
        running = self.proc is not None and self.proc.poll() is None
        return self._cpu_before + (cpu_seconds(self.proc.pid) if self.proc and running else 0.0)


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


def start_sink(*, token: str, logs: Path) -> Sink:
    """``python -m bot.loadtest.sink`` in its own process; its port is read from its first line."""
    log = logs / "sink.log"
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.loadtest.sink"],
            env={**os.environ, TOKEN_ENV: token},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()  # "listening on PORT", or nothing if it died
    if not line.startswith("listening on "):
        stop(proc)
        raise ClusterError(f"the reply sink did not start:\n{_tail(log)}")
    return Sink(proc, f"http://{LOOPBACK}:{line.rsplit(' ', 1)[1]}")


def _wait_healthy(cluster: Cluster, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = dict(enumerate(zip(cluster.replicas, cluster.servers, strict=True)))
    while waiting:
        for index, (url, proc) in list(waiting.items()):
            if proc.poll() is not None:
                raise ClusterError(f"server {index} exited:\n{_tail(cluster.logs / f'server-{index}.log')}")
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
        sink = start_sink(token=token, logs=logs)
        running.append(sink.proc)
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
        }
        ports = [free_port() for _ in range(replicas)]
        servers = [
            spawn(_server_command(knowledge, port), log=logs / f"server-{i}.log", env=env)
            for i, port in enumerate(ports)
        ]
        running.extend(servers)
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
