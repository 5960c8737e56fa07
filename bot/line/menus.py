"""The short things every reply carries: quick replies (the menu and the topics), the line that
says what she told us, and the emergency numbers from the base."""

from __future__ import annotations

from typing import Any

from bot.catalog.kb import KnowledgeBase
from bot.line import messages as m
from bot.line.copy import Lang, label, text
from bot.line.state import ConversationState
from bot.memo import IdentityMemo
from bot.present.results import first_phone


def topic_actions(kb: KnowledgeBase, lang: Lang) -> list[dict[str, Any]]:
    topics = {t.id: t for t in kb.taxonomy.topics}
    actions = []
    for topic_id in kb.line.menu_topics:
        topic = topics.get(topic_id)
        if topic is not None:
            name = topic.label_en if lang == "en" else topic.label
            actions.append(m.postback(name, "topic", display=name, t=topic.id))
    return actions


def menu(
    kb: KnowledgeBase, lang: Lang, *, more: bool, danger: bool = False, forget: bool = False
) -> list[dict[str, Any]]:
    """The quick replies; copies of those made once per base, language and choice of buttons."""
    made = _MENUS.get(
        (kb,),
        (lang, more, danger, forget),
        lambda: tuple(_menu(kb, lang, more=more, danger=danger, forget=forget)),
    )
    return [dict(action) for action in made]


# Menus depend only on the base, the language and which buttons (a reloaded base is a new one).
_MENUS: IdentityMemo[tuple[dict[str, Any], ...]] = IdentityMemo(256)


def _menu(kb: KnowledgeBase, lang: Lang, *, more: bool, danger: bool, forget: bool) -> list[dict[str, Any]]:
    actions = []
    if forget:
        actions.append(m.postback(label("forget", lang), "forget", display=label("forget", lang)))
    if danger:
        actions.append(m.postback(label("emergency", lang), "emergency", display=label("emergency", lang)))
    if more:
        actions.append(m.postback(label("more", lang), "more", display=label("more", lang)))
    actions.append(m.postback(label("text_only", lang), "textonly", display=label("text_only", lang)))
    actions.append(m.postback(label("safety", lang), "safety", display=label("safety", lang)))
    return (actions + topic_actions(kb, lang))[: m.MAX_QUICK_REPLY]


def remembered(state: ConversationState, lang: Lang) -> str:
    """One line saying what she told that shapes these results, and how to make us forget."""
    parts = []
    if state.municipality:
        parts.append(state.municipality)
    elif state.region in {"ku", "tama"}:
        parts.append(label(f"region_{state.region}", lang))
    if state.text_only:
        parts.append(label("text_only", lang))
    if not parts:
        return ""
    return text("remembered", lang).format(what="・".join(parts))


def emergency_numbers(kb: KnowledgeBase, lang: Lang) -> str:
    """The first lines of the violence, suicide and medical kinds, from the base."""
    numbers: list[str] = []
    for kind in kb.crisis.kinds:
        if kind.id not in {"violence", "suicide", "medical"}:
            continue
        for entry_id in kind.contacts[:2]:
            entry = kb.get(entry_id)
            phone = first_phone(entry) if entry else None
            if entry and phone and all(not n.startswith(f"{phone.value} ") for n in numbers):
                numbers.append(f"{phone.value} （{entry.name}）")
    return text("emergency_intro", lang) + "\n" + "\n".join(numbers)
