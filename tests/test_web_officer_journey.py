"""The signing officer's journey in Chromium, against a real `sohoa run`: see the batch
waiting with its thumbnails, look at a document, approve, watch the signing finish."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.support.tsa import TrustServices
from tests.support.web import browser_log_in, start_web, wait_for_images
from tests.test_web_officer import APPROVER, make_office

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

if TYPE_CHECKING:
    from tests.support.browser import Shooter

pytest_plugins = ("tests.support.signing_fixtures",)


def images_loaded(page: Page, selector: str) -> bool:
    """Whether every image matched has been drawn (a broken image has no natural width)."""
    return bool(
        page.eval_on_selector_all(
            selector, "images => images.length > 0 && images.every(i => i.naturalWidth > 0)"
        )
    )


def test_an_officer_approves_a_batch_and_watches_it_signed(
    tmp_path: Path, trust_services: TrustServices, page: Page, shoot: Shooter
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    data_dir = make_office(tmp_path / "office", secrets, trust_services)
    service = start_web(data_dir)
    try:
        browser_log_in(page, service.url, APPROVER)
        expect(page).to_have_url(re.compile(r"/officer/batches$"))

        waiting = page.locator("section[aria-labelledby=waiting-title]")
        expect(waiting.get_by_text("Chờ duyệt")).to_be_visible()
        thumbnails = waiting.locator("img.officer-thumb")
        expect(thumbnails).to_have_count(2)
        wait_for_images(page, "img.officer-thumb")
        assert images_loaded(page, "img.officer-thumb")
        shoot(page, "officer-batches")

        waiting.get_by_role("link", name=re.compile(r"^Lô số \d+$")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Chờ duyệt")
        expect(page.locator("tbody tr")).to_have_count(2)
        shoot(page, "officer-batch")

        page.locator("tbody tr").first.get_by_role("link").click()
        expect(page.get_by_text("Chưa ký")).to_be_visible()
        expect(page.get_by_text("Văn bản 1/2")).to_be_visible()
        wait_for_images(page, "img.page")
        assert images_loaded(page, "img.page")
        shoot(page, "officer-viewer")
        page.get_by_role("link", name="Văn bản sau ›").click()
        expect(page.get_by_text("Văn bản 2/2")).to_be_visible()
        page.get_by_role("link", name="200 %").click()
        expect(page.locator("img.page")).to_have_attribute("src", re.compile(r"width=2000$"))

        page.get_by_role("link", name=re.compile(r"Về lô số")).click()
        page.get_by_role("button", name=re.compile(r"^Duyệt và ký")).click()
        expect(page.get_by_text("Ký số 2 văn bản bằng hồ sơ ký 'xa'?")).to_be_visible()
        shoot(page, "officer-approve-confirmation")
        page.get_by_role("button", name="Ký số 2 văn bản").click()
        expect(page.get_by_text("Đã duyệt lô")).to_be_visible()
        # A live region follows the signing, and the page reloads once when it is done.
        expect(page.get_by_role("heading", name="Đã ký xong")).to_be_visible(timeout=120_000)
        expect(page.get_by_text("Đã ký 2/2")).to_be_visible()
        expect(page.locator("tbody tr").get_by_text("Đã ký")).to_have_count(2)
        shoot(page, "officer-batch-signed")

        page.get_by_role("link", name="Văn bản đã ký").first.click()
        expect(page).to_have_url(re.compile(r"/officer/signed$"))
        rows = page.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.get_by_role("link", name="PDF", exact=True)).to_have_count(2)
        shoot(page, "officer-signed")
    finally:
        service.stop()
