"""Values made once per object of a loaded base (the base, an entry, a channel) and reused.

Keyed by the objects' identities, with the objects held beside the value, so an identity is
never mistaken for another object's while the value lives; a reloaded base brings new objects
and so new values. Emptied when full: a process serves one or two bases at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[tuple[tuple[int, ...], Hashable], tuple[tuple[object, ...], V]] = {}

    def get(self, owners: tuple[object, ...], extra: Hashable, make: Callable[[], V]) -> V:
        """The value for ``owners`` (compared by identity) and ``extra``, made by ``make`` once."""
        key = (tuple(id(o) for o in owners), extra)
        hit = self._values.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
            return hit[1]
        if len(self._values) >= self.limit:
            self._values.clear()
        value = make()
        self._values[key] = (owners, value)
        return value

    def __len__(self) -> int:
        return len(self._values)
