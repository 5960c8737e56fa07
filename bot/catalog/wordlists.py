"""Word lists and small tables the code reads from ``knowledge/`` (stop words, Tokyo's
municipalities, how kinds of entry are ordered, LINE's menu and front doors), each a frozen
model that refuses an unknown key, an empty word or a word listed twice."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, cast, get_args

import yaml
from pydantic import Field, field_validator, model_validator

from bot.catalog.models import Frozen, Kind, NonEmpty, Slug

PLACES_FILE = "places.yaml"


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


class Places(Frozen):
    """Tokyo's 62 municipalities (``knowledge/places.yaml``): the wards, then the rest."""

    wards: tuple[NonEmpty, ...] = Field(min_length=1)
    tama_and_islands: tuple[NonEmpty, ...] = Field(min_length=1)
    # An island's own name for the town or village on it (八丈島 → 八丈町): where she lives.
    islands: dict[NonEmpty, NonEmpty] = Field(default_factory=dict)

    @field_validator("wards")
    @classmethod
    def _wards(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in _once_each(names):
            if not name.endswith("区"):
                raise ValueError(f"{name!r} is not a ward (区)")
        return names

    @field_validator("tama_and_islands")
    @classmethod
    def _others(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in _once_each(names):
            if not name.endswith(("市", "町", "村")):
                raise ValueError(f"{name!r} is not a city, town or village (市, 町, 村)")
        return names

    @model_validator(mode="after")
    def _islands_are_places(self) -> Places:
        unknown = sorted(town for town in self.islands.values() if town not in self.tama_and_islands)
        if unknown:
            raise ValueError(f"islands name towns that are not listed: {', '.join(unknown)}")
        return self

    @property
    def municipalities(self) -> tuple[str, ...]:
        return self.wards + self.tama_and_islands


class Ranking(Frozen):
    """How kinds of entry are ordered (``knowledge/ranking.yaml``)."""

    kind_priority: dict[Kind, float]

    @field_validator("kind_priority")
    @classmethod
    def _every_kind(cls, priority: dict[Kind, float]) -> dict[Kind, float]:
        missing = [k for k in get_args(Kind) if k not in priority]
        if missing:
            raise ValueError(f"no priority for {', '.join(missing)}")
        if any(not 0 < p <= 1 for p in priority.values()):
            raise ValueError("a priority is above 0 and at most 1")
        return priority

    def of(self, kind: str) -> float:
        """The priority of ``kind``; the loader has checked that every kind has one."""
        return cast(dict[str, float], self.kind_priority)[kind]


Region = Literal["ku", "tama", "other", "unknown"]


class LineChoices(Frozen):
    """The LINE bot's quick-reply topics and front doors (``knowledge/line.yaml``)."""

    menu_topics: tuple[Slug, ...] = Field(min_length=1)
    front_doors: dict[Region, tuple[Slug, ...]]
    other_region_door: dict[Literal["ku", "tama"], Slug]

    @field_validator("menu_topics")
    @classmethod
    def _unique(cls, topics: tuple[str, ...]) -> tuple[str, ...]:
        return _once_each(topics)

    @field_validator("front_doors")
    @classmethod
    def _every_region(cls, doors: dict[Region, tuple[str, ...]]) -> dict[Region, tuple[str, ...]]:
        missing = [r for r in get_args(Region) if not doors.get(r)]
        if missing:
            raise ValueError(f"no front door for {', '.join(missing)}")
        return doors


def read_places(root: Path) -> Places:
    """``places.yaml`` of a knowledge tree, for the code that needs the names when it is loaded
    (``bot.catalog.places``); ``load_knowledge`` reads and reports it like every other file."""
    data = yaml.safe_load((root / PLACES_FILE).read_text(encoding="utf-8"))
    return Places.model_validate(data)
