"""A page seen on a desktop screen and on a phone: its screenshots, and whether it fits.

`show(page, url, screen)` opens a page at 1366×768 or 390×844; `save_screenshot` keeps a
full-page shot named `<role>-<page>-<width>.png`; `check_fits(page, context)` fails when the
page scrolls sideways (a wide table must scroll inside its own box, not the page).
`checkpoint(page, folder, role, name)` does it all for the page as it stands, at both sizes
(a journey calls it after each step: what was typed or opened stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.axe import check_accessibility

if TYPE_CHECKING:
    from playwright.sync_api import Page


@dataclass(frozen=True)
class Screen:
    width: int
    height: int


DESKTOP = Screen(1366, 768)
PHONE = Screen(390, 844)
SCREENS = (DESKTOP, PHONE)

# The outermost elements that stick out past the right edge of the window, except those
# inside a box that scrolls or clips them (where sticking out is the point).
_STICKING_OUT = """() => {
  const limit = window.innerWidth + 1;
  const contained = element => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow !== "visible") return true;
    }
    return false;
  };
  const name = element => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + [...element.classList].map(c => "." + c).join("");
  const out = [...document.body.querySelectorAll("*")].filter(element =>
    element.getBoundingClientRect().right > limit && !contained(element));
  return out.filter(element => !out.includes(element.parentElement)).slice(0, 8)
    .map(element => `${name(element)} (right edge at ${
      Math.round(element.getBoundingClientRect().right)} px)`);
}"""


def show(page: Page, url: str, screen: Screen) -> None:
    """Open `url` in a window of the screen's size (the page loaded, its images drawn)."""
    page.set_viewport_size({"width": screen.width, "height": screen.height})
    page.goto(url)


def resize(page: Page, screen: Screen) -> None:
    """The window at the screen's size, the page laid out again and its resize handlers run
    (they run before a frame is drawn; two frames leave room for what they change)."""
    page.set_viewport_size({"width": screen.width, "height": screen.height})
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def page_name(role: str, path: str) -> str:
    """`/clerk/receipts/new` of a clerk → `receipts-new`; `/search?q=ho so` → `search-q-ho-so`."""
    trimmed = path.removeprefix(f"/{role}/").strip("/") or "home"
    return re.sub(r"[^a-z0-9]+", "-", trimmed.lower()).strip("-")


def save_screenshot(page: Page, folder: Path, role: str, path: str, screen: Screen) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{role}-{page_name(role, path)}-{screen.width}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def check_fits(page: Page, context: str) -> None:
    """Fail when the page is wider than the window, naming what sticks out."""
    scroll_width, window_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width <= window_width + 1:
        return
    culprits = "\n".join(f"  {found}" for found in page.evaluate(_STICKING_OUT))
    pytest.fail(
        f"{context}: the page is {scroll_width} px wide in a {window_width} px window\n{culprits}",
        pytrace=False,
    )


def checkpoint(
    page: Page, folder: Path, role: str, name: str, pending: frozenset[str] = frozenset()
) -> None:
    """The page as it stands, at 1366 and at 390 px: no serious or critical accessibility
    violation (but the `pending` rules, see `check_accessibility`), no sideways scroll on the
    phone, both screenshots kept. The window is left at its size before."""
    before = page.viewport_size
    try:
        for screen in SCREENS:
            resize(page, screen)
            context = f"{role} {name} ({page.url}) at {screen.width} px"
            check_accessibility(page, context, pending)
            save_screenshot(page, folder, role, name, screen)
            if screen == PHONE:
                check_fits(page, context)
    finally:
        if before is not None:
            page.set_viewport_size(before)
