"""``python -m bot kb train-crisis``: train the crisis model from the corpus and write it
as data beside the lexicon (``knowledge/crisis-model.yaml``), with its data card.

Two logistic regressions over the same features: danger now versus not (crisis against
look-alikes and ordinary requests), and, among dangers, which kind (the kind the lexicon
gives the message's warning sign). The threshold is set on calibration sets kept apart
from the corpus: the lowest one at which rules and model together raise no more false
alarms than allowed. scikit-learn is needed here only, not to serve.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog.crisis_model import MODEL_FILE, CrisisModel
from bot.catalog.kb import KnowledgeBase
from bot.search.analyzer import Analyzer
from bot.search.crisis import CrisisDetector
from bot.search.crisis_features import message_features
from bot.tools.evaluate import load_rows

CORPUS_DIR = "crisis-corpus"
SCOPE_CORPUS_DIR = "scope-corpus"  # its chat and requests for help are ordinary messages here
SCOPE_SIGN = "scope-corpus"  # the sign of the ordinary messages taken from it
LABELS = frozenset({"crisis", "lookalike", "ordinary"})
REGULARISATION = 1.0  # inverse strength (C) of both regressions
MIN_WEIGHT = 0.02  # smaller weights are dropped from the shipped model
THRESHOLDS = tuple(round(0.50 + 0.005 * i, 3) for i in range(100))


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    sign: str
    lang: str


def load_corpus(directory: Path) -> list[Example]:
    out = []
    for path in sorted(directory.glob("*.jsonl")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("label") not in LABELS or not str(row.get("text", "")).strip():
                raise ValueError(f"{path.name}:{no}: needs text and a label in {sorted(LABELS)}")
            out.append(
                Example(str(row["text"]), row["label"], str(row.get("sign", "")), str(row.get("lang", "")))
            )
    return out


def scope_ordinary(directory: Path, rules: CrisisDetector) -> list[Example]:
    """The scope corpus's everyday chat and requests for help, as ordinary messages: its
    writers were not asked for dangers, and its requests share the words of dangers without
    being one (a debt, a landlord, a hotel, a home run). A message the lexicon's rules read as
    a danger is left out, since nothing in that brief ruled dangers out."""
    rows = (row for path in sorted(directory.glob("*.jsonl")) for row in load_rows(path))
    return [
        Example(text, "ordinary", SCOPE_SIGN, str(row.get("lang", "")))
        for row in rows
        if (text := str(row.get("text", ""))).strip() and rules.detect(text) is None
    ]


def sign_kinds(kb: KnowledgeBase) -> dict[str, str]:
    """Each warning sign's kind of danger, as the lexicon's first concept of that sign says."""
    out: dict[str, str] = {}
    for concept in kb.crisis.concepts:
        out.setdefault(concept.sign, concept.kinds[0])
    return out


def train(
    kb: KnowledgeBase,
    corpus: Sequence[Example],
    *,
    calibration: Sequence[dict[str, Any]],
    max_false_alarms: float,
    max_lookalike_alarms: float,
    calibration_names: Sequence[str] = (),
    floor: Sequence[dict[str, Any]] = (),
    max_floor_alarms: float = 0.02,
    scaled: bool = False,
    added: bool = False,
) -> tuple[CrisisModel, list[str]]:
    """``floor``: a set (the dev set) whose messages that are not crises may alarm at most
    ``max_floor_alarms`` of the time, whatever the pooled calibration allows. ``scaled``:
    each feature is first weighed by how much more often crises use it than other messages
    (log-count ratios, as in NBSVM); the factor is folded into the shipped weights, so
    reading the model is unchanged. ``added``: the false-alarm budgets bound only the alarms
    the model adds where no rule fired, so that calibration sets newer than the rules, on
    which the rules alone already raise some alarms, still leave the model room to speak."""
    from sklearn.linear_model import LogisticRegression

    analyzer = Analyzer(kb.stopwords)
    kinds_of = sign_kinds(kb)
    x, names = featurize(analyzer, [e.text for e in corpus])
    weights, intercept = fit_weights(x, names, [int(e.label == "crisis") for e in corpus], scaled=scaled)

    crises = [i for i, e in enumerate(corpus) if e.label == "crisis" and e.sign in kinds_of]
    kind_model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    kind_model.fit(x[crises], [kinds_of[corpus[i].sign] for i in crises])
    kinds = tuple(str(k) for k in kind_model.classes_)
    kind_coef = kind_model.coef_ if len(kinds) > 2 else [-kind_model.coef_[0], kind_model.coef_[0]]
    kind_intercepts = (
        tuple(float(v) for v in kind_model.intercept_)
        if len(kinds) > 2
        else (-float(kind_model.intercept_[0]), float(kind_model.intercept_[0]))
    )

    kind_weights = {str(n): tuple(round(float(row[j]), 4) for row in kind_coef) for j, n in enumerate(names)}
    kind_weights = {n: w for n, w in kind_weights.items() if max(abs(v) for v in w) >= MIN_WEIGHT}

    draft = CrisisModel.of(
        intercept=intercept,
        weights=weights,
        kinds=kinds,
        kind_intercepts=tuple(round(v, 4) for v in kind_intercepts),
        kind_weights=kind_weights,
        threshold=0.5,
        card={},
    )
    scorer = _Scorer(CrisisDetector(kb.crisis, analyzer), analyzer, draft)
    threshold, table = _calibrate(scorer, calibration, (max_false_alarms, max_lookalike_alarms), added=added)
    threshold = _above_floor(scorer, floor, threshold, max_floor_alarms)
    labels = Counter(e.label for e in corpus)
    card = {
        **card_head(
            [e.text for e in corpus],
            labels,
            Counter(e.lang for e in corpus),
            calibration=(calibration_names, len(calibration), table),
        ),
        "ordinary_from_scope_corpus": sum(e.sign == SCOPE_SIGN for e in corpus),
        "max_false_alarms": max_false_alarms,
        "max_lookalike_alarms": max_lookalike_alarms,
        "budgets_bound": "alarms the model adds" if added else "all alarms, rules and model",
        **({"floor": {"messages": len(floor), "max_false_alarms": max_floor_alarms}} if floor else {}),
        "regularisation": REGULARISATION,
        "scaled": scaled,
        "features": {"danger": len(weights), "kind": len(kind_weights)},
    }
    model = CrisisModel.of(
        intercept=draft.intercept,
        weights=weights,
        kinds=kinds,
        kind_intercepts=draft.kind_intercepts,
        kind_weights=kind_weights,
        threshold=threshold,
        card=card,
    )
    report = [
        f"corpus: {len(corpus)} messages {dict(sorted(labels.items()))}",
        f"features kept: {len(weights)} (danger), {len(kind_weights)} (kind); kinds {list(kinds)}",
        *(f"  threshold {row}" for row in table),
        f"threshold chosen: {threshold}",
    ]
    return model, report


@dataclass(frozen=True)
class _Scorer:
    """The lexicon's rules alone and the draft model, to say what each would do with a row."""

    rules: CrisisDetector
    analyzer: Analyzer
    draft: CrisisModel

    def __call__(self, rows: Sequence[dict[str, Any]]) -> list[tuple[bool, float]]:
        """Per row: whether a rule fires, and the model's probability."""
        return [
            (
                self.rules.detect(r["text"]) is not None,
                self.draft.probability(message_features(self.analyzer, r["text"])),
            )
            for r in rows
        ]


def _calibrate(
    scorer: _Scorer,
    rows: Sequence[dict[str, Any]],
    limits: tuple[float, float],
    *,
    added: bool = False,
) -> tuple[float, list[str]]:
    """The lowest threshold at which rules and model together stay within both false-alarm
    budgets on the calibration rows: ordinary messages, and look-alikes (notes that begin
    ``crisis-lookalike``). ``added``: the budgets bound the model's own alarms, those where
    no rule fired; recall and the table still count rules and model together."""
    if not rows:
        return THRESHOLDS[-1], []
    scored = scorer(rows)
    ruled = [r for r, _ in scored]
    probs = [p for _, p in scored]
    group = [
        "crisis"
        if r.get("crisis")
        else "lookalike"
        if str(r.get("note", "")).startswith("crisis-lookalike")
        else "ordinary"
        for r in rows
    ]
    table = []
    chosen = THRESHOLDS[-1]
    for t in reversed(THRESHOLDS):
        alarm = [a or p >= t for a, p in zip(ruled, probs, strict=True)]
        rates = {g: rate([a for a, k in zip(alarm, group, strict=True) if k == g]) for g in set(group)}
        own = [not a and p >= t for a, p in zip(ruled, probs, strict=True)]
        budgeted = (
            {g: rate([a for a, k in zip(own, group, strict=True) if k == g]) for g in set(group)}
            if added
            else rates
        )
        if budgeted.get("ordinary", 0.0) <= limits[0] and budgeted.get("lookalike", 0.0) <= limits[1]:
            chosen = t
        table.append(
            f"{t:.2f}: recall {rates.get('crisis', 0.0):.3f}, false alarms {rates.get('ordinary', 0.0):.3f} "
            f"(ordinary), {rates.get('lookalike', 0.0):.3f} (look-alikes)"
        )
    return chosen, table[::-1][:: max(1, len(table) // 10)]


def _above_floor(
    scorer: _Scorer,
    rows: Sequence[dict[str, Any]],
    threshold: float,
    limit: float,
) -> float:
    """The lowest threshold, from ``threshold`` up, at which the floor set's messages that
    are not crises stay within ``limit``."""
    quiet = [r for r in rows if not r.get("crisis")]
    if not quiet:
        return threshold
    scored = scorer(quiet)
    for t in THRESHOLDS:
        if t >= threshold and rate([ruled or p >= t for ruled, p in scored]) <= limit:
            return t
    return THRESHOLDS[-1]


def count_ratios(x: Any, y: Sequence[int]) -> Any:
    """log(p / q) per feature: its share among the crises' features over its share among the
    others', each count smoothed by one."""
    import numpy as np

    labels = np.asarray(y)
    pos = np.asarray(x[labels == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(x[labels == 0].sum(axis=0)).ravel() + 1.0
    return np.log((pos / pos.sum()) / (neg / neg.sum()))


def featurize(analyzer: Analyzer, texts: Sequence[str]) -> tuple[Any, Any]:
    """The messages as a sparse matrix of the models' features, and the features' names."""
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(message_features(analyzer, t), 1) for t in texts])
    return x, vectorizer.get_feature_names_out()


def fit_weights(
    x: Any, names: Any, y: Sequence[int], *, scaled: bool, max_iter: int = 2000
) -> tuple[dict[str, float], float]:
    """One balanced logistic regression of ``y`` on ``x``: its weights by feature name (those
    below MIN_WEIGHT dropped) and its intercept, rounded as they are shipped. ``scaled``: each
    feature is weighed first by its log-count ratio (NBSVM), folded into the weights."""
    from sklearn.linear_model import LogisticRegression

    ratio = count_ratios(x, y) if scaled else None
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=max_iter)
    model.fit(x if ratio is None else x.multiply(ratio).tocsr(), y)
    coef = model.coef_[0] if ratio is None else model.coef_[0] * ratio
    weights = {str(n): round(float(w), 4) for n, w in zip(names, coef, strict=True)}
    weights = {n: w for n, w in weights.items() if abs(w) >= MIN_WEIGHT}
    return weights, round(float(model.intercept_[0]), 4)


def card_head(
    texts: Sequence[str],
    labels: Counter[str],
    languages: Counter[str],
    *,
    calibration: tuple[Sequence[str], int, list[str]],
) -> dict[str, Any]:
    """What every model's data card says of its corpus and calibration: the date, the counts,
    a hash of the texts, and the calibration sets by name (names, size, table)."""
    names, size, table = calibration
    return {
        "trained": dt.date.today().isoformat(),
        "corpus": {
            "messages": len(texts),
            "by_label": dict(sorted(labels.items())),
            "by_language": dict(sorted(languages.items())),
            "sha256": hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16],
        },
        "calibration": {"sets": list(names), "messages": size, "table": table},
        "note": "the calibration sets are kept out of the repository; their names are given here",
    }


def write_json_model(path: Path, head: dict[str, Any], tables: dict[str, dict[str, Any]]) -> Path:
    """A model as JSON: ``head`` as it is, then each table one weight a line, so that a
    retrained model diffs readably."""
    lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ","]
    for name, table in tables.items():
        rows = [f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sorted(table.items())]
        lines.append(f' "{name}": {{\n' + ",\n".join(rows) + "\n },")
    lines[-1] = lines[-1][:-1] + "\n}\n"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def rate(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def write_model(model: CrisisModel, root: Path) -> Path:
    """The model as JSON, one weight a line so that a retrained model diffs readably."""
    path = root / MODEL_FILE
    head = {
        "about": "The crisis model, written by `python -m bot kb train-crisis` from crisis-corpus/; "
        "do not edit by hand. See crisis-corpus/README.md for how it was made.",
        "card": dict(model.card),
        "threshold": model.threshold,
        "intercept": model.intercept,
        "kinds": list(model.kinds),
        "kind_intercepts": list(model.kind_intercepts),
    }
    return write_json_model(path, head, {"weights": model.weights, "kind_weights": model.kind_weights})
