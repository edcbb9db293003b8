"""The document page in Chromium, against a real `sohoa run`: a clerk opens a two-page scan,
goes to page 2 with the arrow key, zooms to 200 %, selects the OCR text beside the image,
tags the document with a reason, and reads the page at a phone's width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.support.service import jobs_finished, wait_for
from tests.support.web import add_user, browser_log_in, start_web, wait_for_images
from tests.test_web_document_page import two_page_scan

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

if TYPE_CHECKING:
    from tests.support.browser import Shooter

UNIT = "xa-an-binh"
CODE = "H57.132-261201-0042"


def fits(page: Page) -> bool:
    """No sideways scroll of the page (a box that scrolls itself may be wider inside)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_clerk_reads_zooms_copies_and_tags_a_document(
    tmp_path: Path, page: Page, shoot: Shooter
) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "lan", "clerk", units=(UNIT,))
    service = start_web(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.3")
    try:
        staging = tmp_path / "staging"
        staging.mkdir()
        two_page_scan(staging / "hai-trang.tiff")
        intake = data_dir / "inbox" / UNIT / "intake"
        intake.mkdir(parents=True, exist_ok=True)
        (staging / "hai-trang.tiff").rename(intake / "hai-trang.tiff")
        wait_for(lambda: jobs_finished(data_dir, 1), 120, service.log)

        page.set_viewport_size({"width": 1366, "height": 900})
        browser_log_in(page, service.url, "lan")
        expect(page).to_have_url(re.compile(r"/clerk/intake$"))
        page.goto(f"{service.url}/documents/1")
        expect(page.get_by_role("heading", level=1)).to_have_text("hai-trang.tiff")
        expect(page.locator("pre.ocr-text")).to_contain_text("Trần Văn Dũng")
        wait_for_images(page, "img.page")
        shoot(page, "document-page")

        page.locator("body").press("ArrowRight")
        expect(page).to_have_url(re.compile(r"trang=2"))
        expect(page.locator("pre.ocr-text")).to_contain_text("Lê Thị Mai")
        page.locator("body").press("ArrowLeft")
        expect(page).to_have_url(re.compile(r"trang=1"))
        page.locator("body").press("ArrowRight")
        expect(page).to_have_url(re.compile(r"trang=2"))

        page.get_by_role("link", name="200 %").click()
        wait_for_images(page, "img.page")
        assert page.eval_on_selector("img.page", "i => i.naturalWidth") == 2000
        box = page.locator(".viewer-image")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the image box scrolls"
        box.focus()
        box.press("ArrowRight")  # in the zoomed page, the arrows scroll it
        page.wait_for_timeout(300)
        assert box.evaluate("b => b.scrollLeft") > 0
        box.press("ArrowLeft")
        page.wait_for_timeout(500)
        assert page.url.endswith("trang=2&zoom=200"), "no page change while scrolling the image"
        assert fits(page), "the image box scrolls, not the page"
        shoot(page, "document-page-200")

        selected = page.locator("pre.ocr-text").evaluate(
            "pre => { const range = document.createRange(); range.selectNodeContents(pre);"
            " const s = window.getSelection(); s.removeAllRanges(); s.addRange(range);"
            " return s.toString(); }"
        )
        assert "Lê Thị Mai" in selected

        form = page.locator("form#retag")
        form.get_by_label("Mã hồ sơ mới").fill(CODE)
        form.get_by_label(re.compile(r"^Lý do")).fill("Người nộp mang giấy hẹn có mã hồ sơ")
        form.get_by_role("button", name="Gắn mã hồ sơ").click()
        expect(page.get_by_role("status")).to_contain_text("Đã đổi mã hồ sơ")
        history = page.locator("section[aria-labelledby=tag-title] tbody tr")
        expect(history).to_have_count(1)
        expect(history).to_contain_text(CODE)
        expect(history).to_contain_text("Người nộp mang giấy hẹn có mã hồ sơ")

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        wait_for_images(page, "img.page")
        assert fits(page), "no sideways page scroll at 390 px"
        shoot(page, "document-page-390")
    finally:
        service.stop()
