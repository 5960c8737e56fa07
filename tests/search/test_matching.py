"""Phrase lookup, typo tolerance, negation and kana readings of single characters."""

from __future__ import annotations

import random

import pytest

from bot.catalog.kb import KnowledgeBase
from bot.search.analyzer import NEGATION, Analyzer
from bot.search.fuzzy import MAX_EDITS, MAX_LENGTH, MAX_WINDOWS, _windows
from bot.search.matching import TermForm, occurs, words_of
from bot.search.normalize import MAX_QUERY_CHARS
from bot.search.query import match_fuzzy, match_phrases
from bot.search.service import SearchService


def _texts(kb: KnowledgeBase) -> list[str]:
    texts = [t for e in kb for t in (e.summary, *e.examples)]
    return [*texts, "おっと が こわい", "ｼｪﾙﾀｰ", "I need a shelter", "家には帰れない", "働いた"]


def test_term_table_finds_exactly_what_trying_every_phrase_finds(
    kb: KnowledgeBase, search: SearchService
) -> None:
    index = search.index
    for text in _texts(kb):
        analysis = search.analyzer.analyze(text)
        words = words_of(analysis)
        expected = [i for i, p in enumerate(index.phrases) if occurs(p.form, analysis, words)]
        assert index.phrase_table.found(analysis, words) == expected, text


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("しぇるたにいきたい", "シェルター"),
        ("ドメステックバイオレンスの相談", "ドメスティックバイオレンス"),
        ("i need a sheltr", "shelter"),
    ],
)
def test_one_slip_in_a_typed_word_still_finds_the_term(search: SearchService, typo: str, meant: str) -> None:
    analysis = search.analyzer.analyze(typo)
    exact = match_phrases(search.index, analysis)
    labels = [p.label.lower() for p in match_fuzzy(search.index, analysis, exact=exact)]
    assert meant.lower() in labels


def test_fuzzy_matching_leaves_short_and_unrelated_words_alone(search: SearchService) -> None:
    for text in ["ほすと", "あいうえおかきくけこ", "ぱそこんがこわれた", "こんにちは"]:
        analysis = search.analyzer.analyze(text)
        assert match_fuzzy(search.index, analysis, exact=match_phrases(search.index, analysis)) == [], text


def test_a_negated_phrase_needs_the_negation(analyzer: Analyzer) -> None:
    phrase = TermForm.of("家に帰れない", analyzer, inflect=True)
    assert phrase.lemmas is not None and NEGATION in phrase.lemmas
    for text, expected in [("家には帰れない", True), ("家に帰れる", False)]:
        analysis = analyzer.analyze(text)
        assert occurs(phrase, analysis, words_of(analysis)) is expected, text


def test_a_phrase_is_not_reduced_to_its_one_common_word(analyzer: Analyzer) -> None:
    # ところ and ない are too common to count; 住む alone must not stand for the phrase.
    phrase = TermForm.of("住むところがない", analyzer, inflect=True)
    analysis = analyzer.analyze("住むとこどうなるの")
    assert not occurs(phrase, analysis, words_of(analysis))


def test_a_single_character_matches_its_reading_typed_as_a_word(analyzer: Analyzer) -> None:
    husband = TermForm.of("夫", analyzer)
    for text, expected in [("おっと が こわい", True), ("ちょっとおっとりしてる", False), ("大丈夫", False)]:
        analysis = analyzer.analyze(text)
        assert occurs(husband, analysis, words_of(analysis)) is expected, text


def test_synonyms_found_in_the_same_words_count_once(search: SearchService) -> None:
    analysis = search.analyzer.analyze("こども")
    found = match_phrases(search.index, analysis)
    meanings = [(p.entries, p.topics) for p in found]
    assert len(meanings) == len(set(meanings))


@pytest.mark.parametrize(
    "text",
    [
        "ホテルで襲われた",
        "もうしょうがないと思う",
        "お金をもらえない",
        "ほてるにつれていかれた",
        "がまんするしかない",
    ],
)
def test_no_slip_is_forgiven_across_words_the_dictionary_knows(search: SearchService, text: str) -> None:
    # ホテル is not ほてり, しょうがない is not 障害, もらえない is not 払えない.
    analysis = search.analyzer.analyze(text)
    exact = match_phrases(search.index, analysis)
    assert match_fuzzy(search.index, analysis, exact=exact) == []


def test_fuzzy_matching_tries_a_bounded_number_of_stretches(search: SearchService) -> None:
    # A page of random kana holds ten thousand stretches of unknown characters; a search tries
    # a bounded number of them, from the start of the message on.
    rng = random.Random(7)
    kana = [chr(c) for c in range(0x3041, 0x3094)] + [chr(c) for c in range(0x30A1, 0x30F4)]
    junk = "".join(rng.choice(kana) for _ in range(MAX_QUERY_CHARS))
    assert len(_windows(search.analyzer.analyze(junk))) <= MAX_WINDOWS + MAX_LENGTH + MAX_EDITS
    slipped = search.analyzer.analyze("しぇるたにいきたい。" + junk)
    labels = [p.label for p in match_fuzzy(search.index, slipped, exact=match_phrases(search.index, slipped))]
    assert "シェルター" in labels


def test_a_loanword_typed_as_itself_is_not_a_kanji_word_by_its_sound(analyzer: Analyzer) -> None:
    hotel = analyzer.analyze("知らない人にホテルに連れて行かれそうになった")
    assert not occurs(TermForm.of("火照る", analyzer), hotel, words_of(hotel))  # read ホテル too
    # A term in kana may be that very loanword, spelt another way.
    one_op = analyzer.analyze("ワンオペで家事がまわらない")
    assert occurs(TermForm.of("わんおぺ", analyzer), one_op, words_of(one_op))
    # A kanji word she typed in katakana is still found by its sound.
    typed = analyzer.analyze("ナグラレタ")
    assert occurs(TermForm.of("殴られた", analyzer), typed, words_of(typed))


def test_a_term_read_by_its_sound_must_end_where_a_word_ends(analyzer: Analyzer) -> None:
    wish = analyzer.analyze("正社員になりたい")
    assert not occurs(TermForm.of("成田", analyzer), wish, words_of(wish))  # ナリタ in ナリタイ
    typed = analyzer.analyze("べんごし に そうだん したい")
    assert occurs(TermForm.of("弁護士", analyzer), typed, words_of(typed))  # a whole word in kana


AMOUNTS = ["年収110万くらいです", "身長189cmの彼", "8008円の請求が来た", "189 cmあります", "1,110円です"]


@pytest.mark.parametrize("text", AMOUNTS)
def test_a_number_with_a_unit_is_an_amount_not_a_number_to_dial(search: SearchService, text: str) -> None:
    analysis = search.analyzer.analyze(text)
    for number in ("110", "189", "8008"):
        assert not occurs(TermForm.of(number, search.analyzer), analysis, words_of(analysis))
        assert number not in analysis.terms
    assert not {h.id for h in search.search(text).hits} & {"police-110", "jido-189", "dv-navi-8008"}


@pytest.mark.parametrize(
    ("text", "number"), [("110番した", "110"), ("189にかけた", "189"), ("#8008に電話", "8008")]
)
def test_a_number_to_dial_is_still_found(search: SearchService, text: str, number: str) -> None:
    analysis = search.analyzer.analyze(text)
    assert occurs(TermForm.of(number, search.analyzer), analysis, words_of(analysis))


def test_two_words_in_kanji_that_sound_alike_are_two_words(analyzer: Analyzer) -> None:
    school = analyzer.analyze("高校2年の娘のことで相談したい")
    assert not occurs(TermForm.of("公公", analyzer), school, words_of(school))  # both read コウコウ
    typed = analyzer.analyze("こうこう やめたい")
    assert occurs(TermForm.of("高校", analyzer), typed, words_of(typed))  # she typed it in kana
