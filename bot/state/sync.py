"""Keep replicas on one knowledge base: a reload on one is announced, the others follow.

The announcement is a version key in the shared store (it outlives a Redis
restart when Redis keeps an append-only file, and a replica that missed a
message still sees it). Each replica checks it every few seconds in a thread;
when it names a version other than the one being served, the replica reloads
from its own copy of the knowledge files, with the same validation as
``POST /admin/reload``. If the files there do not give that version (the new
files have not reached this replica yet) it says so once and tries again when
the announcement changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from bot.catalog.errors import KnowledgeBaseError
from bot.state.store import StateStore

log = logging.getLogger(__name__)
ANNOUNCE_KEY = "kb:announced"
ANNOUNCE_TTL = 365 * 24 * 3600


class KnowledgeSync:
    def __init__(
        self,
        store: StateStore,
        *,
        serving: Callable[[], str],
        reload: Callable[[], str],
        interval: float,
    ) -> None:
        self._store = store
        self._serving = serving  # the version this replica serves
        self._reload = reload  # reloads from disk, returns the version now served
        self._interval = interval
        self._tried: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def announce(self, version: str) -> None:
        when = datetime.now(UTC).isoformat(timespec="seconds")
        self._store.put(ANNOUNCE_KEY, {"version": version, "at": when}, ANNOUNCE_TTL)
        self._tried = version

    def announced(self) -> str | None:
        value = self._store.get(ANNOUNCE_KEY)
        version = value.get("version") if value else None
        return version if isinstance(version, str) else None

    def start(self) -> None:
        """At start the files on disk were just loaded: note the announcement, do not chase it."""
        announced = self.announced()
        if announced is None:
            self.announce(self._serving())
        elif announced != self._serving():
            self._tried = announced
            log.warning(
                "knowledge base %s serving here; %s was announced by another replica",
                self._serving(),
                announced,
            )
        self._thread = threading.Thread(target=self._run, name="kb-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.check()
            except Exception:  # the loop must outlive any one failure
                log.exception("knowledge sync check failed")

    def check(self) -> bool:
        """Follow an announced version; True when this replica reloaded."""
        target = self.announced()
        if target is None or target == self._serving() or target == self._tried:
            return False
        self._tried = target
        try:
            now = self._reload()
        except KnowledgeBaseError as exc:
            log.error(
                "announced knowledge base %s refused here (%d problems); still serving %s",
                target,
                len(exc.problems),
                self._serving(),
            )
            return False
        if now != target:
            log.warning("announced knowledge base %s, but the files here give %s", target, now)
        return True
