"""What the bot says, in Japanese and English: the words are in ``copy.yaml`` beside this
module (package data, like the page's templates), read once when it is imported and checked:
every text and label has Japanese, and no language but ja, en and easy. Numbers never appear
there: they come from the knowledge base, where each one is sourced."""

from __future__ import annotations

from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

# easy: やさしい日本語 (short sentences, common words, few kanji), for a woman who writes in
# spaced hiragana or says she reads little Japanese; a text without its own falls back to ja.
Lang = Literal["ja", "en", "easy"]
COPY_FILE = "copy.yaml"


class Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ja: str = Field(min_length=1)
    en: str | None = Field(default=None, min_length=1)
    easy: str | None = Field(default=None, min_length=1)


class Copy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: dict[str, Words]
    label: dict[str, Words]


def read_copy(source: str) -> Copy:
    """The copy in ``source`` (YAML); pydantic's error names the key and the language."""
    return Copy.model_validate(yaml.safe_load(source))


COPY = read_copy(files(__package__).joinpath(COPY_FILE).read_text(encoding="utf-8"))


def text(key: str, lang: Lang) -> str:
    words = COPY.text[key]
    return getattr(words, lang) or words.ja


def label(key: str, lang: Lang) -> str:
    words = COPY.label[key]
    return getattr(words, lang) or words.ja
