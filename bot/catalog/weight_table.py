"""Feature names to row numbers, without a Python object per feature; and what the learned
models share besides (their file, their logistic function).

A dict of tens of thousands of feature names (``c:しにた``) costs a string object, a tuple
and a float each: about 15 MB for the crisis model, held by every serving process. Here the
names are one UTF-8 byte string with offsets, found through an open-addressing table of
their ``hash`` in flat arrays; a candidate is confirmed by comparing its bytes, so a lookup
is exact, not probabilistic. About 2 MB for the crisis model's 57,000 names.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bot.catalog.errors import KnowledgeBaseError, Problem

EMPTY = -1


def logistic(score: float) -> float:
    """The probability a linear model's score stands for (clamped, so exp never overflows)."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


class WeightTable:
    """Rows numbered as ``names`` was given; ``rows`` finds the row of each feature."""

    __slots__ = ("_blob", "_hashes", "_mask", "_offsets", "_slots")

    def __init__(self, names: Sequence[str]) -> None:
        size = 1 << max(3, (2 * len(names)).bit_length())  # under half full: short probes
        self._mask = size - 1
        self._hashes = array("q", bytes(8 * size))
        self._slots = array("i", [EMPTY]) * size
        encoded = [name.encode() for name in names]
        self._offsets = array("q", [0])
        total = 0
        for data in encoded:
            total += len(data)
            self._offsets.append(total)
        self._blob = b"".join(encoded)
        for row, name in enumerate(names):
            # str hashes are salted per process, so they are computed here, never stored.
            h = hash(name)
            at = h & self._mask
            while self._slots[at] != EMPTY:
                if self._hashes[at] == h and self._name(self._slots[at]) == encoded[row]:
                    raise ValueError(f"feature {name!r} given twice")
                at = (at + 1) & self._mask
            self._hashes[at] = h
            self._slots[at] = row

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _name(self, row: int) -> bytes:
        return self._blob[self._offsets[row] : self._offsets[row + 1]]

    def rows(self, features: Iterable[str]) -> list[int]:
        """The row of each feature the table holds, in the order the features come."""
        mask, hashes, slots, offsets, blob = self._mask, self._hashes, self._slots, self._offsets, self._blob
        found = []
        for name in features:
            h = hash(name)
            at = h & mask
            while (row := slots[at]) != EMPTY:
                if hashes[at] == h and blob[offsets[row] : offsets[row + 1]] == name.encode():
                    found.append(row)
                    break
                at = (at + 1) & mask
        return found

    def names(self) -> list[str]:
        """Every name, by row."""
        return [self._name(row).decode() for row in range(len(self))]


def read_model_file(root: Path, name: str) -> dict[str, Any] | None:
    """A learned model's JSON beside the lexicons, or None when there is none."""
    path = root / name
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(
            [Problem(file=f"{root.name}/{name}", message=f"not a readable model: {exc}")]
        ) from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(
            [Problem(file=f"{root.name}/{name}", message="not a readable model: not an object")]
        )
    return data
