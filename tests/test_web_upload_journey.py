"""Upload in Chromium, against a real `sohoa run`: the clerk chooses two files and drops a
third; each shows its progress, then its outcome, followed until digitized or set aside."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.support.web import add_user, browser_log_in, start_web
from tests.test_web_clerk import UNIT_A, small_scan

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

if TYPE_CHECKING:
    from tests.support.browser import Shooter

_DROP = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  return transfer;
}"""


def test_a_clerk_uploads_files_by_choosing_and_dropping_them(
    tmp_path: Path, page: Page, shoot: Shooter
) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "lan", "clerk", units=(UNIT_A,))
    first = small_scan(tmp_path / "to-khai.png", "Tờ khai đăng ký khai sinh")
    note = tmp_path / "ghi-chu.txt"
    note.write_text("Không phải bản quét.", encoding="utf-8")
    dropped = small_scan(tmp_path / "don.png", "Đơn đề nghị cấp bản sao")
    service = start_web(data_dir)
    try:
        browser_log_in(page, service.url, "lan")
        page.get_by_role("link", name="Tải lên").click()
        expect(page).to_have_url(re.compile(r"/clerk/upload$"))
        expect(page.get_by_role("button", name="Tải lên")).to_be_hidden()  # the script sends
        shoot(page, "clerk-upload")

        page.get_by_label("Chọn tệp").set_input_files([str(first), str(note)])
        transfer = page.evaluate_handle(
            _DROP, ["don.png", base64.b64encode(dropped.read_bytes()).decode()]
        )
        page.dispatch_event("#upload-drop", "drop", {"dataTransfer": transfer})

        items = page.locator("#upload-list li")
        expect(items).to_have_count(3)
        scan = items.filter(has_text="to-khai.png")
        expect(scan).to_contain_text("Đã số hóa", timeout=90_000)
        expect(scan.get_by_role("link", name=re.compile(r"Xem tài liệu số \d+"))).to_be_visible()
        expect(items.filter(has_text="don.png")).to_contain_text("Đã số hóa", timeout=90_000)
        expect(items.filter(has_text="ghi-chu.txt")).to_contain_text(
            "Đây không phải tệp PDF hay ảnh quét", timeout=90_000
        )
        shoot(page, "clerk-upload-done")

        page.set_viewport_size({"width": 390, "height": 844})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the page scrolls sideways at 390 px ({wide} px wide)"
        shoot(page, "clerk-upload-390")
    finally:
        service.stop()
