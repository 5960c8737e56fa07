"""Load the ``knowledge/`` tree into a validated, immutable ``KnowledgeBase``.

Every problem is collected (not just the first) and reported with the file,
the line where the entry starts, the entry id and the field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.catalog.crisis_model import load_model
from bot.catalog.errors import KnowledgeBaseError, Problem
from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import (
    BudgetRecord,
    CrisisLexicon,
    Entry,
    Guards,
    PlanRecord,
    Taxonomy,
    Vocabulary,
)
from bot.catalog.paths import DEFAULT_ROOT
from bot.catalog.wordlists import PLACES_FILE, LineChoices, Places, Ranking, StopWords

M = TypeVar("M", bound=BaseModel)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line where each mapping starts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _field_line(data: Any, loc: Sequence[int | str]) -> int | None:
    """The line of the deepest mapping on the error's path."""
    line = data.get("__line__") if isinstance(data, dict) else None
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "__line__" in node:
            line = node["__line__"]
    return line if isinstance(line, int) else None


def _loc_text(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    rel = _rel(path, root)
    try:
        raw = path.read_bytes()
        source = raw.decode("utf-8")
        problems.extend(Problem(file=rel, line=line, message=message) for line, message in cut_values(source))
        return yaml.load(source, Loader=_LineLoader)
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                file=rel,
                line=raw.count(b"\n", 0, exc.start) + 1,
                message=f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
                "(save the file as UTF-8)",
            )
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(file=rel, line=line, message=f"not valid YAML: {exc}"))
    except OSError as exc:
        problems.append(Problem(file=rel, message=f"cannot be read: {exc}"))
    return None


def cut_values(source: str) -> list[tuple[int, str]]:
    """Plain values that a ``#`` cut short: YAML reads `` #`` after a plain value as a comment,
    so 「迷うときは #7119 に相談」 loses everything from the number on. Quote such a value."""
    lines = source.splitlines()
    found: list[tuple[int, str]] = []
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if not isinstance(token, yaml.ScalarToken) or not token.plain:
                continue
            end = token.end_mark
            rest = lines[end.line][end.column :] if end.line < len(lines) else ""
            if re.match(r"\s+#", rest):
                found.append(
                    (
                        end.line + 1,
                        f"the value {token.value!r} is followed by {rest.strip()[:40]!r}, which YAML "
                        "drops as a comment: quote the whole value (and no comments after values)",
                    )
                )
    except yaml.YAMLError:
        return []  # reported by the parser, with its line
    return found


def _rel(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def _validate(
    model: type[M], data: Any, *, file: str, entry: str | None, problems: list[Problem]
) -> M | None:
    try:
        return model.model_validate(_strip_lines(data))
    except ValidationError as exc:
        for err in exc.errors():
            loc = [p for p in err["loc"] if p != "__root__"]
            message = err["msg"].removeprefix("Value error, ")
            field = _loc_text(loc) or None
            if field is None and ":" in message and message.split(":", 1)[0].isidentifier():
                field, message = (s.strip() for s in message.split(":", 1))
            elif field and ":" in message:
                head = message.split(":", 1)[0]
                if all(part.isidentifier() for part in head.split(".")) and head not in field:
                    field = f"{field}.{head}"
                    message = message.split(":", 1)[1].strip()
            given = err.get("input")
            if err["type"] == "extra_forbidden":
                message = "unknown field (misspelt?)"
            elif isinstance(given, str | int | float) and len(str(given)) <= 80:
                message += f" (got {given!r})"
            problems.append(
                Problem(
                    file=file,
                    entry=entry,
                    field=field,
                    line=_field_line(data, loc),
                    message=message,
                )
            )
        return None


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

    taxonomy = _load_one(Taxonomy, root / "taxonomy.yaml", root, problems)
    vocabulary = _load_one(Vocabulary, root / "vocabulary.yaml", root, problems)
    plan = _load_one(PlanRecord, root / "records" / "plan2025.yaml", root, problems)
    budget = _load_one(BudgetRecord, root / "records" / "budget2021.yaml", root, problems)
    crisis = _load_one(CrisisLexicon, root / "crisis.yaml", root, problems)
    guards = _load_one(Guards, root / "guards.yaml", root, problems)
    stopwords = _load_one(StopWords, root / "stopwords.yaml", root, problems)
    places = _load_one(Places, root / PLACES_FILE, root, problems)
    ranking = _load_one(Ranking, root / "ranking.yaml", root, problems)
    line_choices = _load_one(LineChoices, root / "line.yaml", root, problems)
    crisis_model = None
    try:
        crisis_model = load_model(root)
    except KnowledgeBaseError as exc:
        problems.extend(exc.problems)

    entries: list[Entry] = []
    broken: set[str] = set()
    where: dict[str, tuple[str, int | None]] = {}
    files = _entry_files(root)
    if not files:
        problems.append(Problem(file=_rel(root / "services", root), message="no entry files"))
    for path in files:
        rel = _rel(path, root)
        data = _read_yaml(path, root, problems)
        if data is None:
            continue
        items = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.append(Problem(file=rel, message="expected a mapping with an 'entries' list"))
            continue
        for index, item in enumerate(items):
            line = item.get("__line__") if isinstance(item, dict) else None
            label = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{index + 1}"
            entry = _validate(Entry, item, file=rel, entry=label, problems=problems)
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
        problems.extend(_cross_check(entries, where, taxonomy, vocabulary, plan, budget, root.name))
    if places:
        problems.extend(_check_municipalities(entries, where, places))
    if line_choices and taxonomy:
        problems.extend(_check_line(line_choices, taxonomy, {e.id for e in entries}, broken, root.name))
    if crisis:
        problems.extend(_check_crisis(crisis, {e.id: e for e in entries}, root.name))
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
    )


def _check_municipalities(
    entries: list[Entry], where: dict[str, tuple[str, int | None]], places: Places
) -> list[Problem]:
    known = set(places.municipalities)
    return [
        Problem(
            file=where[e.id][0],
            line=where[e.id][1],
            entry=e.id,
            field=f"municipalities[{i}]",
            message=f"not one of Tokyo's municipalities (see {PLACES_FILE}): {name!r}",
        )
        for e in entries
        for i, name in enumerate(e.municipalities)
        if name not in known
    ]


def _check_line(
    line: LineChoices, taxonomy: Taxonomy, ids: set[str], broken: set[str], root_name: str
) -> list[Problem]:
    file = f"{root_name}/line.yaml"
    topics = {t.id for t in taxonomy.topics}
    problems = [
        Problem(file=file, field=f"menu_topics[{i}]", message=f"unknown topic {t!r} (see taxonomy.yaml)")
        for i, t in enumerate(line.menu_topics)
        if t not in topics
    ]
    doors = [(f"front_doors.{r}[{i}]", d) for r, ds in line.front_doors.items() for i, d in enumerate(ds)]
    doors += [(f"other_region_door.{r}", d) for r, d in line.other_region_door.items()]
    problems += [
        Problem(file=file, field=field, message=f"no entry with id {d!r}")
        for field, d in doors
        if d not in ids and d not in broken
    ]
    return problems


def _load_one(model: type[M], path: Path, root: Path, problems: list[Problem]) -> M | None:
    data = _read_yaml(path, root, problems)
    if data is None:
        if not path.exists():
            problems.append(Problem(file=_rel(path, root), message="missing file"))
        return None
    return _validate(model, data, file=_rel(path, root), entry=None, problems=problems)


def _cross_check(
    entries: Iterable[Entry],
    where: dict[str, tuple[str, int | None]],
    taxonomy: Taxonomy,
    vocabulary: Vocabulary,
    plan: PlanRecord,
    budget: BudgetRecord,
    root_name: str,
) -> list[Problem]:
    problems: list[Problem] = []
    entries = list(entries)
    by_id = {e.id: e for e in entries}
    topic_ids = {t.id for t in taxonomy.topics}
    known_refs = {f"plan2025:{m.no}" for m in plan.measures} | {
        f"budget2021:{p.slug}" for p in budget.programs
    }
    cited: set[str] = set()

    def add(entry: Entry, field: str, message: str) -> None:
        file, line = where[entry.id]
        problems.append(Problem(file=file, line=line, entry=entry.id, field=field, message=message))

    for entry in entries:
        for i, topic in enumerate(entry.topics):
            if topic not in topic_ids:
                add(entry, f"topics[{i}]", f"unknown topic {topic!r} (see taxonomy.yaml)")
        for i, ref in enumerate(entry.refs):
            if ref not in known_refs:
                add(entry, f"sources[{i}]", f"unknown document row {ref!r}")
            cited.add(ref)
        if entry.front_door is not None:
            door = by_id.get(entry.front_door)
            if door is None:
                add(entry, "front_door", f"no entry with id {entry.front_door!r}")
            elif not door.channels:
                add(entry, "front_door", f"{door.id!r} has no contacts to reach it by")
            elif door.confidential_location:
                add(entry, "front_door", f"{door.id!r} is itself a confidential location")
        for i, rel in enumerate(entry.related):
            if rel not in by_id:
                add(entry, f"related[{i}]", f"no entry with id {rel!r}")
            elif rel == entry.id:
                add(entry, f"related[{i}]", "an entry cannot be related to itself")
        if entry.user_facing and (claim := _unbacked_anonymity(entry, by_id, plan, budget)):
            add(entry, claim, ANONYMITY_MESSAGE)
        reachable = any(by_id.get(r) is not None and by_id[r].channels for r in entry.related)
        if entry.user_facing and not entry.channels and entry.front_door is None and not reachable:
            add(
                entry,
                "front_door",
                "a user-facing entry without contacts must name a front door or a "
                "related entry that has contacts",
            )

    for known in taxonomy.topics:
        problems += _unknown_targets(
            file=f"{root_name}/taxonomy.yaml",
            owner=known.id,
            field="primary",
            targets=known.primary,
            known=by_id,
        )
    vocab_file = f"{root_name}/vocabulary.yaml"
    for i, item in enumerate(vocabulary.items):
        problems += [
            Problem(
                file=vocab_file,
                entry=item.terms[0],
                field=f"items[{i}].topics",
                message=f"unknown topic {topic!r}",
            )
            for topic in item.topics
            if topic not in topic_ids
        ]
        problems += _unknown_targets(
            file=vocab_file,
            owner=item.terms[0],
            field=f"items[{i}].entries",
            targets=item.entries,
            known=by_id,
        )

    problems.extend(_check_text_numbers(entries, where))
    for ref in sorted(known_refs - cited, key=_ref_key):
        problems.append(
            Problem(
                file=f"{root_name}/services",
                field="sources",
                message=f"document row {ref} is cited by no entry",
            )
        )
    return problems


# "You need not give your name" is a promise to a frightened woman: only where a source says it.
ANONYMITY_CLAIM = re.compile(
    r"名前を言わ|名前を明かさ|名乗らな|匿名|anonymous"
    r"|without (?:giving|saying|telling) (?:us |them )?your name",
    re.IGNORECASE,
)
ANONYMITY_BACKING = re.compile(
    r"匿名|名前[をや]?[^。]{0,12}(?:言わ|明かさ|名乗ら)|名乗らな|anonymous", re.IGNORECASE
)
ANONYMITY_MESSAGE = (
    "says she need not give her name, but no cited row or contact source says so "
    "(quote a page that does, or take the claim out)"
)


def _unbacked_anonymity(
    entry: Entry, by_id: dict[str, Entry], plan: PlanRecord, budget: BudgetRecord
) -> str | None:
    """The first text field that claims anonymity without a source saying it, or None."""
    claimed = next(
        (
            f
            for f in ("summary", "summary_en", "description", "how_to_use")
            if ANONYMITY_CLAIM.search(getattr(entry, f) or "")
        ),
        None,
    )
    if claimed is None:
        return None
    holders = [entry, *(by_id[i] for i in (entry.front_door, *entry.related) if i in by_id)]
    texts = [s.quote for h in holders for c in h.channels for s in c.sources]
    measures = {m.no: m.content for m in plan.measures}
    programs = {p.slug: p.description for p in budget.programs}
    texts += [
        measures.get(int(r.item), "") if r.doc == "plan2025" else programs.get(r.item, "")
        for r in entry.sources
    ]
    return None if any(ANONYMITY_BACKING.search(t) for t in texts) else claimed


_TEXT_NUMBER = re.compile(
    r"(?<![\d\-])(?:#\d{4}|0\d{1,4}-\d{1,4}-\d{3,4}|0120\d{6}|0\d{9,10}|1[18][089](?=番|」|\)|）|に|へ|$))"
)
TEXT_FIELDS = (
    "name",
    "name_en",
    "summary",
    "summary_en",
    "description",
    "eligibility",
    "how_to_use",
    "notes",
)


def _check_text_numbers(entries: list[Entry], where: dict[str, tuple[str, int | None]]) -> list[Problem]:
    """A number written in an entry's text must be one the base shows with a cited source."""
    backed = {_digits(c.value) for e in entries for c in e.channels if c.type == "phone"}
    problems = []
    for entry in entries:
        for field in TEXT_FIELDS:
            for number in _TEXT_NUMBER.findall(getattr(entry, field) or ""):
                if _digits(number) not in backed:
                    file, line = where[entry.id]
                    problems.append(
                        Problem(
                            file=file,
                            line=line,
                            entry=entry.id,
                            field=field,
                            message=f"the number {number} is not a sourced contact of any entry",
                        )
                    )
    return problems


def _digits(value: str) -> str:
    return re.sub(r"[^0-9#]", "", value)


def _ref_key(ref: str) -> tuple[str, int, str]:
    doc, item = ref.split(":", 1)
    return (doc, int(item) if item.isdigit() else 0, item)


def _unknown_targets(
    *, file: str, owner: str, field: str, targets: tuple[str, ...], known: dict[str, Entry]
) -> list[Problem]:
    return [
        Problem(file=file, entry=owner, field=f"{field}[{i}]", message=f"no entry with id {target!r}")
        for i, target in enumerate(targets)
        if target not in known
    ]


def _check_crisis(crisis: CrisisLexicon, by_id: dict[str, Entry], root_name: str) -> list[Problem]:
    file = f"{root_name}/crisis.yaml"
    kinds = {k.id for k in crisis.kinds}
    problems: list[Problem] = []
    for kind in crisis.kinds:
        problems += _unknown_targets(
            file=file, owner=kind.id, field="contacts", targets=kind.contacts, known=by_id
        )
        problems += [
            Problem(
                file=file,
                entry=kind.id,
                field=f"contacts[{i}]",
                message=f"{target!r} has no contacts to show",
            )
            for i, target in enumerate(kind.contacts)
            if target in by_id and not by_id[target].channels
        ]
        quotes = [s.quote for t in kind.contacts if t in by_id for c in by_id[t].channels for s in c.sources]
        problems += [
            Problem(file=file, entry=kind.id, field=field, message=ANONYMITY_MESSAGE)
            for field in ("message", "message_en")
            if ANONYMITY_CLAIM.search(getattr(kind, field))
            and not any(ANONYMITY_BACKING.search(q) for q in quotes)
        ]
    for i, concept in enumerate(crisis.concepts):
        where = f"concepts[{i}]"
        problems += [
            Problem(file=file, entry=concept.id, field=f"{where}.kinds", message=f"unknown crisis kind {k!r}")
            for k in concept.kinds
            if k not in kinds
        ]
        used = [(f"{where}.needs", n) for n in concept.needs]
        used += [
            (f"{where}.patterns[{j}]", item.split("@")[0][1:])
            for j, pattern in enumerate(concept.patterns)
            for item in pattern.replace("+", " ").split()
            if item.startswith("$")
        ]
        problems += [
            Problem(file=file, entry=concept.id, field=field, message=f"unknown word class {name!r}")
            for field, name in used
            if name not in crisis.words
        ]
    problems += [
        Problem(file=file, entry="cues", field=f"cues.{field}", message=f"unknown word class {name!r}")
        for field, name in crisis.cues.model_dump().items()
        if name not in crisis.words
    ]
    return problems
