"""The rich menu: its definition, the image the project draws for it, and registration.

Six tiles (2500×843, the compact size): three topics, the emergency numbers, safety
tips and how to use. Every tile is a postback the conversation already answers.
The image is drawn with Pillow in a Japanese font from the system (Debian's
fonts-ipafont-gothic or Noto CJK); nothing is downloaded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.line.messages import postback_data

WIDTH, HEIGHT = 2500, 843
COLUMNS, ROWS = 3, 2
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


@dataclass(frozen=True)
class Tile:
    title: str
    note: str
    data: str
    color: str


TILES = (
    Tile("暴力・DV", "夫・パートナー・家族", postback_data("topic", t="dv"), "#8a3a6b"),
    Tile("妊娠・出産", "だれにも言えない妊娠も", postback_data("topic", t="pregnancy"), "#3a6b8a"),
    Tile("住まい・お金", "今夜いる場所がない", postback_data("topic", t="housing"), "#4d7a3a"),
    Tile("いま危ないとき", "緊急の電話番号", postback_data("emergency"), "#b00020"),
    Tile("安全のヒント", "通知・履歴・データを消す", postback_data("safety"), "#5a5a5a"),
    Tile("使い方", "ことばで書くだけ", postback_data("help"), "#7a5a3a"),
)


class FontNotFoundError(RuntimeError):
    pass


def definition() -> dict[str, Any]:
    width, height = WIDTH // COLUMNS, HEIGHT // ROWS
    areas = [
        {
            "bounds": {
                "x": (i % COLUMNS) * width,
                "y": (i // COLUMNS) * height,
                "width": width,
                "height": height,
            },
            "action": {"type": "postback", "label": tile.title, "data": tile.data, "displayText": tile.title},
        }
        for i, tile in enumerate(TILES)
    ]
    return {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": False,
        "name": "main menu",
        "chatBarText": "メニュー",
        "areas": areas,
    }


def find_font() -> Path:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return Path(candidate)
    raise FontNotFoundError(
        "no Japanese font found: install Debian's fonts-ipafont-gothic (apt-get install fonts-ipafont-gothic)"
    )


def render_png(font_path: Path | None = None) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font_file = str(font_path or find_font())
    title_font = ImageFont.truetype(font_file, 96)
    note_font = ImageFont.truetype(font_file, 52)
    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)
    width, height = WIDTH // COLUMNS, HEIGHT // ROWS
    for i, tile in enumerate(TILES):
        x, y = (i % COLUMNS) * width, (i // COLUMNS) * height
        draw.rectangle([x + 6, y + 6, x + width - 6, y + height - 6], fill=tile.color)
        cx, cy = x + width // 2, y + height // 2
        draw.text((cx, cy - 40), tile.title, font=title_font, fill="#ffffff", anchor="mm")
        draw.text((cx, cy + 80), tile.note, font=note_font, fill="#f2f2f2", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
