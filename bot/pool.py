"""Searches run in a few threads of their own, never on the event loop.

A search is a millisecond for most messages and tens of milliseconds for a long one; on the
event loop, a flood of long ones would hold up every other request (``/healthz``, the LINE
webhook's acknowledgement). Here at most ``threads`` run at once and the rest wait their turn,
while the event loop keeps answering. Each thread keeps its own Sudachi tokenizer (the
analyzer holds one per thread: a tokenizer must not be shared between threads).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
THREAD_NAME = "search"


class SearchPool:
    def __init__(self, threads: int) -> None:
        self.threads = max(1, threads)
        self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix=THREAD_NAME)

    async def run(self, work: Callable[[], T]) -> T:
        """``work()`` in one of the pool's threads; a request that goes away while waiting its
        turn is dropped from the queue."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
