"""A page seen on a desktop screen and on a phone: its screenshots, and whether it fits.

`show(page, url, width)` opens a page at 1366×768 or 390×844; `save_screenshot` keeps a
full-page shot named `<role>-<page>-<width>.png`; `check_fits(page, context)` fails when the
page scrolls sideways (a wide table must scroll inside its own box, not the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

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
