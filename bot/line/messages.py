"""Pure builders of LINE messages (the Messaging API's JSON), within LINE's limits.

Nothing here talks to the network; every builder returns plain dictionaries that
``bot.line.client`` sends, and ``problems`` checks them against the limits.

Short codes (#8008, #8891, #9110...). An unencoded ``#`` in a URI starts the fragment, so
``tel:#8008`` dials nothing; RFC 3986 §2.2: "If data for a URI component would conflict with a
reserved character's purpose as a delimiter, then the conflicting data must be percent-encoded",
and LINE's URI action (https://developers.line.biz/en/reference/messaging-api/#uri-action) says
"The URI should be percent-encoded using UTF-8". So the button is ``tel:%238008``: Android's dialer
opens with #8008. Apple's Phone links reference (https://developer.apple.com/library/archive/
featuredarticles/iPhoneURLScheme_Reference/PhoneLinks/PhoneLinks.html) says "if a URL contains
the * or # characters, the Phone app does not attempt to dial the corresponding phone number";
later iOS releases were reported to dial the encoded form, but not reliably. So a short code is
also shown large, and its card has a clipboard action (LINE 14.0.0 and later) to copy the number
into the phone app by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from bot.line.copy import Lang, label

Message = dict[str, Any]

MAX_MESSAGES = 5
MAX_TEXT = 5000
MAX_BUBBLES = 12
MAX_FLEX_BYTES = 50_000
MAX_QUICK_REPLY = 13
MAX_ACTION_LABEL = 20
MAX_ALT_TEXT = 1500
MAX_POSTBACK_DATA = 300
_TEL_DIGITS = re.compile(r"^(?:%23)?[0-9]+$")
_SHORT_CODE = re.compile(r"^#[0-9]{3,4}$")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tel_uri(value: str) -> str | None:
    """``tel:`` with digits only, or ``tel:%23`` and digits for a short code such as #8008."""
    digits = value.replace("-", "").replace(" ", "")
    if _SHORT_CODE.match(digits):
        return "tel:%23" + digits[1:]
    return f"tel:{digits}" if _TEL_DIGITS.match(digits) else None


def is_short_code(value: str) -> bool:
    return bool(_SHORT_CODE.match(value.replace("-", "").replace(" ", "")))


def copy_button(value: str, lang: Lang) -> dict[str, Any]:
    """Copies a short code, for phones whose dialer refuses ``#`` in a link."""
    return {
        "type": "button",
        "style": "secondary",
        "height": "sm",
        "action": {
            "type": "clipboard",
            "label": clip(f"{label('copy', lang)} {value}", MAX_ACTION_LABEL),
            "clipboardText": value,
        },
    }


def postback_data(action: str, **params: str) -> str:
    data = urlencode({"a": action, **params})
    if len(data) > MAX_POSTBACK_DATA:
        raise ValueError(f"postback data over {MAX_POSTBACK_DATA} characters")
    return data


def postback(action_label: str, action: str, *, display: str | None = None, **params: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "postback",
        "label": clip(action_label, MAX_ACTION_LABEL),
        "data": postback_data(action, **params),
    }
    if display:
        out["displayText"] = clip(display, 300)
    return out


def quick_reply(actions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"items": [{"type": "action", "action": a} for a in actions[:MAX_QUICK_REPLY]]}


def text_message(body: str, *, quick: Sequence[dict[str, Any]] = ()) -> Message:
    message: Message = {"type": "text", "text": clip(body, MAX_TEXT)}
    if quick:
        message["quickReply"] = quick_reply(quick)
    return message


def neutral_alt(lang: Lang) -> str:
    """What a notification or the chat list shows: never a service, a harm or a number."""
    return label("alt_neutral", lang)


def problems(messages: Sequence[Message]) -> list[str]:
    """Every way ``messages`` break the Messaging API's limits (empty when they fit)."""
    out: list[str] = []
    if not 1 <= len(messages) <= MAX_MESSAGES:
        out.append(f"{len(messages)} messages (1 to {MAX_MESSAGES} allowed)")
    for i, message in enumerate(messages):
        where = f"message {i + 1}"
        if message.get("type") == "text" and not 1 <= len(message.get("text", "")) <= MAX_TEXT:
            out.append(f"{where}: text of {len(message.get('text', ''))} characters")
        if message.get("type") == "flex":
            if not 1 <= len(message.get("altText", "")) <= MAX_ALT_TEXT:
                out.append(f"{where}: altText of {len(message.get('altText', ''))} characters")
            contents = message.get("contents", {})
            if (
                contents.get("type") == "carousel"
                and not 1 <= len(contents.get("contents", [])) <= MAX_BUBBLES
            ):
                out.append(f"{where}: {len(contents.get('contents', []))} bubbles")
            size = len(json.dumps(contents, ensure_ascii=False).encode())
            if size > MAX_FLEX_BYTES:
                out.append(f"{where}: flex contents of {size} bytes")
        items = message.get("quickReply", {}).get("items", [])
        if len(items) > MAX_QUICK_REPLY:
            out.append(f"{where}: {len(items)} quick replies")
        for action in _actions(message):
            if len(action.get("label", "")) > MAX_ACTION_LABEL:
                out.append(f"{where}: action label {action['label']!r} over {MAX_ACTION_LABEL}")
            if action.get("type") == "postback" and len(action.get("data", "")) > MAX_POSTBACK_DATA:
                out.append(f"{where}: postback data over {MAX_POSTBACK_DATA}")
            uri = action.get("uri", "")
            if uri.startswith("tel:") and not _TEL_DIGITS.match(uri[4:]):
                out.append(f"{where}: {uri!r} is not digits only (a short code is tel:%23 and digits)")
            if action.get("type") == "clipboard" and not 1 <= len(action.get("clipboardText", "")) <= 1000:
                out.append(f"{where}: clipboard text of {len(action.get('clipboardText', ''))} characters")
    return out


def _actions(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        action = node.get("action")
        if isinstance(action, dict) and "type" in action:
            found.append(action)
        for value in node.values():
            found += _actions(value)
    elif isinstance(node, list):
        for value in node:
            found += _actions(value)
    return found
