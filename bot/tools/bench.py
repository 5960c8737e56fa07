"""``python -m bot bench``: search latency, index build time and memory, as printed figures.

Queries are the example messages the knowledge base carries (or a JSON-lines file
given with ``--queries``); the synthetic base copies the real entries with shuffled
names and texts so that postings, phrases and topics grow as a real base would.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Entry
from bot.present.adapter import ShownSearch
from bot.search.analyzer import Analyzer
from bot.search.service import SearchService

WARMUP_ROUNDS = 1


@dataclass(frozen=True)
class Timing:
    label: str
    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    def line(self) -> str:
        return (
            f"{self.label}: p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms, "
            f"max {self.max_ms:.2f} ms over {self.count} searches"
        )


def rss_mb() -> tuple[float, float]:
    """Resident memory now and at its peak (Linux ``/proc``), in MB."""
    status = _status()
    return status.get("VmRSS", 0.0), status.get("VmHWM", 0.0)


def memory_line(when: str) -> str:
    status = _status()
    return (
        f"resident memory {when}: {status.get('VmRSS', 0):.0f} MB "
        f"(private {status.get('RssAnon', 0):.0f} MB, mapped files such as the dictionary "
        f"{status.get('RssFile', 0):.0f} MB; peak {status.get('VmHWM', 0):.0f} MB)"
    )


def _status() -> dict[str, float]:
    path = Path("/proc/self/status")
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[key] = int(value.split()[0]) / 1024
    return out


def example_queries(kb: KnowledgeBase) -> list[str]:
    return [text for entry in kb for text in entry.examples]


def file_queries(path: Path) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [str(row.get("text") or row.get("query") or "") for row in rows if row]


def time_searches(label: str, search: Callable[[str], object], queries: Sequence[str], rounds: int) -> Timing:
    for text in queries[: 50 * WARMUP_ROUNDS]:
        search(text)
    samples: list[float] = []
    gc.collect()
    for _ in range(rounds):
        for text in queries:
            started = time.perf_counter()
            search(text)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return Timing(label, len(samples), statistics.median(samples), p99, samples[-1])


def synthetic_base(kb: KnowledgeBase, size: int, *, seed: int = 7) -> KnowledgeBase:
    """``size`` entries made from the real ones: every copy keeps an entry's shape and
    sources but mixes names, aliases and text from others."""
    rng = random.Random(seed)
    real = list(kb.entries)
    names = [n for e in real for n in (e.name, *e.alternate_names)]
    texts = [e.description for e in real if e.description]
    entries: list[Entry] = list(real)
    serial = 0
    while len(entries) < size:
        base = real[serial % len(real)]
        serial += 1
        entries.append(
            base.model_copy(
                update={
                    "id": f"{base.id}-s{serial}",
                    "name": f"{rng.choice(names)}{rng.choice(names)}",
                    "alternate_names": tuple(rng.sample(names, k=min(4, len(names)))),
                    "description": " ".join(rng.sample(texts, k=min(2, len(texts)))),
                    "examples": (),
                    "channels": (),
                    "front_door": base.front_door or "josei-sodan-center",
                }
            )
        )
    return replace(kb, entries=tuple(entries), version=f"synthetic-{size}")


def concurrent_check(service: SearchService, queries: Sequence[str], *, threads: int) -> tuple[int, float]:
    """Search from several threads at once; returns (answers that differ, searches per second)."""
    expected = {q: list(service.search(q).ids) for q in queries}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        got = list(pool.map(lambda q: (q, list(service.search(q).ids)), list(queries) * 4))
    elapsed = time.perf_counter() - started
    differ = sum(1 for q, ids in got if ids != expected[q])
    return differ, len(got) / elapsed


def run(kb: KnowledgeBase, *, queries: Sequence[str], synthetic: int, rounds: int) -> list[str]:
    lines = [f"knowledge base {kb.version}: {len(kb)} entries; {len(queries)} queries"]
    analyzer = Analyzer(kb.stopwords)
    started = time.perf_counter()
    service = SearchService.build(kb, analyzer)
    gc.freeze()  # as the app does after loading: the base is long-lived
    lines.append(f"index build (real base): {(time.perf_counter() - started) * 1000:.0f} ms")
    tokenizer = analyzer.tokenizer()
    floor = time_searches("one Sudachi pass (the floor)", tokenizer.tokenize, queries, rounds)
    whole = time_searches("search (real base)", ShownSearch(service).search, queries, rounds)
    lines.append(floor.line())
    lines.append(whole.line())
    lines.append(f"search p50 / Sudachi pass p50: {whole.p50_ms / max(floor.p50_ms, 1e-6):.1f}x")
    lines.append(time_searches("rank only (real base)", service.hits, queries, rounds).line())
    lines.append(time_searches("crisis detection only", service.detect_crisis, queries, rounds).line())
    lines.append(time_searches("scope verdict only", service.everyday, queries, rounds).line())
    lines.append(memory_line("after the real base"))
    differ, rate = concurrent_check(service, queries, threads=4)
    lines.append(f"4 threads at once: {differ} answers differ from single-threaded, {rate:.0f} searches/s")
    if synthetic:
        big = synthetic_base(kb, synthetic)
        started = time.perf_counter()
        big_service = SearchService.build(big, analyzer)
        gc.freeze()
        lines.append(
            f"index build ({len(big)} synthetic entries): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        lines.append(
            time_searches(
                f"search ({len(big)} synthetic entries)", ShownSearch(big_service).search, queries, 1
            ).line()
        )
        lines.append(memory_line("with the synthetic base too"))
    return lines
