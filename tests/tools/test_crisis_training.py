"""Training the crisis model end to end on a small corpus, and loading what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.errors import KnowledgeBaseError
from bot.catalog.kb import KnowledgeBase
from bot.catalog.loader import load_knowledge
from bot.search.analyzer import Analyzer
from bot.search.crisis import CrisisDetector
from bot.search.crisis_features import message_features
from bot.tools.crisis_training import SCOPE_SIGN, THRESHOLDS, Example, scope_ordinary, train, write_model
from tests.helpers.kbtree import copy_tree

pytest.importorskip("sklearn")

# Made-up words the lexicon cannot know: only the model can learn that they mean danger.
SLANG = "ぐるるぱ"
SLANG_WISH = "もにゃりん"


def _corpus() -> list[Example]:
    crisis = [
        Example(f"{who}が{SLANG}{end}", "crisis", "violence-now", "ja")
        for who in ("彼", "夫", "元彼", "父", "兄", "客")
        for end in ("してる", "してきた", "しにくる", "してて怖い", "しそう")
    ]
    crisis += [
        Example(f"{when}{SLANG_WISH}{end}", "crisis", "ideation", "ja")
        for when in ("もう", "今夜", "ずっと", "ほんとに", "毎日")
        for end in ("したい", "になりたい", "しかない", "したくなる")
    ]
    ordinary = [
        Example(f"{topic}について相談したい{end}", "ordinary", "ordinary", "ja")
        for topic in ("離婚", "家賃", "仕事", "保育園", "妊娠", "借金")
        for end in ("です", "。", "んだけど", "な", "と思ってます")
    ]
    return crisis + ordinary


@pytest.fixture(scope="module")
def trained(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_tree(tmp_path_factory.mktemp("kb"))
    model, report = train(
        kb,
        _corpus(),
        calibration=[{"text": "保育園の申し込みはいつから", "crisis": False}],
        max_false_alarms=0.0,
        max_lookalike_alarms=0.0,
    )
    assert any(line.startswith("threshold chosen") for line in report)
    write_model(model, root)
    return root


def test_a_written_model_loads_with_its_card(trained: Path) -> None:
    kb = load_knowledge(trained)
    assert kb.crisis_model is not None
    assert kb.crisis_model.card["corpus"]["messages"] == len(_corpus())
    assert 0.5 <= kb.crisis_model.threshold < 1.0


def test_the_model_adds_an_alarm_the_rules_cannot_raise(trained: Path, analyzer: Analyzer) -> None:
    kb = load_knowledge(trained)
    text = f"いま彼氏が{SLANG}してる"
    assert CrisisDetector(kb.crisis, analyzer).detect(text) is None
    finding = CrisisDetector(kb.crisis, analyzer, kb.crisis_model).detect(text)
    assert finding is not None and finding.signs == ("model",)
    assert finding.kinds == ("violence",)


def test_the_model_never_silences_a_rule(trained: Path, analyzer: Analyzer) -> None:
    kb = load_knowledge(trained)
    finding = CrisisDetector(kb.crisis, analyzer, kb.crisis_model).detect("薬を全部飲んだ")
    assert finding is not None and "model" not in finding.signs


def test_a_broken_model_file_is_refused_with_its_name(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / "crisis-model.json").write_text('{"intercept": [', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(root)
    assert any("crisis-model.json" in str(p) for p in caught.value.problems)


def test_a_model_whose_parts_disagree_is_refused(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / "crisis-model.json").write_text(
        '{"threshold": 0.9, "intercept": 0, "kinds": ["violence", "suicide"], "kind_intercepts": [0],'
        ' "weights": {}, "kind_weights": {}}',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match="do not agree"):
        load_knowledge(root)


def test_a_floor_set_raises_the_threshold_until_its_quiet_messages_stay_quiet(kb: KnowledgeBase) -> None:
    # A message of the floor set that is no crisis but reads like one to the model.
    quiet = {"text": f"昨日{SLANG}の動画を見た", "crisis": False}
    pool = [{"text": "保育園の申し込みはいつから", "crisis": False}]
    loose, _ = train(kb, _corpus(), calibration=pool, max_false_alarms=1.0, max_lookalike_alarms=1.0)
    held, _ = train(
        kb,
        _corpus(),
        calibration=pool,
        max_false_alarms=1.0,
        max_lookalike_alarms=1.0,
        floor=[quiet],
        max_floor_alarms=0.0,
    )
    analyzer = Analyzer(kb.stopwords)
    p = held.probability(message_features(analyzer, quiet["text"]))
    assert loose.threshold <= p < held.threshold
    assert held.card["floor"] == {"messages": 1, "max_false_alarms": 0.0}


def test_a_scaled_model_learns_the_same_signs_and_says_so_on_its_card(
    kb: KnowledgeBase, analyzer: Analyzer
) -> None:
    pool = [{"text": "保育園の申し込みはいつから", "crisis": False}]
    model, _ = train(
        kb, _corpus(), calibration=pool, max_false_alarms=0.0, max_lookalike_alarms=0.0, scaled=True
    )
    assert model.card["scaled"] is True
    danger = model.probability(message_features(analyzer, f"いま彼氏が{SLANG}してる"))
    calm = model.probability(message_features(analyzer, "離婚について相談したいです"))
    assert danger >= model.threshold > calm


def test_scope_corpus_messages_join_as_ordinary_all_but_those_the_rules_read_as_danger(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"text": "大谷きょうホームラン打った？", "label": "everyday", "lang": "ja"}\n'
        '{"text": "家賃を分割にできる？", "label": "need", "lang": "ja"}\n'
        "\n"
        '{"text": "夫が包丁を持って今ドアの前にいる", "label": "need", "lang": "ja"}\n',
        encoding="utf-8",
    )
    found = scope_ordinary(tmp_path, CrisisDetector(kb.crisis, Analyzer(kb.stopwords)))
    assert [(e.text, e.label, e.sign) for e in found] == [
        ("大谷きょうホームラン打った？", "ordinary", SCOPE_SIGN),
        ("家賃を分割にできる？", "ordinary", SCOPE_SIGN),
    ]


def test_added_budgets_bound_only_the_alarms_the_model_adds(kb: KnowledgeBase) -> None:
    # A calibration set newer than the rules: one of its quiet messages is alarmed by a rule
    # already, which no threshold of the model can undo.
    pool = [
        {"text": "保育園の申し込みはいつから", "crisis": False},
        {"text": "いま夫に殴られてる", "crisis": False},
    ]
    every, _ = train(kb, _corpus(), calibration=pool, max_false_alarms=0.0, max_lookalike_alarms=0.0)
    added, _ = train(
        kb, _corpus(), calibration=pool, max_false_alarms=0.0, max_lookalike_alarms=0.0, added=True
    )
    assert every.threshold == THRESHOLDS[-1]  # the rule's alarm spends the whole budget
    assert added.threshold < every.threshold
    assert added.card["budgets_bound"] == "alarms the model adds"
    assert every.card["budgets_bound"] == "all alarms, rules and model"
