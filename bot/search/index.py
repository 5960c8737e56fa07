"""The search index: field-weighted BM25 postings plus a phrase table.

The index stores entry ids and numbers, never the records themselves; the
phrase table holds every name, alternate name and vocabulary term with its
normalised surface and kana reading, mapped to the entries and topics it
points to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from bot.catalog.kb import KnowledgeBase
from bot.catalog.models import Entry
from bot.search.analyzer import Analyzer
from bot.search.matching import TermForm

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
BM25_K1 = 1.2
BM25_B = 0.6


@dataclass(frozen=True, slots=True)
class Phrase:
    form: TermForm
    entries: tuple[tuple[int, float], ...]
    topics: tuple[tuple[str, float], ...]

    @property
    def label(self) -> str:
        return self.form.label


@dataclass(frozen=True)
class SearchIndex:
    entry_ids: tuple[str, ...]
    user_facing: tuple[bool, ...]
    kinds: tuple[str, ...]
    emergency_only: tuple[bool, ...]
    minors_only: tuple[bool, ...]
    topics: tuple[frozenset[str], ...]
    primary: dict[str, tuple[int, ...]]
    postings: dict[str, tuple[tuple[int, float], ...]]
    idf: dict[str, float]
    doc_len: tuple[float, ...]
    avg_len: float
    phrases: tuple[Phrase, ...]
    topic_labels: dict[str, str]

    @classmethod
    def build(cls, kb: KnowledgeBase, analyzer: Analyzer) -> SearchIndex:
        entries = list(kb.entries)
        topic_text = {t.id: f"{t.label} {t.label_en} {t.description}" for t in kb.taxonomy.topics}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        doc_len: list[float] = []
        for idx, entry in enumerate(entries):
            weighted: defaultdict[str, float] = defaultdict(float)
            for field, text in _fields(entry, kb, topic_text):
                for term in analyzer.terms(text):
                    weighted[term] += FIELD_WEIGHTS[field]
            for term, weight in weighted.items():
                postings[term].append((idx, weight))
            doc_len.append(sum(weighted.values()))
        n = max(len(entries), 1)
        idf = {
            term: math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5)) for term, docs in postings.items()
        }
        avg = sum(doc_len) / n if doc_len else 1.0
        position = {e.id: i for i, e in enumerate(entries)}
        phrases = _phrases(kb, entries, position, analyzer)
        return cls(
            entry_ids=tuple(e.id for e in entries),
            user_facing=tuple(e.user_facing for e in entries),
            kinds=tuple(e.kind for e in entries),
            emergency_only=tuple(e.emergency_only for e in entries),
            minors_only=tuple(
                e.audience.age_max is not None and e.audience.age_max < MINOR_AGE_LIMIT for e in entries
            ),
            topics=tuple(frozenset(e.topics) for e in entries),
            primary={
                t.id: tuple(position[p] for p in t.primary if p in position) for t in kb.taxonomy.topics
            },
            postings={t: tuple(p) for t, p in postings.items()},
            idf=idf,
            doc_len=tuple(doc_len),
            avg_len=avg or 1.0,
            phrases=phrases,
            topic_labels={t.id: t.label for t in kb.taxonomy.topics},
        )

    def bm25(self, terms: set[str]) -> dict[int, tuple[float, list[str]]]:
        scores: dict[int, tuple[float, list[str]]] = {}
        for term in terms:
            docs = self.postings.get(term)
            if not docs:
                continue
            idf = self.idf[term]
            for idx, tf in docs:
                norm = (
                    tf
                    * (BM25_K1 + 1)
                    / (tf + BM25_K1 * (1 - BM25_B + BM25_B * self.doc_len[idx] / self.avg_len))
                )
                score, matched = scores.get(idx, (0.0, []))
                matched.append(term)
                scores[idx] = (score + idf * norm, matched)
        return scores


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
        Phrase(form=form, entries=tuple(ew.items()), topics=tuple(tw.items()))
        for form, ew, tw in table.values()
    )
