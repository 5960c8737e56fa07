"""The state-store interface and its in-process implementation.

Four things are kept, each for as short as it is needed: claims on webhook
event ids (24 hours, longer than LINE redelivers), per-person conversation state
(30 minutes), per-person rate-limit windows (a minute) and feedback counters
(per entry, no person in them). ``RedisStore`` (bot/state/redis_store.py) is the
same interface shared by replicas.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

EVENT_TTL_SECONDS = 24 * 3600  # longer than LINE keeps redelivering an event
CONVERSATION_TTL_SECONDS = 30 * 60
MAX_ITEMS = 100_000


def rate_key(key: str) -> str:
    """The per-minute (or per-hour) request count kept for one pseudonymous id."""
    return f"rate:{key}"


def hashed_key(secret: bytes, kind: str, raw_id: str) -> str:
    """A stable key for a LINE user, group or room id that does not reveal the id."""
    digest = hmac.new(secret, f"{kind}:{raw_id}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:40]}"


class StateStore(Protocol):
    def claim(self, key: str, ttl: int) -> bool:
        """True the first time ``key`` is claimed within ``ttl`` seconds."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any], ttl: int) -> None: ...

    def delete(self, *keys: str) -> None: ...

    def hit(self, key: str, window: int) -> int:
        """Count one more hit in the fixed window of ``window`` seconds; the count so far."""

    def incr(self, counter: str, field: str, amount: int = 1) -> None:
        """Add to a named counter that does not expire (feedback counts)."""

    def counters(self, counter: str) -> dict[str, int]:
        """Every field of a named counter; raises ``StoreUnavailable`` if it cannot be read."""

    def close(self) -> None:
        """Let go of what the store holds open (connections, threads) when the service stops."""


class StoreUnavailable(RuntimeError):
    """The shared store cannot be reached to read something that only it holds."""


class MemoryStore:
    """One process's state: a bounded dictionary with expiry, safe across threads.

    Counters are kept apart from the expiring items; with ``counters_path`` they are
    also written to that JSON file at each change (atomically), so they outlive a
    restart and ``python -m bot kb feedback`` can read them.
    """

    def __init__(
        self,
        *,
        max_items: int = MAX_ITEMS,
        clock: Any = time.monotonic,
        counters_path: Path | None = None,
    ) -> None:
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_items
        self._clock = clock
        self._counters_path = counters_path
        self._counters: dict[str, dict[str, int]] = read_counters(counters_path) if counters_path else {}

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

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._items.pop(key, None)

    def hit(self, key: str, window: int) -> int:
        with self._lock:
            now = self._clock()
            raw = self._live(key, now)
            if raw is None:
                self._set(key, "1", window, now)
                return 1
            expires = self._items[key][0]
            count = int(raw) + 1
            self._items[key] = (expires, str(count))  # the window does not move
            return count

    def incr(self, counter: str, field: str, amount: int = 1) -> None:
        with self._lock:
            fields = self._counters.setdefault(counter, {})
            fields[field] = fields.get(field, 0) + amount
            if self._counters_path is not None:
                write_counters(self._counters_path, self._counters)

    def counters(self, counter: str) -> dict[str, int]:
        with self._lock:
            return dict(self._counters.get(counter, {}))

    def close(self) -> None:
        """Nothing to let go of: counters are written at each change."""

    def __len__(self) -> int:
        return len(self._items)


def read_counters(path: Path) -> dict[str, dict[str, int]]:
    """The counters file, or nothing if it does not exist yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        str(name): {str(k): int(v) for k, v in fields.items()}
        for name, fields in data.get("counters", {}).items()
    }


def write_counters(path: Path, counters: dict[str, dict[str, int]]) -> None:
    """Replace the file in one step, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"counters": counters}, out, ensure_ascii=False, sort_keys=True, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
