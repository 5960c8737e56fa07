"""The learned model's view of a message: character n-grams in hiragana, dictionary forms,
latin words and their pairs (see ``bot.catalog.crisis_model``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from bot.search.analyzer import Analyzer
from bot.search.normalize import normalize, to_hiragana
from bot.search.reading import LETTER, Sentence, sentences

_SPACES = re.compile(r"\s+")
_LATIN_WORD = re.compile(f"(?:{LETTER}|')+")
NGRAMS = (2, 3)  # character n-grams of the model's features


def message_lemmas(readings: Iterable[Sentence]) -> set[str]:
    """The dictionary forms of a message's words, in every reading of its sentences."""
    return {
        lemma for s in readings for t in s.tokens if t.pos not in {"補助記号", "空白"} for lemma in t.lemmas
    }


def features(text: str, lemmas: Iterable[str], *, normalized: bool = False) -> set[str]:
    """The model's features of a message: ``c:`` character n-grams of the text in hiragana
    (ｼﾆﾀｲ and しにたい share them), ``w:`` dictionary forms, ``e:`` latin words and pairs.
    ``normalized``: the text has been through ``normalize`` already."""
    plain = _SPACES.sub(" ", to_hiragana(text if normalized else normalize(text)))
    out: set[str] = set()
    for n in NGRAMS:
        out.update("c:" + plain[i : i + n] for i in range(len(plain) - n + 1) if " " not in plain[i : i + n])
    out.update("w:" + lemma for lemma in lemmas if lemma.strip())
    words = _LATIN_WORD.findall(plain)
    out.update("e:" + w for w in words)
    out.update(f"e:{a} {b}" for a, b in itertools.pairwise(words))
    return out


def message_features(analyzer: Analyzer, text: str) -> set[str]:
    """A whole message's features, read afresh: what the models are trained on, and what the
    scope model is asked about."""
    readings = [r for part in sentences(analyzer, text) for r in part]
    return features(text, message_lemmas(readings))
