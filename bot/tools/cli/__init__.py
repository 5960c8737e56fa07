"""Command line: ``python -m bot serve | search | eval | bench | chat | line | kb | loadtest``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.loader import load_knowledge
from bot.tools.cli.kb import knowledge_path
from bot.tools.cli.kb import register as register_kb_commands


def cmd_search(args: argparse.Namespace) -> int:
    from bot.present.adapter import ShownSearch
    from bot.search.service import SearchService
    from bot.web.render import render_search_text

    kb = load_knowledge(knowledge_path(args.knowledge))
    service = SearchService.build(kb)
    response = ShownSearch(service).search(
        " ".join(args.text), limit=args.limit, audience="worker" if args.worker else "public"
    )
    if args.json:
        json.dump(response.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_search_text(response))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.search.service import SearchService
    from bot.tools.evaluate import evaluate, load_rows

    kb = load_knowledge(knowledge_path(args.knowledge))
    report = evaluate(SearchService.build(kb), load_rows(Path(args.file)))
    print("\n".join(report.crisis_lines() if args.crisis_only else report.lines()))
    if args.misses:
        print("\n".join(report.misses))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.tools import bench

    kb = load_knowledge(knowledge_path(args.knowledge))
    queries = bench.file_queries(Path(args.queries)) if args.queries else bench.example_queries(kb)
    for line in bench.run(kb, queries=queries, synthetic=args.synthetic, rounds=args.rounds):
        print(line, flush=True)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.line.chat import run
    from bot.search.service import SearchService

    service = SearchService.build(load_knowledge(knowledge_path(args.knowledge)))
    run(service, read=input, out=sys.stdout)
    return 0


def cmd_richmenu(args: argparse.Namespace) -> int:
    from bot.line.admin import richmenu
    from bot.line.richmenu import FontNotFoundError
    from bot.settings import get_settings

    try:
        result = richmenu(
            get_settings(), image_out=Path(args.image_out) if args.image_out else None, dry_run=args.dry_run
        )
    except (FontNotFoundError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"rich menu: {result}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.logs import config as log_config
    from bot.settings import get_settings

    settings = get_settings()
    if args.knowledge:
        settings = settings.model_copy(update={"knowledge_dir": Path(args.knowledge)})
    if args.workers > 1 and not settings.redis_url:
        print(
            "--workers above 1 needs REDIS_URL: workers share event de-duplication, conversation "
            "state and reloads through Redis",
            file=sys.stderr,
        )
        return 2
    try:
        # Load now so that an invalid base stops the service before it listens.
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("refusing to start: the knowledge base is invalid", file=sys.stderr)
        return 1
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": False,  # an access log would record search queries: her words
        "log_config": log_config(settings.log_format),
        # X-Forwarded-For is believed only from the proxies named in FORWARDED_ALLOW_IPS.
        "proxy_headers": bool(settings.forwarded_allow_ips.strip()),
        "forwarded_allow_ips": settings.forwarded_allow_ips.strip() or None,
    }
    if args.workers > 1:
        # Each worker builds the app from the environment; metrics add up across them.
        os.environ["KNOWLEDGE_DIR"] = str(settings.knowledge_dir)
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="bot-metrics-"))
        # uvicorn's supervisor restarts the workers one by one on SIGHUP; a worker that
        # cannot load the base never replaces a running one.
        uvicorn.run("bot.app:create_app", factory=True, workers=args.workers, **common)
        return 0
    from bot.app import create_app
    from bot.reload import install_sighup

    app = create_app(settings, knowledge=kb)  # not loaded twice
    install_sighup(app)  # kill -HUP <pid>: reload the knowledge base without a restart
    uvicorn.run(app, **common)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--knowledge", help="knowledge directory (default: the bundled one)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (above 1 needs REDIS_URL)")
    serve.set_defaults(func=cmd_serve)

    search = sub.add_parser("search", help="search the knowledge base")
    search.add_argument("text", nargs="+")
    search.add_argument("--json", action="store_true", help="print the API's JSON")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--worker", action="store_true", help="include internal measures")
    search.set_defaults(func=cmd_search)

    evaluate = sub.add_parser("eval", help="score the search on a query file (JSON lines)")
    evaluate.add_argument("file")
    evaluate.add_argument("--misses", action="store_true", help="list each miss with what was returned")
    evaluate.add_argument(
        "--crisis-only",
        action="store_true",
        help="crisis detection alone: recall by warning sign and language, alarms by look-alike class",
    )
    evaluate.set_defaults(func=cmd_eval)

    chat = sub.add_parser("chat", help="talk to the LINE bot in the terminal (no LINE needed)")
    chat.set_defaults(func=cmd_chat)

    line = sub.add_parser("line", help="LINE channel set-up")
    line_sub = line.add_subparsers(dest="line_command", required=True)
    menu = line_sub.add_parser("richmenu", help="draw the rich menu and register it as the default")
    menu.add_argument("--image-out", help="also write the PNG here")
    menu.add_argument("--dry-run", action="store_true", help="draw only; send nothing to LINE")
    menu.set_defaults(func=cmd_richmenu)

    bench = sub.add_parser("bench", help="print search latency, index build time and memory")
    bench.add_argument("--queries", help="a JSON-lines query file (default: the entries' examples)")
    bench.add_argument("--synthetic", type=int, default=10_000, help="size of the synthetic base (0: none)")
    bench.add_argument("--rounds", type=int, default=5, help="passes over the queries on the real base")
    bench.set_defaults(func=cmd_bench)

    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    register_kb_commands(kb_sub)

    try:
        from bot.tools.loadtest.command import register as register_loadtest
    except ImportError:  # the service's image leaves the load generator out (.dockerignore)
        pass
    else:
        register_loadtest(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        from bot.logs import setup
        from bot.settings import get_settings

        setup(get_settings().log_format)
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        code: int = args.func(args)
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    return code
