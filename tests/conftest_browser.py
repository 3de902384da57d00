"""Headless Chromium for the view tests: Debian's chromium driven by Playwright (never downloaded).

`browser` is one Chromium per test session; `page` a fresh page per test that records console
errors, page errors, dialogs and every request that does not stay on file://. Tests using them
are marked `browser`; locally they skip when Chromium or Playwright is missing, under CI=true
that skip becomes a failure (see tests/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class PageWatch:
    """What a page did besides drawing: console errors, uncaught errors, dialogs, requests."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._dialog)
        page.on("request", lambda request: self.requests.append(request.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: Path, timeout: float = 30_000) -> Any:
        """Open a file and wait until the page says it is ready (layout settled)."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => window.explorer && window.explorer.ready === true", timeout=timeout)
        return self.page

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("file://", "data:", "blob:", "about:"))]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    try:
        yield PageWatch(context.new_page())
    finally:
        context.close()
