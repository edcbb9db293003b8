"""The Decree-30 rates report as an office prints it: converted by LibreOffice and read back
with pdftotext. The number line and the place share a line, no rate wraps in its column, the
points are in the table, and the signer block never splits across two pages, however long
the table above it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from reports.rates_docx import rates_docx_bytes
from reports.rates_labels import format_percent
from reports.rates_model import Grouping, GroupRates, Rate, RatesReport
from tests.conftest import pdftotext
from tests.support.libreoffice import convert_to_pdf

GENERATED = dt.datetime(2026, 11, 5, 1, 30, tzinfo=dt.UTC)
SIGNER = "Nguyễn Thị Ánh"
ROWS = range(4, 31, 2)
"""Tables of 4 to 30 units: somewhere among them the signer block meets a page's end."""


def unit(number: int) -> GroupRates:
    """A unit with every rate different, one of them 100 %."""
    received = 1_000 + 37 * number
    return GroupRates(
        f"H57.{number:03d}",
        Rate(received, received),
        Rate(800 + number, 1_000 + number),
        Rate(700 + 3 * number, received),
        group_name=f"Bộ phận Một cửa xã số {number}",
    )


def report(units: int) -> RatesReport:
    groups = tuple(unit(number) for number in range(1, units + 1))
    total = GroupRates(
        "Tổng cộng",
        *(Rate(sum(getattr(g, name).numerator for g in groups),
               sum(getattr(g, name).denominator for g in groups))
          for name in ("intake", "result", "full")),
    )  # fmt: skip
    return RatesReport(
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 31),
        grouping=Grouping.UNIT,
        groups=groups,
        total=total,
        definitions=("Tỷ lệ số hóa hồ sơ khi tiếp nhận = số hồ sơ … ÷ số hồ sơ tiếp nhận.",),
        generated_at=GENERATED,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[RatesReport, str]]:
    """Per table length, the report and its PDF's text laid out (pages split by form feeds)."""
    folder = tmp_path_factory.mktemp("decree30")
    reports = {units: report(units) for units in ROWS}
    for units, shown in reports.items():
        (folder / f"units-{units}.docx").write_bytes(
            rates_docx_bytes(
                shown,
                agency="UBND tỉnh Hòa Bình\nTrung tâm Phục vụ hành chính công",
                signer_title="KT. Giám đốc\nPhó Giám đốc",
                signer_name=SIGNER,
                place="Hòa Bình",
                number="5",
                abbreviation="TTPVHCC",
                recipients=("Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"),
            )
        )
    convert_to_pdf(sorted(folder.glob("*.docx")), folder)
    texts = {}
    for units, shown in reports.items():
        pdf = folder / f"units-{units}.pdf"
        text = unicodedata.normalize("NFC", pdftotext(pdf, "-layout")).replace("\u00a0", " ")
        texts[units] = (shown, text)
    return texts


def test_the_number_line_and_the_place_share_a_line(
    printed: dict[int, tuple[RatesReport, str]],
) -> None:
    for _, text in printed.values():
        first_page = text.split("\f")[0]
        line = next(line for line in first_page.splitlines() if "Số: 05/BC-TTPVHCC" in line)
        assert "Hòa Bình, ngày 05 tháng 11 năm 2026" in line
        assert "Ký, ghi rõ họ tên" not in text


def test_no_rate_wraps_and_the_points_are_in_the_table(
    printed: dict[int, tuple[RatesReport, str]],
) -> None:
    for shown, text in printed.values():
        assert re.search(r"STT\s+Đơn vị\s+Chỉ tiêu\s+Tử số\s+Mẫu số\s+Tỷ lệ\s+Điểm", text)
        for group in (*shown.groups, shown.total):
            for rate in (group.intake, group.result, group.full):
                percent = format_percent(rate.percent).replace("\u00a0", " ")
                points = rate.points(shown.max_points, shown.full_points_at)
                assert points is not None
                row = rf"{re.escape(percent)}\s+{str(points).replace('.', ',')}"
                assert re.search(row, text), (percent, points)
        assert "100,00 %" in text
        assert not re.search(r"\d,\d\d\s*\n\s*%", text)


def test_the_signer_block_is_never_split_across_pages(
    printed: dict[int, tuple[RatesReport, str]],
) -> None:
    pages_before_block = set()
    for units, (_, text) in printed.items():
        pages = text.split("\f")
        (page,) = [number for number, page in enumerate(pages) if "Nơi nhận:" in page]
        block = pages[page]
        for part in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", SIGNER, "- Lưu: VT."):
            assert part in block, (units, part)
        pages_before_block.add(page)
    # The tables grow over a page's end, so the block lands on different pages.
    assert len(pages_before_block) > 1


def test_the_rates_report_uses_the_rules_spacing(tmp_path: Path) -> None:
    import docx

    shown = dataclasses.replace(report(3), definitions=("Một định nghĩa.",))
    path = tmp_path / "r.docx"
    path.write_bytes(rates_docx_bytes(shown, agency="UBND xã An Bình"))
    document = docx.Document(str(path))
    normal = document.styles["Normal"].paragraph_format.space_after
    assert normal is not None and normal.pt >= 6
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("- "):
            after = paragraph.paragraph_format.space_after
            assert after is None or after.pt >= 6
