"""Does the message ask for anything a service here gives? A learned judge of scope, shipped
as data (``knowledge/scope-model.json``): logistic regression weights over the same
features as the crisis model (``bot.search.crisis_features``).

A recipe, a phone plan or a celebrity's news asks for nothing the base offers; left to the
ranker, a word in common (保険, 子ども, 病院) finds some service anyway, and a message in a
language the vocabulary barely covers always got the multilingual lines. The decline rules
of ``guards.yaml`` name errands one by one; this model reads what everyday chat is like
from a corpus, in every language the corpus holds. It is trained by
``python -m bot kb train-scope``; its threshold keeps messages that ask for help from being
declined on the calibration sets, and a message that tells of danger is never declined.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog.errors import KnowledgeBaseError, Problem
from bot.catalog.weight_table import WeightTable, logistic, read_model_file

MODEL_FILE = "scope-model.json"


@dataclass(frozen=True)
class ScopeModel:
    """Everyday chat (1) versus a need for help (0), from the crisis model's features."""

    intercept: float
    threshold: float
    # The model is asked only where the ranker's best match scores below this: a message
    # whose words plainly name a service's need is never declined as chat.
    max_score: float
    card: Mapping[str, Any]
    table: WeightTable
    weight: array[float]  # by row

    @classmethod
    def of(
        cls,
        *,
        intercept: float,
        weights: Mapping[str, float],
        threshold: float,
        max_score: float,
        card: Mapping[str, Any],
    ) -> ScopeModel:
        names = list(weights)
        return cls(
            intercept=intercept,
            threshold=threshold,
            max_score=max_score,
            card=card,
            table=WeightTable(names),
            weight=array("d", (weights[n] for n in names)),
        )

    @property
    def weights(self) -> dict[str, float]:
        return dict(zip(self.table.names(), self.weight, strict=True))

    def probability(self, feats: Iterable[str]) -> float:
        """How likely the message is everyday chat that asks for no service."""
        return self._probability(self.table.rows(feats))

    def _probability(self, rows: list[int]) -> float:
        weight = self.weight
        # Summed exactly: the features' order (a set's) must not tip a verdict at the threshold.
        return logistic(math.fsum((self.intercept, *(weight[row] for row in rows))))

    def everyday(self, feats: Iterable[str]) -> bool:
        """Whether the message is everyday chat. One the model knows no feature of (a script
        its corpus never held, Devanagari or Thai) is not judged: its prior alone would
        brush off a woman for writing in her own language."""
        rows = self.table.rows(feats)
        return bool(rows) and self._probability(rows) >= self.threshold


def load_scope_model(root: Path) -> ScopeModel | None:
    """The model beside the guards, or None when the base ships none; a broken file is refused
    with its name, like any knowledge file."""
    data = read_model_file(root, MODEL_FILE)
    if data is None:
        return None
    try:
        model = ScopeModel.of(
            intercept=float(data["intercept"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
            max_score=float(data["max_score"]),
            card=dict(data.get("card", {})),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KnowledgeBaseError(
            [Problem(file=f"{root.name}/{MODEL_FILE}", message=f"malformed model: {exc!r}")]
        ) from exc
    if not 0.0 < model.threshold < 1.0:
        raise KnowledgeBaseError(
            [Problem(file=f"{root.name}/{MODEL_FILE}", message="threshold must be between 0 and 1")]
        )
    return model
