"""Whether a short term (a name, a vocabulary word, a crisis signal) occurs in a text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalog.lexicons import TermRule
from bot.search.analyzer import ALL_KANJI, READING_KEY, UNIT, Analysis, Analyzer
from bot.search.normalize import is_kana, normalize, strip_punct, to_katakana

MIN_READING_FULL = 4  # a reading this long may match inside the whole reading
MIN_READING_MIXED = 3  # a shorter one only where the person typed kana
SHORT_KANA = 2  # a kana term this short is matched as a whole word only
_WORD = re.compile(r"[a-z0-9#][a-z0-9#+'\-]*")
# A number followed by a unit or a counter is an amount, an age or a date (年収110万, 189cm,
# 8008円), not a number to dial: it is not a word the terms 110 or #8008 may match.
_AMOUNT = re.compile(rf"[0-9][0-9,.]*(?=\s?{UNIT})")


@dataclass(frozen=True, slots=True)
class TermForm:
    label: str
    surface: str
    reading: str
    latin: bool
    lemmas: frozenset[str] | None = None
    kana: bool = False  # written in kana alone (わんおぺ), so possibly a loanword she typed
    kanji: bool = False  # written in kanji alone (公公)

    @classmethod
    def of(cls, label: str, analyzer: Analyzer, *, inflect: bool = False) -> TermForm:
        """``inflect``: also match other inflections of the same words (vocabulary terms)."""
        surface = strip_punct(normalize(label))
        latin = surface.isascii()
        if not latin:
            surface = surface.replace(" ", "")
        return cls(
            label=label,
            surface=surface,
            reading=analyzer.reading(label),
            latin=latin,
            lemmas=analyzer.lemmas(label) if inflect else None,
            kana=is_kana(surface),
            kanji=ALL_KANJI.fullmatch(surface) is not None,
        )


def words_of(analysis: Analysis) -> str:
    return " " + " ".join(_WORD.findall(_AMOUNT.sub(" ", analysis.plain))) + " "


def occurs(term: TermForm, analysis: Analysis, words: str) -> bool:
    if not term.surface:
        return False
    if term.latin:
        if " " in term.surface or not term.surface.replace("'", "").isalnum():
            return term.surface in analysis.plain
        return f" {term.surface} " in words or (len(term.surface) >= 5 and term.surface in analysis.plain)
    if len(term.surface) == 1:
        # A single character (夫) must be a word of its own, not part of 大丈夫,
        # or its reading typed in kana (おっと).
        return term.surface in analysis.terms or (
            len(term.reading) >= MIN_READING_MIXED and term.reading in analysis.typed
        )
    if term.surface in analysis.surface:
        # Two kana alone are found only as a word of their own: どこ is not in けど、こういう.
        if not (term.kana and len(term.surface) <= SHORT_KANA):
            return True
        return _at_a_word(
            to_katakana(term.surface), analysis.mixed, analysis.mixed_starts, frozenset(), analysis.mixed_ends
        )
    if not analysis.kana:  # only Japanese is read by its readings
        return term.lemmas is not None and term.lemmas <= analysis.lemma_set
    # A term in kana may be the loanword she typed (わんおぺ, ワンオペ); one in kanji is not.
    loans = (frozenset(), frozenset()) if term.kana else (analysis.reading_loans, analysis.mixed_loans)
    # A term in kanji is found by its sound only where she wrote kana: two words in kanji that
    # sound alike are two words (高校 is not 公公, both read コウコウ).
    kanji = analysis.reading_kanji if term.kanji else frozenset()
    if len(term.reading) >= MIN_READING_FULL and _at_a_word(
        term.reading, analysis.reading, analysis.reading_starts, loans[0], analysis.reading_ends, kanji
    ):
        return True
    if len(term.reading) >= MIN_READING_MIXED and _at_a_word(
        term.reading, analysis.mixed, analysis.mixed_starts, loans[1], analysis.mixed_ends
    ):
        return True
    return term.lemmas is not None and term.lemmas <= analysis.lemma_set


def _at_a_word(
    needle: str,
    text: str,
    starts: frozenset[int],
    loans: frozenset[int],
    ends: frozenset[int],
    kanji: frozenset[int] = frozenset(),
) -> bool:
    """Whether ``needle`` occurs in ``text`` as whole words: beginning where a word begins (not
    a loanword) and ending where one ends, and not wholly within ``kanji``."""
    at = text.find(needle)
    while at >= 0:
        if (
            at in starts
            and at not in loans
            and at + len(needle) in ends
            and not (kanji and all(i in kanji for i in range(at, at + len(needle))))
        ):
            return True
        at = text.find(needle, at + 1)
    return False


def _keys(term: TermForm) -> set[str]:
    """Keys one of which the query must contain for ``occurs`` to be true: the first three
    characters of the surface (two of a two-character one), the first READING_KEY of the
    reading (all of a shorter one) where a word begins, one of the lemmas, or a lone
    character. Three characters are rarer than two: fewer terms are tried."""
    if not term.surface:
        return set()
    if len(term.surface) == 1 and not term.latin:
        return {"t" + term.surface, "k" + term.reading}
    if len(term.surface) >= 3:
        keys = {"S" + term.surface[:3]}
    else:
        keys = {"s" + term.surface[:2] if len(term.surface) == 2 else "u" + term.surface}
    if len(term.reading) >= MIN_READING_MIXED:  # three characters at least (Grams.readings)
        keys.add("R" + term.reading[:READING_KEY])
    if term.lemmas:
        # The rarest-looking lemma would be best; any one is exact. Prefer a word to the negation mark.
        keys.add("l" + max(term.lemmas, key=lambda lemma: (not lemma.startswith("("), lemma)))
    return keys


# The kinds of key, by the first character ``_keys`` gives them: a two-character surface, the
# first three characters of a surface, the first six of a reading, a lone character, a lemma,
# a word, a word typed in kana.
_KINDS = "sSRultk"


@dataclass(frozen=True)
class TermTable:
    """Finds which of many terms occur in a text without trying each one: a term is
    tried only when the text holds one of its keys (an exact filter, never a guess)."""

    terms: tuple[TermForm, ...]
    # For each kind of key (its first character in ``_keys``), the terms under each key.
    by_key: dict[str, dict[str, tuple[int, ...]]]
    # The same keys as sets: a text's grams are intersected with them, which looks up only
    # the keys both hold.
    key_sets: dict[str, frozenset[str]]

    @classmethod
    def of(cls, terms: tuple[TermForm, ...]) -> TermTable:
        by_key: dict[str, dict[str, list[int]]] = {kind: {} for kind in _KINDS}
        for i, term in enumerate(terms):
            for key in _keys(term):
                by_key[key[0]].setdefault(key[1:], []).append(i)
        return cls(
            terms=terms,
            by_key={kind: {k: tuple(v) for k, v in keys.items()} for kind, keys in by_key.items()},
            key_sets={kind: frozenset(keys) for kind, keys in by_key.items()},
        )

    def found(self, analysis: Analysis, words: str) -> list[int]:
        grams = analysis.grams
        held = {
            "s": grams.pairs,
            "S": grams.triples,
            "R": grams.readings,
            "u": grams.chars,
            "l": analysis.lemma_set,
            "t": frozenset(analysis.terms),
            "k": analysis.typed,
        }
        candidates: set[int] = set()
        for kind, keys in held.items():
            table = self.by_key[kind]
            for key in keys & self.key_sets[kind]:
                candidates.update(table[key])
        return [i for i in sorted(candidates) if occurs(self.terms[i], analysis, words)]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A ``TermRule`` of the lexicons, with every term analysed once."""

    terms: tuple[TermForm, ...]
    groups: tuple[tuple[TermForm, ...], ...]

    @classmethod
    def of(cls, rule: TermRule, analyzer: Analyzer) -> CompiledRule:
        def forms(terms: tuple[str, ...]) -> tuple[TermForm, ...]:
            return tuple(TermForm.of(t, analyzer) for t in terms)

        return cls(terms=forms(rule.terms), groups=tuple(forms(g) for g in rule.all_of))
