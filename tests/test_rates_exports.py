"""Exports of the digitization-rates report: CSV, XLSX, DOCX (and its PDF through
LibreOffice), PNG and SVG charts, from a report built by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.shared import Length, Mm, Pt
from openpyxl import load_workbook
from PIL import Image

from reports.decree30_layout import format_date_line
from reports.rates_charts import chart_format, rates_chart_bytes
from reports.rates_csv import rates_csv_bytes
from reports.rates_docx import rates_docx_bytes
from reports.rates_errors import RatesFormatError
from reports.rates_labels import RateName, format_decimal, format_integer, format_percent
from reports.rates_model import (
    Grouping,
    GroupRates,
    Missing,
    MissingDossier,
    Rate,
    RatesReport,
)
from reports.rates_xlsx import MISSING_SHEET, NOTES_SHEET, RATES_SHEET, rates_xlsx_bytes
from service.rates_files import RatesOutputError, write_rates_file
from tests.conftest import pdftotext
from tests.support.libreoffice import convert_to_pdf

COMMUNE = "Bộ phận Một cửa xã Hòa Bình"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"
HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "Kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
DEFINITIONS = (
    "Tỷ lệ số hóa hồ sơ khi tiếp nhận = số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ "
    "được số hóa ÷ số hồ sơ tiếp nhận trong kỳ.",
    "Tỷ lệ số hóa kết quả = số hồ sơ giải quyết trong kỳ có kết quả điện tử ÷ số hồ sơ "
    "giải quyết trong kỳ của thủ tục có kết quả là văn bản.",
)
GENERATED = dt.datetime(2026, 11, 5, 1, 30, tzinfo=dt.UTC)


def rates(name: str, *counts: int) -> GroupRates:
    intake, received, result, resolved, full, scope = counts
    return GroupRates(name, Rate(intake, received), Rate(result, resolved), Rate(full, scope))


TOTAL = rates("Tổng cộng", 43_581, 45_540, 33_228, 44_840, 31_800, 45_540)
BY_UNIT = RatesReport(
    start=dt.date(2026, 10, 1),
    end=dt.date(2026, 10, 31),
    grouping=Grouping.UNIT,
    groups=(
        replace(
            rates("H57.132", 20_000, 20_500, 15_000, 20_000, 14_800, 20_500),
            group_name=CENTRE,
        ),
        rates("H57.133", 15_000, 16_040, 12_000, 16_000, 11_000, 16_040),
        rates(COMMUNE, 8_581, 9_000, 6_228, 8_840, 6_000, 9_000),
    ),
    total=TOTAL,
    definitions=DEFINITIONS,
    generated_at=GENERATED,
)
BY_MONTH = RatesReport(
    start=dt.date(2026, 8, 1),
    end=dt.date(2026, 10, 31),
    grouping=Grouping.MONTH,
    groups=(
        rates("2026-08", 15_000, 15_500, 11_000, 15_000, 10_500, 15_500),
        rates("2026-09", 0, 0, 0, 0, 0, 0),
        rates("2026-10", 28_581, 30_040, 22_228, 29_840, 21_300, 30_040),
    ),
    total=TOTAL,
    definitions=DEFINITIONS,
    generated_at=GENERATED,
)
MISSING = (
    MissingDossier(
        code="H57.132-261003-0001",
        unit="H57.132",
        procedure="1.001612",
        unit_name=CENTRE,
        procedure_name="Đăng ký khai sinh",
        received_at=dt.datetime(2026, 10, 3, 1, 15, tzinfo=dt.UTC),
        resolved_at=None,
        missing=(Missing.INTAKE,),
        detail="Tờ khai đăng ký; Căn cước công dân",
    ),
    MissingDossier(
        code="H57.133-261010-0042",
        unit="H57.133",
        procedure=None,
        received_at=dt.datetime(2026, 10, 10, 2, 0),
        resolved_at=dt.datetime(2026, 10, 20, 9, 45, tzinfo=dt.UTC),
        missing=(Missing.INTAKE, Missing.RESULT),
    ),
)


def test_vietnamese_number_and_date_style() -> None:
    assert format_integer(45_540) == "45.540"
    assert format_percent(Rate(43_581, 45_540).percent) == "95,70\u00a0%"
    assert format_percent(Rate(33_228, 44_840).percent) == "74,10\u00a0%"
    assert format_percent(Rate(0, 0).percent) == "N/A"
    assert format_decimal(Decimal("1234567.891")) == "1.234.567,89"
    assert format_decimal(Decimal(80), None) == "80"
    assert format_date_line("Hà Nội", dt.date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert format_date_line("Huế", dt.date(2026, 11, 15)) == "Huế, ngày 15 tháng 11 năm 2026"


def csv_tables(path: Path) -> list[list[list[str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    tables: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
        if row:
            tables[-1].append(row)
        else:
            tables.append([])
    return tables


def test_csv_parses_back_with_the_numbers(tmp_path: Path) -> None:
    rates_table, missing_table = csv_tables(
        write_rates_file(tmp_path / "rates.csv", rates_csv_bytes(BY_UNIT, MISSING))
    )
    header, *rows = rates_table
    assert header[:2] == ["Đơn vị", "Tên đơn vị"]
    assert header[2:6] == [
        "Số hóa hồ sơ khi tiếp nhận - tử số",
        "Số hóa hồ sơ khi tiếp nhận - mẫu số",
        "Số hóa hồ sơ khi tiếp nhận - tỷ lệ (%)",
        "Số hóa hồ sơ khi tiếp nhận - điểm",
    ]
    by_group = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_group) == ["H57.132", "H57.133", COMMUNE, "Tổng cộng"]
    assert [group["Tên đơn vị"] for group in by_group.values()] == [CENTRE, "", "", ""]
    total = by_group["Tổng cộng"]
    assert int(total["Số hóa hồ sơ khi tiếp nhận - tử số"]) == 43_581
    assert int(total["Số hóa hồ sơ khi tiếp nhận - mẫu số"]) == 45_540
    assert Decimal(total["Số hóa hồ sơ khi tiếp nhận - tỷ lệ (%)"]) == Decimal("95.70")
    assert Decimal(total["Số hóa kết quả giải quyết - tỷ lệ (%)"]) == Decimal("74.10")
    assert Decimal(total["Số hóa kết quả giải quyết - điểm"]) == Decimal("0.93")
    assert (total["Từ ngày"], total["Đến ngày"]) == ("2026-10-01", "2026-10-31")
    assert sum(int(row[2]) for row in rows[:-1]) == 43_581
    assert missing_table[0][:5] == [
        "Mã hồ sơ",
        "Đơn vị",
        "Tên đơn vị",
        "Thủ tục hành chính",
        "Tên thủ tục",
    ]
    assert missing_table[1] == [
        "H57.132-261003-0001",
        "H57.132",
        CENTRE,
        "1.001612",
        "Đăng ký khai sinh",
        "2026-10-03 08:15",
        "",
        "Thành phần hồ sơ khi tiếp nhận",
        "Tờ khai đăng ký; Căn cước công dân",
    ]
    assert missing_table[2][1:5] == ["H57.133", "", "", ""]
    assert missing_table[2][5:8] == [
        "2026-10-10 09:00",
        "2026-10-20 16:45",
        "Thành phần hồ sơ khi tiếp nhận; Kết quả giải quyết",
    ]


def test_csv_shows_an_empty_denominator_as_not_applicable(tmp_path: Path) -> None:
    (rates_table,) = csv_tables(write_rates_file(tmp_path / "rates.csv", rates_csv_bytes(BY_MONTH)))
    header, *rows = rates_table
    assert header[0] == "Tháng"
    empty = dict(zip(header, rows[1], strict=True))
    assert empty["Tháng"] == "2026-09"
    assert empty["Số hóa hồ sơ khi tiếp nhận - mẫu số"] == "0"
    assert empty["Số hóa hồ sơ khi tiếp nhận - tỷ lệ (%)"] == "N/A"
    assert empty["Hồ sơ được số hóa đầy đủ - điểm"] == "N/A"


def test_xlsx_holds_numbers_as_numbers_and_not_applicable_as_text(tmp_path: Path) -> None:
    path = write_rates_file(tmp_path / "rates.xlsx", rates_xlsx_bytes(BY_UNIT, MISSING))
    workbook = load_workbook(path)
    assert workbook.sheetnames == [RATES_SHEET, NOTES_SHEET, MISSING_SHEET]
    sheet = workbook[RATES_SHEET]
    assert sheet["A2"].value == "Từ ngày 01/10/2026 đến ngày 31/10/2026"
    assert sheet["A4"].value == "Đơn vị"
    assert sheet["B4"].value == "Tên đơn vị"
    assert sheet["C4"].value == "Số hóa hồ sơ khi tiếp nhận"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=6)}
    assert list(rows) == ["H57.132", "H57.133", COMMUNE, "Tổng cộng"]
    assert rows["H57.132"][1].value == CENTRE and rows["H57.133"][1].value is None
    total = rows["Tổng cộng"]
    counts, shares = (total[2], total[3], total[6], total[7]), (total[4], total[5], total[8])
    assert [cell.value for cell in counts] == [43_581, 45_540, 33_228, 44_840]
    assert all(type(cell.value) is int for cell in counts)
    assert [cell.value for cell in shares] == [pytest.approx(95.70), 1.0, pytest.approx(74.10)]
    assert all(isinstance(cell.value, int | float) for cell in shares)
    assert total[4].number_format == "0.00"
    assert total[2].number_format == "#,##0"
    notes = [row[0] for row in workbook[NOTES_SHEET].iter_rows(values_only=True)]
    assert DEFINITIONS[0] in notes
    missing = list(workbook[MISSING_SHEET].iter_rows(values_only=True))
    assert missing[1][:7] == (
        "H57.132-261003-0001",
        "H57.132",
        CENTRE,
        "1.001612",
        "Đăng ký khai sinh",
        dt.datetime(2026, 10, 3, 8, 15),
        None,
    )

    months = load_workbook(io.BytesIO(rates_xlsx_bytes(BY_MONTH)))
    assert months.sheetnames == [RATES_SHEET, NOTES_SHEET]
    empty = next(
        row for row in months[RATES_SHEET].iter_rows(min_row=6) if row[0].value == "2026-09"
    )
    assert [cell.value for cell in empty[1:5]] == [0, 0, "N/A", "N/A"]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rates-docx")
    chart = rates_chart_bytes(BY_UNIT, what="intake")
    return {
        "units": write_rates_file(
            folder / "units.docx",
            rates_docx_bytes(
                BY_UNIT,
                agency="UBND tỉnh Hòa Bình\nTrung tâm Phục vụ hành chính công",
                signer_title="Giám đốc",
                signer_name="Nguyễn Thị Ánh",
                place="Hòa Bình",
                number="15",
                abbreviation="TTPVHCC",
                recipients=("Văn phòng UBND tỉnh",),
                charts=(chart,),
            ),
        ),
        "months": write_rates_file(
            folder / "months.docx",
            rates_docx_bytes(BY_MONTH, agency="Trung tâm Phục vụ hành chính công"),
        ),
    }


def test_docx_is_an_administrative_report(documents: dict[str, Path]) -> None:
    text = docx_text(documents["units"])
    assert text == unicodedata.normalize("NFC", text)
    for expected in (
        HEADING,
        MOTTO,
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Hòa Bình, ngày 05 tháng 11 năm 2026",
        "Số: 15/BC-TTPVHCC",
        "BÁO CÁO",
        TITLE,
        "Từ ngày 01/10/2026 đến ngày 31/10/2026",
        COMMUNE,
        f"{CENTRE} (H57.132)",
        "8.581",
        "95,34\u00a0%",
        "Tổng cộng",
        "43.581",
        "45.540",
        "95,70\u00a0%",
        "74,10\u00a0%",
        "đạt 0,93/1 điểm",
        DEFINITIONS[1],
        "GIÁM ĐỐC",
        "Nguyễn Thị Ánh",
    ):
        assert expected in text
    assert "(Ký, ghi rõ họ tên)" not in text  # a form habit, not Decree 30
    document = docx.Document(str(documents["units"]))
    section = document.sections[0]
    width, height, top, bottom, left, right = (
        length or Length(0)
        for length in (
            *(section.page_width, section.page_height),
            *(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin),
        )
    )
    # Word keeps twentieths of a point: a millimetre is never exact.
    assert (round(width.mm), round(height.mm)) == (210, 297)
    assert Mm(20) <= top == bottom <= Mm(25)
    assert Mm(30) <= left <= Mm(35)
    assert Mm(15) <= right <= Mm(20)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert normal.size is not None and 13 <= normal.size.pt <= 14
    assert len(document.inline_shapes) == 1
    body = [p for p in document.paragraphs if p.text and p.style is not None]
    spacing = [p.paragraph_format.space_after for p in body if p.text.startswith("- ")]
    assert spacing and all(space is None for space in spacing)  # the Normal style's
    assert document.styles["Normal"].paragraph_format.space_after == Pt(6)

    months = docx_text(documents["months"])
    assert "09/2026" in months and "N/A" in months
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-……" in months  # to fill in


@pytest.fixture(scope="module")
def pdf_texts(documents: dict[str, Path]) -> Iterator[dict[str, str]]:
    folder = documents["units"].parent
    convert_to_pdf(list(documents.values()), folder)
    # Table cells wrap long names: compare the words, not the lines.
    yield {
        name: " ".join(unicodedata.normalize("NFC", pdftotext(path.with_suffix(".pdf"))).split())
        for name, path in documents.items()
    }


def test_docx_converts_to_pdf_with_libreoffice(pdf_texts: dict[str, str]) -> None:
    # The no-break space before "%" may come back from the PDF as a plain one.
    text = pdf_texts["units"].replace("\u00a0", " ")
    for expected in (
        HEADING,
        MOTTO,
        "BÁO CÁO",
        TITLE,
        "Từ ngày 01/10/2026 đến ngày 31/10/2026",
        "Bộ phận Một cửa xã",  # the name wraps in its merged cell, beside the rates' rows
        "95,70\u00a0%",
        "74,10\u00a0%",
        "45.540",
        "Nguyễn Thị Ánh",
    ):
        assert expected.replace("\u00a0", " ") in text
    assert "N/A" in pdf_texts["months"]


def draw(report: RatesReport, target: Path, what: RateName) -> Path:
    """The chart as the command line writes it: the format named by the file's suffix."""
    return write_rates_file(
        target, rates_chart_bytes(report, what=what, image_format=chart_format(target))
    )


def test_png_chart_is_a_picture_without_missing_glyphs(
    tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    for report in (BY_UNIT, BY_MONTH):
        path = draw(report, tmp_path / f"{report.grouping}.png", "result")
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert 800 <= image.width <= 2400 and 500 <= image.height <= 1200
            grey = image.convert("L")
            histogram = grey.histogram()
            assert sum(histogram[:200]) > grey.width * grey.height // 50, "almost blank"
    assert [str(warning.message) for warning in recwarn] == []


def test_svg_chart_keeps_vietnamese_labels_as_text(
    tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    units = draw(BY_UNIT, tmp_path / "units.svg", "intake")
    months = draw(BY_MONTH, tmp_path / "months.svg", "full")
    texts = {
        name: " ".join(ElementTree.parse(path).getroot().itertext())
        for name, path in (("units", units), ("months", months))
    }
    for expected in (
        CENTRE,
        "Tỷ lệ số hóa hồ sơ khi tiếp nhận theo đơn vị",
        COMMUNE,
        "97,56\u00a0%",
        "Tổng cộng: 95,70\u00a0% (43.581/45.540 hồ sơ)",
        "Mức đạt điểm tối đa (80%)",
    ):
        assert expected in texts["units"]
    assert "Tỷ lệ hồ sơ được số hóa đầy đủ theo tháng" in texts["months"]
    assert "09/2026" in texts["months"] and "N/A" in texts["months"]
    assert "0,00\u00a0%" not in texts["months"], "an empty month is a gap, not zero"
    assert [str(warning.message) for warning in recwarn] == []


def test_exports_report_what_the_person_must_fix(tmp_path: Path) -> None:
    with pytest.raises(RatesFormatError, match=r"\.png or \.svg"):
        draw(BY_UNIT, tmp_path / "chart.gif", "full")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(RatesOutputError, match="could not be written"):
        write_rates_file(blocker / "rates.csv", rates_csv_bytes(BY_UNIT))
    with pytest.raises(RatesFormatError, match="PNG or JPEG"):
        rates_docx_bytes(BY_UNIT, agency="X", charts=(b"not an image",))
