"""Arbitrary webhook bodies at ``POST /callback``: never a server error, never a crash behind it."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import event as note
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.line.messages import problems
from bot.state.store import MemoryStore
from tests.fuzz.conftest import examples
from tests.helpers import strategies as s
from tests.helpers.fake_line import FakeLine
from tests.helpers.line_events import webhook_bodies
from tests.helpers.signing import SECRET, sign


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def bot_logs() -> Iterator[list[logging.LogRecord]]:
    """Every record of the ``bot`` loggers while the block runs."""
    logger = logging.getLogger("bot")
    handler, level = Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _fresh_state(client: TestClient) -> None:
    """Forget earlier examples' events and conversations, so that each example stands alone."""
    bot = client.app.state.line_bot  # type: ignore[attr-defined]
    bot.store = bot.conversation.store = MemoryStore()


def _post(client: TestClient, body: bytes, signature: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Line-Signature"] = signature
    return client.post("/callback", content=body, headers=headers)


def _assert_quiet(records: list[logging.LogRecord]) -> None:
    """No error and no traceback; the fake LINE never fails, so no reply may fail either."""
    loud = [r for r in records if r.levelno >= logging.ERROR or r.exc_info]
    assert not loud, [(r.name, r.getMessage()) for r in loud]
    failed = [r.getMessage() for r in records if "reply failed" in r.getMessage()]
    assert not failed, failed


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), s.any_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.just("events"), s.any_text), inner, max_size=4),
    ),
    max_leaves=20,
)


def _nested(depth: int, where: str) -> bytes:
    """JSON arrays nested ``depth`` deep: alone, as the events, or inside one event."""
    deep = "[" * depth + "]" * depth
    body = {
        "alone": deep,
        "events": f'{{"events": {deep}}}',
        "event": f'{{"events": [{{"type": "follow", "x": {deep}}}]}}',
    }[where]
    return body.encode()


bodies = st.one_of(
    st.binary(max_size=2000),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(_nested, st.integers(1, 300_000), st.sampled_from(["alone", "events", "event"])),
)


@settings(max_examples=examples(0.5))
@given(body=bodies)
@example(body=_nested(100_000, "alone"))  # deeper than the JSON decoder goes
def test_any_signed_body_is_accepted_or_refused(
    app_client: TestClient, fake_line: FakeLine, body: bytes
) -> None:
    fake_line.clear()
    _fresh_state(app_client)
    with bot_logs() as records:
        response = _post(app_client, body, sign(body))
    assert response.status_code in {200, 400}, response.text
    _assert_quiet(records)


def _privately_written(body: dict[str, Any]) -> list[str]:
    """The texts, postback data and addresses in the events, long enough to recognise."""
    found = []
    for item in body["events"]:
        if not isinstance(item, dict):
            continue
        message = item.get("message") if isinstance(item.get("message"), dict) else {}
        postback = item.get("postback") if isinstance(item.get("postback"), dict) else {}
        for value in (message.get("text"), message.get("address"), postback.get("data")):
            if isinstance(value, str) and len(value.strip()) >= 4 and not value.isascii():
                found.append(value)
    return found


def _logged_on_purpose(body: dict[str, Any]) -> str:
    """Event types, message types and event ids are logged; the generator may put any text there."""
    parts = []
    for item in body["events"]:
        if isinstance(item, dict):
            message = item.get("message") if isinstance(item.get("message"), dict) else {}
            parts += [str(item.get("type")), str(item.get("webhookEventId")), str(message.get("type"))]
    return "\n".join(parts)


@settings(max_examples=examples(1.0))
@given(body=webhook_bodies)
def test_line_events_are_answered_within_limits_without_crashing(
    app_client: TestClient, fake_line: FakeLine, body: dict[str, Any]
) -> None:
    fake_line.clear()
    _fresh_state(app_client)
    raw = json.dumps(body, ensure_ascii=False).encode()
    with bot_logs() as records:
        response = _post(app_client, raw, sign(raw))
    assert response.status_code in {200, 400}, response.text
    note(f"status {response.status_code}, {len(fake_line.replies())} replies")
    _assert_quiet(records)
    for reply in fake_line.replies():
        assert problems(reply["messages"]) == [], problems(reply["messages"])
    logs = "\n".join(r.getMessage() for r in records)
    on_purpose = _logged_on_purpose(body)
    for written in _privately_written(body):
        assert written not in logs or written in on_purpose, "what she wrote reached the logs"


@settings(max_examples=examples(0.25))
@given(
    body=webhook_bodies,
    signature=st.one_of(
        st.none(),
        st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60),
        st.binary(min_size=32, max_size=32).map(lambda b: base64.b64encode(b).decode()),
        st.text(min_size=1, max_size=20).map(lambda secret: secret + "-not-the-secret"),
    ),
)
def test_forged_signatures_are_refused(
    app_client: TestClient, fake_line: FakeLine, body: dict[str, Any], signature: str | None
) -> None:
    fake_line.clear()
    raw = json.dumps(body, ensure_ascii=False).encode()
    if signature is not None and signature.endswith("-not-the-secret"):
        signature = sign(raw, secret=signature)
    response = _post(app_client, raw, signature)
    assert signature != sign(raw, secret=SECRET)
    assert response.status_code == 400, response.text
    assert fake_line.requests == []
