from __future__ import annotations

from collections import Counter

from bot.tools.loadtest.drive import PhaseTally
from bot.tools.loadtest.report import Replies, Report, percentile, phase_result, replies_result, targets

CPU = {"generator": 0.0, "servers": 0.0}


def phase(name: str, latencies_ms: list[float], *, seconds: float = 1.0, errors: int = 0) -> PhaseTally:
    return PhaseTally(
        latencies=[ms / 1000 for ms in latencies_ms],
        errors=Counter({"HTTP 503": errors}) if errors else Counter(),
        started=100.0,
        finished=100.0 + seconds,
    )


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 99) == 99.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0 and percentile([], 50) == 0.0


def test_phase_result_counts_errors_in_throughput_but_not_in_latency() -> None:
    result = phase_result(
        "search",
        phase("search", [10.0] * 98 + [50.0, 900.0], seconds=2.0, errors=4),
        cpu_before={"generator": 1.0, "servers": 2.0},
        cpu_after={"generator": 1.5, "servers": 4.0},
    )
    assert result.requests == 104 and result.throughput == 52.0 and result.errors == 4
    assert result.p50_ms == 10.0 and result.p99_ms == 50.0
    assert result.cores == {"generator": 0.25, "servers": 1.0}
    # 0.5 and 2.0 CPU seconds over 104 requests
    assert result.cpu_ms_per_request() == {"generator": 4.808, "servers": 19.231, "all": 24.038}


def test_targets_compare_with_healthz() -> None:
    results = [
        phase_result("healthz", phase("healthz", [2.0] * 100), cpu_before=CPU, cpu_after=CPU),
        phase_result("search", phase("search", [4.0] * 50), cpu_before=CPU, cpu_after=CPU),
        phase_result("webhook", phase("webhook", [3.0] * 60), cpu_before=CPU, cpu_after=CPU),
    ]
    found = {t.label: (round(t.value, 2), t.passed) for t in targets(results)}
    assert found == {
        "search p50 / healthz p50": (2.0, False),
        "webhook p50 / healthz p50": (1.5, True),
        "webhook req/s / healthz req/s": (0.6, True),
    }


def test_replies_missing_duplicate_unexpected_and_latency() -> None:
    sent_at = {"a": 1.0, "b": 2.0, "c": 3.0, "failed": 4.0}
    snapshot = {
        "rejected": 1,
        "replies": {"a": [1, 1.2], "b": [2, 2.5], "failed": [1, 4.1], "stranger": [1, 9.0]},
    }
    replies = replies_result(
        sent_at=sent_at,
        acknowledged={"a", "b", "c"},
        snapshot=snapshot,
        redeliveries=1,
        drain_seconds=0.5,
        kinds={"message.text": 4},
    )
    assert (replies.expected, replies.received, replies.missing) == (3, 2, 1)
    assert (replies.duplicates, replies.unexpected, replies.rejected) == (1, 1, 1)
    assert round(replies.p50_ms) == 200 and round(replies.p99_ms) == 500


def test_report_passes_only_without_errors_duplicates_or_missing_replies() -> None:
    ok = phase_result("healthz", phase("healthz", [1.0]), cpu_before=CPU, cpu_after=CPU)
    failed = phase_result("webhook", phase("webhook", [1.0], errors=1), cpu_before=CPU, cpu_after=CPU)
    clean = Replies(1, 1, 0, 0, 0, 0, 1.0, 1.0, 0, 0.1)
    assert Report(setup={}, phases=[ok], replies=clean).passed
    assert not Report(setup={}, phases=[ok, failed], replies=clean).passed
    duplicated = Replies(1, 1, 0, 1, 0, 0, 1.0, 1.0, 1, 0.1)
    assert not Report(setup={}, phases=[ok], replies=duplicated).passed
    missing = Replies(2, 1, 1, 0, 0, 0, 1.0, 1.0, 0, 0.1)
    report = Report(setup={}, phases=[ok], replies=missing)
    assert not report.passed and report.to_json()["passed"] is False
    assert report.lines()[-1] == "result: FAIL (errors 0, duplicates 0, missing 1)"
