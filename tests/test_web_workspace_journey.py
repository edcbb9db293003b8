"""The document workspace journey in Chromium, the clerk and the officer side by side against
a real `sohoa run` with real OCR; every page the journey passes is checked with axe-core and
at 390 px, and shot at both widths (test-artifacts/screenshots/journey/).

The whole journey, in order: the clerk uploads three files by drag and drop; finds one by a
two-word search without diacritics, both words highlighted; opens it, zooms, copies its OCR
text; retags it with a reason; tags two others at once; makes and submits a batch. The
officer rejects it from the viewer with a reason; the clerk sees the reason, fixes and
resubmits; the officer approves after the confirmation; the clerk sees the documents signed.
The steps the pages of today allow are walked; the scans arrive through the inbox and the
batch is submitted by command until the clerk's upload and batch pages take those steps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.support.browser import ARTIFACTS
from tests.support.office import TAGGED, Office, open_office, signed_in
from tests.support.screens import DESKTOP, checkpoint
from tests.support.service import sohoa

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

SHOTS = ARTIFACTS / "journey"
REASON = "Trang 1 bị mờ, đề nghị quét lại."
# The clerk's intake page still reloads itself every few seconds (a known violation).
RELOADS = frozenset({"meta-refresh"})


class Person:
    """Someone at their own browser window, logged in; each step ends at a checkpoint."""

    def __init__(self, role: str, context: BrowserContext, url: str) -> None:
        self.role = role
        self.url = url
        self.page: Page = context.new_page()
        self.page.set_viewport_size({"width": DESKTOP.width, "height": DESKTOP.height})

    def open(self, path: str) -> Page:
        self.page.goto(self.url + path)
        return self.page

    def checkpoint(self, name: str, pending: frozenset[str] = frozenset()) -> None:
        checkpoint(self.page, SHOTS, self.role, name, pending)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    with open_office(tmp_path_factory.mktemp("office")) as opened:
        yield opened


@pytest.fixture(scope="module")
def people(browser: Browser, office: Office) -> Iterator[dict[str, BrowserContext]]:
    with signed_in(browser, office) as contexts:
        yield contexts


def test_a_batch_goes_from_the_clerk_to_the_officer_and_back(
    office: Office, people: dict[str, BrowserContext]
) -> None:
    clerk = Person("clerk", people["clerk"], office.url)
    officer = Person("officer", people["officer"], office.url)

    # The three scans, read by the intake, are in today's list.
    page = clerk.open("/clerk/intake")
    expect(page.get_by_role("cell", name=f"{TAGGED}_to-khai.png")).to_be_visible()
    expect(page.get_by_role("cell", name="don-khong-ma.png")).to_be_visible()
    clerk.checkpoint("intake", RELOADS)

    # The officer finds the batch waiting, looks at a document, and rejects it with a reason.
    page = officer.open("/officer/batches")
    waiting = page.locator("section[aria-labelledby=waiting-title]")
    waiting.get_by_role("link", name=re.compile(r"^Lô số \d+$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chờ duyệt")
    officer.checkpoint("batch")
    page.locator("tbody tr").first.get_by_role("link").click()
    expect(page.get_by_text("Chưa ký")).to_be_visible()
    officer.checkpoint("viewer")
    page.get_by_role("link", name=re.compile(r"Về lô số")).click()
    page.get_by_label("Lý do từ chối (bắt buộc)").fill(REASON)
    page.get_by_role("button", name="Từ chối lô").click()
    expect(page.get_by_text(REASON)).to_be_visible()
    officer.checkpoint("batch-rejected")

    # The reason is kept with the batch for the clerk (shown on the clerk's batch page).
    shown = sohoa(office.data_dir, "batches", "show", office.ids["batch"], "--json")
    assert shown.returncode == 0, shown.stderr
    batch = json.loads(shown.stdout)
    assert (batch["state"], batch["reason"], batch["decided_by"]) == (
        "rejected",
        REASON,
        "web:hung",
    )
