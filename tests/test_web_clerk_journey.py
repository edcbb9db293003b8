"""The clerk's journey in Chromium, against a real `sohoa run`: a scan without a code lands in
"Chưa gắn mã", the clerk tags it, then issues a receipt and sees it ready to print."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.support.pki import make_test_pki
from tests.support.service import jobs_finished, sohoa, wait_for
from tests.support.web import add_user, browser_log_in, start_web, wait_for_images
from tests.test_web_clerk import FEES, PROFILE, SERIES_A, UNIT_A, small_scan

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

if TYPE_CHECKING:
    from tests.support.browser import Shooter


CODE = "H57.132-261201-0042"


def open_office(folder: Path) -> Path:
    """A data folder with a clerk of unit A, series and fees, and a receipt signing key."""
    pki = make_test_pki(folder / "pki")
    secret = folder / f"{PROFILE}.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    (folder / "sohoa.toml").write_text(
        f'[signing.profiles.{PROFILE}]\npkcs12 = "{pki.signer_pkcs12}"\n'
        f'passphrase_file = "{secret}"\nchain = ["{pki.intermediate_cert}"]\n',
        encoding="utf-8",
    )
    (folder / "fees.csv").write_text(FEES, encoding="utf-8")
    data_dir = folder / "var"
    for arguments in (
        ("receipts", "series", "add", "--form", "01BLP0-001", "--series", SERIES_A,
         "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
         "--address", "Thôn Phú Lộc, xã An Bình", "--profile", PROFILE, "--unit", UNIT_A),
        ("receipts", "fees", "import", str(folder / "fees.csv")),
    ):  # fmt: skip
        done = sohoa(data_dir, *arguments)
        assert done.returncode == 0, done.stderr
    add_user(data_dir, "lan", "clerk", units=(UNIT_A,))
    return data_dir


def drop_scans(folder: Path, data_dir: Path) -> None:
    """A scan with no code anywhere, and a damaged PDF; each appears whole (a rename)."""
    staging = folder / "staging"
    staging.mkdir()
    small_scan(staging / "don-khong-ma.png", "Đơn đề nghị cấp bản sao", "Người nộp: Hà Văn Minh")
    (staging / "hong.pdf").write_bytes(b"%PDF-1.7\nkhong doc duoc\n")
    intake = data_dir / "inbox" / UNIT_A / "intake"
    intake.mkdir(parents=True, exist_ok=True)
    for path in staging.iterdir():
        path.rename(intake / path.name)


def test_a_clerk_tags_an_untagged_scan_and_issues_a_receipt(
    tmp_path: Path, page: Page, shoot: Shooter
) -> None:
    data_dir = open_office(tmp_path)
    service = start_web(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.3")
    try:
        drop_scans(tmp_path, data_dir)
        wait_for(lambda: jobs_finished(data_dir, 2), 120, service.log)

        browser_log_in(page, service.url, "lan")
        expect(page).to_have_url(re.compile(r"/clerk/intake$"))
        expect(page.get_by_role("cell", name="don-khong-ma.png")).to_be_visible()
        expect(page.get_by_role("cell", name="hong.pdf")).to_be_visible()
        shoot(page, "clerk-intake")

        page.get_by_role("link", name="Chưa gắn mã", exact=True).first.click()
        expect(page).to_have_url(re.compile(r"/clerk/untagged$"))
        item = page.locator("li", has_text="don-khong-ma.png")
        expect(item).to_be_visible()
        wait_for_images(page, "img.page")
        shoot(page, "clerk-untagged")
        item.get_by_label("Mã hồ sơ").fill("H57.132-261301-0042")
        item.get_by_role("button", name="Gắn mã").click()
        expect(page.get_by_role("alert")).to_contain_text("không phải mã hồ sơ hợp lệ")
        page.locator("li", has_text="don-khong-ma.png").get_by_label("Mã hồ sơ").fill(CODE)
        page.get_by_role("button", name="Gắn mã").click()
        expect(page.get_by_role("status")).to_contain_text(f"Đã gắn tài liệu vào hồ sơ {CODE}.")
        expect(page.get_by_text("Không còn tài liệu nào chưa gắn mã.")).to_be_visible()

        page.get_by_role("link", name="Tiếp nhận hôm nay").click()
        row = page.get_by_role("row", name=re.compile("don-khong-ma.png"))
        expect(row).to_contain_text(CODE)
        expect(row).to_contain_text("Cán bộ gắn tay")

        page.get_by_role("link", name="Cần xem lại", exact=True).first.click()
        expect(page.get_by_role("row", name=re.compile("hong.pdf"))).to_contain_text(
            "Tệp bị hỏng, không đọc được."
        )
        shoot(page, "clerk-quarantine")

        page.get_by_role("link", name="Lập biên lai").click()
        page.get_by_label("Người nộp tiền").fill("Hà Văn Minh")
        page.get_by_label("Mã hồ sơ").fill(CODE)
        page.get_by_label("Mã thủ tục").fill("1.001234")
        page.get_by_role("button", name="Xem phí").click()
        page.get_by_label(re.compile("Lệ phí đăng ký khai sinh")).check()
        page.get_by_label("Tên khoản thu").first.fill("Phí sao y bản chính")
        page.get_by_label("Số tiền (đồng)").first.fill("2.074.000")
        page.get_by_label("Hình thức thanh toán").select_option(label="Chuyển khoản")
        shoot(page, "clerk-receipt-new")
        page.get_by_role("button", name="Lập biên lai").click()

        expect(page).to_have_url(re.compile(r"/clerk/receipts/\d+\?ok=issued$"))
        expect(page.get_by_role("status")).to_contain_text(f"Đã lập biên lai {SERIES_A}-0000001.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Đã lập")
        expect(page.get_by_text("2.082.000 đ")).to_be_visible()
        wait_for_images(page, "img.page")
        shoot(page, "clerk-receipt")
        printable = page.get_by_role("link", name="Mở biên lai để in (PDF)")
        pdf = page.request.get(f"{service.url}{printable.get_attribute('href')}")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")

        page.get_by_role("link", name="Biên lai", exact=True).click()
        expect(page.get_by_role("row", name=re.compile(f"{SERIES_A}-0000001"))).to_contain_text(
            "Hà Văn Minh"
        )
        shoot(page, "clerk-receipts")
    finally:
        service.stop()


def test_the_intake_page_updates_in_place_as_scans_arrive(tmp_path: Path, page: Page) -> None:
    """The page is opened before anything arrives; without reloading, its counts, its live
    region and the status of each shown document follow the record."""
    data_dir = tmp_path / "var"
    add_user(data_dir, "lan", "clerk", units=(UNIT_A,))
    service = start_web(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.3")
    try:
        page.clock.install()
        browser_log_in(page, service.url, "lan")
        expect(page).to_have_url(re.compile(r"/clerk/intake$"))
        live = page.locator('[aria-live="polite"]')
        expect(live).to_have_text("Hôm nay chưa nhận tài liệu nào.")
        page.evaluate("window.sameLoad = true")

        drop_scans(tmp_path, data_dir)
        wait_for(lambda: jobs_finished(data_dir, 2), 120, service.log)
        page.clock.run_for(10_000)
        expect(live).to_have_text(
            "Đã xử lý 2/2 tệp; 1 tài liệu cần xem lại; 1 tài liệu chưa gắn mã."
            " Có 2 tài liệu mới chưa hiện trong bảng."
        )
        expect(page.locator('strong[data-live="quarantined"]')).to_have_text("1")
        assert page.evaluate("window.sameLoad") is True, "the page was reloaded"

        page.get_by_role("link", name="Tải lại").click()
        row = page.locator("tr", has_text="hong.pdf")
        expect(row.locator('[data-cell="status"]')).to_have_text("Cần xem lại")
        row.locator('[data-cell="status"] span').evaluate("cell => { cell.textContent = '?' }")
        page.clock.run_for(10_000)
        expect(row.locator('[data-cell="status"]')).to_have_text("Cần xem lại")
        expect(live).to_have_text(
            "Đã xử lý 2/2 tệp; 1 tài liệu cần xem lại; 1 tài liệu chưa gắn mã."
        )
    finally:
        service.stop()
