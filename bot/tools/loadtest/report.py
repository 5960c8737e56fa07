"""The figures of a load test: per phase, against /healthz, and the replies LINE would get.

Pure functions over what the client and the sink counted. The ratios are compared
with the targets and reported; the run passes on errors, duplicates and missing
replies only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from bot.tools.loadtest.drive import PhaseTally

if TYPE_CHECKING:
    from bot.tools.loadtest.floor import Floor

TARGETS = (  # (label, numerator, denominator, figure, limit, at most)
    ("search p50 / healthz p50", "search", "healthz", "p50_ms", 1.5, True),
    ("webhook p50 / healthz p50", "webhook", "healthz", "p50_ms", 2.0, True),
    ("webhook req/s / healthz req/s", "webhook", "healthz", "throughput", 0.4, False),
)

SHOWN_WARNINGS = 5


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class PhaseResult:
    name: str
    requests: int
    seconds: float
    throughput: float  # requests answered per second, errors included
    p50_ms: float
    p99_ms: float
    errors: int
    error_kinds: dict[str, int]
    cores: dict[str, float]  # CPU seconds per second of the phase, by process group

    def cpu_ms_per_request(self) -> dict[str, float]:
        """Milliseconds of CPU each request cost, by process group and in all ("all")."""
        spent = {k: v * self.seconds * 1000 / max(self.requests, 1) for k, v in self.cores.items()}
        return {k: round(v, 3) for k, v in {**spent, "all": sum(spent.values())}.items()}

    def line(self) -> str:
        return (
            f"{self.name:<8} {self.requests:>8} {self.throughput:>9.1f} {self.p50_ms:>8.2f} "
            f"{self.p99_ms:>8.2f} {self.errors:>7}"
        )


def phase_result(
    name: str, tally: PhaseTally, *, cpu_before: Mapping[str, float], cpu_after: Mapping[str, float]
) -> PhaseResult:
    seconds = max(tally.seconds, 1e-9)
    return PhaseResult(
        name=name,
        requests=tally.requests,
        seconds=round(tally.seconds, 3),
        throughput=tally.requests / seconds,
        p50_ms=percentile(tally.latencies, 50) * 1000,
        p99_ms=percentile(tally.latencies, 99) * 1000,
        errors=sum(tally.errors.values()),
        error_kinds=dict(tally.errors),
        cores={k: round((cpu_after[k] - cpu_before.get(k, 0.0)) / seconds, 2) for k in cpu_after},
    )


@dataclass(frozen=True)
class Target:
    label: str
    value: float
    limit: float
    at_most: bool

    @property
    def passed(self) -> bool:
        return self.value <= self.limit if self.at_most else self.value >= self.limit

    def line(self) -> str:
        sign = "<=" if self.at_most else ">="
        verdict = "PASS" if self.passed else "FAIL"
        return f"{self.label}: {self.value:.2f}x (target {sign} {self.limit}x) {verdict}"


def targets(phases: Sequence[PhaseResult]) -> list[Target]:
    by_name = {p.name: p for p in phases}
    out = []
    for label, top, bottom, figure, limit, at_most in TARGETS:
        if top in by_name and bottom in by_name:
            denominator = getattr(by_name[bottom], figure)
            value = getattr(by_name[top], figure) / denominator if denominator else math.inf
            out.append(Target(label, value, limit, at_most))
    return out


@dataclass(frozen=True)
class Replies:
    expected: int  # events acknowledged 2xx: each should get exactly one reply
    received: int  # of those, answered at least once
    missing: int
    duplicates: int  # reply tokens answered more than once
    unexpected: int  # replies to tokens the load test never sent
    rejected: int  # reply calls the sink refused (wrong token, malformed)
    p50_ms: float  # event sent -> first reply at the sink
    p99_ms: float
    redeliveries: int
    drain_seconds: float
    kinds: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [
            f"replies: {self.received}/{self.expected} received, missing {self.missing}, "
            f"duplicates {self.duplicates}, unexpected {self.unexpected}, "
            f"rejected by the sink {self.rejected}",
            f"reply latency (event sent -> reply at the sink): p50 {self.p50_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms; drain wait {self.drain_seconds:.1f} s",
            "events: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
            + f"; redelivered to another replica: {self.redeliveries}",
        ]


def replies_result(
    *,
    sent_at: Mapping[str, float],
    acknowledged: set[str],
    snapshot: Mapping[str, Any],
    redeliveries: int,
    drain_seconds: float,
    kinds: Mapping[str, int],
) -> Replies:
    answered: Mapping[str, Sequence[float]] = snapshot["replies"]
    received = [token for token in acknowledged if token in answered]
    latencies = [answered[t][1] - sent_at[t] for t in received if t in sent_at]
    return Replies(
        expected=len(acknowledged),
        received=len(received),
        missing=len(acknowledged) - len(received),
        duplicates=sum(1 for counts in answered.values() if counts[0] > 1),
        unexpected=sum(1 for token in answered if token not in sent_at),
        rejected=int(snapshot["rejected"]),
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        redeliveries=redeliveries,
        drain_seconds=round(drain_seconds, 2),
        kinds=dict(kinds),
    )


@dataclass(frozen=True)
class RedisRestart:
    at_seconds: float  # into the webhook phase
    outage_seconds: float  # from the stop to the first PONG of the new process


@dataclass(frozen=True)
class Report:
    setup: dict[str, Any]
    phases: list[PhaseResult]
    replies: Replies | None  # None when only the figures against the floor were measured
    redis_restart: RedisRestart | None = None
    server_warnings: dict[str, int] = field(default_factory=dict)  # log line (ids left out) -> count
    floor: Floor | None = None

    @property
    def errors(self) -> int:
        return sum(p.errors for p in self.phases)

    @property
    def duplicates(self) -> int:
        return self.replies.duplicates if self.replies else 0

    @property
    def missing(self) -> int:
        return (self.replies.missing if self.replies else 0) + (self.floor.missing if self.floor else 0)

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.duplicates == 0 and self.missing == 0

    def lines(self) -> list[str]:
        out = []
        if self.phases:
            out.append(f"{'phase':<8} {'requests':>8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        out += [p.line() for p in self.phases]
        for phase in self.phases:
            if phase.error_kinds:
                kinds = ", ".join(f"{k} x{v}" for k, v in sorted(phase.error_kinds.items()))
                out.append(f"{phase.name} errors: {kinds}")
        out += [t.line() for t in targets(self.phases)]
        if self.replies is not None:
            out += self.replies.lines()
        if self.redis_restart is not None:
            restart = self.redis_restart
            out.append(
                f"redis restarted {restart.at_seconds:.1f} s into the webhook phase: "
                f"down {restart.outage_seconds * 1000:.0f} ms"
            )
        if self.server_warnings:
            out.append(f"server log warnings and errors: {sum(self.server_warnings.values())}")
            out += [f"  {n} x {line}" for line, n in list(self.server_warnings.items())[:SHOWN_WARNINGS]]
        for phase in self.phases:
            cores = ", ".join(f"{k} {v:.2f}" for k, v in phase.cores.items())
            per_request = ", ".join(f"{k} {v:.2f}" for k, v in phase.cpu_ms_per_request().items())
            out.append(f"cpu during {phase.name} (cores): {cores}; per request (ms): {per_request}")
        verdict = "PASS" if self.passed else "FAIL"
        if self.floor is not None:
            out += self.floor.lines()
        out.append(
            f"result: {verdict} (errors {self.errors}, duplicates {self.duplicates}, missing {self.missing})"
        )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "setup": self.setup,
            "phases": [{**asdict(p), "cpu_ms_per_request": p.cpu_ms_per_request()} for p in self.phases],
            "targets": [{**asdict(t), "passed": t.passed} for t in targets(self.phases)],
            "replies": asdict(self.replies) if self.replies else None,
            "floor": self.floor.to_json() if self.floor else None,
            "redis_restart": asdict(self.redis_restart) if self.redis_restart else None,
            "server_warnings": self.server_warnings,
            "errors": self.errors,
            "passed": self.passed,
        }
