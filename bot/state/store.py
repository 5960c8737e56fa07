"""The state-store interface and its in-process implementation."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict
from typing import Any, Protocol

EVENT_TTL_SECONDS = 24 * 3600  # longer than LINE keeps redelivering an event
CONVERSATION_TTL_SECONDS = 30 * 60
MAX_ITEMS = 100_000


def hashed_key(secret: bytes, kind: str, raw_id: str) -> str:
    """A stable key for a LINE user, group or room id that does not reveal the id."""
    digest = hmac.new(secret, f"{kind}:{raw_id}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:40]}"


class StateStore(Protocol):
    def claim(self, key: str, ttl: int) -> bool:
        """True the first time ``key`` is claimed within ``ttl`` seconds."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any], ttl: int) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryStore:
    """One process's state: a bounded dictionary with expiry, safe across threads."""

    def __init__(self, *, max_items: int = MAX_ITEMS, clock: Any = time.monotonic) -> None:
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_items
        self._clock = clock

    def _live(self, key: str, now: float) -> str | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] <= now:
            del self._items[key]
            return None
        return item[1]

    def _set(self, key: str, value: str, ttl: int, now: float) -> None:
        self._items[key] = (now + ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def claim(self, key: str, ttl: int) -> bool:
        with self._lock:
            now = self._clock()
            if self._live(key, now) is not None:
                return False
            self._set(key, "1", ttl, now)
            return True

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            raw = self._live(key, self._clock())
        return json.loads(raw) if raw is not None else None

    def put(self, key: str, value: dict[str, Any], ttl: int) -> None:
        encoded = json.dumps(value, ensure_ascii=False)
        with self._lock:
            self._set(key, encoded, ttl, self._clock())

    def delete(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)
