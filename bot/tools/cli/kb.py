"""Operators' knowledge tools: ``python -m bot kb validate | export | import | stale | stats |
feedback | check | train-crisis | train-scope``.

Each command reads, delegates to a pure module and prints; ``bot.tools.cli`` adds them
to the ``kb`` subcommands with ``register``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.loader import load_knowledge


def knowledge_path(value: str | None) -> Path:
    """``--knowledge DIR`` when given, else the settings' (``KNOWLEDGE_DIR`` or the bundled base)."""
    if value:
        return Path(value)
    from bot.settings import get_settings

    return get_settings().knowledge_dir


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(knowledge_path(args.knowledge), include_drafts=True)
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"invalid: {len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    refs = kb.cited_refs()
    print(
        f"ok: {len(kb)} entries, {len(refs)} document rows cited, "
        f"{sum(len(e.channels) for e in kb)} contacts, version {kb.version}"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not (args.json or args.hsds or args.csv):
        print("kb export: say what to write: --json, --hsds DIR or --csv DIR", file=sys.stderr)
        return 2
    if args.json and (args.hsds or args.csv):
        print(
            "kb export: --json prints to the terminal; write --hsds/--csv in a separate run", file=sys.stderr
        )
        return 2
    if args.json:
        from bot.present.export import export_entries

        kb = load_knowledge(knowledge_path(args.knowledge), include_drafts=args.drafts)
        json.dump(export_entries(kb), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.drafts:
        print("kb export: the open data carries published entries only (no --drafts)", file=sys.stderr)
        return 2
    return _export_open_data(args)


def _export_open_data(args: argparse.Namespace) -> int:
    import time

    from bot.opendata.bundle import OpenData, write

    started = time.perf_counter()
    data = OpenData.build(load_knowledge(knowledge_path(args.knowledge)))
    for folder, files in ((args.hsds, data.hsds_files), (args.csv, data.csv_files)):
        if folder:
            write(files(), Path(folder))
    print(
        f"wrote {len(data.services)} services and {len(data.organizations)} organizations "
        f"(HSDS 3.0{' and CSV' if args.csv else ''}) in {time.perf_counter() - started:.2f} s"
    )
    return 0


def _root(args: argparse.Namespace) -> Path:
    return knowledge_path(args.knowledge)


def _report_validation(root: Path) -> int:
    try:
        kb = load_knowledge(root, include_drafts=True)
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"the base does not validate: {len(exc.problems)} problem(s) to fix before a reload "
            "(the running service keeps its current base). For a row the edition no longer has, "
            "take it out of the entry's sources or mark the entry `status: ended` with a note.",
            file=sys.stderr,
        )
        return 1
    print(f"validated: {len(kb)} entries, version {kb.version}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from bot.catalog.drafts import citing, scan_entries
    from bot.catalog.importer import import_edition, write_import

    root = _root(args).resolve()
    plan = import_edition(root, args.doc, Path(args.file).read_text(encoding="utf-8"))
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print("\n".join(plan.report(citing(scan_entries(root)))))
    if not args.write:
        return 0
    if plan.blockers:
        for reason in plan.blockers:
            print(f"cannot write: {reason}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    if plan.diff.empty and not plan.drafts:
        print("nothing to write")
        return 0
    for line in write_import(root, plan):
        print(line)
    return _report_validation(root)


def cmd_stale(args: argparse.Namespace) -> int:
    from bot.catalog.drafts import scan_entries
    from bot.catalog.hours import now_tokyo
    from bot.catalog.stale import render_stale, stale_items

    root = _root(args)
    kb = load_knowledge(root, include_drafts=True)
    today = date.fromisoformat(args.today) if args.today else now_tokyo().date()
    items = stale_items(kb, today=today, days=args.days)
    files = {e.id: f"services/{e.file}" for e in scan_entries(kb.root)}
    print("\n".join(render_stale(items, today=today, days=args.days, files=files)))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from bot.catalog.stats import compute_stats, render_stats

    kb = load_knowledge(_root(args), include_drafts=True)
    stats = compute_stats(kb)
    if args.json:
        json.dump({"kb_version": kb.version, **asdict(stats)}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(render_stats(stats, version=kb.version)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.search.service import SearchService
    from bot.tools.examples import check_examples, render_check

    kb = load_knowledge(_root(args))  # what is served: drafts are not searched
    outcomes = check_examples(SearchService.build(kb))
    print("\n".join(render_check(outcomes, version=kb.version)))
    return 0 if all(o.found for o in outcomes) else 1


def cmd_feedback(args: argparse.Namespace) -> int:
    from bot.feedback import COUNTER, REASON_LABELS, summary
    from bot.settings import get_settings
    from bot.state.open import open_store
    from bot.state.store import StoreUnavailable

    settings = get_settings()
    kb = load_knowledge(_root(args), include_drafts=True)
    try:
        counts = open_store(settings).counters(COUNTER)
    except StoreUnavailable as exc:
        print(f"feedback counts cannot be read: {exc} (REDIS_URL={settings.redis_url})", file=sys.stderr)
        return 1
    rows = [r for r in summary(counts, kb) if r.wrong + r.helpful + sum(r.reasons.values()) >= args.min]
    if args.json:
        json.dump([asdict(r) for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    where = "redis" if settings.redis_url else str(settings.state_dir / "counters.json")
    print(f"feedback per entry ({where}); most 情報がちがう first")
    if not rows:
        print("  no feedback yet")
    for row in rows:
        name = row.name or "(no longer in the base)"
        print(f"- {row.entry_id}  {name}")
        line = f"    情報がちがう {row.wrong}  役に立った {row.helpful}"
        if row.reasons:
            line += (
                "  ("
                + ", ".join(f"{REASON_LABELS.get(k, k)} {v}" for k, v in sorted(row.reasons.items()))
                + ")"
            )
        print(line)
        if row.wrong or row.reasons:
            print(f"    last verified {row.last_verified or '-'}; re-check on: {row.check_url or '-'}")
    return 0


def cmd_train_crisis(args: argparse.Namespace) -> int:
    from bot.search.analyzer import Analyzer
    from bot.search.crisis import CrisisDetector
    from bot.tools.crisis_training import (
        CORPUS_DIR,
        SCOPE_CORPUS_DIR,
        load_corpus,
        scope_ordinary,
        train,
        write_model,
    )
    from bot.tools.evaluate import load_rows

    root = _root(args)
    kb = load_knowledge(root)
    corpus = load_corpus(Path(args.corpus) if args.corpus else root / CORPUS_DIR)
    if not args.no_scope_corpus:
        corpus += scope_ordinary(root / SCOPE_CORPUS_DIR, CrisisDetector(kb.crisis, Analyzer(kb.stopwords)))
    rows = [row for name in args.calibrate for row in load_rows(Path(name))]
    model, report = train(
        kb,
        corpus,
        calibration=rows,
        max_false_alarms=args.max_false_alarms,
        max_lookalike_alarms=args.max_lookalike_alarms,
        calibration_names=[f"{Path(n).parent.name}/{Path(n).name}" for n in args.calibrate],
        floor=[row for name in args.floor for row in load_rows(Path(name))],
        max_floor_alarms=args.max_floor_alarms,
        scaled=args.scaled,
        added=args.added,
    )
    print("\n".join(report))
    if args.dry_run:
        return 0
    print(f"wrote {write_model(model, root)}")
    return 0


def cmd_train_scope(args: argparse.Namespace) -> int:
    from bot.tools.evaluate import load_rows
    from bot.tools.scope_training import load_corpus, train, write_model

    root = _root(args)
    model, report = train(
        load_knowledge(root),
        load_corpus(root),
        calibration=[row for name in args.calibrate for row in load_rows(Path(name))],
        max_need_declines=args.max_need_declines,
        calibration_names=[f"{Path(n).parent.name}/{Path(n).name}" for n in args.calibrate],
        floor=[row for name in args.floor for row in load_rows(Path(name))],
    )
    print("\n".join(report))
    if args.dry_run:
        return 0
    print(f"wrote {write_model(model, root)}")
    return 0


def register(kb_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the operators' commands under ``python -m bot kb``."""
    validate = kb_sub.add_parser("validate", help="check every file, entry and field")
    validate.set_defaults(func=cmd_validate)
    export = kb_sub.add_parser(
        "export", help="print every entry with all its fields, or write the open data (HSDS 3.0, CSV)"
    )
    export.add_argument("--json", action="store_true", help="print every entry with all its fields")
    export.add_argument("--hsds", metavar="DIR", help="write the user-facing base as HSDS 3.0 JSON")
    export.add_argument("--csv", metavar="DIR", help="write the same as flat tables (CSV)")
    export.add_argument("--drafts", action="store_true", help="include unpublished drafts")
    export.set_defaults(func=cmd_export)
    imp = kb_sub.add_parser("import", help="compare a new edition of a source document with the base")
    imp.add_argument("doc", choices=["plan2025", "budget2021"])
    imp.add_argument("file", help="the edition's extracted text")
    imp.add_argument("--write", action="store_true", help="update the stored record and add drafts")
    imp.set_defaults(func=cmd_import)

    stale = kb_sub.add_parser("stale", help="contacts and entries to re-check, as a checklist")
    stale.add_argument("--days", type=int, default=180, help="verified more than N days ago (default 180)")
    stale.add_argument("--today", help="check as of this date, YYYY-MM-DD (default: today in Tokyo)")
    stale.set_defaults(func=cmd_stale)

    stats = kb_sub.add_parser("stats", help="entries by kind and topic, document coverage, unverified counts")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_stats)

    fb = kb_sub.add_parser("feedback", help="「役に立った」「情報がちがう」 counts per entry, to act on")
    fb.add_argument("--min", type=int, default=1, help="entries with at least N votes (default 1)")
    fb.add_argument("--json", action="store_true")
    fb.set_defaults(func=cmd_feedback)

    check = kb_sub.add_parser("check", help="every entry's example messages must find it in the top 3")
    check.set_defaults(func=cmd_check)

    tc = kb_sub.add_parser(
        "train-crisis", help="train the crisis model from crisis-corpus/ (needs scikit-learn)"
    )
    tc.add_argument("--corpus", help="a directory of JSON-lines files (default: <knowledge>/crisis-corpus)")
    tc.add_argument(
        "--calibrate",
        nargs="*",
        default=[],
        help="JSON-lines sets kept apart from the corpus, to set the threshold on",
    )
    tc.add_argument(
        "--max-false-alarms", type=float, default=0.02, help="on the calibration's ordinary messages"
    )
    tc.add_argument(
        "--max-lookalike-alarms", type=float, default=0.10, help="on the calibration's look-alikes"
    )
    tc.add_argument(
        "--floor", nargs="*", default=[], help="sets (the dev set) held to --max-floor-alarms on their own"
    )
    tc.add_argument(
        "--max-floor-alarms", type=float, default=0.02, help="on the floor sets' messages that are not crises"
    )
    tc.add_argument(
        "--scaled",
        action="store_true",
        help="weigh each feature by its log-count ratio between crises and the rest first (NBSVM)",
    )
    tc.add_argument(
        "--added",
        action="store_true",
        help="the false-alarm limits bound only the alarms the model adds where no rule fired",
    )
    tc.add_argument(
        "--no-scope-corpus",
        action="store_true",
        help="leave out scope-corpus/, whose messages the lexicon reads as no danger are ordinary ones",
    )
    tc.add_argument("--dry-run", action="store_true", help="train and report; write nothing")
    tc.set_defaults(func=cmd_train_crisis)

    ts = kb_sub.add_parser(
        "train-scope",
        help="train the scope model from scope-corpus/ and crisis-corpus/ (needs scikit-learn)",
    )
    ts.add_argument(
        "--calibrate",
        nargs="*",
        default=[],
        help="JSON-lines sets kept apart from the corpus, with out_of_scope",
    )
    ts.add_argument(
        "--max-need-declines",
        type=float,
        default=0.005,
        help="share of the calibration's requests for help that may be declined (rules included)",
    )
    ts.add_argument(
        "--floor", nargs="*", default=[], help="sets (the dev set) none of whose requests is declined"
    )
    ts.add_argument("--dry-run", action="store_true", help="train and report; write nothing")
    ts.set_defaults(func=cmd_train_scope)
