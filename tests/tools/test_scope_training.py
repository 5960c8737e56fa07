"""Training the scope model end to end on a small corpus, and loading what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from bot.search.analyzer import Analyzer
from bot.search.crisis_features import message_features
from bot.tools.scope_training import Example, train, write_model
from tests.helpers.kbtree import copy_tree

pytest.importorskip("sklearn")

# Made-up words: only the model can learn that they are chat.
CHAT_WORDS = ["ぴよぷる", "もけけ", "ぱなりん"]
TOPICS = ["レシピ", "ゲーム", "ネイル", "旅行", "推し"]


def _corpus() -> list[Example]:
    chat = [Example(f"{w}の{t}って何がいい？", True, "ja") for w in CHAT_WORDS for t in TOPICS]
    need = [
        Example(text, False, "ja")
        for text in [
            "夫に殴られて家に帰れない",
            "家賃が払えなくて追い出されそう",
            "妊娠したかもしれない、誰にも言えない",
            "ホストの売掛が払えない",
            "仕事をクビになってお金がない",
            "彼氏にスマホを見張られて怖い",
            "離婚したいけど子どもの養育費が心配",
            "住むところがなくてネカフェにいる",
            "職場でセクハラされてつらい",
            "ビザのことで夫に脅されている",
            "生活保護を受けたい",
            "子どもを預けるところがなくて働けない",
            "借金の取り立てがこわい",
            "元夫がつきまとってくる",
            "眠れない日が続いて誰かに話したい",
        ]
    ]
    return chat + need


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Path:
    root = copy_tree(tmp_path_factory.mktemp("scope"))
    calibration = [
        {"text": "ぴよぷるのネイルって何がいい？", "out_of_scope": True},
        {"text": "もけけのゲームって何がいい？", "out_of_scope": True},
        {"text": "夫に殴られて家に帰れない", "out_of_scope": False},
        {"text": "家賃が払えなくて追い出されそう", "out_of_scope": False},
    ]
    model, report = train(
        kb, _corpus(), calibration=calibration, max_need_declines=0.0, floor=calibration[2:]
    )
    assert any("chosen" in line for line in report)
    write_model(model, root)
    return root


def test_scope_training_writes_a_model_the_base_loads(trained: Path) -> None:
    kb = load_knowledge(trained)
    assert kb.scope_model is not None
    assert kb.scope_model.card["corpus"]["by_label"] == {"everyday": 15, "need": 15}
    assert 0.0 < kb.scope_model.threshold < 1.0 and kb.scope_model.max_score > 0


def test_scope_the_trained_model_tells_chat_from_a_need(trained: Path, analyzer: Analyzer) -> None:
    model = load_knowledge(trained).scope_model
    assert model is not None
    chat = model.probability(message_features(analyzer, "ぱなりんの旅行って何がいい？"))
    need = model.probability(message_features(analyzer, "夫に殴られて家に帰れない"))
    assert chat > 0.5 > need


def test_scope_the_calibration_keeps_every_need_of_the_floor(trained: Path) -> None:
    from bot.search.service import SearchService

    service = SearchService.build(load_knowledge(trained))
    for text in ["夫に殴られて家に帰れない", "家賃が払えなくて追い出されそう"]:
        assert not service.search(text).declined
