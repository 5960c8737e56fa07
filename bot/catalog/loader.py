"""Load the ``knowledge/`` tree into a validated, immutable ``KnowledgeBase``.

Every problem is collected (not just the first) and reported with the file,
the line where the entry starts, the entry id and the field.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.catalog.checks import check_crisis, check_line, check_municipalities, cross_check
from bot.catalog.crisis_model import load_model
from bot.catalog.errors import KnowledgeBaseError, Problem
from bot.catalog.kb import KnowledgeBase
from bot.catalog.lexicons import CrisisLexicon, Guards, Taxonomy, Vocabulary
from bot.catalog.models import Entry
from bot.catalog.paths import DEFAULT_ROOT
from bot.catalog.records import BudgetRecord, PlanRecord
from bot.catalog.scope_model import load_scope_model
from bot.catalog.wordlists import PLACES_FILE, LineChoices, Places, Ranking, StopWords
from bot.catalog.yamlfiles import load_one, read_yaml, relative, validate


def _entry_files(root: Path) -> list[Path]:
    return sorted((root / "services").glob("*.yaml"))


def compute_version(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".json"} and p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_knowledge(root: Path | None = None, *, include_drafts: bool = False) -> KnowledgeBase:
    """Load and fully validate the knowledge base, or raise ``KnowledgeBaseError``."""
    root = (root or DEFAULT_ROOT).resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeBaseError([Problem(file=str(root), message="no such directory")])

    taxonomy = load_one(Taxonomy, root / "taxonomy.yaml", root, problems)
    vocabulary = load_one(Vocabulary, root / "vocabulary.yaml", root, problems)
    plan = load_one(PlanRecord, root / "records" / "plan2025.yaml", root, problems)
    budget = load_one(BudgetRecord, root / "records" / "budget2021.yaml", root, problems)
    crisis = load_one(CrisisLexicon, root / "crisis.yaml", root, problems)
    guards = load_one(Guards, root / "guards.yaml", root, problems)
    stopwords = load_one(StopWords, root / "stopwords.yaml", root, problems)
    places = load_one(Places, root / PLACES_FILE, root, problems)
    ranking = load_one(Ranking, root / "ranking.yaml", root, problems)
    line_choices = load_one(LineChoices, root / "line.yaml", root, problems)
    crisis_model = scope_model = None
    try:
        crisis_model = load_model(root)
    except KnowledgeBaseError as exc:
        problems.extend(exc.problems)
    try:
        scope_model = load_scope_model(root)
    except KnowledgeBaseError as exc:
        problems.extend(exc.problems)

    entries: list[Entry] = []
    broken: set[str] = set()
    where: dict[str, tuple[str, int | None]] = {}
    files = _entry_files(root)
    if not files:
        problems.append(Problem(file=relative(root / "services", root), message="no entry files"))
    for path in files:
        rel = relative(path, root)
        data = read_yaml(path, root, problems)
        if data is None:
            continue
        items = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.append(Problem(file=rel, message="expected a mapping with an 'entries' list"))
            continue
        for index, item in enumerate(items):
            line = item.get("__line__") if isinstance(item, dict) else None
            label = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{index + 1}"
            entry = validate(Entry, item, file=rel, entry=label, problems=problems)
            if entry is None:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    broken.add(item["id"])
                continue
            if entry.id in where:
                first_file, first_line = where[entry.id]
                problems.append(
                    Problem(
                        file=rel,
                        line=line,
                        entry=entry.id,
                        field="id",
                        message=f"duplicate id (first defined in {first_file}:{first_line})",
                    )
                )
                continue
            where[entry.id] = (rel, line)
            entries.append(entry)

    if taxonomy and vocabulary and plan and budget:
        problems.extend(cross_check(entries, where, taxonomy, vocabulary, plan, budget, root.name))
    if places:
        problems.extend(check_municipalities(entries, where, places))
    if line_choices and taxonomy:
        problems.extend(check_line(line_choices, taxonomy, {e.id for e in entries}, broken, root.name))
    if crisis:
        problems.extend(check_crisis(crisis, {e.id: e for e in entries}, root.name))
    if broken:
        # An entry that failed validation is reported once; references to it are not errors too.
        problems = [p for p in problems if not any(f"no entry with id {b!r}" in p.message for b in broken)]
    if problems:
        raise KnowledgeBaseError(problems)
    if not (
        taxonomy
        and vocabulary
        and plan
        and budget
        and crisis
        and guards
        and stopwords
        and places
        and ranking
        and line_choices
    ):
        raise KnowledgeBaseError([Problem(file=str(root), message="incomplete knowledge base")])
    shown = [e for e in entries if include_drafts or not e.draft]
    return KnowledgeBase(
        entries=tuple(shown),
        taxonomy=taxonomy,
        vocabulary=vocabulary,
        plan=plan,
        budget=budget,
        crisis=crisis,
        guards=guards,
        stopwords=stopwords,
        places=places,
        ranking=ranking,
        line=line_choices,
        version=compute_version(root),
        root=root,
        crisis_model=crisis_model,
        scope_model=scope_model,
    )
