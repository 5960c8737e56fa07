from __future__ import annotations

import pytest

from bot.search.normalize import MAX_QUERY_CHARS, bounded, detect_language, normalize, to_katakana


def test_normalize_full_and_half_width() -> None:
    assert normalize("ＤＶ") == "dv"
    assert normalize("ﾀｽｹﾃ") == "タスケテ"
    assert normalize("  助けて😭😭  ") == "助けて"


def test_normalize_long_vowel_variants() -> None:
    assert normalize("シェルタ−") == "シェルター"


def test_normalize_truncates_very_long_text() -> None:
    assert len(normalize("あ" * 20_000)) == MAX_QUERY_CHARS


def test_bounded_keeps_a_message_that_fits_as_it_is() -> None:
    text = "あ" * MAX_QUERY_CHARS
    assert bounded(text) is text


def test_bounded_reads_the_beginning_and_the_end_of_a_longer_message() -> None:
    text = "夫が怖い。" + "あ" * 20_000 + "もう死にたい"
    read = bounded(text)
    assert len(read) <= MAX_QUERY_CHARS
    assert read.startswith("夫が怖い。") and read.endswith("もう死にたい")
    assert "\n" in read  # the two ends are separate sentences: no word is made across the cut


def test_to_katakana() -> None:
    assert to_katakana("にんしん") == "ニンシン"


def test_detect_language() -> None:
    assert detect_language("夫が怖い") == "ja"
    assert detect_language("남편이 때려요") == "ko"
    assert detect_language("我老公打我") == "zh"
    assert detect_language("tôi không muốn sống") == "vi"
    assert detect_language("gusto ko nang umalis sa asawa ko") == "tl"
    assert detect_language("my husband hits me") == "en"
    assert detect_language("สามีตีฉันทุกวัน") == "th"
    assert detect_language("श्रीमानले कुट्छन्") == "ne"
    assert detect_language("suami saya tidak kasih uang") == "id"
    assert detect_language("meu marido não me deixa sair de casa") == "pt"
    assert detect_language("mi esposo no me deja trabajar, tengo miedo") == "es"


@pytest.mark.parametrize(
    "text", ["no one helps me, my husband hits me", "cafe con leche please", "I need help with my visa"]
)
def test_detect_language_english_with_a_stray_foreign_word_stays_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text", ["離婚", "性暴力", "妊娠", "一時保護", "dv", "dv 相談", "lgbt", "我慢できない", "到着"]
)
def test_detect_language_kanji_alone_and_common_acronyms_are_japanese(text: str) -> None:
    assert detect_language(text) == "ja"


@pytest.mark.parametrize("text", ["我老公打我", "离婚", "不想活了", "怀孕了", "我被跟踪了", "他拿著刀"])
def test_detect_language_chinese_has_characters_or_grammar_japanese_lacks(text: str) -> None:
    assert detect_language(text) == "zh"
