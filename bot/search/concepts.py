"""Warning signs found by meaning: word sequences over Sudachi's dictionary forms.

A message is cut into sentences, each sentence into words (Sudachi, whole-word mode),
and each word carries its dictionary forms, part of speech and conjugation. A concept
pattern such as ``死ぬ たい`` then matches 死にたい, しにたくなる and 死にたかった alike,
because it compares dictionary forms, not spellings.

What governs a match is read from the words around it, never from the whole message:
the words that trail its last word up to the next content word (its *chunk*: たく・ない,
た・こと・は・ない, たら) and the clause it sits in (up to けど, のに, し or the end of
the sentence). So 「食べられなくて…死にたくなる」 keeps its danger: the negation belongs
to 食べる.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sudachipy import SplitMode

from bot.search.analyzer import Analyzer
from bot.search.normalize import is_kana, normalize, to_hiragana, to_katakana

SPLIT_MODE = SplitMode.C  # whole words: 突き付ける and 首吊り stay one word each
MIN_READING = 3  # kana in a reading that may match a word she typed in kana
MAX_GAP = 4  # words allowed between two items of a pattern (particles, objects, adverbs)
NEGATIONS = frozenset({"ない", "無い", "ぬ", "ず", "ん", "ません", "へん", "ひん"})  # へん: 関西
NEGATION_POS = frozenset({"助動詞", "形容詞"})
# Words that carry no content of their own and so belong to the chunk before them.
FUNCTION_POS = frozenset({"助動詞", "助詞", "接尾辞", "空白"})
FORMAL_NOUNS = frozenset(
    {"こと", "事", "の", "わけ", "訳", "ほど", "程", "はず", "筈", "時期", "頃", "時", "とき"}
)
EXPERIENCE_NOUNS = frozenset({"こと", "事", "時期", "頃", "時", "とき"})
QUOTE_VERBS = frozenset({"思う", "言う", "考える"})
CLAUSE_BREAKS = frozenset({"けれど", "けど", "が", "のに", "し", "ても", "でも"})
SENTENCE_END = re.compile(r"(?:[。．!?！？\n]|(?<!\d)\.(?!\d))+")  # a full stop, not a decimal point
_KANA = r"\u3041-\u3096\u30a1-\u30faー"
_SPACED_KANA = re.compile(f"(?<=[{_KANA}]) (?=[{_KANA}])")
_KATAKANA = re.compile(r"[\u30a1-\u30fa]")
_HIRAGANA_RUN = re.compile(r"[\u3041-\u3096ー]{3,}")
_JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")
# Auxiliaries with two shapes after different verbs: 殴られる and 付けられる are one passive.
_SHAPES = {"れる": frozenset({"れる", "られる"}), "られる": frozenset({"れる", "られる"})}
_LETTER = r"[a-z\u00c0-\u024f\u1e00-\u1eff]"  # latin letters, Vietnamese ones included
_LATIN_LETTER = re.compile(_LETTER)
_ALL_KANA = re.compile(f"[{_KANA}っッ]+")
_KANA_CHAR = re.compile(f"[{_KANA}]")
_COMMA = re.compile("[、，]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_TERM = re.compile(r"^[a-z0-9 '\-.?()|+*\\]+$")


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


@dataclass(frozen=True, slots=True)
class Item:
    """One word of a pattern: any of ``lemmas``, a negation, or a volitional form."""

    lemmas: frozenset[str] = frozenset()
    readings: frozenset[str] = frozenset()  # of the dictionary forms, for words she typed in kana
    negation: bool = False
    volitional: bool = False

    def matches(self, token: Token) -> bool:
        if self.negation:
            return token.negation
        if not (self.lemmas & token.lemmas or (token.kana and token.kana in self.readings)):
            return False
        if self.lemmas == _PAST and token.form.startswith("仮定形"):
            return False  # た in a pattern is the past; たら is a condition
        return not self.volitional or token.form.startswith("意志推量形")


_PAST = frozenset({"た"})
PROGRESSIVE = frozenset({"てる", "でる", "居る", "いる"})

Step = tuple[tuple[Item, ...], ...]  # alternatives, each a run of adjacent words


@dataclass(frozen=True, slots=True)
class Pattern:
    steps: tuple[Step, ...]
    tight: tuple[bool, ...] = ()  # per step: it must follow the one before directly (written a+b)
    # What a word must carry for the pattern to start at it: a form, or a kana reading.
    keys: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        first = [run[0] for run in self.steps[0]] if self.steps else []
        keys = {lemma for i in first for lemma in i.lemmas} | {"k:" + r for i in first for r in i.readings}
        object.__setattr__(self, "keys", frozenset(keys))

    def match_at(self, sentence: Sentence, start: int) -> int | None:
        """The index of the last word when the pattern matches from word ``start``."""
        return self._from(sentence, step=0, at=start, first=True)

    def _from(self, sentence: Sentence, *, step: int, at: int, first: bool) -> int | None:
        if step == len(self.steps):
            return at - 1
        tokens = sentence.tokens
        clause = sentence.clause[at if first else at - 1]
        if first or (self.tight and self.tight[step]):
            while not first and at < len(tokens) and tokens[at].pos == "空白":
                at += 1
            reach = min(len(tokens), at + 1)
        else:
            reach = min(len(tokens), at + MAX_GAP + 1)
        for i in range(at, reach):
            if sentence.clause[i] != clause:
                break
            for run in self.steps[step]:
                end = i + len(run)
                if end <= len(tokens) and all(item.matches(tokens[i + k]) for k, item in enumerate(run)):
                    found = self._from(sentence, step=step + 1, at=end, first=False)
                    if found is not None:
                        return found
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

    @classmethod
    def of(cls, term: str) -> Surface:
        text = normalize(term)
        if (_LATIN_TERM.match(text) and re.search(r"[a-z]", text)) or re.search(r"[(|?]", text):
            return cls(text=text, regex=re.compile(rf"(?<!{_LETTER}){text}(?!{_LETTER})"), kanji_only=False)
        if _JAPANESE.search(text):
            text = text.replace(" ", "")
        return cls(text=text, regex=None, kanji_only=bool(_HAN.fullmatch(text)))

    def spans(self, sentence: Sentence) -> Iterator[tuple[int, int]]:
        text, at = sentence.text, sentence.offset
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
    """Many written forms searched at once: substrings one by one (each a fast scan), and
    the forms in latin letters as one regular expression, run only on a sentence that
    has latin letters. Forms in kanji alone count only in a sentence without kana."""

    substrings: tuple[str, ...]
    kanji_only: tuple[str, ...]
    latin: re.Pattern[str] | None

    @classmethod
    def of(cls, terms: Iterable[str]) -> Terms:
        forms = [Surface.of(t) for t in terms]
        regexes = sorted({f.regex.pattern for f in forms if f.regex}, key=len, reverse=True)
        return cls(
            substrings=tuple(sorted({f.text for f in forms if not f.regex and not f.kanji_only})),
            kanji_only=tuple(sorted({f.text for f in forms if not f.regex and f.kanji_only})),
            latin=re.compile("|".join(regexes)) if regexes else None,
        )

    def spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        text, at = sentence.text, sentence.offset
        out = [(at + i, at + i + len(t)) for t in self.substrings if (i := text.find(t)) >= 0]
        if self.kanji_only and not sentence.has_kana:
            out += [(at + i, at + i + len(t)) for t in self.kanji_only if (i := text.find(t)) >= 0]
        if self.latin is not None and sentence.has_latin:
            out += [(at + m.start(), at + m.end()) for m in self.latin.finditer(text)]
        return out


@dataclass(frozen=True)
class WordClass:
    """A class of words (``$now``): Japanese ones by their dictionary forms, others as written."""

    patterns: tuple[Pattern, ...]
    surfaces: tuple[Surface, ...]
    by_key: dict[str, tuple[Pattern, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_key: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            for key in pattern.keys:
                by_key.setdefault(key, []).append(pattern)
        object.__setattr__(self, "by_key", {k: tuple(v) for k, v in by_key.items()})

    def positions(self, sentence: Sentence) -> set[int]:
        """The indexes of the words where a member of the class occurs."""
        found: set[int] = set()
        for i, token in enumerate(sentence.tokens):
            tried = {p for key in token.keys for p in self.by_key.get(key, ())}
            if any(pattern.match_at(sentence, i) is not None for pattern in tried):
                found.add(i)
        for surface in self.surfaces:
            for start, _ in surface.spans(sentence):
                found.add(sentence.token_at(start))
        return found


class Compiler:
    """Turns the lexicon's words into patterns, with Sudachi's forms of each word."""

    def __init__(self, analyzer: Analyzer, words: dict[str, tuple[str, ...]]) -> None:
        self._analyzer = analyzer
        self._words = words
        self._steps: dict[str, Step] = {}

    def word_class(self, name: str) -> WordClass:
        members = self._words[name]
        japanese = [m for m in members if _JAPANESE.search(m)]
        return WordClass(
            patterns=tuple(Pattern(steps=(step,)) for m in japanese if (step := self._word(m))),
            surfaces=tuple(Surface.of(m) for m in members if m not in japanese or _HAN.fullmatch(m)),
        )

    def pattern(self, text: str) -> Pattern:
        """``a b``: b within a few words after a; ``a+b``: b right after a."""
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
            return ((Item(negation=True),),)
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
                Item(lemmas=_SHAPES.get(t.surface, t.lemmas), readings=self._readings(t)) for t in tokens
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
            if len(tokens) != 1 or tokens[0].pos != "名詞" or (is_kana(word) and not _KATAKANA.search(word)):
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
    )
    return ((merged,), *others)


def tokenize(analyzer: Analyzer, text: str) -> tuple[Token, ...]:
    out = []
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
        lemmas, kana, pos, pos2, form, kana_key = word
        out.append(Token(surface, lemmas, kana, pos, pos2, form, m.begin(), m.end(), lemmas | kana_key))
    return tuple(out)


# (word id, surface) -> (lemmas, kana, pos, pos2, form, {"k:" + kana}): what a dictionary
# word always carries, worked out once per process.
_Word = tuple[frozenset[str], str, str, str, str, frozenset[str]]
_WORDS: dict[tuple[int, str], _Word] = {}
MAX_CACHED_WORDS = 100_000


def _word_of(m: Any, surface: str) -> _Word:
    pos = m.part_of_speech()
    lemma = m.dictionary_form()
    typed_in_kana = len(lemma) > 1 and _ALL_KANA.fullmatch(surface) and _ALL_KANA.fullmatch(lemma)
    kana = to_katakana(lemma) if typed_in_kana else ""
    lemmas = frozenset({m.normalized_form(), lemma, surface})
    return (lemmas, kana, pos[0], pos[1], pos[5], frozenset({"k:" + kana}) if kana else frozenset())


def sentences(
    analyzer: Analyzer, text: str, *, respell: dict[str, str] | None = None
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
        for variant, by_word in itertools.islice(_variants(plain, respell or {}), 1, None):
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


def _variants(text: str, respell: dict[str, str]) -> Iterable[tuple[str, bool]]:
    yield text, False
    japanese = _JAPANESE.findall(text)
    katakana = _KATAKANA.findall(text)
    typed_in_katakana = bool(japanese) and len(katakana) * 2 >= len(japanese)
    if typed_in_katakana:
        text = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)
        yield text, False
    spaced = len(_SPACED_KANA.findall(text)) >= 2 or (typed_in_katakana and " " in text)
    if spaced:
        yield text, True
        yield _SPACED_KANA.sub("", text), False
    if respell and _HIRAGANA_RUN.search(text):
        written = _respell(_SPACED_KANA.sub("", text) if spaced else text, respell)
        if written != text:
            yield written, False


def _respell(text: str, respell: dict[str, str]) -> str:
    for reading in sorted((r for r in respell if r in text), key=len, reverse=True):
        text = text.replace(reading, respell[reading])
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
