"""Sudachi-based analysis: content terms for the index and kana readings for phrases.

One ``Dictionary`` per process; a Sudachi tokenizer must not be shared between
threads ("Tokenizer is already in use"), so each thread gets its own.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from sudachipy import Dictionary, SplitMode

from bot.catalog.wordlists import StopWords
from bot.search.mmap_advice import advise_random
from bot.search.normalize import detect_language, is_kana, normalize, strip_punct, to_hiragana, to_katakana

DICTIONARY_FILE = "system.dic"
NEGATION = "(否定)"  # stands in the lemma set for ない, ぬ, ず
NEGATIONS = frozenset({"ない", "無い", "ぬ", "ず", "ん"})
DESIRE = "(願望)"  # stands in the lemma set for たい: 消えたい is not 消える
PASSIVE = "(受身)"  # stands in the lemma set for れる, られる: 入られた is not 入りやすい
# Fine units (A) let 性暴力 meet 性暴力救援ダイヤル; whole words (C) keep compounds together.
INDEX_SPLIT_MODES = (SplitMode.A, SplitMode.C)
READING_SPLIT_MODE = SplitMode.C
CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
_LATIN_WORD = re.compile(r"[a-z][a-z'\-]+")
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30faー]{2,}")


@dataclass(frozen=True, slots=True)
class Grams:
    """The runs of characters of an analysis' texts that term tables look terms up by (see
    ``Analysis.grams``)."""

    pairs: frozenset[str]  # of ``surface`` and ``plain``
    triples: frozenset[str]  # of ``surface`` and ``plain``
    # Of ``reading`` and ``mixed``, the runs of three to READING_KEY characters that begin where
    # a word does (a term is read there only at the start of a word)
    readings: frozenset[str]
    chars: frozenset[str]  # of ``plain``


def ngrams(n: int, *texts: str) -> frozenset[str]:
    """Every run of ``n`` characters of the ``texts`` (read once where two are the same, as
    ``surface`` and ``plain`` are unless she wrote spaces)."""
    return frozenset(text[i : i + n] for text in dict.fromkeys(texts) for i in range(len(text) - n + 1))


@dataclass(frozen=True, slots=True)
class _Word:
    """What an analysis takes from one word of the dictionary (see ``Analyzer._terms``)."""

    reading: str  # in katakana
    mixed: str  # as typed, kana as katakana
    content: bool  # not a particle, an ending or a symbol: a term read in the text may begin here
    loan: bool  # a loanword typed as the dictionary writes it (ホテル): no kanji term by its sound
    known: str  # "1" for each character when the dictionary knows the word as written, else "0"
    marks: tuple[str, ...]  # NEGATION, DESIRE, PASSIVE: what it adds to the lemma set
    terms: tuple[str, ...]  # its content terms


# Dictionary words kept by the analyzer and by the crisis reader (``reading``), each: however
# many different words messages bring, what is kept stays bounded.
MAX_CACHED_WORDS = 100_000
# A term table keys a term by the first characters of its reading, this many at most: the more,
# the fewer terms that share a key and are tried in vain (相談窓口 and 相談員 share ソウダン).
READING_KEY = 6


@dataclass(frozen=True)
class Analysis:
    terms: tuple[str, ...]
    reading: str  # katakana reading of the whole text
    mixed: str  # kana typed by the person as katakana, everything else as written
    surface: str  # normalised, without spaces
    plain: str  # normalised, punctuation folded to spaces
    lemma_set: frozenset[str] = frozenset()
    typed: frozenset[str] = frozenset()  # words typed in kana, as katakana (おっと → オット)
    # One character for each of ``mixed``: "1" where it belongs to a word the dictionary
    # knows, "0" where it does not (a symbol, a name read into a typo): a slip is forgiven
    # only in a stretch that holds an unknown character (see ``fuzzy``).
    mixed_known: str = ""
    # Where each content word begins in ``reading`` and in ``mixed``: a term read in them must
    # begin where one does, not at a particle (家内 is not in 場所とかない, read バショトカナイ).
    reading_starts: frozenset[int] = frozenset()
    mixed_starts: frozenset[int] = frozenset()
    # Where each word ends in ``reading`` and in ``mixed``: a term read in them must end where
    # one does (成田, read ナリタ, is not in なりたい, read ナリタイ).
    reading_ends: frozenset[int] = frozenset()
    mixed_ends: frozenset[int] = frozenset()
    # Where a loanword she typed as the dictionary writes it begins (ホテル): a term written
    # in kanji is not found there by its sound (火照る, read ホテル).
    reading_loans: frozenset[int] = frozenset()
    mixed_loans: frozenset[int] = frozenset()
    # The offsets of ``reading`` that belong to words she wrote in kanji alone (高校): a term in
    # kanji is not found there by its sound (公公, read コウコウ), only one she wrote in kana is.
    reading_kanji: frozenset[int] = frozenset()
    language: str = "other"  # the language the text is written in (normalize.detect_language)
    # Whether the text is Japanese (kana, or kanji the language check takes for Japanese): only
    # Japanese is read by its readings (上分 in Chinese is not 丈夫, read ジョウブ).
    kana: bool = True

    @cached_property
    def grams(self) -> Grams:
        """What the term tables look terms up by (``matching.TermTable``): worked out on first
        use, once for all the tables one search consults (the guard's, the phrases')."""
        return Grams(
            pairs=ngrams(2, self.surface, self.plain),
            triples=ngrams(3, self.surface, self.plain),
            readings=_at_starts(self.reading, self.reading_starts)
            | _at_starts(self.mixed, self.mixed_starts),
            chars=frozenset(self.plain),
        )


class Analyzer:
    """Turns text into normalised content terms and a katakana reading string.

    ``stopwords`` (``knowledge/stopwords.yaml``) are no evidence of a need: light verbs,
    pronouns, politeness, English function words. One Sudachi dictionary serves every
    analyzer of the process: pass ``dictionary`` to share it."""

    def __init__(self, stopwords: StopWords, *, dictionary: Dictionary | None = None) -> None:
        self._dictionary = dictionary or Dictionary(dict="core")
        advise_random(DICTIONARY_FILE)
        self._local = threading.local()
        self.stopwords = stopwords
        self._stop = frozenset(stopwords.japanese)
        self._english_stop = frozenset(stopwords.english)
        # (word id, surface) -> what the analysis takes from a dictionary word, the same
        # wherever it stands: worked out once per process, not asked of Sudachi word by word.
        self._words: dict[tuple[int, str], _Word] = {}

    @property
    def dictionary(self) -> Dictionary:
        return self._dictionary

    def tokenizer(self) -> Any:
        """This thread's Sudachi tokenizer."""
        return self._tokenizer()

    def _tokenizer(self) -> Any:
        tok = getattr(self._local, "tokenizer", None)
        if tok is None:
            tok = self._dictionary.tokenizer()
            self._local.tokenizer = tok
        return tok

    def analyze(self, text: str) -> Analysis:
        surface = normalize(text)
        plain = strip_punct(surface)
        reading_parts: list[str] = []
        mixed_parts: list[str] = []
        negations: list[str] = []
        known: list[str] = []
        content: list[bool] = []
        loans: list[bool] = []
        # the fine units' (reading, written, content word, loanword)
        fine: list[tuple[str, str, bool, bool]] = []
        terms = self._terms(plain, reading_parts, mixed_parts, negations, known, content, fine, loans)
        reading = "".join(reading_parts).replace(" ", "")
        mixed = "".join(mixed_parts).replace(" ", "")
        reading_starts = _starts(reading_parts, content)
        mixed_starts = _starts(mixed_parts, content)
        reading_ends = _ends(reading_parts)
        mixed_ends = _ends(mixed_parts)
        reading_loans = _starts(reading_parts, loans)
        reading_kanji = _kanji_offsets(reading_parts, mixed_parts)
        mixed_loans = _starts(mixed_parts, loans)
        # A compound (女性相談支援員) is one word read whole, but a term may begin at one of its
        # parts (相談): the fine units' starts count too, where they read the same.
        fine_content = [c for _, _, c, _ in fine]
        fine_loans = [loan for _, _, _, loan in fine]
        if "".join(r for r, _, _, _ in fine).replace(" ", "") == reading:
            reading_starts |= _starts([r for r, _, _, _ in fine], fine_content)
            reading_ends |= _ends([r for r, _, _, _ in fine])
            reading_loans |= _starts([r for r, _, _, _ in fine], fine_loans)
        if "".join(m for _, m, _, _ in fine).replace(" ", "") == mixed:
            mixed_starts |= _starts([m for _, m, _, _ in fine], fine_content)
            mixed_ends |= _ends([m for _, m, _, _ in fine])
            mixed_loans |= _starts([m for _, m, _, _ in fine], fine_loans)
        return Analysis(
            terms=tuple(terms),
            reading=reading,
            mixed=mixed,
            language=(language := detect_language(plain)),
            kana=bool(_KANA.search(plain)) or language in {"ja", "other"},
            reading_starts=reading_starts,
            mixed_starts=mixed_starts,
            reading_ends=reading_ends,
            mixed_ends=mixed_ends,
            reading_loans=reading_loans,
            reading_kanji=reading_kanji,
            mixed_loans=mixed_loans,
            mixed_known="".join(known),
            surface=plain.replace(" ", ""),
            plain=plain,
            lemma_set=frozenset(terms) | frozenset(negations),
            typed=frozenset(
                to_katakana(w) for w in (*plain.split(" "), *mixed_parts) if is_kana(w) and len(w) > 1
            ),
        )

    def _terms(
        self,
        plain: str,
        reading_parts: list[str] | None = None,
        mixed_parts: list[str] | None = None,
        negations: list[str] | None = None,
        known: list[str] | None = None,
        content: list[bool] | None = None,
        fine: list[tuple[str, str, bool, bool]] | None = None,
        loans: list[bool] | None = None,
    ) -> list[str]:
        """Content terms of normalised text; fills the reading lists when given."""
        terms: list[str] = []
        if not plain:
            return terms
        tok = self._tokenizer()
        whole = tok.tokenize(plain, READING_SPLIT_MODE)
        # A compound verb is one word of evidence: 繰り返す, not 繰る and 返す as well.
        verbs = [(m.begin(), m.end()) for m in whole if _compound_verb(m)]
        for mode in INDEX_SPLIT_MODES:
            morphemes = whole if mode is READING_SPLIT_MODE else tok.tokenize(plain, mode)
            for at, morpheme in enumerate(morphemes):
                word = self._word(morpheme)
                part_of_verb = mode is not READING_SPLIT_MODE and bool(verbs) and _inside(morpheme, verbs)
                if mode is READING_SPLIT_MODE and reading_parts is not None and mixed_parts is not None:
                    if negations is not None:
                        negations.extend(word.marks)
                    reading_parts.append(word.reading)
                    mixed_parts.append(word.mixed)
                    if content is not None:
                        content.append(word.content)
                    if loans is not None:
                        loans.append(word.loan)
                    if known is not None:
                        known.append(word.known)
                elif fine is not None:
                    fine.append((word.reading, word.mixed, word.content, word.loan))
                if not (word.terms and _amount(morphemes, at)) and not part_of_verb:
                    terms.extend(word.terms)
        # Katakana runs typed for words usually written in kanji or hiragana
        # (ﾅｸﾞﾗﾚﾀ, カネナイ): analyse them again as hiragana.
        for run in _KATAKANA_RUN.findall(plain):
            as_typed = list(tok.tokenize(run, SplitMode.C))
            as_kana = list(tok.tokenize(to_hiragana(run), SplitMode.C))
            if len(as_typed) == 1 and not as_typed[0].is_oov() and len(as_kana) > 1:
                continue  # a loanword the dictionary knows, read apart (アニメ is not 兄 + め)
            if (
                len(as_typed) == 1
                and _is_loanword(as_typed[0])
                and as_kana[0].normalized_form() != to_hiragana(run)
            ):
                continue  # or read as another word (ホテル is not 火照る; ネット may be ねっと)
            for morpheme in as_kana:
                terms.extend(self._word(morpheme).terms)
        terms.extend(_LATIN_WORD.findall(plain))
        # Sudachi gives English words as nouns too: "the" and "to" are no evidence of a need.
        return [t for t in terms if t not in self._english_stop]

    def _word(self, morpheme) -> _Word:  # type: ignore[no-untyped-def]
        """What the analysis takes from ``morpheme``; a dictionary word's is kept (a word the
        dictionary does not know may be a name or anything else she wrote, and is not)."""
        surface = morpheme.surface()
        key = (morpheme.word_id(), surface)
        word = self._words.get(key)
        if word is None:
            word = self._word_of(morpheme, surface)
            if not morpheme.is_oov() and len(self._words) < MAX_CACHED_WORDS:
                self._words[key] = word
        return word

    def _word_of(self, morpheme, surface: str) -> _Word:  # type: ignore[no-untyped-def]
        tests = ((NEGATION, _is_negation), (DESIRE, _is_desire), (PASSIVE, _is_passive))
        return _Word(
            reading=_reading(surface, morpheme.reading_form()),
            mixed=to_katakana(surface) if is_kana(surface) else surface,
            content=morpheme.part_of_speech()[0] not in _FUNCTION_POS and not _grammatical(morpheme, surface),
            loan=_is_loanword(morpheme),
            known=("1" if _known_word(morpheme) else "0") * len(surface.replace(" ", "")),
            marks=tuple(mark for mark, test in tests if test(morpheme)),
            terms=tuple(self._content_terms(morpheme)),
        )

    def _content_terms(self, morpheme) -> list[str]:  # type: ignore[no-untyped-def]
        pos = morpheme.part_of_speech()[0]
        if pos not in CONTENT_POS:
            return []
        surface = morpheme.surface().lower()
        # An English function word, or a letter split off a contraction (don't → don + t), is no
        # evidence of a need; nor is its katakana reading (and → アンド matches English labels).
        if _LATIN_ONLY.fullmatch(surface) and (surface in self._english_stop or len(surface) == 1):
            return []
        out = []
        # In this order, not a set's: the terms' order is the order of the sums and of 'why'.
        for form in dict.fromkeys((morpheme.normalized_form(), morpheme.dictionary_form())):
            form = form.lower()
            if form and form not in self._stop and not form.isspace():
                out.append(form)
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 - the analyzer lives as long as the process
    def terms(self, text: str) -> tuple[str, ...]:
        """Content terms only, for indexing (no readings); repeated texts are analysed once.

        Interned: the cache holds the terms of every field of every entry, tens of thousands
        of copies of a few thousand words (3 MB) otherwise."""
        return tuple(sys.intern(t) for t in self._terms(strip_punct(normalize(text))))

    def lemmas(self, text: str) -> frozenset[str] | None:
        """Dictionary forms that must all occur for a phrase to match in another inflection.

        Only for a single verb or adjective (働く matches 働いた) or for two or more
        content words (家に帰れない matches 家には帰れない); a lone noun matches as written.
        A negation is part of the meaning (帰れない is not 帰れる), and a phrase whose
        other words are too common to count (出ていきたい, 住むところがない) is not reduced
        to its one remaining word: it matches as written.
        """
        plain = strip_punct(normalize(text))
        if not plain or plain.isascii():
            return None
        morphemes = list(self._tokenizer().tokenize(plain, READING_SPLIT_MODE))
        content = [m for m in morphemes if m.part_of_speech()[0] in CONTENT_POS and not _is_negation(m)]
        if is_kana(plain) and len(content) == 1 and morphemes[-1].part_of_speech()[0] == "助詞":
            # A word in kana the dictionary reads as another word and a particle (ほすと as
            # 干す + と) is a loanword or a name: it matches as written, never by 干す.
            return None
        words = [(m.normalized_form().lower(), m.part_of_speech()[0]) for m in content]
        kept = [(form, pos) for form, pos in words if form not in self._stop]
        negated = any(_is_negation(m) for m in morphemes)
        if len(kept) < len(words) and len(kept) < 2:
            return None
        if len(kept) >= 2 or (len(kept) == 1 and kept[0][1] in {"動詞", "形容詞"}):
            desired = any(_is_desire(m) for m in morphemes)
            passive = any(_is_passive(m) for m in morphemes)
            marks = (
                ({NEGATION} if negated else set())
                | ({DESIRE} if desired else set())
                | ({PASSIVE} if passive else set())
            )
            return frozenset(form for form, _ in kept) | marks
        return None

    @lru_cache(maxsize=8192)  # noqa: B019 - the analyzer lives as long as the process
    def reading(self, text: str) -> str:
        """The katakana reading of a short phrase (a vocabulary term or a name)."""
        plain = strip_punct(normalize(text)).replace(" ", "")
        if is_kana(plain):
            return to_katakana(plain)
        return self.analyze(text).reading


def _is_negation(morpheme) -> bool:  # type: ignore[no-untyped-def]
    return morpheme.part_of_speech()[0] in {"助動詞", "形容詞"} and morpheme.normalized_form() in NEGATIONS


def _is_passive(morpheme) -> bool:  # type: ignore[no-untyped-def]
    return bool(morpheme.part_of_speech()[0] == "助動詞" and morpheme.normalized_form() in {"れる", "られる"})


def _is_desire(morpheme) -> bool:  # type: ignore[no-untyped-def]
    return bool(morpheme.part_of_speech()[0] == "助動詞" and morpheme.normalized_form() == "たい")


_LATIN_ONLY = re.compile(r"[a-z']+")


def _is_loanword(morpheme) -> bool:  # type: ignore[no-untyped-def]
    """A katakana word of three letters or more that the dictionary knows as itself (ホテル,
    アニメ), not one typed in katakana for a word written otherwise (ムカツク, ナグラレタ)."""
    surface = morpheme.surface()
    return (
        len(surface) > 2
        and _KATAKANA_WORD.fullmatch(surface) is not None
        and not morpheme.is_oov()
        and morpheme.normalized_form() == surface
    )


def _amount(morphemes, at: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the word at ``at`` is a number with a unit or a counter after it (189cm, 8008円):
    an amount, an age or a height, not a number to dial."""
    if not morphemes[at].surface()[:1].isdigit():
        return False
    after = at + 1
    while after < len(morphemes) and not morphemes[after].surface().strip():
        after += 1  # 189 cm
    return after < len(morphemes) and _UNIT.match(morphemes[after].surface()) is not None


# What follows a number that is an amount, an age, a height or a date rather than one to dial.
UNIT = r"(?:[万千百億円歳才人件年月日時分秒回個本枚点位代倍%％台冊杯度階号週坪ヶ箇]|cm|km|kg|mm|yen)"
_UNIT = re.compile(UNIT)
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30faー]+")


def _known_word(morpheme) -> bool:  # type: ignore[no-untyped-def]
    """A word the dictionary knows as written: not a guess, a symbol or a name that a
    misspelling was read as (ドメステック → ドメス・テック)."""
    pos = morpheme.part_of_speech()
    return not morpheme.is_oov() and pos[0] not in {"補助記号", "空白"} and pos[1] != "固有名詞"


_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\uff66-\uff9f]")
# Particles, endings and symbols: a word read in the text never begins with one of them.
_FUNCTION_POS = frozenset({"助詞", "助動詞", "接尾辞", "補助記号", "空白"})
# Nouns that only carry grammar, typed in hiragana (このまま, そのため): no term read by its
# sound begins at one (まま is not ママ, mother).
_GRAMMATICAL_NOUNS = frozenset({"侭", "儘", "為", "筈", "訳", "程", "迄", "故"})


def _grammatical(morpheme, surface: str) -> bool:  # type: ignore[no-untyped-def]
    return is_kana(surface) and morpheme.normalized_form() in _GRAMMATICAL_NOUNS


def _ends(parts: list[str]) -> frozenset[int]:
    """The offset just after each word in the parts joined without spaces."""
    out, at = set(), 0
    for part in parts:
        at += len(part.replace(" ", ""))
        out.add(at)
    return frozenset(out)


def _kanji_offsets(readings: list[str], written: list[str]) -> frozenset[int]:
    """The offsets of the joined readings that belong to words written in kanji alone."""
    out: set[int] = set()
    at = 0
    for reading, word in zip(readings, written, strict=True):
        size = len(reading.replace(" ", ""))
        if ALL_KANJI.fullmatch(word.replace(" ", "")):
            out.update(range(at, at + size))
        at += size
    return frozenset(out)


# A word written in kanji alone (高校, 公公): see ``Analysis.reading_kanji``.
ALL_KANJI = re.compile(r"[\u4e00-\u9fff々〆]+")


def _starts(parts: list[str], content: list[bool]) -> frozenset[int]:
    """The offset at which each content word begins in the parts joined without spaces."""
    out, at = set(), 0
    for part, is_content in zip(parts, content, strict=True):
        if is_content:
            out.add(at)
        at += len(part.replace(" ", ""))
    return frozenset(out)


def _at_starts(text: str, starts: frozenset[int]) -> frozenset[str]:
    """The runs of three to READING_KEY characters of ``text`` that begin at one of ``starts``."""
    return frozenset(
        text[at : at + n] for at in starts for n in range(3, READING_KEY + 1) if at + n <= len(text)
    )


def _reading(surface: str, reading: str) -> str:
    # Sudachi gives "キゴウ" for symbols and odd readings for latin; keep those surfaces.
    if not reading or reading == "キゴウ" or re.search(r"[a-z0-9]", surface):
        return to_katakana(surface)
    return reading


def _compound_verb(morpheme) -> bool:  # type: ignore[no-untyped-def]
    """A verb of more than one character, which the finer split may cut into parts."""
    return bool(morpheme.part_of_speech()[0] == "動詞" and len(morpheme.surface()) > 1)


def _inside(morpheme, spans: list[tuple[int, int]]) -> bool:  # type: ignore[no-untyped-def]
    """Whether the morpheme is a part, not the whole, of one of the spans."""
    begin, end = morpheme.begin(), morpheme.end()
    return any(b <= begin and end <= e and (b, e) != (begin, end) for b, e in spans)
