"""Rank entries for a query: BM25 over fields, phrase matches, inferred topics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.search.analyzer import Analysis
from bot.search.index import NAME_PHRASE_WEIGHT, Phrase, SearchIndex
from bot.search.matching import occurs, words_of

# Services she can contact now rank above background programs and internal measures.
KIND_PRIORITY = {
    "hotline": 1.0,
    "consultation": 1.0,
    "shelter": 0.85,
    "facility": 0.8,
    "program": 0.75,
    "subsidy": 0.65,
    "campaign": 0.5,
    "policy": 0.5,
}
PHRASE_ENTRY_FACTOR = 2.0
PHRASE_TOPIC_FACTOR = 1.6
PRIMARY_FACTOR = 1.2  # the topic's own windows, on top of the topic match
# Her own words are matched through the vocabulary; the documents' wording (BM25)
# matters more to support workers, who search with official terms.
BM25_FACTOR = {"public": 0.5, "worker": 1.0}
MINORS_ONLY_FACTOR = 0.5
MIN_SCORE = 2.2
RELATIVE_CUTOFF = 0.3


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    why: str


@dataclass
class _Evidence:
    score: float = 0.0
    words: list[str] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    named: bool = False
    phrased: bool = False
    terms: set[str] = field(default_factory=set)


def match_phrases(index: SearchIndex, analysis: Analysis) -> list[Phrase]:
    """Every name, alias or vocabulary term present in the query."""
    words = words_of(analysis)
    found = [p for p in index.phrases if occurs(p.form, analysis, words)]
    return _drop_contained(found)


def _drop_contained(phrases: list[Phrase]) -> list[Phrase]:
    """Keep 家に帰れない and drop 家 when both point to the same place."""
    keep = []
    for p in phrases:
        if not any(
            o is not p
            and len(o.form.surface) > len(p.form.surface)
            and p.form.surface in o.form.surface
            and o.entries == p.entries
            and o.topics == p.topics
            for o in phrases
        ):
            keep.append(p)
    return keep


def rank(
    index: SearchIndex,
    analysis: Analysis,
    *,
    public: bool,
    limit: int,
    boost_topics: dict[str, float] | None = None,
    boost_entries: dict[str, float] | None = None,
    boost_alone: bool = False,
) -> list[Hit]:
    """Best entries first; ``boost_topics`` count only where the text matched something
    else, unless ``boost_alone`` (a message in a language the vocabulary does not cover)."""
    evidence: dict[int, _Evidence] = defaultdict(_Evidence)
    phrases = match_phrases(index, analysis)
    topic_weight: dict[str, float] = {}
    topic_words: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        for idx, weight in phrase.entries:
            ev = evidence[idx]
            ev.score += weight * PHRASE_ENTRY_FACTOR
            ev.words.append(phrase.label)
            ev.named = ev.named or weight >= NAME_PHRASE_WEIGHT
            ev.phrased = True
        for topic, weight in phrase.topics:
            topic_weight[topic] = topic_weight.get(topic, 0.0) + weight
            topic_words[topic].append(phrase.label)
    bm25_factor = BM25_FACTOR["public" if public else "worker"]
    for idx, (score, terms) in index.bm25(set(analysis.terms)).items():
        ev = evidence[idx]
        ev.score += score * bm25_factor
        ev.terms.update(terms)
        ev.words.extend(t for t in terms if len(t) > 1)
    position = {entry_id: i for i, entry_id in enumerate(index.entry_ids)}
    for entry_id, weight in (boost_entries or {}).items():
        if entry_id in position:
            ev = evidence[position[entry_id]]
            ev.score += weight
            ev.phrased = True
    if not evidence and not topic_weight and not boost_alone:
        return []
    if topic_weight or boost_alone:
        topic_weight.update({t: w for t, w in (boost_topics or {}).items() if t not in topic_weight})
        for idx, topics in enumerate(index.topics):
            shared = topics & topic_weight.keys()
            if not shared:
                continue
            ev = evidence[idx]
            ev.score += sum(min(topic_weight[t], 3.0) for t in shared) * PHRASE_TOPIC_FACTOR
            ev.topics |= shared
        for topic, weight in topic_weight.items():
            for idx in index.primary.get(topic, ()):
                evidence[idx].score += min(weight, 3.0) * PRIMARY_FACTOR
    ranked: list[tuple[float, int]] = []
    for idx, ev in evidence.items():
        if public and not index.user_facing[idx]:
            continue
        if index.emergency_only[idx] and not ev.named:
            continue
        if not ev.phrased and not ev.topics and len(ev.terms) < 2:
            continue  # one shared word of the documents' wording is not enough
        final = ev.score * (KIND_PRIORITY.get(index.kinds[idx], 0.6) if public else 1.0)
        if index.minors_only[idx] and "youth" not in topic_weight:
            final *= MINORS_ONLY_FACTOR  # for girls only, and nothing says she is one
        if final >= MIN_SCORE:
            ranked.append((final, idx))
    ranked.sort(key=lambda pair: (-pair[0], index.entry_ids[pair[1]]))
    if not ranked:
        return []
    top = ranked[0][0]
    hits = []
    for score, idx in ranked[:limit]:
        if score < top * RELATIVE_CUTOFF:
            break
        ev = evidence[idx]
        hits.append(Hit(id=index.entry_ids[idx], score=round(score, 3), why=_why(index, ev)))
    return hits


def _why(index: SearchIndex, ev: _Evidence) -> str:
    words = list(dict.fromkeys(w for w in ev.words if w))[:4]
    topics = [index.topic_labels[t] for t in sorted(ev.topics)][:3]
    parts = []
    if words:
        parts.append("「" + "」「".join(words) + "」に関係があります")
    if topics:
        parts.append("分野: " + "・".join(topics))
    return "。".join(parts) if parts else "内容が近い窓口です"
