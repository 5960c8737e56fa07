"""Pure builders of LINE messages (the Messaging API's JSON), within LINE's limits.

Nothing here talks to the network; every builder returns plain dictionaries that
``bot.line.client`` sends, and ``problems`` checks them against the limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from bot.api.schemas import ContactOut, CrisisOut, ResultOut
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
MAX_BUTTONS = 3
MAX_CONTACTS_PER_BUBBLE = 2
ACCENT = "#8a3a6b"
MUTED = "#666666"
OPEN = "#1b7f3b"
_TEL_DIGITS = re.compile(r"^[0-9]+$")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tel_uri(value: str) -> str | None:
    """``tel:`` with digits only; short codes such as #8008 have none (shown as text)."""
    digits = value.replace("-", "").replace(" ", "")
    return f"tel:{digits}" if _TEL_DIGITS.match(digits) else None


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


def _open_mark(contact: ContactOut, lang: Lang) -> tuple[str, str]:
    if contact.open_now is True:
        return label("open_now", lang), OPEN
    if contact.open_now is False:
        return label("closed_now", lang), MUTED
    return label("unconfirmed", lang), MUTED


def _small(text: str, *, color: str = MUTED, weight: str = "regular") -> dict[str, Any]:
    return {"type": "text", "text": text, "size": "xs", "color": color, "wrap": True, "weight": weight}


def _contact_box(contact: ContactOut, lang: Lang) -> dict[str, Any]:
    mark, color = _open_mark(contact, lang)
    english = f"（{label('english', lang)}）" if "en" in contact.languages else ""
    checked = f"{label('checked', lang)} {contact.last_verified.isoformat()}"
    return {
        "type": "box",
        "layout": "vertical",
        "spacing": "xs",
        "margin": "md",
        "contents": [
            {
                "type": "text",
                "text": clip(f"{contact.value}{english}", 120),
                "size": "sm",
                "weight": "bold",
                "wrap": True,
            },
            _small(clip(contact.label, 120)),
            _small(clip(contact.hours, 200)),
            _small(f"{mark}・{checked}", color=color),
        ],
    }


def _contact_buttons(contacts: Sequence[ContactOut], lang: Lang) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    for contact in contacts:
        uri = tel_uri(contact.value) if contact.type == "phone" else None
        if uri is None and contact.value.startswith("https://"):
            uri = contact.value
        if uri is None:
            continue
        name = f"{label('call', lang)} {contact.value}" if uri.startswith("tel:") else label("open", lang)
        buttons.append(
            {
                "type": "button",
                "style": "primary" if not buttons else "secondary",
                "color": ACCENT if not buttons else None,
                "height": "sm",
                "action": {
                    "type": "uri",
                    "label": clip(name, MAX_ACTION_LABEL),
                    "uri": uri,
                },
            }
        )
    return [{k: v for k, v in b.items() if v is not None} for b in buttons]


def service_bubble(result: ResultOut, lang: Lang) -> dict[str, Any]:
    contacts = [c for c in result.contacts][:MAX_CONTACTS_PER_BUBBLE]
    body: list[dict[str, Any]] = [
        {"type": "text", "text": clip(result.name, 80), "weight": "bold", "size": "md", "wrap": True},
        {"type": "text", "text": clip(result.summary, 140), "size": "sm", "wrap": True, "margin": "sm"},
    ]
    if contacts:
        via = contacts[0].via
        if via:
            body.append(_small(f"{label('no_contact', lang)}: {clip(via, 60)}", color=ACCENT))
        body += [_contact_box(c, lang) for c in contacts]
    if result.sources:
        body.append(_small(f"{label('source', lang)}: {clip(result.sources[0].label, 80)}"))
    footer = _contact_buttons(contacts, lang)[: MAX_BUTTONS - 1]
    footer.append(
        {
            "type": "button",
            "style": "link",
            "height": "sm",
            "action": postback(label("detail", lang), "detail", id=result.id),
        }
    )
    footer.append(feedback_row(result.id, lang))
    return {
        "type": "bubble",
        "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "contents": body},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer},
    }


def feedback_row(entry_id: str, lang: Lang) -> dict[str, Any]:
    """「役に立った」「情報がちがう」 under each card: counted per entry, nothing about her."""
    buttons = [
        {
            "type": "button",
            "style": "link",
            "height": "sm",
            "color": MUTED,
            "action": postback(label(vote, lang), "fb", display=label(vote, lang), id=entry_id, v=vote),
        }
        for vote in ("helpful", "wrong")
    ]
    return {"type": "box", "layout": "horizontal", "contents": buttons}


def carousel(results: Sequence[ResultOut], lang: Lang, *, alt: str) -> Message:
    bubbles = [service_bubble(r, lang) for r in results[:MAX_BUBBLES]]
    names = "、".join(r.name for r in results[:MAX_BUBBLES])
    return {
        "type": "flex",
        "altText": clip(f"{alt} {names}", MAX_ALT_TEXT),
        "contents": {"type": "carousel", "contents": bubbles},
    }


def crisis_message(crisis: CrisisOut, lang: Lang) -> Message:
    """The emergency contacts, first, with a tap-to-call button for each number that has one."""
    message = crisis.message if lang == "ja" else crisis.message_en
    rows = [
        {
            "type": "box",
            "layout": "vertical",
            "margin": "md",
            "contents": [
                {"type": "text", "text": c.value, "weight": "bold", "size": "lg", "color": ACCENT},
                _small(clip(c.via or c.label, 80)),
                _small(clip(c.hours, 120)),
            ],
        }
        for c in crisis.contacts
    ]
    buttons = [
        {
            "type": "button",
            "style": "primary" if i == 0 else "secondary",
            "height": "sm",
            "action": {
                "type": "uri",
                "label": clip(f"{label('call', lang)} {c.value}", MAX_ACTION_LABEL),
                "uri": uri,
            },
        }
        for i, (c, uri) in enumerate((c, tel_uri(c.value)) for c in crisis.contacts)
        if uri is not None
    ][:4]
    if buttons:
        buttons[0]["color"] = "#b00020"
    numbers = " / ".join(c.value for c in crisis.contacts)
    bubble: dict[str, Any] = {
        "type": "bubble",
        "header": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {"type": "text", "text": label("emergency", lang), "weight": "bold", "color": "#b00020"}
            ],
        },
        "body": {
            "type": "box",
            "layout": "vertical",
            "contents": [{"type": "text", "text": clip(message, 400), "wrap": True, "size": "sm"}, *rows],
        },
    }
    if buttons:
        bubble["footer"] = {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons}
    return {
        "type": "flex",
        "altText": clip(f"{label('emergency', lang)}: {numbers}", MAX_ALT_TEXT),
        "contents": bubble,
    }


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
                out.append(f"{where}: {uri!r} is not digits only")
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
