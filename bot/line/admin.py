"""``python -m bot line richmenu``: draw the menu image and register it with LINE."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.line.client import LineClient
from bot.line.richmenu import definition, render_png
from bot.settings import Settings


async def register_rich_menu(settings: Settings, *, png: bytes) -> str:
    if settings.line_channel_access_token is None:
        raise RuntimeError("set LINE_CHANNEL_ACCESS_TOKEN to register the rich menu")
    client = LineClient(
        access_token=settings.line_channel_access_token.get_secret_value(),
        base_url=settings.line_api_base_url,
        data_url=settings.line_api_data_url,
    )
    try:
        menu_id = await client.create_rich_menu(definition())
        await client.upload_rich_menu_image(menu_id, png)
        await client.set_default_rich_menu(menu_id)
        return menu_id
    finally:
        await client.close()


def richmenu(settings: Settings, *, image_out: Path | None, dry_run: bool) -> str:
    png = render_png()
    if image_out is not None:
        image_out.write_bytes(png)
    if dry_run:
        return "dry run: nothing sent"
    return asyncio.run(register_rich_menu(settings, png=png))
