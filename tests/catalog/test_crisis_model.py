"""The crisis model held in flat arrays gives the figures the plain dicts of its file give."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from bot.catalog.crisis_model import MODEL_FILE, CrisisModel, load_model
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import DEFAULT_ROOT
from bot.search.analyzer import Analyzer
from bot.search.crisis_features import features, message_lemmas
from bot.search.reading import sentences
from bot.tools.crisis_training import write_model


class DictModel:
    """The model as its file reads, summed exactly over dicts: what the arrays must agree with."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.intercept = float(data["intercept"])
        self.weights: dict[str, float] = data["weights"]
        self.kinds: list[str] = data["kinds"]
        self.kind_intercepts: list[float] = data["kind_intercepts"]
        self.kind_weights: dict[str, list[float]] = data["kind_weights"]

    def probability(self, feats: list[str]) -> float:
        score = math.fsum([self.intercept, *(self.weights.get(f, 0.0) for f in feats)])
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def kind(self, feats: list[str]) -> str:
        terms: list[list[float]] = [[b] for b in self.kind_intercepts]
        for f in feats:
            for i, w in enumerate(self.kind_weights.get(f, ())):
                terms[i].append(w)
        scores = [math.fsum(t) for t in terms]
        return self.kinds[max(range(len(scores)), key=scores.__getitem__)]


def _messages(kb: KnowledgeBase) -> list[str]:
    texts = [text for entry in kb for text in entry.examples]
    for path in sorted((DEFAULT_ROOT / "crisis-corpus").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


def test_model_figures_equal_the_files_dict_sums_on_every_example_and_corpus_message(
    kb: KnowledgeBase, analyzer: Analyzer
) -> None:
    assert kb.crisis_model is not None
    reference = DictModel(json.loads((DEFAULT_ROOT / MODEL_FILE).read_text(encoding="utf-8")))
    texts = _messages(kb)
    assert len(texts) > 3000
    fired = 0
    for text in texts:
        readings = [r for part in sentences(analyzer, text) for r in part]
        # A feature no model knows is in there too.
        feats = [*features(text, message_lemmas(readings)), "c:no such feature"]
        assert kb.crisis_model.probability(feats) == reference.probability(feats), text
        assert kb.crisis_model.kind(feats) == reference.kind(feats), text
        fired += kb.crisis_model.fires(set(feats)) is not None
    assert 0 < fired < len(texts)


def test_model_written_out_again_is_the_same_file(tmp_path: Path) -> None:
    model = load_model(DEFAULT_ROOT)
    assert model is not None
    written = write_model(model, tmp_path)
    assert written.read_bytes() == (DEFAULT_ROOT / MODEL_FILE).read_bytes()


def test_model_keeps_a_zero_weight_apart_from_a_missing_one() -> None:
    model = CrisisModel.of(
        intercept=-0.5,
        weights={"c:ab": 0.0, "c:bc": 1.25},
        kinds=("a", "b"),
        kind_intercepts=(0.0, 0.1),
        kind_weights={"c:bc": (0.5, -0.5), "c:cd": (2.0, 0.0)},
        threshold=0.6,
        card={},
    )
    assert model.weights == {"c:ab": 0.0, "c:bc": 1.25}
    assert model.kind_weights == {"c:bc": (0.5, -0.5), "c:cd": (2.0, 0.0)}
    assert model.probability(["c:bc", "c:cd"]) == pytest.approx(1 / (1 + math.exp(-0.75)))
    assert model.kind(["c:bc"]) == "a"
    assert model.kind(["c:xx"]) == "b"
    assert model.fires({"c:bc", "c:cd"}) == "a"
    assert model.fires({"c:ab"}) is None
