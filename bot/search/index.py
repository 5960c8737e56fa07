"""The search index: field-weighted BM25 postings plus a phrase table.

The index stores entry ids and numbers, never the records themselves; the
phrase table holds every name, alternate name and vocabulary term with its
normalised surface and kana reading, mapped to the entries and topics it
points to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Entry
from bot.search.analyzer import Analyzer
from bot.search.fuzzy import FuzzyTable
from bot.search.matching import TermForm, TermTable

FIELD_WEIGHTS = {
    "name": 3.0,
    "alternate_names": 2.5,
    "summary": 1.5,
    "description": 1.0,
    "eligibility": 0.6,
    "examples": 1.0,
    "topics": 0.6,
    "record": 0.8,
    "how_to_use": 0.3,
}
NAME_PHRASE_WEIGHT = 3.0
MINOR_AGE_LIMIT = 20  # entries only for people under this age

Indices = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]
BM25_K1 = 1.2
BM25_B = 0.6


@dataclass(frozen=True, slots=True, eq=False)
class Phrase:
    position: int  # in SearchIndex.phrases
    form: TermForm
    entries: tuple[tuple[int, float], ...]
    topics: tuple[tuple[str, float], ...]
    entry_idx: Indices
    entry_weight: Floats

    @property
    def label(self) -> str:
        return self.form.label


@dataclass(frozen=True)
class Posting:
    """The entries holding a term, in entry order, with their BM25 contribution."""

    idx: Indices
    score: Floats


@dataclass(frozen=True)
class SearchIndex:
    """Per-entry facts as arrays (one slot per entry) so that a query scores every
    entry in a few vector operations, however large the base."""

    entry_ids: tuple[str, ...]
    id_rank: Indices  # alphabetical rank of each id: the tie-break
    user_facing: Flags
    emergency_only: Flags
    minors_only: Flags
    kind_priority: Floats
    topics: tuple[frozenset[str], ...]
    primary: dict[str, Indices]
    topic_entries: dict[str, Indices]
    postings: dict[str, Posting]
    phrases: tuple[Phrase, ...]
    phrase_table: TermTable
    fuzzy_table: FuzzyTable
    topic_labels: dict[str, str]
    position: dict[str, int]

    def __len__(self) -> int:
        return len(self.entry_ids)

    @classmethod
    def build(cls, kb: KnowledgeBase, analyzer: Analyzer) -> SearchIndex:
        entries = list(kb.entries)
        topic_text = {t.id: f"{t.label} {t.label_en} {t.description}" for t in kb.taxonomy.topics}
        raw: dict[str, list[tuple[int, float]]] = defaultdict(list)
        doc_len: list[float] = []
        for idx, entry in enumerate(entries):
            weighted: defaultdict[str, float] = defaultdict(float)
            for field, text in _fields(entry, kb, topic_text):
                for term in analyzer.terms(text):
                    weighted[term] += FIELD_WEIGHTS[field]
            for term, weight in weighted.items():
                raw[term].append((idx, weight))
            doc_len.append(sum(weighted.values()))
        position = {e.id: i for i, e in enumerate(entries)}
        ranks = {entry_id: r for r, entry_id in enumerate(sorted(position))}
        return cls(
            entry_ids=tuple(e.id for e in entries),
            id_rank=np.array([ranks[e.id] for e in entries], dtype=np.int32),
            user_facing=np.array([e.user_facing for e in entries], dtype=np.bool_),
            emergency_only=np.array([e.emergency_only for e in entries], dtype=np.bool_),
            minors_only=np.array(
                [e.audience.age_max is not None and e.audience.age_max < MINOR_AGE_LIMIT for e in entries],
                dtype=np.bool_,
            ),
            # Services she can contact now rank above background programs (knowledge/ranking.yaml).
            kind_priority=np.array([kb.ranking.of(e.kind) for e in entries], dtype=np.float64),
            topics=tuple(frozenset(e.topics) for e in entries),
            primary={
                t.id: _indices(position[p] for p in t.primary if p in position) for t in kb.taxonomy.topics
            },
            topic_entries={
                t.id: _indices(i for i, e in enumerate(entries) if t.id in e.topics)
                for t in kb.taxonomy.topics
            },
            postings=_bm25_postings(raw, doc_len),
            phrases=(phrases := _phrases(kb, entries, position, analyzer)),
            phrase_table=TermTable.of(tuple(p.form for p in phrases)),
            fuzzy_table=FuzzyTable.of(tuple(p.form for p in phrases)),
            topic_labels={t.id: t.label for t in kb.taxonomy.topics},
            position=position,
        )

    def has_term(self, term: str, idx: int) -> bool:
        posting = self.postings.get(term)
        if posting is None:
            return False
        at = int(np.searchsorted(posting.idx, idx))
        return at < len(posting.idx) and int(posting.idx[at]) == idx


def _indices(values: Iterable[int]) -> Indices:
    return np.fromiter(values, dtype=np.int32)


def _bm25_postings(raw: dict[str, list[tuple[int, float]]], doc_len: list[float]) -> dict[str, Posting]:
    """BM25 depends only on the term and the entry, so each contribution is computed once here."""
    n = max(len(doc_len), 1)
    avg = (sum(doc_len) / n) or 1.0
    postings = {}
    for term, docs in raw.items():
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        scores = [
            idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * doc_len[idx] / avg))
            for idx, tf in docs
        ]
        postings[term] = Posting(
            idx=np.array([idx for idx, _ in docs], dtype=np.int32), score=np.array(scores, dtype=np.float64)
        )
    return postings


def _fields(entry: Entry, kb: KnowledgeBase, topic_text: dict[str, str]) -> list[tuple[str, str]]:
    fields = [
        ("name", entry.name),
        ("summary", entry.summary),
        ("description", entry.description),
        ("eligibility", entry.eligibility),
        ("how_to_use", entry.how_to_use),
    ]
    fields += [("alternate_names", name) for name in entry.alternate_names]
    fields += [("examples", text) for text in entry.examples]
    fields += [("topics", topic_text.get(t, t)) for t in entry.topics]
    for ref in entry.sources:
        if ref.doc == "plan2025":
            measure = kb.measure(int(ref.item))
            if measure is not None:
                fields.append(("record", f"{measure.item} {measure.content}"))
        else:
            program = kb.program(ref.item)
            if program is not None:
                fields.append(("record", f"{program.title} {program.description}"))
    return fields


def _phrases(
    kb: KnowledgeBase, entries: list[Entry], position: dict[str, int], analyzer: Analyzer
) -> tuple[Phrase, ...]:
    table: dict[tuple[str, str], tuple[TermForm, dict[int, float], dict[str, float]]] = {}

    def add(
        label: str, entry_weights: dict[int, float], topic_weights: dict[str, float], *, inflect: bool
    ) -> None:
        form = TermForm.of(label, analyzer, inflect=inflect)
        if not form.surface:
            return
        _, ew, tw = table.setdefault((form.surface, form.reading), (form, {}, {}))
        for idx, w in entry_weights.items():
            ew[idx] = max(ew.get(idx, 0.0), w)
        for topic, w in topic_weights.items():
            tw[topic] = max(tw.get(topic, 0.0), w)

    for entry in entries:
        idx = position[entry.id]
        for name in (entry.name, *entry.alternate_names):
            add(name, {idx: NAME_PHRASE_WEIGHT}, {}, inflect=False)
    for item in kb.vocabulary.items:
        entry_weights = {position[e]: item.weight for e in item.entries if e in position}
        topic_weights = {t: item.weight for t in item.topics}
        for term in item.terms:
            add(term, entry_weights, topic_weights, inflect=True)
    return tuple(
        Phrase(
            position=position,
            form=form,
            entries=tuple(ew.items()),
            topics=tuple(tw.items()),
            entry_idx=np.array(list(ew), dtype=np.int32),
            entry_weight=np.array(list(ew.values()), dtype=np.float64),
        )
        for position, (form, ew, tw) in enumerate(table.values())
    )
