"""``python -m bot loadtest``: the command-line edge of the load test."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from bot.tools.loadtest.floor import DEFAULT_COUNT
from bot.tools.loadtest.runner import DEFAULT_CONCURRENCY


def cmd_loadtest(args: argparse.Namespace) -> int:
    from bot.tools.loadtest.procs import ClusterError
    from bot.tools.loadtest.runner import Options, run

    options = Options(
        seconds=args.seconds,
        compare_seconds=args.compare_seconds,
        concurrency=args.concurrency,
        replicas=args.replicas,
        redis=args.redis,
        users=args.users,
        drain_seconds=args.drain_seconds,
        knowledge=Path(args.knowledge) if args.knowledge else None,
        log_dir=Path(args.log_dir) if args.log_dir else None,
        seed=args.seed,
        floor_count=args.floor_count,
        floor_only=args.floor_only,
    )
    # A plain `kill` stops the run as Ctrl-C does: every process it started is stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        report = run(options, out=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("interrupted: every process the load test started is stopped", file=sys.stderr)
        return 130
    except ClusterError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(), indent=2) + "\n")
    return 0 if report.passed else 1


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {value}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {value}")
    return number


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``loadtest`` to the top-level commands."""
    load = sub.add_parser(
        "loadtest",
        help="signed webhooks and searches under load on loopback, compared with /healthz",
        description=(
            "Start a reply sink, redis-server (optional) and N servers on free loopback ports, "
            "drive /healthz, /api/search and POST /callback in a closed loop, and print throughput, "
            "p50/p99, errors, missing and duplicate replies. Exit 0 only with no errors, no "
            "duplicate and no missing reply."
        ),
    )
    load.add_argument("--seconds", type=_positive_float, default=60.0, help="webhook phase (default 60)")
    load.add_argument(
        "--compare-seconds",
        type=_positive_float,
        default=15.0,
        help="/healthz and search phases (default 15)",
    )
    load.add_argument(
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        help=f"requests in flight (default {DEFAULT_CONCURRENCY})",
    )
    load.add_argument("--replicas", type=_positive_int, help="servers (default 2 with Redis, 1 without)")
    redis = load.add_mutually_exclusive_group()
    redis.add_argument("--redis", dest="redis", action="store_true", default=None, help="run redis-server")
    redis.add_argument("--no-redis", dest="redis", action="store_false", help="in-process state")
    load.add_argument("--users", type=_positive_int, default=5000, help="distinct senders (default 5000)")
    load.add_argument("--drain-seconds", type=float, default=15.0, help="wait for late replies (default 15)")
    load.add_argument(
        "--floor-count",
        type=_positive_int,
        default=DEFAULT_COUNT,
        help=f"requests of each kind for the figures against the floor (default {DEFAULT_COUNT})",
    )
    load.add_argument(
        "--floor-only", action="store_true", help="only those figures, without the phases under load"
    )
    load.add_argument("--seed", type=int, help="seed the event builder (same events each run)")
    load.add_argument("--log-dir", help="keep the servers', sink's and redis' logs here")
    load.add_argument("--json", help="also write the figures to this file")
    load.set_defaults(func=cmd_loadtest)
