"""Word lists and small tables the code reads from ``knowledge/`` (stop words, Tokyo's
municipalities, how kinds of entry are ordered, LINE's menu and front doors), each a frozen
model that refuses an unknown key, an empty word or a word listed twice."""

from __future__ import annotations

from pydantic import field_validator

from bot.catalog.models import Frozen, NonEmpty


def _once_each(words: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for word in words:
        if word in seen:
            raise ValueError(f"{word!r} is listed twice")
        seen.add(word)
    return words


class StopWords(Frozen):
    """Words that are no evidence of a need (``knowledge/stopwords.yaml``)."""

    japanese: tuple[NonEmpty, ...]
    english: tuple[NonEmpty, ...]

    @field_validator("japanese", "english")
    @classmethod
    def _unique(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _once_each(words)

    @field_validator("english")
    @classmethod
    def _lower(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        for word in words:
            if word != word.lower():
                raise ValueError(f"{word!r} must be written in lower case")
        return words
