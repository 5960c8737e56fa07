"""What the servers warned about during a load test, counted by message with the ids left out.

The servers log event types, event ids and exception names, never what a person
wrote; this only groups those lines so that the report can say why replies went
missing (``reply failed (ConnectionTimeoutError)`` x 430) without opening the logs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

LEVELS = ("WARNING", "ERROR", "CRITICAL", "Traceback")
_STAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T][\d:.,]+\s+")
_ID = re.compile(r"\b(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{16,}\b")  # ids have digits; exception names do not
_SPACES = re.compile(r"\s+")
MAX_KEY = 160


def warning_key(line: str) -> str | None:
    """The line without its time stamp and ids, or ``None`` for a line below WARNING."""
    if not any(level in line for level in LEVELS):
        return None
    text = _ID.sub("…", _STAMP.sub("", line.strip()))
    return _SPACES.sub(" ", text)[:MAX_KEY]


def warnings_in(paths: Iterable[Path]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for path in paths:
        try:
            with path.open(errors="replace") as lines:
                counts.update(key for line in lines if (key := warning_key(line)) is not None)
        except OSError:
            continue
    return dict(counts.most_common())
