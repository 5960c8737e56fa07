"""A real server on loopback and Debian's Chromium driven by Playwright, for the browser tests.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium. Where that
browser is missing the browser tests are skipped, except in CI (the CI variable is set), where
a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.catalog.loader import DEFAULT_ROOT
from tests.helpers.serve import serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 90


def _require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (pip install -e '.[dev]')"
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {problem}", pytrace=False)
    pytest.skip(f"browser tests skipped: {problem}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m bot serve`` on a free loopback port, as a person would run it."""
    _require_browser()
    base = tmp_path_factory.mktemp("server")
    env = {"STATE_DIR": str(base / "state")}
    with serving(DEFAULT_ROOT, base / "serve.log", env=env, start_seconds=SERVER_START_SECONDS) as served:
        yield served.url


@pytest.fixture(scope="session")
def browser(live_server: str) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page that records console errors (CSP violations among them) and failed requests."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, path

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors


@pytest.fixture(scope="session")
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Screenshots and the printed sheet, kept for people to look at (gitignored)."""
    path = Path(request.config.rootpath) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def _new_tab(browser: Browser, base: str, **options: Any) -> Iterator[Tab]:
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **options)
    page = context.new_page()
    tab = Tab(page=page, base=base)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
    # A load the browser itself cancels when the page navigates away (the icon, typically) is
    # ERR_ABORTED: not a failure of the server.
    page.on(
        "requestfailed",
        lambda req: (
            None
            if "ERR_ABORTED" in (req.failure or "")
            else tab.errors.append(f"request failed: {req.url} {req.failure}")
        ),
    )
    page.on(
        "response",
        lambda res: tab.errors.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None,
    )
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def tab(browser: Browser, live_server: str) -> Iterator[Tab]:
    yield from _new_tab(browser, live_server, viewport={"width": 1366, "height": 900})


@pytest.fixture
def phone_tab(browser: Browser, live_server: str) -> Iterator[Tab]:
    yield from _new_tab(
        browser, live_server, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )


@pytest.fixture
def no_js_tab(browser: Browser, live_server: str) -> Iterator[Tab]:
    yield from _new_tab(
        browser, live_server, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
