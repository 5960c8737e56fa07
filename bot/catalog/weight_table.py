"""Feature names to row numbers, without a Python object per feature.

A dict of tens of thousands of feature names (``c:しにた``) costs a string object, a tuple
and a float each: about 15 MB for the crisis model, held by every serving process. Here the
names are one UTF-8 byte string with offsets, found through an open-addressing table of
their ``hash`` in flat arrays; a candidate is confirmed by comparing its bytes, so a lookup
is exact, not probabilistic. About 2 MB for the crisis model's 57,000 names.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

EMPTY = -1


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
