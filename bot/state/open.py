"""The store a process uses: Redis when ``REDIS_URL`` is set, else its own memory."""

from __future__ import annotations

import logging
import secrets

from bot.settings import Settings
from bot.state.store import MemoryStore, StateStore

log = logging.getLogger(__name__)
COUNTERS_FILE = "counters.json"


def open_store(settings: Settings) -> StateStore:
    if settings.redis_url:
        from bot.state.redis_store import RedisStore

        return RedisStore(settings.redis_url, prefix=settings.redis_prefix)
    return MemoryStore(counters_path=settings.state_dir / COUNTERS_FILE)


def state_secret(settings: Settings) -> bytes:
    """The HMAC key for keys derived from people's ids (never stored as they are)."""
    for value in (settings.state_secret, settings.line_channel_secret):
        if value is not None and value.get_secret_value():
            return value.get_secret_value().encode()
    # Only web visitors' rate limits use it then; a fresh key per process is enough.
    return secrets.token_bytes(32)
