from __future__ import annotations

import pytest

from bot.search.analyzer import Analyzer
from bot.search.reading import tokenize
from bot.search.service import SearchService


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


def test_a_compound_verb_is_one_word_of_evidence(analyzer: Analyzer) -> None:
    terms = analyzer.analyze("このまま繰り返しそうで怖い").terms
    assert "繰り返す" in terms
    assert "繰る" not in terms and "返す" not in terms  # its parts are no second and third word


def test_a_compound_verb_alone_finds_no_service_by_its_parts(search: SearchService) -> None:
    # 流産をくりかえして is an example of the infertility line: the verb alone is no miscarriage
    answer = search.search("子どもに怒鳴ってしまう。親と同じことを繰り返しそうで怖い", audience="public")
    assert "funin-hotline" not in [h.id for h in answer.hits]
