"""Rank entries for a query: BM25 over fields, phrase matches, inferred topics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.search.analyzer import Analysis
from bot.search.index import NAME_PHRASE_WEIGHT, Phrase, SearchIndex
from bot.search.matching import words_of

PHRASE_ENTRY_FACTOR = 2.5
PHRASE_TOPIC_FACTOR = 1.6
PRIMARY_FACTOR = 1.2  # the topic's own windows, on top of the topic match
# Her own words are matched through the vocabulary; the documents' wording (BM25)
# matters more to support workers, who search with official terms.
BM25_FACTOR = {"public": 0.5, "worker": 1.0}
MINORS_ONLY_FACTOR = 0.5
FUZZY_FACTOR = 0.7  # a near spelling counts, less than the word itself
MIN_SCORE = 2.2
RELATIVE_CUTOFF = 0.3


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    why: str


def match_phrases(index: SearchIndex, analysis: Analysis) -> list[Phrase]:
    """Every name, alias or vocabulary term present in the query."""
    found = index.phrase_table.found(analysis, words_of(analysis))
    return _one_per_meaning(_drop_contained([index.phrases[i] for i in found]))


def _one_per_meaning(phrases: list[Phrase]) -> list[Phrase]:
    """子ども, 子供 and こども found in the same word count once: terms that point to the
    same entries and topics with the same weights are one piece of evidence."""
    seen: set[tuple[object, ...]] = set()
    keep = []
    for p in phrases:
        key = (p.entries, p.topics)
        if key not in seen:
            seen.add(key)
            keep.append(p)
    return keep


def match_fuzzy(index: SearchIndex, analysis: Analysis, *, exact: list[Phrase]) -> list[Phrase]:
    """Names and terms typed with one slip, where nothing exact covers the same words."""
    skip = {p.position for p in exact}
    return [index.phrases[i] for i in index.fuzzy_table.found(analysis, skip=skip)]


def _drop_contained(phrases: list[Phrase]) -> list[Phrase]:
    """Keep 保護所を出たら and drop 保護所 inside it: the longer phrase is the more
    specific reading of the same words."""
    keep = []
    for p in phrases:
        if not any(
            o is not p and len(o.form.surface) > len(p.form.surface) and p.form.surface in o.form.surface
            for o in phrases
        ):
            keep.append(p)
    return keep


# A term in more than this share of the entries does not count as evidence on its own.
COMMON_TERM_SHARE = 0.5


def rank(
    index: SearchIndex,
    analysis: Analysis,
    *,
    public: bool,
    limit: int,
    boost_topics: dict[str, float] | None = None,
    boost_entries: dict[str, float] | None = None,
    boost_alone: bool = False,
    reading: Callable[[str], str] | None = None,
    skip: Callable[[str], bool] | None = None,
    skipped_at_most: int = 0,
) -> list[Hit]:
    """Best entries first; ``boost_topics`` count only where the text matched something
    else, unless ``boost_alone`` (a message in a language the vocabulary does not cover).

    ``skip`` leaves out entries by id (a municipal window for residents elsewhere) among
    the ``limit + skipped_at_most`` best, as if the list were cut after leaving them out;
    only the hits returned are explained (``why``)."""
    n = len(index)
    score = np.zeros(n)
    phrased = np.zeros(n, dtype=np.bool_)
    named = np.zeros(n, dtype=np.bool_)
    with_topic = np.zeros(n, dtype=np.bool_)
    term_count = np.zeros(n, dtype=np.int32)
    exact = match_phrases(index, analysis)
    fuzzy = match_fuzzy(index, analysis, exact=exact)
    phrases = exact + fuzzy
    topic_weight: dict[str, float] = {}
    factors = [1.0] * len(exact) + [FUZZY_FACTOR] * len(fuzzy)
    for phrase, factor in zip(phrases, factors, strict=True):
        if len(phrase.entry_idx):
            score[phrase.entry_idx] += phrase.entry_weight * PHRASE_ENTRY_FACTOR * factor
            phrased[phrase.entry_idx] = True
            named[phrase.entry_idx[phrase.entry_weight >= NAME_PHRASE_WEIGHT]] = True
        for topic, weight in phrase.topics:
            topic_weight[topic] = topic_weight.get(topic, 0.0) + weight * factor
    terms = [t for t in dict.fromkeys(analysis.terms) if t in index.postings]
    bm25_factor = BM25_FACTOR["public" if public else "worker"]
    common = n * COMMON_TERM_SHARE
    # One word is one piece of evidence however it is written: 探す and さがす, カフェ and かふぇ
    # share a reading and count once.
    same_word: dict[str, list[np.ndarray]] = {}
    for term in terms:
        posting = index.postings[term]
        # A word most entries use (女性, 相談, 支援) adds to the score but is no second piece of
        # evidence: 「女性専用のヨガ教室」 shares two words with a family class, not a need.
        if len(posting.idx) <= common:
            same_word.setdefault(reading(term) if reading else term, []).append(posting.idx)
    if terms:
        # Every term's postings added in one call: each entry's sum is taken in the terms'
        # order, as adding them term by term would (np.add.at adds one element at a time).
        postings = [index.postings[term] for term in terms]
        at = np.concatenate([p.idx for p in postings])
        np.add.at(score, at, np.concatenate([p.score for p in postings]) * bm25_factor)
    if same_word:
        # One posting holds each entry once already; several are merged first.
        words = [p[0] if len(p) == 1 else np.unique(np.concatenate(p)) for p in same_word.values()]
        term_count += np.bincount(np.concatenate(words), minlength=n).astype(np.int32)
    for entry_id, weight in (boost_entries or {}).items():
        if entry_id in index.position:
            score[index.position[entry_id]] += weight
            phrased[index.position[entry_id]] = True
    if not phrases and not terms and not boost_entries and not topic_weight and not boost_alone:
        return []
    if topic_weight or boost_alone:
        topic_weight.update({t: w for t, w in (boost_topics or {}).items() if t not in topic_weight})
        for topic, weight in topic_weight.items():
            members = index.topic_entries.get(topic)
            if members is not None and len(members):
                score[members] += min(weight, 3.0) * PHRASE_TOPIC_FACTOR
                with_topic[members] = True
            primary = index.primary.get(topic)
            if primary is not None and len(primary):
                score[primary] += min(weight, 3.0) * PRIMARY_FACTOR
    # One shared word of the documents' wording is not enough; emergency-only lines
    # (110, 119) come from the crisis detector or by name, never from a loose match.
    keep = (phrased | with_topic | (term_count >= 2)) & ~(index.emergency_only & ~named)
    if public:
        keep &= index.user_facing
        score *= index.kind_priority
    if "youth" not in topic_weight:
        score[index.minors_only] *= MINORS_ONLY_FACTOR  # for girls only, and nothing says she is one
    keep &= score >= MIN_SCORE
    candidates = np.flatnonzero(keep)
    if not len(candidates):
        return []
    order = candidates[np.lexsort((index.id_rank[candidates], -score[candidates]))][: limit + skipped_at_most]
    top = float(score[order[0]])
    kept: list[tuple[int, float]] = []
    for idx in order.tolist():
        final = float(score[idx])
        if final < top * RELATIVE_CUTOFF or len(kept) == limit:
            break
        if skip is None or not skip(index.entry_ids[idx]):
            kept.append((idx, final))
    why = _Explainer(index, phrases=phrases, terms=terms, topics=topic_weight)
    return [Hit(id=index.entry_ids[idx], score=round(final, 3), why=why(idx)) for idx, final in kept]


class _Explainer:
    """Why an entry was found: the words of hers it matched and the topics they share."""

    def __init__(
        self, index: SearchIndex, *, phrases: list[Phrase], terms: list[str], topics: dict[str, float]
    ) -> None:
        self._index = index
        # Each phrase with the entries it names and the topics it points to, as sets.
        self._phrases = [(p, set(p.entry_idx.tolist()), frozenset(t for t, _ in p.topics)) for p in phrases]
        self._terms = [(t, set(index.postings[t].idx.tolist())) for t in terms if len(t) > 1]
        self._topics = topics

    def __call__(self, idx: int) -> str:
        return _why(self._index, idx, phrases=self._phrases, terms=self._terms, topics=self._topics)


def _why(
    index: SearchIndex,
    idx: int,
    *,
    phrases: list[tuple[Phrase, set[int], frozenset[str]]],
    terms: list[tuple[str, set[int]]],
    topics: dict[str, float],
) -> str:
    mine = index.topics[idx]
    words = [p.label for p, at, about in phrases if idx in at or not mine.isdisjoint(about)]
    words += [t for t, at in terms if idx in at]
    words = list(dict.fromkeys(w for w in words if w))[:4]
    labels = [index.topic_labels[t] for t in sorted(index.topics[idx] & topics.keys())][:3]
    parts = []
    if words:
        parts.append("「" + "」「".join(words) + "」に関係があります")
    if labels:
        parts.append("分野: " + "・".join(labels))
    return "。".join(parts) if parts else "内容が近い窓口です"
