"""line-bot-sdk's big packages imported name by name: the same objects, fewer modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.line.sdk_imports import LAZY_PACKAGES

ROOT = Path(__file__).resolve().parents[2]

EXPORTS = """
import importlib, json, sys
out = {}
for package in sorted(json.loads(sys.argv[1])):
    module = importlib.import_module(package)
    names = [n for n in dir(module) if not n.startswith("__")]
    names = [n for n in names if not isinstance(getattr(module, n), type(module))]
    out[package] = {n: f"{getattr(module, n).__module__}.{getattr(module, n).__qualname__}" for n in names}
print(json.dumps(out))
"""


def _run(code: str, *args: str, lazy: bool) -> str:
    # The eager side must not import bot (which installs the lazy imports); -c puts the
    # working directory first on sys.path, so it runs where bot is not found.
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_")}
    prefix = "import bot\n" if lazy else "import sys\nassert 'bot' not in sys.modules\n"
    result = subprocess.run(
        [sys.executable, "-c", prefix + code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return result.stdout


def test_sdk_imports_bind_every_name_to_the_object_the_sdk_binds() -> None:
    packages = json.dumps(sorted(LAZY_PACKAGES))
    eager = json.loads(_run(EXPORTS, packages, lazy=False))
    lazy = json.loads(_run(EXPORTS, packages, lazy=True))
    assert set(eager) == set(LAZY_PACKAGES)
    assert len(eager["linebot.v3.messaging.models"]) > 200
    assert lazy == eager


def test_sdk_imports_a_webhook_and_a_reply_load_a_few_dozen_modules() -> None:
    code = """
import asyncio, json, sys
from linebot.v3.webhook import SignatureValidator
from bot.line.client import LineClient
from bot.line.dispatch import read
event = {"type": "message", "mode": "active", "timestamp": 1, "webhookEventId": "01E",
         "deliveryContext": {"isRedelivery": False}, "source": {"type": "user", "userId": "U1"},
         "replyToken": "r", "message": {"type": "text", "id": "1", "text": "hi", "quoteToken": "q"}}
item = read(event, b"secret")
assert item is not None and item.incoming.text == "hi", item
async def client() -> None:
    await LineClient(access_token="t", base_url="http://127.0.0.1:9").close()
asyncio.run(client())
print(json.dumps(sorted(m for m in sys.modules if m.startswith("linebot"))))
"""
    loaded = json.loads(_run(code, lazy=True))
    assert "linebot.v3.webhooks.models.text_message_content" in loaded
    assert "linebot.v3.messaging.async_api_client" in loaded
    assert "linebot.v3.messaging.api.async_messaging_api" not in loaded
    assert "linebot.v3.messaging.models.flex_message" not in loaded
    assert "linebot.api" not in loaded  # the v2 SDK
    assert len(loaded) < 60


def test_sdk_imports_none_for_a_service_without_line_credentials(tmp_path: Path) -> None:
    code = """
import json, sys
from fastapi.testclient import TestClient
from bot.app import create_app
from bot.settings import Settings
app = create_app(Settings(state_dir=sys.argv[1]))
with TestClient(app) as client:
    assert client.get("/api/search", params={"q": "DV 相談"}).status_code == 200
    assert client.post("/callback", content=b"{}").status_code == 503
print(json.dumps(sorted(m for m in sys.modules if m.startswith("linebot"))))
"""
    assert json.loads(_run(code, str(tmp_path), lazy=True)) == []
