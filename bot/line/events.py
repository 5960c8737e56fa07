"""What the conversation is given (an event, read from LINE's webhook or typed in ``chat``) and
what it answers (the messages, the entries shown, whether danger was found)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.line.messages import Message

Kind = Literal["follow", "unfollow", "text", "postback", "location", "media", "join", "unknown"]
Source = Literal["user", "group", "room"]


@dataclass(frozen=True)
class Incoming:
    kind: Kind
    source: Source = "user"
    state_key: str | None = None  # an HMAC of the user, group or room id
    text: str = ""
    data: str = ""
    address: str = ""


@dataclass(frozen=True)
class Reply:
    messages: list[Message] = field(default_factory=list)
    entry_ids: tuple[str, ...] = ()
    crisis: bool = False
