"""The rich menu: its areas, the drawn image, and registration against the fake LINE server."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.catalog.loader import DEFAULT_ROOT
from bot.line.admin import register_rich_menu
from bot.line.conversation import Conversation
from bot.line.events import Incoming
from bot.line.messages import problems
from bot.line.richmenu import HEIGHT, WIDTH, FontNotFoundError, definition, find_font, render_png
from bot.search.service import SearchService
from bot.settings import Settings
from bot.state.store import MemoryStore
from tests.helpers.fake_line import FakeLine


def _font() -> Path:
    try:
        return find_font()
    except FontNotFoundError:
        pytest.skip("no Japanese font on this machine (make test installs fonts-ipafont-gothic)")


def test_every_area_is_a_postback_the_bot_answers(search: SearchService) -> None:
    menu = definition()
    assert menu["size"] == {"width": WIDTH, "height": HEIGHT}
    conversation = Conversation(search, MemoryStore())
    covered = 0
    for area in menu["areas"]:
        b = area["bounds"]
        assert b["x"] + b["width"] <= WIDTH and b["y"] + b["height"] <= HEIGHT
        covered += b["width"] * b["height"]
        assert len(area["action"]["label"]) <= 20
        reply = conversation.respond(
            Incoming(kind="postback", state_key="user:t", data=area["action"]["data"])
        )
        assert reply.messages and problems(reply.messages) == [], area["action"]["data"]
        assert "ごめんなさい" not in str(reply.messages)
    assert covered >= WIDTH * HEIGHT * 0.99


def test_image_is_a_png_of_the_menu_size() -> None:
    from PIL import Image

    png = render_png(_font())
    assert png.startswith(b"\x89PNG") and len(png) < 1_000_000  # LINE's limit is 1 MB
    assert Image.open(io.BytesIO(png)).size == (WIDTH, HEIGHT)


def test_register_creates_uploads_and_sets_default(fake_line: FakeLine) -> None:
    fake_line.clear()
    settings = Settings(
        knowledge_dir=DEFAULT_ROOT,
        line_channel_secret="s",
        line_channel_access_token="tok",
        line_api_base_url=fake_line.url,
        line_api_data_url=fake_line.url,
    )
    menu_id = asyncio.run(register_rich_menu(settings, png=b"\x89PNG fake"))
    assert menu_id == "richmenu-test"
    paths = [(r.method, r.path) for r in fake_line.requests]
    assert paths == [
        ("POST", "/v2/bot/richmenu"),
        ("POST", "/v2/bot/richmenu/richmenu-test/content"),
        ("POST", "/v2/bot/user/all/richmenu/richmenu-test"),
    ]
    assert fake_line.requests[0].json()["areas"][0]["action"]["type"] == "postback"
    assert fake_line.requests[1].headers["content-type"] == "image/png"
