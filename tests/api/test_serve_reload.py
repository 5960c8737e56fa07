"""Live reload against a real ``python -m bot serve`` on a loopback port: SIGHUP and concurrency."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers.kbtree import copy_tree, edit_entries
from tests.helpers.serve import serving

TOKEN = "serve-test-token"
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")


@dataclass
class Server:
    url: str
    root: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def version(self) -> str:
        version: str = httpx.get(f"{self.url}/healthz", timeout=10).json()["kb_version"]
        return version


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("serve")
    root = copy_tree(base)
    with serving(root, base / "server.log", env={"ADMIN_TOKEN": TOKEN}) as served:
        yield Server(url=served.url, root=root, proc=served.proc, log=served.log)


def _add_alias(root: Path, alias: str) -> None:
    edit_entries(
        root, "windows.yaml", lambda es: es[0].update(alternate_names=[*es[0]["alternate_names"], alias])
    )


def test_serve_sighup_reloads_the_base(server: Server) -> None:
    before = server.version()
    _add_alias(server.root, "Quuxsighup")
    os.kill(server.proc.pid, signal.SIGHUP)
    _wait(lambda: server.version() != before, timeout=30)
    results = httpx.get(f"{server.url}/api/search", params={"q": "Quuxsighup"}, timeout=10).json()["results"]
    assert results and results[0]["id"] == "josei-sodan-center"
    assert server.proc.poll() is None


def test_serve_sighup_with_a_broken_base_keeps_the_old_one(server: Server) -> None:
    before = server.version()
    path = server.root / "services" / "windows.yaml"
    good = path.read_text(encoding="utf-8")
    edit_entries(server.root, "windows.yaml", lambda es: es[0].update(kind="helpline"))
    try:
        os.kill(server.proc.pid, signal.SIGHUP)
        _wait(lambda: "reload refused" in server.log.read_text(encoding="utf-8"), timeout=30)
        assert server.proc.poll() is None
        assert server.version() == before
        response = httpx.get(f"{server.url}/api/search", params={"q": "夫が怖い"}, timeout=10)
        assert response.status_code == 200 and response.json()["results"]
        assert "windows.yaml" in server.log.read_text(encoding="utf-8")
    finally:
        path.write_text(good, encoding="utf-8")


def test_serve_searches_during_reloads_get_no_errors(server: Server) -> None:
    versions = {server.version()}
    stop = threading.Event()
    seen: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def hammer() -> None:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            while not stop.is_set():
                try:
                    response = http.get("/api/search", params={"q": "夫が怖くて家に帰れない"})
                    seen.append((response.status_code, response.json()["kb_version"]))
                except Exception as exc:  # any failure is what this test is about
                    errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for i in range(3):
            _add_alias(server.root, f"Quuxconcurrent{i}")
            response = httpx.post(
                f"{server.url}/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
            )
            assert response.status_code == 200, response.text
            versions.add(response.json()["kb_version"])
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(seen) > 20
    assert {status for status, _ in seen} == {200}
    assert {version for _, version in seen} <= versions
    assert len({version for _, version in seen}) >= 2  # the searches did run across reloads
    assert len(versions) == 4
