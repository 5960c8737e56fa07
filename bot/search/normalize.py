"""Text normalisation applied to everything before it is analysed."""

from __future__ import annotations

import re
import unicodedata

# The longest text a search reads, in characters: the API and the page refuse longer
# queries, and a longer LINE message is read by its beginning and its end (``bounded``).
# A search's cost grows with its length (a 1,000-character message of random kana is
# tens of milliseconds), so this bounds what one request can cost.
MAX_QUERY_CHARS = 1000

_HIRA_START, _HIRA_END = 0x3041, 0x3096
_KATA_OFFSET = 0x60
_NOISE = re.compile(
    r"[\u2000-\u206f\u2190-\u2bff\u3000-\u3003\u3008-\u3020\u30fb\ufe0f\U0001f000-\U0001faff\u200d]"
)
_PUNCT = re.compile(r"[!-/:-@\[-`{-~、。・…‥「」『』（）()【】〔〕［］｛｝〈〉《》！？～〜]")
_SPACES = re.compile(r"\s+")
_LONG_VOWEL_LIKE = re.compile(r"(?<=[\u30a1-\u30fa])[\u4e00\u2212\u2010-\u2015\uff70](?=[\u30a1-\u30fa]|$)")


def normalize(text: str) -> str:
    """NFKC, unify dashes and long-vowel marks, drop emoji and decoration, fold case."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY_CHARS * 2])
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = _LONG_VOWEL_LIKE.sub("ー", text)
    text = _NOISE.sub(" ", text)
    text = _SPACES.sub(" ", text).strip().lower()
    return text[:MAX_QUERY_CHARS]


def bounded(text: str) -> str:
    """The text a search reads: all of it, or for a longer message its first and last halves of
    ``MAX_QUERY_CHARS`` on lines of their own (what she asks for, or a danger, is often at the end)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    half = (MAX_QUERY_CHARS - 1) // 2
    return text[:half] + "\n" + text[-half:]


def strip_punct(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


def to_katakana(text: str) -> str:
    return "".join(chr(ord(ch) + _KATA_OFFSET) if _HIRA_START <= ord(ch) <= _HIRA_END else ch for ch in text)


def to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(ch) - _KATA_OFFSET)
        if _HIRA_START + _KATA_OFFSET <= ord(ch) <= _HIRA_END + _KATA_OFFSET
        else ch
        for ch in text
    )


def is_kana(text: str) -> bool:
    return bool(text) and all(
        (_HIRA_START <= ord(ch) <= _HIRA_END) or (0x30A1 <= ord(ch) <= 0x30FA) or ch in "ーっッ "
        for ch in text
    )


_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[a-z]")
_VI = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_TL_WORDS = re.compile(r"\b(ako|ang|ng|mga|hindi|ko|sa|wala|gusto|asawa|po|kasi)\b")


# Characters of Chinese that Japanese does not write (simplified forms, traditional forms
# Japanese replaced, and Chinese function words): kanji without kana is Japanese unless
# one of these is in it (離婚, 性暴力 and 一時保護 are Japanese searches).
_CHINESE_ONLY = re.compile(
    "[吗么们这没说还让给吧呢啊个为从对过妈钱该怎样请问帮谢报护离妇岁儿吃哪啥咋跟难现强怀顶里拿"
    "嗎麼們這沒說讓對媽錢怎樣幫麽裡妳她]"
    "|我(?!慢)|(?<![終完修満魅])了|不想|不是|不会|不能|想死|想要|他的|他在"
)
# Latin acronyms that Japanese writes as they are: a search for "DV" is Japanese.
_JAPANESE_ACRONYMS = frozenset(
    {
        "dv",
        "od",
        "lgbt",
        "lgbtq",
        "sns",
        "line",
        "ok",
        "ng",
        "pc",
        "gps",
        "pta",
        "ivf",
        "hiv",
        "adhd",
        "ptsd",
        "sos",
        "nhk",
    }
)


def detect_language(text: str) -> str:
    """A coarse guess: ja, zh, ko, vi, tl, en, or other."""
    kana = len(re.findall(r"[\u3040-\u30ff]", text))
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    if kana:
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if han:
        return "zh" if _CHINESE_ONLY.search(text) else "ja"
    lowered = text.lower()
    latin_words = re.findall(r"[a-z]+", lowered)
    if latin_words and all(w in _JAPANESE_ACRONYMS for w in latin_words):
        return "ja"
    if _VI.search(lowered):
        return "vi"
    if len(_TL_WORDS.findall(lowered)) >= 2:
        return "tl"
    if _LATIN.search(lowered):
        return "en"
    return "other"
