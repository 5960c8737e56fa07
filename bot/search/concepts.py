"""Warning signs found by meaning: word sequences over Sudachi's dictionary forms.

A message is read into sentences of words (``reading``), and each word carries its
dictionary forms, part of speech and conjugation. A concept
pattern such as ``死ぬ たい`` then matches 死にたい, しにたくなる and 死にたかった alike,
because it compares dictionary forms, not spellings.

What governs a match is read from the words around it, never from the whole message:
the words that trail its last word up to the next content word (its *chunk*: たく・ない,
た・こと・は・ない, たら) and the clause it sits in (up to けど, のに, し or the end of
the sentence). So 「食べられなくて…死にたくなる」 keeps its danger: the negation belongs
to 食べる.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from bot.search.analyzer import Analyzer
from bot.search.normalize import fold, folded, is_kana, normalize, to_hiragana
from bot.search.reading import JAPANESE, KATAKANA, LETTER, Sentence, Token, tokenize

MIN_READING = 3  # kana in a reading that may match a word she typed in kana
MAX_GAP = 4  # words allowed between two items of a pattern (particles, objects, adverbs)
# Auxiliaries with two shapes after different verbs: 殴られる and 付けられる are one passive.
_SHAPES = {"れる": frozenset({"れる", "られる"}), "られる": frozenset({"れる", "られる"})}
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_TERM = re.compile(r"^[a-z0-9 '\-.?()|+*\\]+$")
_LATIN_IN_TERM = re.compile(LETTER)
_REGEX = re.compile(r"[(|?\\]")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")


@dataclass(frozen=True, slots=True)
class Item:
    """One word of a pattern: any of ``lemmas``, a negation, or a volitional form."""

    lemmas: frozenset[str] = frozenset()
    readings: frozenset[str] = frozenset()  # of the dictionary forms, for words she typed in kana
    negation: bool = False
    volitional: bool = False
    end: bool = False  # the end of the sentence: nothing but punctuation follows (無理やり…)
    # A particle or an auxiliary (たい, れる, た, NEG): it belongs to the word before it, so only
    # other such words may stand between them (死にそう、転職したい is not 死ぬ + たい).
    bound: bool = False

    def matches(self, token: Token) -> bool:
        if self.negation:
            return token.negation
        if not (self.lemmas & token.lemmas or (token.kana and token.kana in self.readings)):
            return False
        if self.lemmas == _PAST and token.form.startswith("仮定形"):
            return False  # た in a pattern is the past; たら is a condition
        return not self.volitional or token.form.startswith("意志推量形")


def _keys(step: Step) -> frozenset[str]:
    """What a word must carry to begin one of the step's runs; empty when any word may
    (a negation, the end of the sentence)."""
    first = [run[0] for run in step]
    if any(i.negation or i.end for i in first):
        return frozenset()
    return frozenset(
        {lemma for i in first for lemma in i.lemmas} | {"k:" + r for i in first for r in i.readings}
    )


_PAST = frozenset({"た"})
# Endings the dictionary misreads when they stand alone in a pattern (たら as a conjunction,
# ば as an adverb): they still belong to the word before them.
_BOUND_ALONE = frozenset({"たら", "ば"})
PROGRESSIVE = frozenset({"てる", "でる", "居る", "いる"})

Step = tuple[tuple[Item, ...], ...]  # alternatives, each a run of adjacent words


@dataclass(frozen=True, slots=True)
class Pattern:
    steps: tuple[Step, ...]
    tight: tuple[bool, ...] = ()  # per step: it must follow the one before directly (written a+b)
    # What a word must carry for the pattern to start at it: a form, or a kana reading.
    keys: frozenset[str] = field(init=False, compare=False)
    # For each later step, what some word of the sentence must carry for it to match (None:
    # a negation or the sentence end, which any sentence may hold).
    later: tuple[frozenset[str], ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", _keys(self.steps[0]) if self.steps else frozenset())
        later = (_keys(step) for step in self.steps[1:])
        object.__setattr__(self, "later", tuple(k for k in later if k))

    def possible(self, keys: set[str] | frozenset[str]) -> bool:
        """Whether a sentence whose words carry ``keys`` holds a word for every later step."""
        return all(not need.isdisjoint(keys) for need in self.later)

    def match_at(self, sentence: Sentence, start: int) -> int | None:
        """The index of the last word when the pattern matches from word ``start``."""
        return self._from(sentence, step=0, at=start, first=True)

    def _from(self, sentence: Sentence, *, step: int, at: int, first: bool) -> int | None:
        if step == len(self.steps):
            return at - 1
        tokens = sentence.tokens
        if self.steps[step] and self.steps[step][0][0].end:
            rest = tokens[at:]
            return at - 1 if all(t.pos in {"補助記号", "空白"} for t in rest) else None
        clause = sentence.clause[at if first else at - 1]
        if first or (self.tight and self.tight[step]):
            while not first and at < len(tokens) and tokens[at].pos == "空白":
                at += 1
            reach = min(len(tokens), at + 1)
        else:
            reach = min(len(tokens), at + MAX_GAP + 1)
        bound = all(run[0].bound for run in self.steps[step])
        for i in range(at, reach):
            if sentence.clause[i] != clause:
                break
            for run in self.steps[step]:
                end = i + len(run)
                if end <= len(tokens) and all(item.matches(tokens[i + k]) for k, item in enumerate(run)):
                    found = self._from(sentence, step=step + 1, at=end, first=False)
                    if found is not None:
                        return found
            if bound and not tokens[i].functional:
                break
        return None


@dataclass(frozen=True, slots=True)
class Surface:
    """A written form: a regular expression on whole words for latin letters (with or
    without Vietnamese marks) or wherever the form holds ``(``, ``|`` or ``?``, otherwise
    a substring. A form in kanji alone (想死, 以前) is read so only in a sentence
    without kana: in Japanese the same characters are words of their own, matched by
    dictionary form."""

    text: str
    regex: re.Pattern[str] | None
    kanji_only: bool

    # The same form folded (Vietnamese marks off, traditional characters simplified), for a
    # sentence in those languages, which is read folded too (see ``normalize.folded``).
    folded: Surface | None = None

    @classmethod
    def of(cls, term: str, *, fold_too: bool = True) -> Surface:
        surface = cls._of(normalize(term))
        if not fold_too:
            return surface
        plain = fold(surface.text)
        return replace(surface, folded=cls._of(plain) if plain != surface.text else surface)

    @classmethod
    def _of(cls, text: str) -> Surface:
        if (_LATIN_TERM.match(text) and re.search(r"[a-z]", text)) or re.search(r"[(|?]", text):
            return cls(text=text, regex=re.compile(rf"(?<!{LETTER}){text}(?!{LETTER})"), kanji_only=False)
        if JAPANESE.search(text):
            text = text.replace(" ", "")
        return cls(text=text, regex=None, kanji_only=bool(_HAN.fullmatch(text)))

    def spans(self, sentence: Sentence) -> Iterator[tuple[int, int]]:
        text = sentence.text
        if self.folded is not None and (plain := folded(text)) is not None:
            yield from self.folded._spans(plain, sentence)
            return
        yield from self._spans(text, sentence)

    def _spans(self, text: str, sentence: Sentence) -> Iterator[tuple[int, int]]:
        at = sentence.offset
        if self.regex is not None:
            for m in self.regex.finditer(text):
                yield at + m.start(), at + m.end()
            return
        if self.kanji_only and sentence.has_kana:
            return
        start = text.find(self.text)
        while start >= 0:
            yield at + start, at + start + len(self.text)
            start = text.find(self.text, start + 1)


@dataclass(frozen=True)
class Terms:
    """Many written forms searched at once: substrings one by one (each a fast scan), the
    forms in latin letters as one regular expression, run only on a sentence that has latin
    letters, and the other regular expressions (Chinese, Korean: 桥.{0,3}很高) as another,
    run on every sentence. Forms in kanji alone count only in a sentence without kana."""

    substrings: tuple[str, ...]
    kanji_only: tuple[str, ...]
    latin: re.Pattern[str] | None
    other: re.Pattern[str] | None = None
    other_kana: bool = False  # one of the other expressions has kana in it
    folded: Terms | None = None  # every form folded, for a sentence read folded

    @classmethod
    def of(cls, terms: Iterable[str], *, fold_too: bool = True) -> Terms:
        terms = list(terms)
        plain = cls._of(Surface.of(t, fold_too=False) for t in terms)
        if not fold_too:
            return plain
        return replace(plain, folded=cls._of(Surface.of(fold(normalize(t)), fold_too=False) for t in terms))

    @classmethod
    def of_surfaces(cls, surfaces: Iterable[Surface]) -> Terms:
        """Written forms already made (``Surface.of``), with their folded forms."""
        surfaces = list(surfaces)
        return replace(cls._of(surfaces), folded=cls._of(s.folded or s for s in surfaces))

    @classmethod
    def _of(cls, surfaces: Iterable[Surface]) -> Terms:
        forms = list(surfaces)
        regexes = sorted({f.regex.pattern for f in forms if f.regex}, key=len, reverse=True)
        latin = {f.regex.pattern for f in forms if f.regex and _LATIN_IN_TERM.search(f.text)}
        other = [r for r in regexes if r not in latin]
        latin_sorted = [r for r in regexes if r in latin]
        return cls(
            substrings=tuple(sorted({f.text for f in forms if not f.regex and not f.kanji_only})),
            kanji_only=tuple(sorted({f.text for f in forms if not f.regex and f.kanji_only})),
            latin=re.compile("|".join(latin_sorted)) if latin_sorted else None,
            other=re.compile("|".join(other)) if other else None,
            other_kana=any(_KANA.search(r) for r in other),
        )

    def spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        if self.folded is not None and (plain := folded(sentence.text)) is not None:
            return self.folded._spans(plain, sentence)
        return self._spans(sentence.text, sentence)

    def _spans(self, text: str, sentence: Sentence) -> list[tuple[int, int]]:
        at = sentence.offset
        out = [(at + i, at + i + len(t)) for t in self.substrings if (i := text.find(t)) >= 0]
        if self.kanji_only and not sentence.has_kana:
            out += [(at + i, at + i + len(t)) for t in self.kanji_only if (i := text.find(t)) >= 0]
        if self.latin is not None and sentence.has_latin:
            out += [(at + m.start(), at + m.end()) for m in self.latin.finditer(text)]
        # The other expressions are Chinese and Korean: not looked for in a sentence with kana.
        if self.other is not None and (self.other_kana or not sentence.has_kana):
            out += [(at + m.start(), at + m.end()) for m in self.other.finditer(text)]
        return out


@dataclass(frozen=True)
class WordClass:
    """A class of words (``$now``): Japanese ones by their dictionary forms, others as written."""

    patterns: tuple[Pattern, ...]
    surfaces: tuple[Surface, ...]
    by_key: dict[str, tuple[Pattern, ...]] = field(init=False, compare=False, repr=False)
    written: Terms | None = field(init=False, compare=False, repr=False)  # the surfaces, searched at once

    def __post_init__(self) -> None:
        by_key: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            for key in pattern.keys:
                by_key.setdefault(key, []).append(pattern)
        object.__setattr__(self, "by_key", {k: tuple(v) for k, v in by_key.items()})
        written = Terms.of_surfaces(self.surfaces) if self.surfaces else None
        object.__setattr__(self, "written", written)

    def positions(self, sentence: Sentence) -> set[int]:
        """The indexes of the words where a member of the class occurs."""
        found: set[int] = set()
        for i, token in enumerate(sentence.tokens):
            tried = {p for key in token.keys for p in self.by_key.get(key, ())}
            if any(pattern.match_at(sentence, i) is not None for pattern in tried):
                found.add(i)
        if self.written is not None:
            found.update(sentence.token_at(start) for start, _ in self.written.spans(sentence))
        return found


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
        japanese = [m for m in members if JAPANESE.search(m) and not _REGEX.search(m)]
        patterns = [
            self.pattern(m) if "NEG" in m.split() else Pattern(steps=(self._word(m),)) for m in japanese
        ]
        return WordClass(
            patterns=tuple(p for p in patterns if p.steps and all(p.steps)),
            surfaces=tuple(Surface.of(m) for m in members if m not in japanese or _HAN.fullmatch(m)),
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
                    lemmas=_SHAPES.get(t.surface, t.lemmas),
                    readings=self._readings(t),
                    bound=t.pos in {"助動詞", "助詞"} or t.surface in _BOUND_ALONE,
                )
                for t in tokens
            )
            self._steps[word] = (run,) if run else ()
        return self._steps[word]

    def respellings(self, words: Iterable[str]) -> dict[str, str]:
        """Nouns of the lexicon by their reading in hiragana (いしょ → 遺書, ろーぷ → ロープ):
        a noun typed in kana is often cut apart by the dictionary, so a sentence is also
        read with such nouns written as the lexicon writes them. Readings of three kana
        or more only: a shorter one hides inside too many other words."""
        out: dict[str, str] = {}
        for word in words:
            tokens = [t for t in tokenize(self._analyzer, normalize(word)) if t.pos != "空白"]
            if len(tokens) != 1 or tokens[0].pos != "名詞" or (is_kana(word) and not KATAKANA.search(word)):
                continue
            reading = to_hiragana(self._analyzer.reading(word))
            if len(reading) >= 3 and reading != word:
                out.setdefault(reading, word)
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
