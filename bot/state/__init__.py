"""What the service keeps between requests, and nothing more.

Keys are derived from LINE ids with an HMAC, so a raw user id is never held; values
are small JSON documents (which entries were shown, text-only mode), never what a
person wrote. Everything expires.
"""

from bot.state.store import MemoryStore, StateStore, hashed_key

__all__ = ["MemoryStore", "StateStore", "hashed_key"]
