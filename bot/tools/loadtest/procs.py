"""Child processes of a load test: start, stop, CPU time, and redis-server.

Children run in their own session (a Ctrl-C reaches only the load test, which then
stops them in order) and, on Linux, are told to stop if the load test itself dies
without cleaning up. A Ctrl-C or SIGTERM that arrives while a child is being started
waits until the child is recorded (``interrupts_deferred``), so none is left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

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


def die_with_parent() -> None:
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver them as they would have been.

    Starting a child and recording it (to stop it later) must happen together: an interrupt
    raised inside ``subprocess.Popen``, after the fork and before the ``Popen`` is returned,
    would leave a running child that nothing stops.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are handled in the main thread only
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        for held in dict.fromkeys(caught):
            signal.raise_signal(held)


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
            preexec_fn=die_with_parent,
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


def tail(log: Path, lines: int = 20) -> str:
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
        with interrupts_deferred():
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
                raise ClusterError(f"redis-server exited:\n{tail(self.log)}")
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
