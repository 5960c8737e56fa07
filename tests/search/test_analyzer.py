from __future__ import annotations

import pytest

from bot.search.analyzer import Analyzer
from bot.search.reading import tokenize


def test_analyze_kanji_and_hiragana_meet(analyzer: Analyzer) -> None:
    assert "殴る" in analyzer.terms("旦那に殴られた")
    assert "殴る" in analyzer.terms("なぐられた")


def test_analyze_half_width_katakana_meets_kanji(analyzer: Analyzer) -> None:
    assert "殴る" in analyzer.terms("ﾅｸﾞﾗﾚﾀ")


def test_reading_unifies_scripts(analyzer: Analyzer) -> None:
    assert analyzer.reading("妊娠") == analyzer.reading("にんしん") == "ニンシン"
    assert analyzer.analyze("ﾎｽﾄ").surface == "ホスト"


def test_analyze_is_safe_across_threads(analyzer: Analyzer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = ["夫が怖くて家に帰れない", "生理こない", "ホストの売掛やばい"] * 30
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(analyzer.terms, texts))
    assert all(r for r in results)
    assert results[0] == analyzer.terms(texts[0])


def test_english_function_words_are_no_terms_whichever_way_they_are_found(analyzer: Analyzer) -> None:
    # Sudachi reads latin words as nouns; the regex for latin words finds them too.
    terms = analyzer.analyze("What is the fare from the station to the city? 英語で").terms
    assert {"the", "to", "from", "is"}.isdisjoint(terms)
    assert {"fare", "station", "city"} <= set(terms)


@pytest.mark.parametrize(
    ("text", "verb"), [("飲んでもうた", "飲む"), ("言うてもうた", "言う"), ("寝てもうた", "寝る")]
)
def test_the_kansai_perfect_reads_as_shimau(analyzer: Analyzer, text: str, verb: str) -> None:
    words = tokenize(analyzer, text)
    at = next(i for i, w in enumerate(words) if verb in w.lemmas)
    assert any("しまう" in w.lemmas for w in words[at + 1 :])
    assert not any("もう" in w.lemmas and "しまう" not in w.lemmas for w in words)


def test_the_adverb_mou_stays_itself(analyzer: Analyzer) -> None:
    assert not any("しまう" in w.lemmas for w in tokenize(analyzer, "もう飲んだ"))
