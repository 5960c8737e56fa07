"""The state store shared by replicas, in Redis, failing open when Redis is away.

A missed answer to a woman is worse than a duplicate, so no call here raises
when Redis cannot be reached. Instead the process carries on with its own
``MemoryStore``, logs one warning for the outage, and when Redis answers again it
first writes back the event claims, counter increments and deletions made
meanwhile, so a redelivery that reaches another replica after the outage is still
recognised and what a person asked to erase is erased there too.
A claim is written back with SET NX: where another replica claimed the same event
first, its claim stands. While Redis is away a thread tries it every
``retry_interval``, so the write-back happens as soon as Redis answers, not at
this replica's next request.

A claim made in the first ``claim_grace`` seconds of an outage waits for Redis
(a restart takes well under a second) before falling back: it runs off the
request path, and waiting briefly avoids answering a redelivered event twice.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import redis

from bot import metrics
from bot.state.store import MemoryStore, StoreUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_PREFIX = "twsf:"
SOCKET_TIMEOUT = 0.5
RETRY_INTERVAL = 0.25  # while Redis is away, try it again at most this often
CLAIM_GRACE = 2.0
MAX_PENDING = 100_000


class _Down:
    """Redis did not answer (a sentinel, so ``None`` can stay a real answer)."""


DOWN = _Down()


@dataclass(frozen=True)
class _PendingClaim:
    key: str
    expires: float  # on the store's clock


@dataclass(frozen=True)
class _PendingIncr:
    counter: str
    field: str
    amount: int


@dataclass(frozen=True)
class _PendingDelete:
    """An erasure asked for while Redis was away: carried out there when it answers."""

    keys: tuple[str, ...]


_Pending = _PendingClaim | _PendingIncr | _PendingDelete


class RedisStore:
    def __init__(
        self,
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        socket_timeout: float = SOCKET_TIMEOUT,
        claim_grace: float = CLAIM_GRACE,
        retry_interval: float = RETRY_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.redis = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            decode_responses=True,
        )
        self.prefix = prefix
        self.local = MemoryStore(clock=clock)
        self._claim_grace = claim_grace
        self._retry_interval = retry_interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._recovering = threading.Lock()  # one write-back at a time
        self._closed = threading.Event()
        self._reconciler: threading.Thread | None = None
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._pending: list[_Pending] = []

    # --- the outage machinery ----------------------------------------------------------------
    @property
    def reachable(self) -> bool:
        return self._down_since is None

    def _call(self, operation: str, fn: Callable[[redis.Redis], T]) -> T | _Down:
        recovering = self._down_since is not None
        if recovering and (self._clock() < self._retry_at or not self._recover()):
            return DOWN
        try:
            return fn(self.redis)
        except redis.RedisError as exc:
            self._went_down(operation, exc)
            return DOWN

    def _went_down(self, operation: str, exc: Exception) -> None:
        metrics.STORE_ERRORS.labels(operation).inc()
        now = self._clock()
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = now
            self._retry_at = now + self._retry_interval
            reconciler = None
            if self._reconciler is None and not self._closed.is_set():
                reconciler = threading.Thread(target=self._reconcile, name="redis-reconcile", daemon=True)
                self._reconciler = reconciler
        if reconciler is not None:
            reconciler.start()
        if first:
            log.warning(
                "state store: redis unreachable (%s); replies go on with this process's memory",
                type(exc).__name__,
            )

    def _reconcile(self) -> None:
        """While Redis is away: try it every retry interval, and write back as soon as it answers."""
        while not self._closed.wait(self._retry_interval):
            with self._lock:
                if self._down_since is None:
                    self._reconciler = None
                    return
            self._recover()
        with self._lock:
            self._reconciler = None

    def _recover(self) -> bool:
        """Ping; if Redis answers, write back what was done meanwhile, then use it again."""
        with self._recovering:
            if self._down_since is None:
                return True  # another thread has just written back
            try:
                self.redis.ping()
            except redis.RedisError as exc:
                self._went_down("ping", exc)
                return False
            with self._lock:
                pending, self._pending = self._pending, []
                since = self._down_since
            try:
                written = self._write_back(pending)
            except redis.RedisError as exc:
                with self._lock:
                    self._pending = pending + self._pending
                self._went_down("write_back", exc)
                return False
            with self._lock:
                self._down_since = None
        log.warning(
            "state store: redis reachable again after %.1f s; %d claims, counts and deletions written back",
            self._clock() - since,
            written,
        )
        return True

    def _write_back(self, pending: list[_Pending]) -> int:
        now = self._clock()
        pipe = self.redis.pipeline(transaction=False)
        for item in pending:
            if isinstance(item, _PendingClaim):
                left = int(item.expires - now)
                if left > 0:
                    pipe.set(self.prefix + item.key, "1", nx=True, ex=left)
            elif isinstance(item, _PendingDelete):
                pipe.delete(*(self.prefix + key for key in item.keys))
            else:
                pipe.hincrby(self.prefix + item.counter, item.field, item.amount)
        pipe.execute()
        return len(pending)

    def _remember(self, item: _Pending) -> None:
        with self._lock:
            if isinstance(item, _PendingDelete):
                # What she asked to erase is erased: no claim of hers made meanwhile is written back
                # after it, and the deletion itself is kept whatever the limit.
                gone = set(item.keys)
                self._pending = [
                    p for p in self._pending if not (isinstance(p, _PendingClaim) and p.key in gone)
                ]
                self._pending.append(item)
            elif len(self._pending) < MAX_PENDING:
                self._pending.append(item)

    def _in_grace(self) -> bool:
        since = self._down_since
        return since is not None and self._clock() - since < self._claim_grace

    # --- the interface -----------------------------------------------------------------------
    def claim(self, key: str, ttl: int) -> bool:
        # Each claim writes its own token: if Redis executed the SET but the answer was lost
        # (it went away mid-command), the retry finds its own token, not someone else's claim.
        token = secrets.token_hex(8)
        interrupted = False
        while True:
            result = self._call("claim", lambda r: r.set(self.prefix + key, token, nx=True, ex=ttl))
            if not isinstance(result, _Down):
                if result or not interrupted:
                    return bool(result)
                held = self._call("claim", lambda r: r.get(self.prefix + key))
                if not isinstance(held, _Down):
                    return held == token
            interrupted = True
            if not self._in_grace():
                break
            self._sleep(self._retry_interval / 2)
        if not self.local.claim(key, ttl):
            return False
        self._remember(_PendingClaim(key, self._clock() + ttl))
        return True

    def get(self, key: str) -> dict[str, Any] | None:
        raw = self._call("get", lambda r: r.get(self.prefix + key))
        if isinstance(raw, _Down) or raw is None:
            return self.local.get(key)  # state begun while Redis was away
        value = json.loads(raw)
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any], ttl: int) -> None:
        encoded = json.dumps(value, ensure_ascii=False)
        done = self._call("put", lambda r: r.set(self.prefix + key, encoded, ex=ttl))
        if isinstance(done, _Down):
            self.local.put(key, value, ttl)
        else:
            self.local.delete(key)

    def delete(self, *keys: str) -> None:
        if not keys:
            return
        self.local.delete(*keys)
        done = self._call("delete", lambda r: r.delete(*(self.prefix + key for key in keys)))
        if isinstance(done, _Down):
            self._remember(_PendingDelete(keys))

    def hit(self, key: str, window: int) -> int:
        def count(r: redis.Redis) -> int:
            pipe = r.pipeline(transaction=True)
            pipe.set(self.prefix + key, 0, ex=window, nx=True)  # the window starts with the first hit
            pipe.incr(self.prefix + key)  # INCR keeps the expiry
            return int(pipe.execute()[1])

        result = self._call("hit", count)
        return self.local.hit(key, window) if isinstance(result, _Down) else result

    def incr(self, counter: str, field: str, amount: int = 1) -> None:
        done = self._call("incr", lambda r: r.hincrby(self.prefix + counter, field, amount))
        if isinstance(done, _Down):
            self._remember(_PendingIncr(counter, field, amount))

    def counters(self, counter: str) -> dict[str, int]:
        raw = self._call("counters", lambda r: r.hgetall(self.prefix + counter))
        if isinstance(raw, _Down):
            raise StoreUnavailable("redis cannot be reached to read the counters")
        return {str(k): int(v) for k, v in raw.items()}

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            reconciler = self._reconciler
        if reconciler is not None:
            reconciler.join(timeout=5)
        self.redis.close()
