"""Debian's Chromium driven by Playwright, headless; each test's screenshots are kept.

A plugin (registered in tests/conftest.py): the `browser` is shared by a module, a `page`
is fresh for each test, and `shoot(page, name)` saves
`test-artifacts/screenshots/<test>/<name>.png`. With SOHOA_DOC_SCREENSHOTS=1, each shot is
also written to `docs/screenshots/<name>.png` for the README.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# As root in a container there is no sandbox to drop into; the network beyond loopback is
# closed, so Chromium's own background traffic is turned off.
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

Shooter = Callable[[object, str], Path]


# Module scope: Playwright's sync API keeps an event loop running on this thread while it
# is open, and in-process code that calls asyncio.run (the signing library does) cannot run
# under it; a browser per module closes before the next module's tests.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Debian's chromium (make setup installs it)")
        pytest.skip("Debian's chromium is not installed (make setup installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGUMENTS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Shooter:
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def screenshot(page: object, name: str) -> Path:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        target = folder / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        if os.environ.get("SOHOA_DOC_SCREENSHOTS") == "1":
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, DOCS / target.name)
        return target

    return screenshot
