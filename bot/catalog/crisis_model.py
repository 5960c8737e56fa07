"""A learned second opinion on danger, shipped as data (``knowledge/crisis-model.json``):
logistic regression weights over the features ``bot.search.crisis.features`` names.

The rules in ``crisis.yaml`` say why they fire and are the first line; this model
catches wordings no rule has a shape for (euphemisms, slang, other languages). It is
trained by ``python -m bot kb train-crisis`` on the corpus in ``knowledge/crisis-corpus/``
and only adds alarms: it never silences a rule. Inference is a sum of weights.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog.errors import KnowledgeBaseError, Problem

# JSON, not YAML like the rest of the base: tens of thousands of generated weights load in
# a twentieth of a second as JSON and in seconds as YAML.
MODEL_FILE = "crisis-model.json"


@dataclass(frozen=True)
class CrisisModel:
    """Danger versus none, and which kind of danger, from the same features."""

    intercept: float
    weights: Mapping[str, float]
    kinds: tuple[str, ...]
    kind_intercepts: tuple[float, ...]
    kind_weights: Mapping[str, tuple[float, ...]]
    threshold: float
    card: Mapping[str, Any]

    def probability(self, feats: Iterable[str]) -> float:
        score = self.intercept + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def kind(self, feats: Iterable[str]) -> str:
        scores = list(self.kind_intercepts)
        for f in feats:
            for i, w in enumerate(self.kind_weights.get(f, ())):
                scores[i] += w
        return self.kinds[max(range(len(scores)), key=scores.__getitem__)]

    def fires(self, feats: set[str]) -> str | None:
        """The kind of danger when the model is sure enough, else None."""
        return self.kind(feats) if self.probability(feats) >= self.threshold else None


def load_model(root: Path) -> CrisisModel | None:
    """The model beside the lexicon, or None when the base ships none; a broken file is
    refused with its name, like any knowledge file."""
    path = root / MODEL_FILE
    if not path.exists():
        return None
    rel = f"{root.name}/{MODEL_FILE}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError([Problem(file=rel, message=f"not a readable model: {exc}")]) from exc
    try:
        kinds = tuple(str(k) for k in data["kinds"])
        model = CrisisModel(
            intercept=float(data["intercept"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            kinds=kinds,
            kind_intercepts=tuple(float(v) for v in data["kind_intercepts"]),
            kind_weights={str(k): tuple(float(x) for x in v) for k, v in data["kind_weights"].items()},
            threshold=float(data["threshold"]),
            card=dict(data.get("card", {})),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KnowledgeBaseError([Problem(file=rel, message=f"malformed model: {exc!r}")]) from exc
    bad = [k for k, v in model.kind_weights.items() if len(v) != len(kinds)]
    if len(model.kind_intercepts) != len(kinds) or bad or not 0.0 < model.threshold < 1.0:
        raise KnowledgeBaseError(
            [Problem(file=rel, message="kind weights, kinds and threshold do not agree")]
        )
    return model
