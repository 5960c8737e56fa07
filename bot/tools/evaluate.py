"""Score the search on a query file (``python -m bot eval FILE.jsonl``).

Each line: ``id, text, sender (woman|worker|other), lang, expect_any, crisis,
out_of_scope, note``. A message is answered when any expected reference
(``plan2025:N``, ``budget2021:SLUG`` or ``tel:NUMBER``) is among the top 3
results: a result's sources, or a phone number the result shows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.catalog.backing import digits
from bot.present.adapter import ShownSearch
from bot.present.schemas import ResultOut, SearchResponse
from bot.search.service import Audience, SearchService

TOP_K = 3


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.rate:.3f} ({self.hits}/{self.total})"


@dataclass
class Report:
    hit_at_3: Tally = field(default_factory=Tally)
    by_sender: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    crisis_recall: Tally = field(default_factory=Tally)
    false_alarms: Tally = field(default_factory=Tally)
    lookalike_alarms: Tally = field(default_factory=Tally)
    declined: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)
    # Crisis detection alone: recall by warning sign and by language, alarms by look-alike class.
    recall_by_sign: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    recall_by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    alarms_by_class: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def lines(self) -> list[str]:
        out = [f"hit@3: {self.hit_at_3}"]
        out += [f"  sender {k}: {v}" for k, v in sorted(self.by_sender.items())]
        out += [f"  language {k}: {v}" for k, v in sorted(self.by_language.items())]
        out.append(f"crisis recall: {self.crisis_recall}")
        out.append(f"false alarms (all non-crisis): {self.false_alarms}")
        out.append(f"false alarms (crisis-lookalike): {self.lookalike_alarms}")
        out.append(f"out-of-scope declined: {self.declined}")
        return out

    def crisis_lines(self) -> list[str]:
        out = [f"crisis recall: {self.crisis_recall}"]
        out += [f"  sign {k}: {v}" for k, v in sorted(self.recall_by_sign.items())]
        out += [f"  language {k}: {v}" for k, v in sorted(self.recall_by_language.items())]
        out.append(f"false alarms (all non-crisis): {self.false_alarms}")
        out.append(f"false alarms (crisis-lookalike): {self.lookalike_alarms}")
        out += [f"  look-alike {k}: {v}" for k, v in sorted(self.alarms_by_class.items())]
        return out


def _refs(result: ResultOut) -> set[str]:
    refs = {s.ref for s in result.sources}
    refs |= {"tel:" + digits(c.value) for c in result.contacts if c.type == "phone"}
    return refs


def answered(expected: list[str], results: tuple[ResultOut, ...]) -> bool:
    wanted = {e if not e.startswith("tel:") else "tel:" + digits(e[4:]) for e in expected}
    return any(wanted & _refs(r) for r in results[:TOP_K])


def evaluate(service: SearchService, rows: list[dict[str, Any]]) -> Report:
    report = Report()
    shown = ShownSearch(service)
    for row in rows:
        audience: Audience = "worker" if row.get("sender") == "worker" else "public"
        response = shown.search(row["text"], limit=5, audience=audience)
        note = str(row.get("note", ""))
        alarmed = response.crisis is not None
        if row.get("crisis"):
            report.crisis_recall.add(alarmed)
            report.recall_by_sign[_sign(row)].add(alarmed)
            report.recall_by_language[str(row.get("lang", "?"))].add(alarmed)
            if not alarmed:
                report.misses.append(_miss(row, response, "crisis not detected"))
        else:
            report.false_alarms.add(alarmed)
            if note.startswith("crisis-lookalike"):
                report.lookalike_alarms.add(alarmed)
                report.alarms_by_class[_sign(row)].add(alarmed)
            if alarmed:
                report.misses.append(_miss(row, response, "false alarm"))
        if row.get("out_of_scope"):
            ok = not response.results
            report.declined.add(ok)
            if not ok:
                report.misses.append(_miss(row, response, "should decline"))
            continue
        expected = list(row.get("expect_any", []))
        if not expected:
            continue
        ok = answered(expected, response.results)
        report.hit_at_3.add(ok)
        report.by_sender[str(row.get("sender", "?"))].add(ok)
        lang = str(row.get("lang", "?"))
        report.by_language["ja" if lang in {"ja", "easy-ja"} else "other"].add(ok)
        if not ok:
            report.misses.append(_miss(row, response, "miss"))
    return report


def _sign(row: dict[str, Any]) -> str:
    """The warning sign or look-alike class a row names: its ``sign``, or the word after
    ``crisis:`` / ``crisis-lookalike:`` in its note."""
    if row.get("sign"):
        return str(row["sign"])
    note = str(row.get("note", ""))
    head, colon, rest = note.partition(":")
    if colon and head in {"crisis", "crisis-lookalike"} and rest.split():
        return rest.split()[0].strip(",;")
    return "unlabelled"


def _miss(row: dict[str, Any], response: SearchResponse, what: str) -> str:
    got = ", ".join(f"{r.id}[{' '.join(s.ref for s in r.sources) or '-'}]" for r in response.results[:TOP_K])
    crisis = f" crisis={','.join(response.crisis.kinds)}" if response.crisis else ""
    return (
        f"{row.get('id')} {what}: {row['text'][:60]!r}\n"
        f"    expected any of {row.get('expect_any')}\n    got {got or 'nothing'}{crisis}"
    )


def load_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
