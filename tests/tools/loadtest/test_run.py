"""``python -m bot loadtest`` as an operator runs it: real servers, sink and redis on loopback."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.redis_server import find_redis_server
from tests.helpers.serve import REPO

SHORT = ["--seconds", "3", "--compare-seconds", "1"]
# Limits for a busy machine (CI shares it): each wait ends as soon as its condition holds.
RUN_LIMIT = 600.0
START_LIMIT = 180.0


def marked_processes(marker: str) -> list[int]:
    """Processes that inherited this run's marker: the load test's own children."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def loadtest(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any], str]:
    marker = f"LOADTEST_TEST_RUN={uuid.uuid4().hex}"
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "loadtest", *args, "--json", str(out)],
        cwd=REPO,
        env={**os.environ, marker.split("=")[0]: marker.split("=")[1]},
        capture_output=True,
        text=True,
        timeout=RUN_LIMIT,
    )
    figures = json.loads(out.read_text()) if out.exists() else {}
    return done, figures, marker


def check_clean_run(done: subprocess.CompletedProcess[str], figures: dict[str, Any]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert figures["passed"] is True and figures["errors"] == 0
    replies = figures["replies"]
    assert replies["expected"] > 20 and replies["missing"] == 0 and replies["duplicates"] == 0
    assert replies["received"] == replies["expected"] and replies["unexpected"] == replies["rejected"] == 0
    assert replies["kinds"]["message.text"] > 0
    phases = {p["name"]: p for p in figures["phases"]}
    assert list(phases) == ["healthz", "search", "webhook"]
    assert all(p["requests"] > 0 and p["errors"] == 0 and p["p50_ms"] > 0 for p in phases.values())
    assert {t["label"] for t in figures["targets"]} == {
        "search p50 / healthz p50",
        "webhook p50 / healthz p50",
        "webhook req/s / healthz req/s",
    }
    assert "result: PASS (errors 0, duplicates 0, missing 0)" in done.stdout
    assert "webhook p50 / healthz p50: " in done.stdout
    assert figures["floor"]["missing"] == 0 and "RssAnon of the serving process: " in done.stdout


def test_loadtest_without_redis_answers_every_event_once(tmp_path: Path) -> None:
    done, figures, marker = loadtest([*SHORT, "--no-redis", "--replicas", "1"], tmp_path)
    check_clean_run(done, figures)
    assert figures["setup"]["redis"] is False and figures["redis_restart"] is None
    assert marked_processes(marker) == []


def test_loadtest_with_redis_restarted_mid_run_answers_every_event_once(tmp_path: Path) -> None:
    find_redis_server()  # skipped locally without it, a failure in CI
    # Two replicas: redeliveries go to the other one, which must recognise them through Redis.
    done, figures, marker = loadtest([*SHORT, "--redis", "--replicas", "2"], tmp_path)
    check_clean_run(done, figures)
    restart = figures["redis_restart"]
    assert 1.0 <= restart["at_seconds"] <= 2.5 and 0 < restart["outage_seconds"] < 5
    assert "redis restarted" in done.stdout
    assert marked_processes(marker) == []


VERDICT = r"\) (PASS|FAIL)"
FLOOR_LINES = [
    r"search p50 / healthz p50 \(1 client, sequential\): \d+\.\d+x \(target <= 2\.0x, goal 1\.5x" + VERDICT,
    r"webhook ack p50 / healthz p50 \(paced, each reply before the next\): \d+\.\d+x \(target <= 2\.0x"
    + VERDICT,
    r"replies delivered/s / healthz req/s \(8 clients\): \d+\.\d+x \(target >= 0\.15x\) (PASS|FAIL)",
    r"RssAnon of the serving process: \d+\.\d MB \(target <= 90 MB\) (PASS|FAIL)",
]


def test_loadtest_prints_the_four_figures_against_the_floor(tmp_path: Path) -> None:
    done, figures, marker = loadtest(["--floor-only", "--floor-count", "12", "--no-redis"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    for line in FLOOR_LINES:
        assert re.search(f"^{line}$", done.stdout, re.MULTILINE), line
    floor = figures["floor"]
    assert floor["count"] == 12 and floor["missing"] == 0 and floor["replies"] == 12
    assert floor["rss_anon_mb"] > 0 and floor["search_p50_ms"] > 0 and floor["ack_p50_ms"] > 0
    assert figures["phases"] == [] and figures["replies"] is None
    assert marked_processes(marker) == []


@pytest.mark.parametrize(
    "running", [2, 4], ids=["while-the-sink-starts", "while-the-servers-start"]
)  # itself and the sink; then 2 servers too
def test_loadtest_stopped_while_starting_leaves_no_process(tmp_path: Path, running: int) -> None:
    marker = f"{uuid.uuid4().hex}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "loadtest", *SHORT, "--no-redis", "--replicas", "2"],
        cwd=REPO,
        env={**os.environ, "LOADTEST_TEST_RUN": marker},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("loadtest: 2 replica(s)")
    deadline = time.monotonic() + START_LIMIT
    while len(marked_processes(marker)) < running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(marked_processes(marker)) >= running
    # A child may be between fork and exec here, or not yet answering: the moments an interrupt
    # used to leave it running. The load test must still stop it before it exits.
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=RUN_LIMIT)
    assert proc.returncode == 130 and "interrupted" in err
    assert marked_processes(marker) == []
