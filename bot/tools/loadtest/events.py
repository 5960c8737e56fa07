"""Webhook events as LINE sends them: text, postbacks and follows, signed, some redelivered.

Every event has its own ``webhookEventId`` and ``replyToken``; a redelivery is the
same event (same id, same token) with ``deliveryContext.isRedelivery`` set, in a new
body signed again. Senders are drawn from a pool of user ids large enough that the
per-user rate limit is not what the test measures.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

TEXT_SHARE = 0.85  # the rest: postbacks, then follows
POSTBACK_SHARE = 0.10
REDELIVERY_SHARE = 0.10
REDELIVERY_DELAY = (1.0, 3.0)  # seconds after the first delivery
POSTBACK_ACTIONS = ("safety", "help")
_ID_ALPHABET = string.digits + string.ascii_uppercase


def sign(body: bytes, secret: str) -> str:
    """``X-Line-Signature``: base64 of the HMAC-SHA256 of the body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def body_of(events: Sequence[dict[str, Any]], *, destination: str) -> bytes:
    return json.dumps({"destination": destination, "events": list(events)}, ensure_ascii=False).encode()


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    reply_token: str
    kind: str  # message.text, postback or follow
    payload: dict[str, Any]

    @property
    def redelivery(self) -> bool:
        return bool(self.payload["deliveryContext"]["isRedelivery"])

    def redelivered(self) -> WebhookEvent:
        """The same event as LINE sends it again: same id and reply token, marked."""
        payload = {**self.payload, "deliveryContext": {"isRedelivery": True}}
        return WebhookEvent(self.event_id, self.reply_token, self.kind, payload)


@dataclass(frozen=True)
class Delivery:
    """One POST /callback: the body, its signature and the event it carries."""

    event: WebhookEvent
    body: bytes
    signature: str

    def headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json", "X-Line-Signature": self.signature}


class EventFactory:
    """Builds events from the knowledge base's example messages; deterministic for a seed."""

    def __init__(
        self,
        *,
        secret: str,
        texts: Sequence[str],
        topics: Sequence[str],
        users: int = 5000,
        seed: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not texts:
            raise ValueError("no example messages to send")
        self._secret = secret
        self._texts = list(texts)
        self._postbacks = [f"a=topic&t={t}" for t in topics] + [f"a={a}" for a in POSTBACK_ACTIONS]
        self._rng = random.Random(seed)
        self._users = [f"U{self._rng.getrandbits(128):032x}" for _ in range(max(1, users))]
        self._destination = f"U{self._rng.getrandbits(128):032x}"
        self._prefix = "01" + "".join(self._rng.choices(_ID_ALPHABET, k=10))
        self._serial = 0
        self._clock = clock

    def _next_ids(self) -> tuple[str, str]:
        self._serial += 1
        event_id = f"{self._prefix}{self._serial:014d}"  # 26 characters, like LINE's ULIDs
        return event_id, f"{self._rng.getrandbits(128):032x}"

    def event(self) -> WebhookEvent:
        """A text message, a postback or a follow, in the shares a real channel sees."""
        return self._event(self._rng.random())

    def text_event(self, text: str) -> WebhookEvent:
        """A text message event carrying ``text``, from one of the senders."""
        return self._event(0.0, text=text)

    def _event(self, draw: float, *, text: str | None = None) -> WebhookEvent:
        event_id, reply_token = self._next_ids()
        payload: dict[str, Any] = {
            "mode": "active",
            "timestamp": int(self._clock() * 1000),
            "source": {"type": "user", "userId": self._rng.choice(self._users)},
            "webhookEventId": event_id,
            "deliveryContext": {"isRedelivery": False},
            "replyToken": reply_token,
        }
        if draw < TEXT_SHARE:
            kind = "message.text"
            payload["type"] = "message"
            payload["message"] = {
                "type": "text",
                "id": str(self._serial),
                "quoteToken": f"q{self._serial}",
                "text": self._rng.choice(self._texts) if text is None else text,
            }
        elif draw < TEXT_SHARE + POSTBACK_SHARE:
            kind = "postback"
            payload["type"] = "postback"
            payload["postback"] = {"data": self._rng.choice(self._postbacks)}
        else:
            kind = "follow"
            payload["type"] = "follow"
            payload["follow"] = {"isUnblocked": False}
        return WebhookEvent(event_id, reply_token, kind, payload)

    def deliver(self, event: WebhookEvent) -> Delivery:
        body = body_of([event.payload], destination=self._destination)
        return Delivery(event=event, body=body, signature=sign(body, self._secret))

    def redelivery_delay(self) -> float | None:
        """Seconds until this event comes again, or ``None`` (most events come once)."""
        if self._rng.random() >= REDELIVERY_SHARE:
            return None
        return self._rng.uniform(*REDELIVERY_DELAY)
