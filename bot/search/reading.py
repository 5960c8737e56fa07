"""Her message read by the dictionary: sentences, each in the readings it may have, each
reading a row of words with their dictionary forms, part of speech and conjugation.

A message is cut where she ended a sentence and read in one pass of Sudachi (whole-word
mode); a sentence typed in spaced kana (し に たい), in katakana for hiragana (ｼﾆﾀｲ) or
with lexicon nouns in kana (いしょ for 遺書) is also read those other ways, so that the
patterns of ``concepts`` meet the words she meant.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sudachipy import SplitMode

from bot.search.analyzer import MAX_CACHED_WORDS, Analyzer
from bot.search.normalize import normalize, to_hiragana, to_katakana

SPLIT_MODE = SplitMode.C  # whole words: 突き付ける and 首吊り stay one word each
NEGATIONS = frozenset({"ない", "無い", "ぬ", "ず", "ん", "ません", "へん", "ひん"})  # へん: 関西
NEGATION_POS = frozenset({"助動詞", "形容詞"})
# Words that carry no content of their own and so belong to the chunk before them.
FUNCTION_POS = frozenset({"助動詞", "助詞", "接尾辞", "空白"})
FORMAL_NOUNS = frozenset(
    {"こと", "事", "の", "わけ", "訳", "ほど", "程", "はず", "筈", "時期", "頃", "時", "とき"}
)
CLAUSE_BREAKS = frozenset({"けれど", "けど", "が", "のに", "し", "ても", "でも"})
SENTENCE_END = re.compile(r"(?:[。．!?！？\n]|(?<!\d)\.(?!\d))+")  # a full stop, not a decimal point
KANA = r"\u3041-\u3096\u30a1-\u30faー"
LETTER = r"[a-z\u00c0-\u024f\u1e00-\u1eff]"  # latin letters, Vietnamese ones included
_SPACED_KANA = re.compile(f"(?<=[{KANA}]) (?=[{KANA}])")
KATAKANA = re.compile(r"[\u30a1-\u30fa]")
_HIRAGANA_RUN = re.compile(r"[\u3041-\u3096ー]{3,}")
JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")
_LATIN_LETTER = re.compile(LETTER)
_ALL_KANA = re.compile(f"[{KANA}っッ]+")
_KANA_CHAR = re.compile(f"[{KANA}]")
_COMMA = re.compile("[、，]")


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    lemmas: frozenset[str]  # the normalised form, the dictionary form and the surface
    kana: str  # the dictionary form in katakana when she wrote the word in kana, else ""
    pos: str
    pos2: str
    form: str  # the conjugation form (意志推量形, 仮定形-一般, …)
    begin: int  # character offsets in the sentence
    end: int
    keys: frozenset[str] = frozenset()  # what indexes find it by: its forms, and k:reading

    @property
    def negation(self) -> bool:
        return self.pos in NEGATION_POS and bool(self.lemmas & NEGATIONS)

    @property
    def functional(self) -> bool:
        if self.pos in FUNCTION_POS:
            return self.surface not in {"!", "?"}
        if self.pos in {"動詞", "形容詞"} and self.pos2 == "非自立可能":
            return True
        return self.pos == "名詞" and bool(self.lemmas & FORMAL_NOUNS)

    @property
    def breaks_clause(self) -> bool:
        return self.pos == "助詞" and self.pos2 == "接続助詞" and bool(self.lemmas & CLAUSE_BREAKS)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # normalised
    tokens: tuple[Token, ...]
    clause: tuple[int, ...]  # the clause number of each token
    has_kana: bool
    has_latin: bool = True
    offset: int = 0  # where ``text`` starts in the text its words' offsets count in

    def token_at(self, offset: int) -> int:
        """The index of the word that holds the character at ``offset``."""
        for i, token in enumerate(self.tokens):
            if token.begin <= offset < token.end:
                return i
        return len(self.tokens) - 1


# The words of the last few texts read on this thread: one search reads the same sentences
# twice (the crisis detector, then the scope model's features), and a memo of a few texts is
# all that takes. Not a store of what people wrote: a thread keeps RECENT_TEXTS at most.
RECENT_TEXTS = 8
_recent = threading.local()


def tokenize(analyzer: Analyzer, text: str) -> tuple[Token, ...]:
    """The words of ``text`` as ``analyzer``'s dictionary reads them (whole-word mode)."""
    memo: dict[tuple[Analyzer, str], tuple[Token, ...]] | None = getattr(_recent, "memo", None)
    if memo is None:
        memo = _recent.memo = {}
    key = (analyzer, text)
    words = memo.get(key)
    if words is None:
        words = _tokenize(analyzer, text)
        if len(memo) >= RECENT_TEXTS:
            del memo[next(iter(memo))]  # the oldest
        memo[key] = words
    return words


def _tokenize(analyzer: Analyzer, text: str) -> tuple[Token, ...]:
    out: list[Token] = []
    for m in analyzer.tokenizer().tokenize(text, SPLIT_MODE):
        surface = m.surface()
        key = (m.word_id(), surface)
        word = _WORDS.get(key)
        if word is None:
            word = _word_of(m, surface)
            # Dictionary words only: a word the dictionary does not know may be a name or
            # anything else she wrote, and is not kept.
            if not m.is_oov() and len(_WORDS) < MAX_CACHED_WORDS:
                _WORDS[key] = word
        lemmas, kana, pos, pos2, form, keys = word
        if surface in _KANSAI_NEGATIONS and out and out[-1].surface in {"て", "で"}:
            pos = "助動詞"  # 恨んでへん is 恨んでいない, not 恨んで・辺
        if (
            surface == "た"
            and len(out) >= 2
            and out[-1].surface in _KANSAI_PERFECT
            and out[-2].surface in {"て", "で"}
        ):
            done = out[-1]  # 飲んでもうた is 飲んでしまった, not 飲んで・もう・た
            out[-1] = Token(
                done.surface,
                _SHIMAU,
                "",
                "動詞",
                "非自立可能",
                "連用形-促音便",
                done.begin,
                done.end,
                _SHIMAU,
            )
        out.append(Token(surface, lemmas, kana, pos, pos2, form, m.begin(), m.end(), keys))
    return tuple(out)


# The Kansai negation after て (恨んでへん, 言うてへん), which the dictionary reads as a noun.
_KANSAI_NEGATIONS = frozenset({"へん", "ひん"})
# The Kansai perfect (飲んでもうた, 言うてもた), which the dictionary reads as もう + た.
_KANSAI_PERFECT = frozenset({"もう", "も"})
_SHIMAU = frozenset({"しまう", "仕舞う"})


# (word id, surface) -> (lemmas, kana, pos, pos2, form, keys: the lemmas and "k:" + kana): what
# a dictionary word always carries, worked out once per process.
_Word = tuple[frozenset[str], str, str, str, str, frozenset[str]]
_WORDS: dict[tuple[int, str], _Word] = {}


def _word_of(m: Any, surface: str) -> _Word:
    pos = m.part_of_speech()
    lemma = m.dictionary_form()
    typed_in_kana = len(lemma) > 1 and _ALL_KANA.fullmatch(surface) and _ALL_KANA.fullmatch(lemma)
    kana = to_katakana(lemma) if typed_in_kana else ""
    lemmas = frozenset({m.normalized_form(), lemma, surface})
    keys = lemmas | (frozenset({"k:" + kana}) if kana else frozenset())
    return (lemmas, kana, pos[0], pos[1], pos[5], keys)


@dataclass(frozen=True)
class Respellings:
    """Nouns of the lexicon by their reading in hiragana (いしょ → 遺書, ``Compiler.respellings``),
    and the readings by their first kana: a sentence looks only for the readings whose
    beginning it holds, not for every one of them (hundreds) in turn."""

    forms: dict[str, str]
    _readings: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _size: int = field(init=False, repr=False, compare=False)  # how many first kana key a reading
    _by_start: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        readings = tuple(self.forms)
        size = min((len(r) for r in readings), default=1)
        by_start: dict[str, list[int]] = {}
        for i, reading in enumerate(readings):
            by_start.setdefault(reading[:size], []).append(i)
        object.__setattr__(self, "_readings", readings)
        object.__setattr__(self, "_size", size)
        object.__setattr__(self, "_by_start", {k: tuple(v) for k, v in by_start.items()})

    def within(self, text: str) -> list[str]:
        """The readings that occur in ``text``, in the order of ``forms``."""
        size, by_start = self._size, self._by_start
        starts = {text[i : i + size] for i in range(len(text) - size + 1)}
        tried = sorted(i for start in starts for i in by_start.get(start, ()))
        return [self._readings[i] for i in tried if self._readings[i] in text]


def sentences(
    analyzer: Analyzer, text: str, *, respell: Respellings | None = None
) -> list[tuple[Sentence, ...]]:
    """Her message cut where she ended a sentence (。, ！, ？, a new line), each sentence
    in the readings it may have: as written, and for spaced kana (しにたい written as
    し に たい) or katakana typed for hiragana (ｼﾆﾀｲ) also joined, word by word and in
    hiragana, and with the nouns of ``respell`` that she typed in kana written out."""
    # 、 is kept as a comma: normalising would make it a space, and the dictionary cuts a
    # sentence differently around a space (メッセージきた 家 reads きた as one noun).
    text = _COMMA.sub(",", text.replace("\r", "\n"))
    plains = [p for p in (normalize(part) for part in SENTENCE_END.split(text)) if p]
    if not plains:
        return []
    # The sentences as written are read in one pass of the dictionary, joined by 。 (which
    # normalising had removed), and cut apart again at it.
    joined = "。".join(plains)
    as_written: list[list[Token]] = [[]]
    for token in tokenize(analyzer, joined):
        if token.pos == "空白" or token.surface == ",":
            continue  # neither counts as a word between the words of a pattern
        if token.surface == "。":
            as_written.append([])
        else:
            as_written[-1].append(token)
    out = []
    offset = 0
    for plain, tokens in zip(plains, as_written, strict=False):
        readings = [_sentence(plain, tuple(tokens), offset=offset)]
        for variant, by_word in itertools.islice(_variants(plain, respell), 1, None):
            words = _by_word(analyzer, variant) if by_word else tokenize(analyzer, variant)
            readings.append(
                _sentence(variant, tuple(w for w in words if w.pos != "空白" and w.surface != ","))
            )
        out.append(tuple(readings))
        offset += len(plain) + 1
    return out


def _sentence(text: str, tokens: tuple[Token, ...], *, offset: int = 0) -> Sentence:
    return Sentence(
        text=text,
        tokens=tokens,
        clause=_clauses(tokens),
        has_kana=bool(_KANA_CHAR.search(text)),
        has_latin=bool(_LATIN_LETTER.search(text)),
        offset=offset,
    )


def _variants(text: str, respell: Respellings | None) -> Iterable[tuple[str, bool]]:
    yield text, False
    japanese = JAPANESE.findall(text)
    katakana = KATAKANA.findall(text)
    typed_in_katakana = bool(japanese) and len(katakana) * 2 >= len(japanese)
    if typed_in_katakana:
        text = to_hiragana(text)
        yield text, False
    spaced = len(_SPACED_KANA.findall(text)) >= 2 or (typed_in_katakana and " " in text)
    if spaced:
        yield text, True
        yield _SPACED_KANA.sub("", text), False
    if respell is not None and respell.forms and _HIRAGANA_RUN.search(text):
        written = _respell(_SPACED_KANA.sub("", text) if spaced else text, respell)
        if written != text:
            yield written, False


def _respell(text: str, respell: Respellings) -> str:
    for reading in sorted(respell.within(text), key=len, reverse=True):
        text = text.replace(reading, respell.forms[reading])
    return text


def _by_word(analyzer: Analyzer, text: str) -> tuple[Token, ...]:
    """Each space-separated word analysed alone: in spaced kana (くすり を のみました)
    a word read with its neighbours is often misread (のみ as "only")."""
    out: list[Token] = []
    offset = 0
    for word in text.split(" "):
        out.extend(replace(t, begin=t.begin + offset, end=t.end + offset) for t in tokenize(analyzer, word))
        offset += len(word) + 1
    return tuple(out)


def _clauses(tokens: tuple[Token, ...]) -> tuple[int, ...]:
    clause, out = 0, []
    for token in tokens:
        out.append(clause)
        if token.breaks_clause:
            clause += 1
    return tuple(out)
