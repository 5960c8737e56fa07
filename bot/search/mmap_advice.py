"""Tell the kernel that Sudachi reads its dictionary at random.

The dictionary (about 200 MB) is a file mapped read-only into the process. By
default Linux maps 64 KB of neighbouring pages on every page Sudachi touches,
and readahead at open maps most of the file: the process then shows nearly the
whole dictionary as resident although a search uses a small part of it.
``MADV_RANDOM`` stops both; the pages stay in the shared page cache, so a later
touch costs a minor fault, not a disk read. Elsewhere than Linux this does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

MADV_RANDOM = 1
MADV_DONTNEED = 4  # on a read-only file mapping: unmap now, refault from the page cache


def advise_random(file_name: str) -> int:
    """Advise every read-only mapping of ``file_name``; returns the bytes advised."""
    maps = Path("/proc/self/maps")
    if not sys.platform.startswith("linux") or not maps.exists():
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    madvise.restype = ctypes.c_int
    advised = 0
    for line in maps.read_text().splitlines():
        fields = line.split()
        if len(fields) < 6 or not fields[5].endswith(file_name) or "w" in fields[1]:
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if madvise(start, end - start, MADV_RANDOM) == 0:
            madvise(start, end - start, MADV_DONTNEED)
            advised += end - start
    if advised:
        log.debug("advised random access on %d MB of %s", advised >> 20, file_name)
    return advised
