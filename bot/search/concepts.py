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

from bot.search.literals import Expression, any_of
from bot.search.normalize import fold, folded, normalize
from bot.search.reading import JAPANESE, LETTER, Sentence, Token

MIN_READING = 3  # kana in a reading that may match a word she typed in kana
MAX_GAP = 4  # words allowed between two items of a pattern (particles, objects, adverbs)
# Auxiliaries with two shapes after different verbs: 殴られる and 付けられる are one passive.
SHAPES = {"れる": frozenset({"れる", "られる"}), "られる": frozenset({"れる", "られる"})}
HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_TERM = re.compile(r"^[a-z0-9 '\-.?()|+*\\]+$")
_LATIN_IN_TERM = re.compile(LETTER)
REGEX = re.compile(r"[(|?\\]")
_ESCAPE = re.compile(r"\\[a-zA-Z]")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
# An expression that reads a number: \d, [0-9], (3[89]|4[0-2]).
_NUMBER = re.compile(r"\\d|\[0-9|\[[1-9]|\(\d|\|\d")
# What every written form's expression begins with: it does not start inside a word.
_NOT_AFTER_LETTER = f"(?<!{LETTER})"


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
BOUND_ALONE = frozenset({"たら", "ば"})
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
    without Vietnamese marks) or wherever the form holds ``(``, ``|``, ``?``, ``[`` or ``\\``, otherwise
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
        text = normalize(term)
        if not text.strip():
            raise ValueError(f"{term!r} is nothing once normalised (an emoji?): it would match every text")
        surface = cls._of(text)
        if not fold_too:
            return surface
        plain = fold(surface.text)
        return replace(surface, folded=cls._of(plain) if plain != surface.text else surface)

    @classmethod
    def _of(cls, text: str) -> Surface:
        if (_LATIN_TERM.match(text) and re.search(r"[a-z]", text)) or re.search(r"[(|?\\[]", text):
            return cls(
                text=text, regex=re.compile(rf"{_NOT_AFTER_LETTER}{text}(?!{LETTER})"), kanji_only=False
            )
        if JAPANESE.search(text):
            text = text.replace(" ", "")
        return cls(text=text, regex=None, kanji_only=bool(HAN.fullmatch(text)))

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
    run on every sentence. Forms in kanji alone count only in a sentence without kana.
    Each expression is run only where the sentence holds a text it needs (``literals``)."""

    substrings: tuple[str, ...]
    kanji_only: tuple[str, ...]
    latin: Expression | None
    other: Expression | None = None
    other_kana: bool = False  # one of the other expressions has kana in it
    # Expressions that read a number ('(3[89]|4[0-2]) ?度', '\\d+ ?錠', '\\d+ ?yo'): a unit is no
    # language's own (℃ is °c), so they are looked for in every sentence, Japanese too.
    numeric: Expression | None = None
    folded: Terms | None = None  # every form folded, for a sentence read folded
    # Whether any of the substrings occurs at all: most sentences hold none of them.
    any_substring: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

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
        # A class escape (\d, \s) is no latin letter: '\d+ ?箱' is looked for in Japanese too.
        numeric = [r for r in regexes if _NUMBER.search(r)]
        latin = {
            f.regex.pattern
            for f in forms
            if f.regex and f.regex.pattern not in numeric and _LATIN_IN_TERM.search(_ESCAPE.sub("", f.text))
        }
        other = [r for r in regexes if r not in latin and r not in numeric]
        latin_sorted = [r for r in regexes if r in latin]
        substrings = tuple(sorted({f.text for f in forms if not f.regex and not f.kanji_only}))
        return cls(
            substrings=substrings,
            kanji_only=tuple(sorted({f.text for f in forms if not f.regex and f.kanji_only})),
            latin=_alternation(latin_sorted),
            other=_alternation(other),
            other_kana=any(_KANA.search(r) for r in other),
            numeric=_alternation(numeric),
            any_substring=any_of(substrings),
        )

    def spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        if self.folded is not None and (plain := folded(sentence.text)) is not None:
            return self.folded._spans(plain, sentence)
        return self._spans(sentence.text, sentence)

    def _spans(self, text: str, sentence: Sentence) -> list[tuple[int, int]]:
        at = sentence.offset
        out = []
        if self.any_substring is None or self.any_substring.search(text):
            out = [(at + i, at + i + len(t)) for t in self.substrings if (i := text.find(t)) >= 0]
        if self.kanji_only and not sentence.has_kana:
            out += [(at + i, at + i + len(t)) for t in self.kanji_only if (i := text.find(t)) >= 0]
        if self.latin is not None and sentence.has_latin:
            out += [(at + m.start(), at + m.end()) for m in self.latin.finditer(text)]
        # The other expressions are Chinese and Korean: not looked for in a sentence with kana.
        if self.other is not None and (self.other_kana or not sentence.has_kana):
            out += [(at + m.start(), at + m.end()) for m in self.other.finditer(text)]
        if self.numeric is not None:
            out += [(at + m.start(), at + m.end()) for m in self.numeric.finditer(text)]
        return out


def _alternation(patterns: list[str]) -> Expression | None:
    """The expressions as one, tried in their order at each position. Where each begins with
    the look-behind of ``Surface`` and has no ``|`` of its own outside brackets, the look-behind
    is written once before them all: it is then checked once at each position, not once per
    expression (hundreds), and the same text is matched the same way."""
    if not patterns:
        return None
    if all(p.startswith(_NOT_AFTER_LETTER) and not _alternates(p) for p in patterns):
        rest = (p.removeprefix(_NOT_AFTER_LETTER) for p in patterns)
        return Expression.of(_NOT_AFTER_LETTER + "(?:" + "|".join(rest) + ")")
    return Expression.of("|".join(patterns))


def _alternates(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group and character class (a|b, whose
    first alternative alone would carry a look-behind written before it)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # A ] first in a class (after a ^) is one of its characters, not its end.
            i += 1 + pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i)
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


@dataclass(frozen=True)
class WordClass:
    """A class of words (``$now``): Japanese ones by their dictionary forms, others as written."""

    patterns: tuple[Pattern, ...]
    surfaces: tuple[Surface, ...]
    by_key: dict[str, tuple[Pattern, ...]] = field(init=False, compare=False, repr=False)
    keys: frozenset[str] = field(init=False, compare=False, repr=False)  # those of ``by_key``
    written: Terms | None = field(init=False, compare=False, repr=False)  # the surfaces, searched at once

    def __post_init__(self) -> None:
        by_key: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            for key in pattern.keys:
                by_key.setdefault(key, []).append(pattern)
        object.__setattr__(self, "by_key", {k: tuple(v) for k, v in by_key.items()})
        object.__setattr__(self, "keys", frozenset(by_key))
        written = Terms.of_surfaces(self.surfaces) if self.surfaces else None
        object.__setattr__(self, "written", written)

    def positions(self, sentence: Sentence) -> set[int]:
        """The indexes of the words where a member of the class occurs."""
        found: set[int] = set()
        for i, token in enumerate(sentence.tokens):
            if token.keys.isdisjoint(self.keys):  # most words begin none of the class's members
                continue
            tried = {p for key in token.keys for p in self.by_key.get(key, ())}
            if any(pattern.match_at(sentence, i) is not None for pattern in tried):
                found.add(i)
        if self.written is not None:
            found.update(sentence.token_at(start) for start, _ in self.written.spans(sentence))
        return found
