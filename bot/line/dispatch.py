"""From the SDK's webhook events to ``Incoming``: a table by event and message type."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linebot.v3.models.events import UnknownEvent
from linebot.v3.webhooks import (
    AudioMessageContent,
    Event,
    FileMessageContent,
    FollowEvent,
    ImageMessageContent,
    JoinEvent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    VideoMessageContent,
)

from bot.line.events import Incoming, Kind, Source
from bot.state.store import hashed_key


@dataclass(frozen=True)
class Accepted:
    """An event worth answering: what it says, where to reply, and what to log."""

    incoming: Incoming
    reply_token: str | None
    event_id: str
    event_type: str
    # What makes the event answered once, in the state store: its webhook event id, or
    # without one its message's id, or its reply token (hashed: it can send a reply).
    claim_key: str = ""


def _message(event: MessageEvent) -> tuple[Kind, str, str]:
    content = event.message
    for cls, kind in MESSAGE_KINDS.items():
        if isinstance(content, cls):
            if isinstance(content, TextMessageContent):
                return kind, content.text, ""
            if isinstance(content, LocationMessageContent):
                return kind, "", content.address or ""
            return kind, "", ""
    return "unknown", "", ""


MESSAGE_KINDS: dict[type, Kind] = {
    TextMessageContent: "text",
    LocationMessageContent: "location",
    StickerMessageContent: "media",
    ImageMessageContent: "media",
    VideoMessageContent: "media",
    AudioMessageContent: "media",
    FileMessageContent: "media",
}

EVENT_KINDS: dict[type, Callable[[Event], tuple[Kind, str, str]]] = {
    MessageEvent: lambda e: _message(e),
    FollowEvent: lambda e: ("follow", "", ""),
    UnfollowEvent: lambda e: ("unfollow", "", ""),
    PostbackEvent: lambda e: ("postback", "", e.postback.data or ""),
    JoinEvent: lambda e: ("join", "", ""),
}


def _source(source: dict[str, Any], secret: bytes) -> tuple[Source, str | None]:
    kind = source.get("type")
    if kind == "group" and source.get("groupId"):
        return "group", hashed_key(secret, "group", str(source["groupId"]))
    if kind == "room" and source.get("roomId"):
        return "room", hashed_key(secret, "room", str(source["roomId"]))
    if kind == "user" and source.get("userId"):
        return "user", hashed_key(secret, "user", str(source["userId"]))
    return "user", None


def read(raw: Any, secret: bytes) -> Accepted | None:
    """One event of a webhook's body, read as the SDK's ``WebhookParser`` reads it (its model,
    or ``UnknownEvent`` for a type this SDK does not know), and accepted or not."""
    try:
        event = Event.from_dict(raw)
    except ValueError:
        event = UnknownEvent.new_from_json_dict(raw)
    return accept(event, raw if isinstance(raw, dict) else {}, secret)


def accept(event: Event, raw: dict[str, Any], secret: bytes) -> Accepted | None:
    """``None`` for events that get no reply (unsent, left, read...).

    ``raw`` is the event's JSON: the SDK drops the reply token of a message type it does
    not know, and such a message still deserves an answer.
    """
    handler = next((h for cls, h in EVENT_KINDS.items() if isinstance(event, cls)), None)
    if handler is not None:
        kind, body, extra = handler(event)
    elif raw.get("type") == "message":
        kind, body, extra = "unknown", "", ""
    else:
        return None
    source, key = _source(raw.get("source") or {}, secret)
    reply_token = raw.get("replyToken")
    if kind != "unfollow" and not reply_token:
        return None
    incoming = Incoming(
        kind=kind,
        source=source,
        state_key=key,
        text=body if kind == "text" else "",
        data=extra if kind == "postback" else "",
        address=extra if kind == "location" else "",
    )
    event_type = str(raw.get("type", "unknown"))
    if event_type == "message":
        event_type = f"message.{(raw.get('message') or {}).get('type', 'unknown')}"[:40]
    event_id = str(raw.get("webhookEventId") or "")
    return Accepted(
        incoming=incoming,
        reply_token=str(reply_token) if reply_token else None,
        event_id=event_id,
        event_type=event_type,
        claim_key=_claim_key(raw, event_id, reply_token),
    )


def _claim_key(raw: dict[str, Any], event_id: str, reply_token: object) -> str:
    """``event:<id>``; a redelivery missing its id is still the same message, or the same token."""
    if event_id:
        return f"event:{event_id}"
    message = raw.get("message")
    message_id = message.get("id") if isinstance(message, dict) else None
    if message_id:
        return f"event:msg:{str(message_id)[:64]}"
    if reply_token:
        return "event:token:" + hashlib.sha256(str(reply_token).encode()).hexdigest()[:32]
    return ""
