"""The phases of a load test against the same servers: the figures against the floor on the
first server (see ``floor``), then /healthz, searches and webhooks under load on all of them.

The webhook phase restarts Redis half way through (when there is one); afterwards
the sink is polled until every acknowledged event has its reply (or the drain wait
runs out) and no more replies arrive, so that late duplicates are counted too.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.catalog.loader import load_knowledge
from bot.tools.loadtest.cluster import Cluster, cluster
from bot.tools.loadtest.drive import REQUEST_TIMEOUT, GetWorkload, WebhookWorkload, closed_loop
from bot.tools.loadtest.events import EventFactory
from bot.tools.loadtest.floor import DEFAULT_COUNT, measure
from bot.tools.loadtest.logs import warnings_in
from bot.tools.loadtest.procs import Redis
from bot.tools.loadtest.report import PhaseResult, RedisRestart, Report, phase_result, replies_result

DEFAULT_CONCURRENCY = 8
WARMUP_SECONDS = 1.0
POLL_SECONDS = 0.25
QUIET_POLLS = 4  # the sink's request count unchanged this many polls: no reply is still coming
Print = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    seconds: float = 60.0
    compare_seconds: float = 15.0
    concurrency: int = DEFAULT_CONCURRENCY
    replicas: int | None = None  # default: 2 with Redis, 1 without
    redis: bool | None = None  # default: when redis-server is on PATH
    users: int = 5000
    drain_seconds: float = 15.0
    knowledge: Path | None = None
    log_dir: Path | None = None  # default: a temporary directory, removed afterwards
    seed: int | None = None
    floor_count: int = DEFAULT_COUNT  # requests of each kind for the figures against the floor
    floor_only: bool = False  # those figures alone, without the phases under load

    def resolved(self) -> Options:
        """Redis and the number of replicas decided (what the defaults mean here)."""
        use_redis = self.redis if self.redis is not None else shutil.which("redis-server") is not None
        replicas = self.replicas or (2 if use_redis else 1)
        return replace(self, redis=use_redis, replicas=replicas)


def example_messages(knowledge: Path | None) -> tuple[list[str], list[str]]:
    """The entries' example messages and the topic ids, from the base the servers load."""
    if knowledge is None:
        from bot.settings import get_settings

        knowledge = get_settings().knowledge_dir
    kb = load_knowledge(knowledge)
    texts = [example for entry in kb for example in entry.examples]
    return texts, [topic.id for topic in kb.taxonomy.topics]


@contextmanager
def _log_dir(chosen: Path | None) -> Iterator[Path]:
    if chosen is not None:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen
        return
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        yield Path(tmp)


def run(options: Options, *, out: Print) -> Report:
    """Start everything, run the phases, stop everything; the figures are returned."""
    options = options.resolved()
    replicas = options.replicas or 1
    secret, token = secrets.token_hex(16), secrets.token_urlsafe(32)
    setup: dict[str, Any] = {
        "replicas": replicas,
        "redis": options.redis,
        "concurrency": options.concurrency,
        "seconds": options.seconds,
        "compare_seconds": options.compare_seconds,
        "users": options.users,
        "floor_count": options.floor_count,
        "cpus": os.cpu_count(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
    }
    out(
        f"loadtest: {replicas} replica(s) of python -m bot serve, "
        f"redis {'on' if options.redis else 'off'}, concurrency {options.concurrency}, "
        f"{options.users} users; {os.cpu_count()} cpus, load average {setup['load_average_at_start']}"
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        examples = pool.submit(example_messages, options.knowledge)  # read while the servers start
        with _log_dir(options.log_dir) as logs:
            with cluster(
                replicas=replicas,
                use_redis=bool(options.redis),
                knowledge=options.knowledge,
                logs=logs,
                secret=secret,
                token=token,
            ) as running:
                texts, topics = examples.result()
                setup["queries"] = len(texts)
                factory = EventFactory(
                    secret=secret, texts=texts, topics=topics, users=options.users, seed=options.seed
                )
                out("servers: " + " ".join(running.replicas) + f"; reply sink: {running.sink_url}")
                if running.redis is not None:
                    out(f"redis: {running.redis.url}")
                out(f"queries and message texts: the {len(texts)} example messages of the knowledge base")
                report = asyncio.run(
                    _phases(running, options, factory=factory, texts=texts, setup=setup, out=out)
                )
            # Read once the servers have stopped, so that what they said on the way out counts too.
            return replace(report, server_warnings=warnings_in(sorted(logs.glob("server-*.log"))))


async def _phases(
    running: Cluster,
    options: Options,
    *,
    factory: EventFactory,
    texts: Sequence[str],
    setup: dict[str, Any],
    out: Print,
) -> Report:
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=3.0)
    async with aiohttp.ClientSession(
        connector=connector, timeout=REQUEST_TIMEOUT, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        searches = GetWorkload([[f"{r}/api/search?q={quote(t)}" for t in texts] for r in running.replicas])
        await closed_loop(session, searches, seconds=WARMUP_SECONDS, concurrency=options.concurrency)
        out(f"floor: {options.floor_count} requests of each kind on {running.replicas[0]}")
        floor_tokens: set[str] = set()
        floor = await measure(
            session,
            server=running.replicas[0],
            sink=running.sink_url,
            pid=running.servers[0].pid,
            factory=factory,
            texts=texts,
            count=options.floor_count,
            sent=floor_tokens,
        )
        if options.floor_only:
            return Report(setup=setup, phases=[], replies=None, floor=floor)
        phases: list[PhaseResult] = []
        healthz = GetWorkload([[f"{r}/healthz"] for r in running.replicas])
        for name, workload in (("healthz", healthz), ("search", searches)):
            out(f"{name}: {options.compare_seconds:g} s")
            before = running.cpu()
            tally = await closed_loop(
                session, workload, seconds=options.compare_seconds, concurrency=options.concurrency
            )
            phases.append(phase_result(name, tally, cpu_before=before, cpu_after=running.cpu()))
        out(f"webhook: {options.seconds:g} s" + (", redis restarted half way" if running.redis else ""))
        webhooks = WebhookWorkload(factory, running.replicas, until=time.monotonic() + options.seconds)
        restart = None
        if running.redis is not None:
            restart = asyncio.create_task(_restart_redis(running.redis, after=options.seconds / 2, out=out))
        before = running.cpu()
        try:
            tally = await closed_loop(
                session, webhooks, seconds=options.seconds, concurrency=options.concurrency
            )
            after = running.cpu()
            restarted = await restart if restart is not None else None
        finally:
            if restart is not None and not restart.done():
                restart.cancel()
        phases.append(phase_result("webhook", tally, cpu_before=before, cpu_after=after))
        out(f"waiting up to {options.drain_seconds:g} s for the replies")
        snapshot, drained = await _drain(
            session, running.sink_url, webhooks.acknowledged, timeout=options.drain_seconds
        )
    # The replies to the webhooks of the floor figures are not this phase's.
    answered = {t: v for t, v in snapshot["replies"].items() if t not in floor_tokens}
    replies = replies_result(
        sent_at=webhooks.sent_at,
        acknowledged=webhooks.acknowledged,
        snapshot={**snapshot, "replies": answered},
        redeliveries=webhooks.redeliveries,
        drain_seconds=drained,
        kinds=webhooks.kinds,
    )
    return Report(setup=setup, phases=phases, replies=replies, redis_restart=restarted, floor=floor)


async def _restart_redis(redis: Redis, *, after: float, out: Print) -> RedisRestart:
    started = time.monotonic()
    await asyncio.sleep(after)
    stopped = time.monotonic()
    await asyncio.to_thread(redis.stop)  # SIGTERM: redis flushes its append-only file and exits
    redis.start()  # same port, same directory
    await asyncio.to_thread(redis.wait_ready)
    outage = time.monotonic() - stopped
    out(f"redis restarted {stopped - started:.1f} s into the webhook phase: down {outage * 1000:.0f} ms")
    return RedisRestart(at_seconds=round(stopped - started, 2), outage_seconds=round(outage, 3))


async def _get_json(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.json()


async def _drain(
    session: aiohttp.ClientSession, sink_url: str, expected: set[str], *, timeout: float
) -> tuple[Mapping[str, Any], float]:
    """Poll until every expected token is answered and the sink has been quiet a moment."""
    started = time.monotonic()
    complete = False
    last_requests, quiet = -1, 0
    while time.monotonic() - started < timeout:
        summary = await _get_json(session, f"{sink_url}/stats?summary=1")
        if not complete and summary["tokens"] >= len(expected):
            snapshot = await _get_json(session, f"{sink_url}/stats")
            complete = expected.issubset(snapshot["replies"])
        quiet = quiet + 1 if summary["requests"] == last_requests else 0
        last_requests = summary["requests"]
        if complete and quiet >= QUIET_POLLS:
            break
        await asyncio.sleep(POLL_SECONDS)
    snapshot = await _get_json(session, f"{sink_url}/stats")
    return snapshot, time.monotonic() - started
