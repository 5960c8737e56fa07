"""Checks across files, once every file has validated on its own: what entries cite and name
exists (topics, document rows, entries, municipalities), a number in a text is a sourced
contact, a claim of anonymity is backed by a source, the crisis lexicon names real kinds,
entries and word classes, and LINE's choices exist."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.catalog.backing import digits
from bot.catalog.errors import Problem
from bot.catalog.lexicons import CrisisLexicon, Taxonomy, Vocabulary
from bot.catalog.models import Entry
from bot.catalog.records import BudgetRecord, PlanRecord
from bot.catalog.wordlists import PLACES_FILE, LineChoices, Places


def check_municipalities(
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


def check_line(
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


def cross_check(
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
    backed = {digits(c.value) for e in entries for c in e.channels if c.type == "phone"}
    problems = []
    for entry in entries:
        for field in TEXT_FIELDS:
            for number in _TEXT_NUMBER.findall(getattr(entry, field) or ""):
                if digits(number) not in backed:
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


def check_crisis(crisis: CrisisLexicon, by_id: dict[str, Entry], root_name: str) -> list[Problem]:
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
        used += [(f"{where}.unless", n) for n in concept.unless]
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
