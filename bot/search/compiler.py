"""Turns the crisis lexicon's words into patterns (``bot.search.concepts``), with
Sudachi's forms of each word: a member of a word class, a pattern's step, a term."""

from __future__ import annotations

from collections.abc import Iterable

from bot.search.analyzer import Analyzer
from bot.search.concepts import (
    BOUND_ALONE,
    HAN,
    MIN_READING,
    REGEX,
    SHAPES,
    Item,
    Pattern,
    Step,
    Surface,
    WordClass,
)
from bot.search.normalize import is_kana, normalize, to_hiragana
from bot.search.reading import JAPANESE, KATAKANA, Token, tokenize


class Compiler:
    """Turns the lexicon's words into patterns, with Sudachi's forms of each word."""

    def __init__(self, analyzer: Analyzer, words: dict[str, tuple[str, ...]]) -> None:
        self._analyzer = analyzer
        self._words = words
        self._steps: dict[str, Step] = {}

    def word_class(self, name: str) -> WordClass:
        """A member is a run of adjacent words; one with ``NEG`` in it is a pattern
        (``電話 繋がる NEG``: 電話がつながらない, 電話につながりません)."""
        members = self._words[name]
        # A member with ( | ? or \ is a regular expression in any script ('\d+ ?(层|楼)').
        japanese = [m for m in members if JAPANESE.search(m) and not REGEX.search(m)]
        patterns = [
            self.pattern(m) if "NEG" in m.split() else Pattern(steps=(self._word(m),)) for m in japanese
        ]
        return WordClass(
            patterns=tuple(p for p in patterns if p.steps and all(p.steps)),
            surfaces=tuple(Surface.of(m) for m in members if m not in japanese or HAN.fullmatch(m)),
        )

    def pattern(self, text: str) -> Pattern:
        """``a b``: b within a few words after a; ``a+b``: b right after a; ``END``: the
        sentence ends there (her words stop: 店長に無理やり…); ``=w``: the word as written."""
        steps: list[Step] = []
        tight: list[bool] = []
        for part in text.split():
            for j, item in enumerate(part.split("+")):
                steps.append(self._item(item))
                tight.append(j > 0)
        return Pattern(steps=tuple(steps), tight=tuple(tight))

    def _item(self, part: str) -> Step:
        volitional = part.endswith("@vol")
        part = part.removesuffix("@vol")
        if part == "NEG":
            return ((Item(negation=True, bound=True),),)
        if part == "END":
            return ((Item(end=True),),)
        if part.startswith("="):  # a word as written, not its dictionary form (=死ね: 死ねなかった)
            return ((Item(lemmas=frozenset({normalize(part[1:])})),),)
        if part.startswith("$"):
            step: Step = tuple(run for member in self._words[part[1:]] for run in self._word(member))
        else:
            step = self._word(part)
        if volitional:
            step = tuple(
                (*run[:-1], Item(lemmas=run[-1].lemmas, readings=run[-1].readings, volitional=True))
                for run in step
            )
        return _merge(step)

    def _word(self, word: str) -> Step:
        """A lexicon word as the run of dictionary forms Sudachi reads it as. A word read as
        one word keeps only readings that include the word itself (為る alone is read as
        成る), and a short kana word that falls apart alone (まで as ま・で) stays whole."""
        if word not in self._steps:
            text = normalize(word)
            tokens = [t for t in tokenize(self._analyzer, text) if t.pos != "空白"]
            misread = len(tokens) == 1 and text not in tokens[0].lemmas
            if misread or (len(tokens) > 1 and is_kana(text) and len(text) <= 2):
                tokens = [_literal(text)]
            run = tuple(
                Item(
                    lemmas=SHAPES.get(t.surface, t.lemmas),
                    readings=self._readings(t),
                    bound=t.pos in {"助動詞", "助詞"} or t.surface in BOUND_ALONE,
                )
                for t in tokens
            )
            self._steps[word] = (run,) if run else ()
        return self._steps[word]

    def respellings(self, words: Iterable[str]) -> dict[str, str]:
        """Nouns of the lexicon by their reading in hiragana (いしょ → 遺書, ろーぷ → ロープ):
        a noun typed in kana is often cut apart by the dictionary, so a sentence is also
        read with such nouns written as the lexicon writes them. Readings of three kana
        or more only: a shorter one hides inside too many other words. A reading that two
        different nouns share (せいり: 整理 and 生理) is left as she typed it; spellings of one
        word (子ども, 子供) give the first in order, the same in every process."""
        spellings: dict[str, dict[str, frozenset[str]]] = {}
        for word in sorted(set(words)):
            tokens = [t for t in tokenize(self._analyzer, normalize(word)) if t.pos != "空白"]
            if len(tokens) != 1 or tokens[0].pos != "名詞" or (is_kana(word) and not KATAKANA.search(word)):
                continue
            reading = to_hiragana(self._analyzer.reading(word))
            if len(reading) >= 3 and reading != word:
                spellings.setdefault(reading, {})[word] = tokens[0].lemmas
        out: dict[str, str] = {}
        for reading, nouns in spellings.items():
            if frozenset.intersection(*nouns.values()):  # one word, however it is spelt
                out[reading] = next(iter(nouns))
        return out

    def _readings(self, token: Token) -> frozenset[str]:
        """Katakana readings of a content word's dictionary forms (付ける: ツケル), so that
        つけられてる meets 付ける. Particles and auxiliaries match by form alone."""
        if token.pos not in {"動詞", "形容詞", "名詞", "形状詞"} or len(token.surface) < 2:
            return frozenset()
        readings = (self._analyzer.reading(lemma) for lemma in token.lemmas if not is_kana(lemma))
        # Two kana say too little: イク is 逝く, 行く and 生く alike.
        return frozenset(r for r in readings if len(r) >= MIN_READING)


def _literal(text: str) -> Token:
    return Token(
        surface=text, lemmas=frozenset({text}), kana="", pos="", pos2="", form="", begin=0, end=len(text)
    )


def _merge(step: Step) -> Step:
    """One item for all single words of a step, so that a class of 30 verbs is one test."""
    singles = [run[0] for run in step if len(run) == 1 and not run[0].volitional]
    others = tuple(run for run in step if len(run) > 1 or run[0].volitional)
    if not singles:
        return others
    merged = Item(
        lemmas=frozenset().union(*(i.lemmas for i in singles)),
        readings=frozenset().union(*(i.readings for i in singles)),
        bound=all(i.bound for i in singles),
    )
    return ((merged,), *others)
