"""The cards she sees on LINE: a service as a bubble (summary, hours and whether it is open now,
last checked, source, tap-to-call and copy buttons, the votes), a carousel of them, and the
crisis card with the emergency numbers first. Pure builders, within LINE's limits (``messages``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.line.copy import Lang, label
from bot.line.messages import (
    MAX_ACTION_LABEL,
    MAX_BUBBLES,
    Message,
    clip,
    copy_button,
    is_short_code,
    neutral_alt,
    postback,
    tel_uri,
)
from bot.present.hours import when_text
from bot.present.schemas import ContactOut, CrisisOut, ResultOut

MAX_BUTTONS = 3
MAX_CONTACTS_PER_BUBBLE = 2
MAX_CRISIS_BUTTONS = 5
ACCENT = "#8a3a6b"
MUTED = "#666666"
OPEN = "#1b7f3b"


def open_mark(contact: ContactOut, lang: Lang, at: datetime) -> tuple[str, str]:
    """「● 受付中」, 「受付時間外・あす 9:00 から」 or 「受付時間は要確認」, with its colour."""
    if contact.open_now is True:
        return label("open_now", lang), OPEN
    if contact.open_now is False:
        when = f"・{when_text(contact.opens_next, at, lang)}" if contact.opens_next else ""
        return label("closed_now", lang) + when, MUTED
    return label("unconfirmed", lang), MUTED


def reach_rank(contact: ContactOut) -> int:
    """0 open now; 1 open by hours not yet confirmed; 2 hours not known; 3 closed by the stated
    hours (confirmed or not)."""
    if contact.open_now is True:
        return 0
    return {True: 1, None: 2, False: 3}[contact.likely_open]


def _small(text: str, *, color: str = MUTED, weight: str = "regular") -> dict[str, Any]:
    return {"type": "text", "text": text, "size": "xs", "color": color, "wrap": True, "weight": weight}


def _contact_box(contact: ContactOut, lang: Lang, at: datetime) -> dict[str, Any]:
    mark, color = open_mark(contact, lang, at)
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
        if contact.type == "phone" and is_short_code(contact.value):
            buttons.append(copy_button(contact.value, lang))
    return [{k: v for k, v in b.items() if v is not None} for b in buttons]


def service_bubble(
    result: ResultOut, lang: Lang, at: datetime, *, text_first: bool = False
) -> dict[str, Any]:
    # The line she can use now comes first on the card and on its first button; when she
    # cannot talk, a channel she can write to comes before any phone line.
    def order(contact: ContactOut) -> tuple[bool, int]:
        return (text_first and not contact.text_only, reach_rank(contact))

    contacts = sorted(result.contacts, key=order)[:MAX_CONTACTS_PER_BUBBLE]
    english = lang == "en" and result.name_en is not None
    name = result.name_en if english and result.name_en else result.name
    summary = result.summary_en if lang == "en" and result.summary_en else result.summary
    body: list[dict[str, Any]] = [
        {"type": "text", "text": clip(name, 80), "weight": "bold", "size": "md", "wrap": True},
    ]
    if english:
        # The Japanese name too: it is what she says when she calls, and what the sign reads.
        body.append(_small(clip(result.name, 80)))
    body.append({"type": "text", "text": clip(summary, 220), "size": "sm", "wrap": True, "margin": "sm"})
    if contacts:
        via = contacts[0].via
        if via:
            body.append(_small(f"{label('no_contact', lang)}: {clip(via, 60)}", color=ACCENT))
        body += [_contact_box(c, lang, at) for c in contacts]
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


def carousel(results: Sequence[ResultOut], lang: Lang, *, at: datetime, text_first: bool = False) -> Message:
    bubbles = [service_bubble(r, lang, at, text_first=text_first) for r in results[:MAX_BUBBLES]]
    return {
        "type": "flex",
        "altText": neutral_alt(lang),
        "contents": {"type": "carousel", "contents": bubbles},
    }


def crisis_message(crisis: CrisisOut, lang: Lang, *, at: datetime, language: str = "") -> Message:
    """The emergency contacts, first, with a tap-to-call button for each number that has one.

    Each number says whether it answers now; a line that is closed now never leads. The message
    is in her own language where the base has it (``language``: tl, vi, zh, ko), else in ``lang``."""
    message = crisis.translations.get(language) or (crisis.message_en if lang == "en" else crisis.message)
    contacts = sorted(crisis.contacts, key=reach_rank)
    rows = [
        {
            "type": "box",
            "layout": "vertical",
            "margin": "md",
            "contents": [
                {"type": "text", "text": c.value, "weight": "bold", "size": "lg", "color": ACCENT},
                _small(clip(c.via or c.label, 80)),
                _small(clip(c.hours, 120)),
                _small(mark, color=color),
            ],
        }
        for c in contacts
        for mark, color in [open_mark(c, lang, at)]
    ]
    buttons: list[dict[str, Any]] = []
    for c in contacts:
        uri = tel_uri(c.value)
        if uri is None:
            continue
        buttons.append(
            {
                "type": "button",
                "style": "secondary" if buttons else "primary",
                "height": "sm",
                "action": {
                    "type": "uri",
                    "label": clip(f"{label('call', lang)} {c.value}", MAX_ACTION_LABEL),
                    "uri": uri,
                },
            }
        )
        if is_short_code(c.value):
            buttons.append(copy_button(c.value, lang))
    buttons = buttons[:MAX_CRISIS_BUTTONS]
    if buttons:
        buttons[0]["color"] = "#b00020"
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
        "altText": neutral_alt(lang),
        "contents": bubble,
    }
