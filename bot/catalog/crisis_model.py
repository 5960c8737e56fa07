"""A learned second opinion on danger, shipped as data (``knowledge/crisis-model.json``):
logistic regression weights over the features ``bot.search.crisis.features`` names.

The rules in ``crisis.yaml`` say why they fire and are the first line; this model
catches wordings no rule has a shape for (euphemisms, slang, other languages). It is
trained by ``python -m bot kb train-crisis`` on the corpus in ``knowledge/crisis-corpus/``
and only adds alarms: it never silences a rule. Inference is a sum of weights.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog.errors import KnowledgeBaseError, Problem
from bot.catalog.weight_table import WeightTable, logistic, read_model_file

# JSON, not YAML like the rest of the base: tens of thousands of generated weights load in
# a twentieth of a second as JSON and in seconds as YAML.
MODEL_FILE = "crisis-model.json"


@dataclass(frozen=True)
class CrisisModel:
    """Danger versus none, and which kind of danger, from the same features.

    The weights are flat arrays, not dicts (about 3 MB instead of 15): one row per feature
    either part uses (``WeightTable``), with its danger weight and, for a feature the kind
    part uses, its row of kind weights. The sums are exact (``math.fsum``): the features come
    as a set, whose order changes with each process's string hashing, and a sum rounded
    step by step in that order could tip a message lying at the threshold one way in one
    process and the other way in the next."""

    intercept: float
    kinds: tuple[str, ...]
    kind_intercepts: tuple[float, ...]
    threshold: float
    card: Mapping[str, Any]
    table: WeightTable
    danger: array[float]  # by row; 0 where the danger part has no weight
    has_danger: array[int]  # by row, 1 or 0
    kind_row: array[int]  # by row: its row of kind_table, or -1
    kind_table: array[float]  # one row of len(kinds) weights per feature of the kind part

    @classmethod
    def of(
        cls,
        *,
        intercept: float,
        weights: Mapping[str, float],
        kinds: tuple[str, ...],
        kind_intercepts: tuple[float, ...],
        kind_weights: Mapping[str, Sequence[float]],
        threshold: float,
        card: Mapping[str, Any],
    ) -> CrisisModel:
        names = list(dict.fromkeys([*weights, *kind_weights]))
        kind_index = {name: i for i, name in enumerate(kind_weights)}
        return cls(
            intercept=intercept,
            kinds=kinds,
            kind_intercepts=kind_intercepts,
            threshold=threshold,
            card=card,
            table=WeightTable(names),
            danger=array("d", (weights.get(n, 0.0) for n in names)),
            has_danger=array("b", (n in weights for n in names)),
            kind_row=array("i", (kind_index.get(n, -1) for n in names)),
            kind_table=array("d", (w for row in kind_weights.values() for w in row)),
        )

    @property
    def weights(self) -> dict[str, float]:
        """The danger part's weights by feature, as the model file has them."""
        rows = zip(self.table.names(), self.danger, self.has_danger, strict=True)
        return {name: weight for name, weight, has in rows if has}

    @property
    def kind_weights(self) -> dict[str, tuple[float, ...]]:
        """The kind part's weights by feature, as the model file has them."""
        n = len(self.kinds)
        rows = zip(self.table.names(), self.kind_row, strict=True)
        return {name: tuple(self.kind_table[row * n : row * n + n]) for name, row in rows if row >= 0}

    def probability(self, feats: Iterable[str]) -> float:
        return self._probability(self.table.rows(feats))

    def kind(self, feats: Iterable[str]) -> str:
        return self._kind(self.table.rows(feats))

    def fires(self, feats: set[str]) -> str | None:
        """The kind of danger when the model is sure enough, else None."""
        rows = self.table.rows(feats)
        return self._kind(rows) if self._probability(rows) >= self.threshold else None

    def _probability(self, rows: list[int]) -> float:
        danger = self.danger
        return logistic(math.fsum((self.intercept, *(danger[row] for row in rows))))

    def _kind(self, rows: list[int]) -> str:
        n, table, kind_row = len(self.kinds), self.kind_table, self.kind_row
        starts = [k * n for row in rows if (k := kind_row[row]) >= 0]
        scores = [
            math.fsum((intercept, *(table[start + i] for start in starts)))
            for i, intercept in enumerate(self.kind_intercepts)
        ]
        return self.kinds[max(range(len(scores)), key=scores.__getitem__)]


def load_model(root: Path) -> CrisisModel | None:
    """The model beside the lexicon, or None when the base ships none; a broken file is
    refused with its name, like any knowledge file."""
    data = read_model_file(root, MODEL_FILE)
    if data is None:
        return None
    rel = f"{root.name}/{MODEL_FILE}"
    try:
        kinds = tuple(str(k) for k in data["kinds"])
        kind_intercepts = tuple(float(v) for v in data["kind_intercepts"])
        kind_weights = {str(k): tuple(float(x) for x in v) for k, v in data["kind_weights"].items()}
        threshold = float(data["threshold"])
        intercept = float(data["intercept"])
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        card = dict(data.get("card", {}))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KnowledgeBaseError([Problem(file=rel, message=f"malformed model: {exc!r}")]) from exc
    bad = [k for k, v in kind_weights.items() if len(v) != len(kinds)]
    if len(kind_intercepts) != len(kinds) or bad or not 0.0 < threshold < 1.0:
        raise KnowledgeBaseError(
            [Problem(file=rel, message="kind weights, kinds and threshold do not agree")]
        )
    return CrisisModel.of(
        intercept=intercept,
        weights=weights,
        kinds=kinds,
        kind_intercepts=kind_intercepts,
        kind_weights=kind_weights,
        threshold=threshold,
        card=card,
    )
