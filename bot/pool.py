"""Searches of long messages run in a few threads of their own, off the event loop.

A search is a millisecond for most messages and tens of milliseconds for a long one; on the
event loop, a flood of long ones would hold up every other request (``/healthz``, the LINE
webhook's acknowledgement). Here at most ``threads`` run at once and the rest wait their turn,
while the event loop keeps answering. Each thread keeps its own Sudachi tokenizer (the
analyzer holds one per thread: a tokenizer must not be shared between threads).

A short message is searched on the event loop itself (``run_search``) when it is the only
search at that moment: what a search costs is bounded by the length of what it reads, and a
short one costs little more than handing it to a thread and back (~0.3 ms). When others are
in the pool or arrive with it (a flood), it goes to the pool too: searches queued on the event
loop would hold up ``/healthz`` by the sum of their costs (hundreds of milliseconds with 32
clients sending 64 characters of random kana; ~5 ms through the pool).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
THREAD_NAME = "search"
# Messages up to this many characters are searched on the event loop: most messages people
# write (the examples' median is 23, their longest 71); a search of 64 characters of random
# kana, the costliest kind, takes a few milliseconds.
ON_LOOP_MAX_CHARS = 64


class SearchPool:
    def __init__(self, threads: int) -> None:
        self.threads = max(1, threads)
        self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix=THREAD_NAME)
        # Read and written on the event loop only.
        self._in_pool = 0  # searches handed to the pool and not yet back
        self._arriving = 0  # short searches looking whether they are alone

    async def run(self, work: Callable[[], T]) -> T:
        """``work()`` in one of the pool's threads; a request that goes away while waiting its
        turn is dropped from the queue."""
        self._in_pool += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, work)
        finally:
            self._in_pool -= 1

    async def run_search(self, text: str, work: Callable[[], T]) -> T:
        """``work()``, a search of ``text``: on the event loop for a short message searched alone,
        else in the pool."""
        if len(text) > ON_LOOP_MAX_CHARS or self._in_pool:
            return await self.run(work)
        self._arriving += 1
        try:
            await asyncio.sleep(0)  # the requests that came in with this one reach here meanwhile
            alone = self._arriving == 1 and not self._in_pool
        finally:
            self._arriving -= 1
        return work() if alone else await self.run(work)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
