"""The auditor's journey in Chromium, against a real `sohoa run` on a data folder with an
imported register, one digitized paper and two receipts: the rates for a period, the
dossiers they leave out, a dossier, the receipts, the audit trail verified and exported."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.support.pki import make_test_pki
from tests.support.service import jobs_finished, sohoa, wait_for
from tests.support.signed_pdfs import make_unsigned_pdf
from tests.support.web import add_user, browser_log_in, person_at_the_terminal, start_web

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

if TYPE_CHECKING:
    from tests.support.browser import Shooter


UNIT = "ubnd-xa-an-binh"
PROFILE = "thu-phi-kiem-tra"
SERIES = "BI-26T"
HEADER = (
    "code,procedure_code,procedure_name,field,unit,channel,received_at,due_at,resolved_at,"
    "result_required"
)
# (month, day, sequence, channel, resolved): four months of a commune's register.
PLAN = [
    (8, 4, 1, "counter", "2026-08-06 10:00"),
    (8, 12, 2, "counter", "2026-08-20 15:00"),
    (9, 3, 3, "online", "2026-09-05 09:00"),
    (9, 18, 4, "counter", ""),
    (10, 2, 5, "postal", "2026-10-09 11:00"),
    (10, 21, 6, "counter", ""),
    (11, 5, 7, "counter", "2026-11-12 16:00"),
    (11, 19, 8, "online", ""),
]
DIGITIZED = "H57.132-260804-0001"


def register(folder: Path) -> Path:
    lines = [HEADER]
    for month, day, sequence, channel, resolved in PLAN:
        code = f"H57.132-26{month:02d}{day:02d}-{sequence:04d}"
        lines.append(
            f"{code},1.001612,Đăng ký khai sinh,Hộ tịch,{UNIT},{channel},"
            f"2026-{month:02d}-{day:02d} 08:30,,{resolved},yes"
        )
    path = folder / "so-dang-ky.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def open_office(folder: Path) -> Path:
    """The register imported, a receipt series with its signing key, an auditor."""
    pki = make_test_pki(folder / "pki")
    secret = folder / f"{PROFILE}.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    (folder / "sohoa.toml").write_text(
        f'[signing]\ntrust_roots = ["{pki.root_cert}"]\n\n'
        f'[signing.profiles.{PROFILE}]\npkcs12 = "{pki.signer_pkcs12}"\n'
        f'passphrase_file = "{secret}"\nchain = ["{pki.intermediate_cert}"]\n',
        encoding="utf-8",
    )
    data_dir = folder / "var"
    add_user(data_dir, "thu", "auditor")
    person_at_the_terminal(data_dir, "lan", "clerk", units=(UNIT,))
    for arguments in (
        ("dossiers", "import", str(register(folder))),
        ("receipts", "series", "add", "--form", "01BLP0-001", "--series", SERIES,
         "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
         "--address", "Thôn Phú Lộc, xã An Bình", "--profile", PROFILE, "--unit", UNIT),
        ("receipts", "issue", "--series", SERIES, "--dossier", DIGITIZED,
         "--payer", "Nguyễn Thị Hoà", "--item", "Lệ phí đăng ký khai sinh=8.000"),
        ("receipts", "issue", "--series", SERIES, "--dossier", DIGITIZED,
         "--payer", "Nguyễn Thị Hòa", "--item", "Lệ phí đăng ký khai sinh=8.000"),
        ("receipts", "cancel", SERIES, "1", "--reason", "Sai tên người nộp"),
    ):  # fmt: skip
        done = sohoa(data_dir, *arguments)
        assert done.returncode == 0, done.stderr
    return data_dir


def drop_paper(folder: Path, data_dir: Path) -> None:
    """The application form of the first dossier, its code at the start of the file name."""
    staged = make_unsigned_pdf(folder / f"{DIGITIZED}_to-khai.pdf", b"To khai dang ky khai sinh")
    intake = data_dir / "inbox" / UNIT / "intake"
    intake.mkdir(parents=True, exist_ok=True)
    staged.rename(intake / staged.name)


def test_an_auditor_reads_the_rates_drills_down_and_checks_the_trail(
    tmp_path: Path, page: Page, shoot: Shooter
) -> None:
    data_dir = open_office(tmp_path)
    service = start_web(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.3")
    try:
        drop_paper(tmp_path, data_dir)
        wait_for(lambda: jobs_finished(data_dir, 1), 120, service.log)

        browser_log_in(page, service.url, "thu")
        expect(page).to_have_url(re.compile(r"/auditor/rates$"))
        expect(page.get_by_role("heading", name="Tỷ lệ số hóa hồ sơ")).to_be_visible()

        # The period August to November, month by month.
        page.get_by_label("Từ ngày").fill("2026-08-01")
        page.get_by_label("Đến ngày").fill("2026-11-30")
        page.get_by_label("Nhóm theo").select_option("month")
        page.get_by_role("button", name="Xem").click()
        expect(page).to_have_url(re.compile(r"from=2026-08-01&to=2026-11-30&by=month"))
        total = page.locator("tr.total")
        # 8 received; 3 digitized at intake (two online, one paper); 4 resolved, 0 results.
        expect(total).to_contain_text("Tổng cộng")
        expect(total.locator("td").nth(1)).to_have_text("3")
        expect(total.locator("td").nth(2)).to_have_text("8")
        expect(total.locator("td").nth(3)).to_have_text("37,50\u00a0%")
        expect(page.get_by_role("cell", name="08/2026", exact=True)).to_be_visible()
        expect(page.locator("figure.chart img")).to_have_js_property("complete", True)
        assert page.locator("figure.chart img").evaluate("image => image.naturalWidth") > 0
        shoot(page, "auditor-rates")

        # The rates as a workbook, recorded in the trail.
        with page.expect_download() as rates_download:
            page.get_by_role("link", name="Tải Excel (XLSX)").click()
        saved = rates_download.value
        assert saved.suggested_filename == "ty-le-so-hoa-2026-08-01-2026-11-30.xlsx"
        workbook = load_workbook(io.BytesIO(Path(saved.path()).read_bytes()))
        assert workbook.worksheets[0].cell(6, 1).value == "2026-08"

        # The five dossiers received without digitized papers (the next-to-last column).
        cells = total.locator("td")
        cells.nth(cells.count() - 2).get_by_role("link").click()
        expect(
            page.get_by_role("heading", name=re.compile("thành phần khi tiếp nhận"))
        ).to_be_visible()
        rows = page.locator("tbody tr")
        expect(rows).to_have_count(5)
        expect(page.get_by_role("link", name=DIGITIZED)).to_have_count(0)
        shoot(page, "auditor-missing")

        # A dossier: its register fields, its one document, its receipts.
        page.get_by_role("link", name="Tra cứu hồ sơ").click()
        page.get_by_label("Mã hồ sơ (đầy đủ hoặc phần đầu)").fill("h57.132-2608")
        page.get_by_role("button", name="Tìm theo mã").click()
        expect(page.locator("tbody tr")).to_have_count(2)
        shoot(page, "auditor-dossiers")
        page.get_by_role("link", name=DIGITIZED).click()
        expect(page.get_by_role("heading", name=f"Hồ sơ {DIGITIZED}")).to_be_visible()
        expect(page.get_by_text("Đăng ký khai sinh")).to_be_visible()
        expect(page.get_by_role("cell", name="Theo tên tệp")).to_be_visible()
        expect(page.get_by_role("cell", name="Đã hủy")).to_be_visible()
        expect(page.get_by_role("cell", name="Đã lập")).to_be_visible()
        shoot(page, "auditor-dossier")

        page.get_by_role("link", name="Sử dụng biên lai").click()
        usage = page.get_by_role("row", name=re.compile(SERIES))
        expect(usage).to_contain_text("8.000 đ")  # the cancelled receipt does not count
        expect(page.get_by_text("Đã hủy: số 1")).to_be_visible()
        shoot(page, "auditor-receipt-usage")

        # The trail: verified intact, then exported.
        page.get_by_role("link", name="Nhật ký").click()
        page.get_by_role("button", name="Kiểm tra chuỗi nhật ký").click()
        expect(page.get_by_text("Chuỗi nhật ký toàn vẹn")).to_be_visible()
        # Each action in words, not its code (the export below keeps the codes).
        expect(page.get_by_role("cell", name="Kiểm tra chuỗi nhật ký").first).to_be_visible()
        expect(page.get_by_role("cell", name="Xuất báo cáo tỷ lệ số hóa").first).to_be_visible()
        expect(page.get_by_role("cell", name="audit.verified")).to_have_count(0)
        shoot(page, "auditor-audit")
        with page.expect_download() as trail_download:
            page.get_by_role("button", name="Xuất nhật ký (JSON Lines)").click()
        lines = Path(trail_download.value.path()).read_text(encoding="utf-8").splitlines()
        actions = [json.loads(line)["action"] for line in lines]
        assert actions[-1] == "audit.verified" and "dossier.registered" in actions
        page.reload()
        expect(page.get_by_role("cell", name="Xuất nhật ký", exact=True).first).to_be_visible()
    finally:
        service.stop()
