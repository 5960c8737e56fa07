"""A LINE-configured app whose API calls go to a fake LINE server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.catalog.loader import DEFAULT_ROOT
from bot.settings import Settings
from tests.helpers.fake_line import FakeLine
from tests.helpers.signing import SECRET, sign

USER = "U0123456789abcdef0123456789abcdef"


def line_settings(fake: FakeLine, state_dir: Path) -> Settings:
    """The real base, LINE configured against the fake server, state kept out of the checkout."""
    return Settings(
        knowledge_dir=DEFAULT_ROOT,
        state_dir=state_dir,
        line_channel_secret=SECRET,
        line_channel_access_token="test-access-token",
        line_api_base_url=fake.url,
        line_api_data_url=fake.url,
        web_rate_limit_per_minute=0,  # the fuzz tests send the app far more than one person would
    )


@pytest.fixture(scope="session")
def line_client(fake_line: FakeLine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(line_settings(fake_line, tmp_path_factory.mktemp("state")))) as client:
        yield client


@pytest.fixture
def line(fake_line: FakeLine) -> FakeLine:
    fake_line.clear()
    return fake_line


_serial = 0


def event(kind: str, *, source: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    global _serial
    _serial += 1
    out: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": 1700000000000,
        "source": source or {"type": "user", "userId": USER},
        "webhookEventId": f"01TESTEVENT{_serial:015d}",
        "deliveryContext": {"isRedelivery": False},
    }
    if kind not in {"unfollow", "leave"}:
        out["replyToken"] = f"reply-token-{_serial}"
    out.update(fields)
    return out


def text_event(text: str, **kw: Any) -> dict[str, Any]:
    return event("message", message={"type": "text", "id": "1", "text": text, "quoteToken": "q"}, **kw)


def postback_event(data: str, **kw: Any) -> dict[str, Any]:
    return event("postback", postback={"data": data}, **kw)


def body_of(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Uxxxxxxxx", "events": list(events)}, ensure_ascii=False).encode()


def post(client: TestClient, *events: dict[str, Any]) -> Any:
    body = body_of(*events)
    return client.post(
        "/callback",
        content=body,
        headers={"X-Line-Signature": sign(body), "Content-Type": "application/json"},
    )
