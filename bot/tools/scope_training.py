"""``python -m bot kb train-scope``: train the scope model (everyday chat or a need for help)
and write it as data beside the guards (``knowledge/scope-model.json``), with its data card.

The corpus is ``scope-corpus/`` (everyday chat and errands, and requests for help in every
register) together with ``crisis-corpus/``, whose crises, look-alikes and ordinary requests
all ask for help; its figures of speech and fiction are left out, being neither. One
logistic regression over the crisis model's features, each first weighed by its log-count
ratio between the classes (NBSVM). The threshold is the lowest at which, on calibration
sets kept apart from the corpus, messages that ask for help are declined no more often
than allowed: the rules and the crisis detector run first, as they do when serving.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.catalog.scope_model import MODEL_FILE, ScopeModel
from bot.search.analyzer import Analyzer
from bot.search.crisis_features import message_features
from bot.search.service import SearchService
from bot.tools.crisis_training import CORPUS_DIR as CRISIS_CORPUS_DIR
from bot.tools.crisis_training import (
    REGULARISATION,
    THRESHOLDS,
    card_head,
    featurize,
    fit_weights,
    rate,
    write_json_model,
)
from bot.tools.crisis_training import load_corpus as load_crisis_corpus

CORPUS_DIR = "scope-corpus"
LABELS = frozenset({"everyday", "need"})
# Look-alikes of these classes are chat, not a need, and not plainly either: left out.
NEITHER = frozenset({"idiom", "fiction"})


@dataclass(frozen=True)
class Example:
    text: str
    everyday: bool
    lang: str


def load_corpus(root: Path) -> list[Example]:
    """``scope-corpus/`` as it is, and ``crisis-corpus/`` as requests for help."""
    out = []
    for path in sorted((root / CORPUS_DIR).glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("label") not in LABELS or not str(row.get("text", "")).strip():
                raise ValueError(f"{path.name}:{no}: needs text and a label in {sorted(LABELS)}")
            out.append(Example(str(row["text"]), row["label"] == "everyday", str(row.get("lang", ""))))
    for e in load_crisis_corpus(root / CRISIS_CORPUS_DIR):
        if not (e.label == "lookalike" and e.sign in NEITHER):
            out.append(Example(e.text, False, e.lang))
    return out


def train(
    kb: KnowledgeBase,
    corpus: Sequence[Example],
    *,
    calibration: Sequence[dict[str, Any]],
    max_need_declines: float,
    calibration_names: Sequence[str] = (),
    floor: Sequence[dict[str, Any]] = (),
) -> tuple[ScopeModel, list[str]]:
    """``floor``: a set (the dev set) none of whose requests for help may be declined."""
    analyzer = Analyzer(kb.stopwords)
    x, names = featurize(analyzer, [e.text for e in corpus])
    y = [int(e.everyday) for e in corpus]
    weights, intercept = fit_weights(x, names, y, scaled=True, max_iter=3000)
    draft = ScopeModel.of(intercept=intercept, weights=weights, threshold=0.5, max_score=0.0, card={})

    # What serving does before the model is asked: the rules, the crisis detector, the ranker.
    service = SearchService.build(replace(kb, scope_model=None), analyzer)
    (threshold, max_score), table = _calibrate(_score(service, draft, calibration), max_need_declines)
    if floor:
        # The floor set loses no request for help: the score bound comes down until it does.
        kept = _score(service, draft, floor)
        while max_score > 0 and _declines(kept, threshold, max_score)[0] > 0:
            max_score = max((s for s in SCORES if s < max_score), default=0.0)
    counts = Counter("everyday" if e.everyday else "need" for e in corpus)
    card = {
        **card_head(
            [e.text for e in corpus],
            counts,
            Counter(e.lang for e in corpus),
            calibration=(calibration_names, len(calibration), table),
        ),
        "max_need_declines": max_need_declines,
        **({"floor": {"messages": len(floor), "max_need_declines": 0.0}} if floor else {}),
        "regularisation": REGULARISATION,
        "features": len(weights),
    }
    shipped = ScopeModel.of(
        intercept=intercept, weights=weights, threshold=threshold, max_score=max_score, card=card
    )
    report = [
        f"corpus: {len(corpus)} messages {dict(sorted(counts.items()))}",
        f"features kept: {len(weights)}",
        *(f"  {row}" for row in table),
        f"chosen: threshold {threshold}, asked below a match score of {max_score}",
    ]
    return shipped, report


# The ranker's best scores under which the model may be asked, tried in turn.
SCORES = (2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0)

# Per calibration row: out of scope or not; declined by a rule (True), spared by danger (None)
# or neither (False); the model's probability; the ranker's best score.
Scored = tuple[bool, bool | None, float, float]


def _score(service: SearchService, draft: ScopeModel, rows: Sequence[dict[str, Any]]) -> list[Scored]:
    out = []
    for r in rows:
        if not r.get("crisis") and r.get("sign") in NEITHER:
            continue  # a figure of speech or a story: neither chat nor a need, as in training
        text = str(r["text"])
        answer = service.search(text, limit=1)
        ruled = True if answer.declined else None if answer.crisis else False
        best = answer.hits[0].score if answer.hits else 0.0
        p = draft.probability(message_features(service.analyzer, text))
        out.append((bool(r.get("out_of_scope")), ruled, p, best))
    return out


def _declines(scored: Sequence[Scored], threshold: float, max_score: float) -> tuple[float, float]:
    """The share of requests for help declined, and of messages out of scope."""
    declined = [
        (oos, ruled is True or (ruled is False and best < max_score and p >= threshold))
        for oos, ruled, p, best in scored
    ]
    return rate([d for oos, d in declined if not oos]), rate([d for oos, d in declined if oos])


def _calibrate(scored: Sequence[Scored], limit: float) -> tuple[tuple[float, float], list[str]]:
    """The threshold and score bound that decline the most messages out of scope while
    requests for help are declined at most ``limit`` of the time (rules included); the table
    of both rates by threshold at the bound chosen."""
    best: tuple[float, float, float] = (-1.0, THRESHOLDS[-1], 0.0)
    for max_score in SCORES:
        for t in THRESHOLDS:
            need, chat = _declines(scored, t, max_score)
            if need <= limit and chat > best[0]:
                best = (chat, t, max_score)
    _, threshold, max_score = best
    table = []
    for t in THRESHOLDS[:: max(1, len(THRESHOLDS) // 10)]:
        need, chat = _declines(scored, t, max_score)
        table.append(
            f"threshold {t:.3f}: requests for help declined {need:.4f}, out of scope declined {chat:.3f}"
        )
    return (threshold, max_score), table


def write_model(model: ScopeModel, root: Path) -> Path:
    """The model as JSON, one weight a line so that a retrained model diffs readably."""
    path = root / MODEL_FILE
    head = {
        "about": "The scope model, written by `python -m bot kb train-scope` from scope-corpus/ and "
        "crisis-corpus/; do not edit by hand. See scope-corpus/README.md for how it was made.",
        "card": dict(model.card),
        "threshold": model.threshold,
        "max_score": model.max_score,
        "intercept": model.intercept,
    }
    return write_json_model(path, head, {"weights": model.weights})
