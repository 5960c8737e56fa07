"""``python -m bot chat``: the LINE conversation in a terminal, replies rendered as text.

Type a message as she would. Buttons and quick replies are listed with a number:
type ``#N`` to tap one. ``/follow``, ``/sticker`` and ``/location ADDRESS`` send
those events; ``/quit`` ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from bot.line.conversation import Conversation
from bot.line.events import Incoming, Reply
from bot.line.messages import Message
from bot.search.service import SearchService
from bot.state.store import MemoryStore, hashed_key


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        if node.get("type") == "text" and "text" in node and "action" not in node:
            return [str(node["text"])]
        out: list[str] = []
        for key, value in node.items():
            if key not in {"action", "quickReply"}:
                out += _texts(value)
        return out
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["action"]] if isinstance(node.get("action"), dict) else []
        for value in node.values():
            found += _actions(value)
        return found
    if isinstance(node, list):
        return [a for item in node for a in _actions(item)]
    return []


def render(messages: list[Message]) -> tuple[str, list[dict[str, Any]]]:
    """Plain text for a reply, and the actions it offers, numbered in order."""
    lines: list[str] = []
    actions: list[dict[str, Any]] = []
    for message in messages:
        if message["type"] == "flex":
            for bubble in message["contents"].get("contents", [message["contents"]]):
                lines.append("┌" + "─" * 30)
                lines += ["│ " + t for t in _texts(bubble)]
                for action in _actions(bubble):
                    actions.append(action)
                    target = action.get("uri") or action.get("data")
                    lines.append(f"│ [#{len(actions)}] {action['label']}  ({target})")
                lines.append("└" + "─" * 30)
        else:
            lines.append(message.get("text", ""))
        for item in message.get("quickReply", {}).get("items", []):
            actions.append(item["action"])
            lines.append(f"  (#{len(actions)}) {item['action']['label']}")
    return "\n".join(lines), actions


def run(service: SearchService, *, read: Callable[[], str], out: TextIO) -> None:
    conversation = Conversation(service, MemoryStore())
    key = hashed_key(b"terminal", "user", "terminal")
    actions: list[dict[str, Any]] = []
    reply: Reply = conversation.respond(Incoming(kind="follow", state_key=key))
    while True:
        text, actions = render(reply.messages)
        out.write(text + "\n> ")
        out.flush()
        try:
            line = read().strip()
        except EOFError:
            return
        if line in {"/quit", "/exit"}:
            return
        incoming = _incoming(line, actions, key)
        reply = conversation.respond(incoming)


def _incoming(line: str, actions: list[dict[str, Any]], key: str) -> Incoming:
    if line.startswith("#") and line[1:].isdigit() and 0 < int(line[1:]) <= len(actions):
        action = actions[int(line[1:]) - 1]
        if action.get("type") == "postback":
            return Incoming(kind="postback", state_key=key, data=str(action["data"]))
        return Incoming(kind="text", state_key=key, text=str(action.get("label", "")))
    if line == "/follow":
        return Incoming(kind="follow", state_key=key)
    if line == "/sticker":
        return Incoming(kind="media", state_key=key)
    if line.startswith("/location"):
        return Incoming(kind="location", state_key=key, address=line.removeprefix("/location").strip())
    return Incoming(kind="text", state_key=key, text=line)
