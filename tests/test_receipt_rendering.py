"""Receipts rendered to PDF, DOCX, XML and a QR code, checked with the real tools."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import docx
import pytest
import zxingcpp
from PIL import Image

from receipts.model import (
    DEFAULT_RECEIPT_KIND,
    MAX_NUMBER,
    FeeKind,
    Organization,
    PaymentMethod,
    ReceiptData,
    ReceiptLine,
)
from receipts.qr_matrix import encode_qr
from receipts.qr_payload import PAYLOAD_PREFIX, build_payload, parse_payload
from receipts.receipt_message import build_message, message_bytes, signed_data
from receipts.receipt_sheet import COLUMN_WIDTHS_MM
from receipts.render_docx import render_receipt_docx
from receipts.render_errors import InvalidPayloadError, InvalidReceiptError
from receipts.render_pdf import SIGNATURE_BOX, receipt_pdf_bytes, render_receipt_pdf
from tests.conftest import pdftotext, qpdf_check

PAYER = "Nguyễn Thị Hoà"
ORGANIZATION = Organization(
    name="UBND xã An Bình",
    tax_code="0312345678",
    address="Số 12 đường Trần Hưng Đạo, xã An Bình",
)
DOSSIER = "H57.132-261008-0975"
COLLECTOR = "Trần Văn Thu"
TITLE = "BIÊN LAI THU THUẾ, PHÍ, LỆ PHÍ KHÔNG IN SẴN MỆNH GIÁ"
# 16:45 UTC on 7 October is 23:45 on 7 October in Vietnam; 17:30 UTC is already the 8th.
ISSUED_AT = dt.datetime(2026, 10, 7, 17, 30, tzinfo=dt.UTC)
DATE_SHOWN = "Ngày 08 tháng 10 năm 2026"
WORDS = "Hai triệu không trăm tám mươi hai nghìn đồng"
METHOD_NAMES = {
    PaymentMethod.CASH: "Tiền mặt",
    PaymentMethod.TRANSFER: "Chuyển khoản",
    PaymentMethod.QR: "Chuyển khoản qua mã QR",
}


def make_receipt(method: PaymentMethod = PaymentMethod.CASH, **changes: Any) -> ReceiptData:
    data = ReceiptData(
        form_symbol="01BLP0-001",
        series_symbol="BI-26T",
        number=975,
        issued_at=ISSUED_AT,
        organization=ORGANIZATION,
        unit="xa-an-binh",
        payer=PAYER,
        dossier_code=DOSSIER,
        lines=(
            ReceiptLine("Phí thẩm định hồ sơ", FeeKind.FEE, 50_000, fee_code="1.001612"),
            ReceiptLine("Lệ phí cấp giấy chứng nhận", FeeKind.CHARGE, 2_032_000),
        ),
        method=method,
        collector=COLLECTOR,
    )
    return dataclasses.replace(data, **changes)


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, as fields are checked."""
    return " ".join(text.split())


def printed_fields(data: ReceiptData) -> list[str]:
    return [
        TITLE,
        "Mẫu số: 01BLP0-001",
        "Ký hiệu: BI-26T",
        "Số: 0000975",
        "Đơn vị thu: UBND xã An Bình",
        "Mã số thuế: 0312345678",
        "Địa chỉ: Số 12 đường Trần Hưng Đạo, xã An Bình",
        "Phí thẩm định hồ sơ",
        "Lệ phí cấp giấy chứng nhận",
        "50.000",
        "2.032.000",
        "Tổng cộng",
        "2.082.000",
        f"Số tiền bằng chữ: {WORDS}",
        DATE_SHOWN,
        f"Người nộp tiền: {PAYER}",
        f"Mã hồ sơ: {DOSSIER}",
        f"Hình thức thanh toán: {METHOD_NAMES[data.method]}",
        "NGƯỜI THU TIỀN",
        COLLECTOR,
    ]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def issued_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReceiptData, Path]:
    data = make_receipt(PaymentMethod.QR)
    target = tmp_path_factory.mktemp("receipt") / "bien-lai.pdf"
    return data, render_receipt_pdf(data, target)


@pytest.mark.parametrize("method", list(PaymentMethod))
def test_pdf_shows_every_field_with_its_diacritics(method: PaymentMethod, tmp_path: Path) -> None:
    data = make_receipt(method)
    text = flat(pdftotext(render_receipt_pdf(data, tmp_path / "bien-lai.pdf")))
    for field in printed_fields(data):
        assert field in text
    assert "Thay thế" not in text
    assert "xa-an-binh" not in text  # the unit is an inbox folder, not printed


def test_pdf_embeds_its_fonts_and_passes_qpdf(issued_pdf: tuple[ReceiptData, Path]) -> None:
    _, pdf = issued_pdf
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni
    assert any("FreeSerifBold" in row for row in rows)
    checked = qpdf_check(pdf)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()) == 2  # header only: the QR code is vector


def test_qr_code_on_the_printed_page_names_the_receipt_and_its_record(
    issued_pdf: tuple[ReceiptData, Path], tmp_path: Path
) -> None:
    data, pdf = issued_pdf
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as page:
        codes = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(codes) == 1
    assert codes[0].text == build_payload(data).text

    payload = parse_payload(codes[0].text)
    assert payload.tax_code == "0312345678"
    assert (payload.form_symbol, payload.series_symbol) == ("01BLP0-001", "BI-26T")
    assert (payload.number, payload.number_text, payload.reference) == (
        975,
        "0000975",
        "BI-26T-0000975",
    )
    assert payload.issued_on == dt.date(2026, 10, 8)  # Vietnam time
    assert payload.total == 2_082_000
    # The hash is of the message's signed data in canonical form (the standard library's
    # C14N gives the same bytes for a message without namespaces or comments).
    signed = ET.tostring(signed_data(build_message(data)), encoding="unicode")
    canonical = ET.canonicalize(signed).encode("utf-8")
    assert payload.sha256 == hashlib.sha256(canonical).hexdigest()


def test_signature_box_is_empty_and_at_the_bottom_right(
    issued_pdf: tuple[ReceiptData, Path], tmp_path: Path
) -> None:
    _, pdf = issued_pdf
    page_height = 841.89
    assert (SIGNATURE_BOX.width, SIGNATURE_BOX.height) == pytest.approx((170.08, 70.87), abs=0.01)
    assert SIGNATURE_BOX.right == pytest.approx(595.28 - 20 * 72 / 25.4, abs=0.01)
    inside = pdftotext(
        pdf,
        "-x", str(round(SIGNATURE_BOX.left)),
        "-y", str(round(page_height - SIGNATURE_BOX.top)),
        "-W", str(round(SIGNATURE_BOX.width)),
        "-H", str(round(SIGNATURE_BOX.height)),
    )  # fmt: skip
    assert inside.strip() == ""
    subprocess.run(
        [
            "pdftoppm", "-r", "72", "-gray", "-singlefile",
            "-x", str(round(SIGNATURE_BOX.left)),
            "-y", str(round(page_height - SIGNATURE_BOX.top)),
            "-W", str(round(SIGNATURE_BOX.width)),
            "-H", str(round(SIGNATURE_BOX.height)),
            str(pdf), str(tmp_path / "box"),
        ],
        check=True,
    )  # fmt: skip
    with Image.open(tmp_path / "box.pgm") as box:
        assert box.getextrema() == (255, 255)  # nothing drawn where the stamp goes
    above = pdftotext(
        pdf,
        "-x", str(round(SIGNATURE_BOX.left)),
        "-y", str(round(page_height - SIGNATURE_BOX.top - 40)),
        "-W", str(round(SIGNATURE_BOX.width)),
        "-H", "40",
    )  # fmt: skip
    assert "NGƯỜI THU TIỀN" in above


def test_docx_holds_the_same_fields_and_qr_code(tmp_path: Path) -> None:
    data = make_receipt(PaymentMethod.TRANSFER)
    path = render_receipt_docx(data, tmp_path / "bien-lai.docx")
    text = flat(docx_text(path))
    for field in printed_fields(data):
        assert field in text
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Times New Roman"
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    pictures = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(pictures) == 1
    with Image.open(io.BytesIO(pictures[0].blob)) as image:
        codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [build_payload(data).text]


def message_of(data: ReceiptData) -> ET.Element:
    return ET.fromstring(message_bytes(build_message(data)))


def test_xml_message_holds_every_field_in_the_tax_authority_names() -> None:
    data = make_receipt(PaymentMethod.QR, notes=("Nộp thay",), collector="Trần Văn Thu")
    root = message_of(data)
    assert root.tag == "BLai"
    assert root.find("DLBLai").get("Id") == "DLBLai-BI-26T-0000975"

    def text(path: str) -> str | None:
        return root.findtext(f"DLBLai/{path}")

    assert text("TTChung/THDon") == data.kind_name
    assert (text("TTChung/KHMSBLai"), text("TTChung/KHBLai")) == ("01BLP0-001", "BI-26T")
    assert text("TTChung/SBLai") == "975"
    assert text("TTChung/MHSo") == DOSSIER
    assert text("TTChung/NLap") == "2026-10-08"  # Vietnam date
    assert text("TTChung/DVTTe") == "VND"
    assert text("TTChung/HTTToan") == "Chuyển khoản qua mã QR"
    other = {
        item.findtext("TTruong"): item.findtext("DLieu")
        for item in root.findall("DLBLai/TTChung/TTKhac/TTin")
    }
    assert other == {"ThoiDiemLap": "2026-10-08T00:30:00+07:00", "DonVi": "xa-an-binh"}
    assert text("NDBLai/TCThu/Ten") == "UBND xã An Bình"
    assert text("NDBLai/TCThu/MST") == "0312345678"
    assert text("NDBLai/TCThu/DChi") == ORGANIZATION.address
    assert text("NDBLai/NNop/Ten") == PAYER
    assert text("NDBLai/NThu/HVTen") == "Trần Văn Thu"
    lines = root.findall("DLBLai/NDBLai/DSKPhi/KPhi")
    assert [line.findtext("TKPhi") for line in lines] == [
        "Phí thẩm định hồ sơ",
        "Lệ phí cấp giấy chứng nhận",
    ]
    assert [line.findtext("LKPhi") for line in lines] == ["Phí", "Lệ phí"]
    assert [line.findtext("ThTien") for line in lines] == ["50000", "2032000"]
    assert [line.findtext("MKPhi") for line in lines] == ["1.001612", None]
    assert (text("NDBLai/TToan/TgTien"), text("NDBLai/TToan/STBChu")) == ("2082000", WORDS)
    assert root.find("DLBLai/TTChung/TTBLLQuan") is None
    assert [item.findtext("DLieu") for item in root.findall("DLBLai/NDBLai/TTKhac/TTin")] == [
        "Nộp thay"
    ]
    assert [child.tag for child in root.find("DSCKS")] == ["TCThu", "CCKSKhac"]


def test_a_receipt_without_collector_leaves_the_element_out(tmp_path: Path) -> None:
    data = make_receipt(collector="")
    assert message_of(data).find("DLBLai/NDBLai/NThu") is None
    assert "NGƯỜI THU TIỀN" in pdftotext(render_receipt_pdf(data, tmp_path / "bien-lai.pdf"))


def test_record_hash_covers_every_field() -> None:
    data = make_receipt()
    changed = [
        make_receipt(payer="Nguyễn Thị Hòa"),  # one diacritic moved
        make_receipt(number=976),
        make_receipt(method=PaymentMethod.QR),
        make_receipt(unit="xa-khac"),
        make_receipt(notes=("x",)),
        make_receipt(collector="Trần Văn Thư"),
        make_receipt(kind_name="Biên lai thu phí, lệ phí có mệnh giá"),
        make_receipt(issued_at=ISSUED_AT + dt.timedelta(seconds=1)),
    ]
    digests = {build_payload(other).sha256 for other in [data, *changed]}
    assert len(digests) == 1 + len(changed)


def test_record_text_is_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Hoa\u0300"
    assert message_of(make_receipt(payer=decomposed)).findtext("DLBLai/NDBLai/NNop/Ten") == PAYER
    assert build_payload(make_receipt(payer=decomposed)) == build_payload(make_receipt())


def test_replacement_names_the_receipt_it_replaces(tmp_path: Path) -> None:
    data = make_receipt(number=976, replaces="BI-26T-0000975")
    shown = "Thay thế cho biên lai ký hiệu BI-26T, số 0000975"
    assert shown in flat(pdftotext(render_receipt_pdf(data, tmp_path / "r.pdf")))
    assert shown in flat(docx_text(render_receipt_docx(data, tmp_path / "r.docx")))
    related = message_of(data).find("DLBLai/TTChung/TTBLLQuan")
    assert [(child.tag, child.text) for child in related] == [
        ("TCBLai", "1"),
        ("KHBLCLQuan", "BI-26T"),
        ("SBLCLQuan", "975"),
    ]


def test_receipt_without_dossier_code_leaves_the_line_out(tmp_path: Path) -> None:
    data = make_receipt(dossier_code=None)
    assert "Mã hồ sơ" not in pdftotext(render_receipt_pdf(data, tmp_path / "r.pdf"))
    assert message_of(data).find("DLBLai/TTChung/MHSo") is None


def test_payload_reads_back_what_was_written() -> None:
    payload = build_payload(make_receipt())
    assert payload.text.startswith(f"{PAYLOAD_PREFIX}|0312345678|01BLP0-001|BI-26T|0000975|")
    assert len(payload.text) == 130
    assert encode_qr(payload.text).size == 49  # version 8 at level M
    assert parse_payload(payload.text) == payload
    assert parse_payload(f" {payload.text}\r\n") == payload


@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://example.org/",
        "SOHOA-BL2|0312345678|01BLP0-001|BI-26T|0000975|2026-10-08|2082000|" + "a" * 64,
        "SOHOA-BL1|0312345678|01BLP0-001|BI-26T|975|2026-10-08|2082000|" + "a" * 64,
        "SOHOA-BL1|0312345678|01BLP0-001|BI-26T|0000975|2026-02-30|2082000|" + "a" * 64,
        "SOHOA-BL1|0312345678|01BLP0-001|BI-26T|0000975|2026-10-08|2.082.000|" + "a" * 64,
        "SOHOA-BL1|0312345678|01BLP0-001|BI-26T|0000975|2026-10-08|2082000|" + "a" * 63,
        "SOHOA-BL1|0312345678|01BLP0-001|BI-26T|0000000|2026-10-08|2082000|" + "a" * 64,
        "SOHOA-BL1|031234567|01BLP0-001|BI-26T|0000975|2026-10-08|2082000|" + "a" * 64,
    ],
)
def test_foreign_or_damaged_payloads_are_refused(text: str) -> None:
    with pytest.raises(InvalidPayloadError):
        parse_payload(text)


def test_payload_hash_may_be_upper_case() -> None:
    payload = build_payload(make_receipt())
    shouted = payload.text[:-64] + payload.sha256.upper()
    assert parse_payload(shouted) == payload


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issued_at": dt.datetime(2026, 10, 8, 9, 30)}, "no time zone"),
        ({"series_symbol": "BI|26T"}, "series symbol"),
        ({"number": 0}, "between 1 and"),
        ({"number": MAX_NUMBER + 1}, "between 1 and"),
        ({"lines": ()}, "no fee"),
        ({"payer": "  "}, "payer"),
        ({"payer": "Hoà\x00"}, "control character"),
        ({"replaces": "12"}, "not a receipt reference"),
        ({"organization": Organization("UBND", "12-3", "xã An Bình")}, "tax code"),
        ({"lines": (ReceiptLine("Phí", FeeKind.FEE, 0),)}, "above zero"),
    ],
)
def test_data_that_cannot_be_shown_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidReceiptError, match=message):
        build_message(make_receipt(**changes))


def test_receipt_too_long_for_one_page_is_refused_and_nothing_written(tmp_path: Path) -> None:
    lines = tuple(ReceiptLine(f"Phí số {index}", FeeKind.FEE, 1000) for index in range(40))
    target = tmp_path / "r.pdf"
    with pytest.raises(InvalidReceiptError, match="one A4 page"):
        render_receipt_pdf(make_receipt(lines=lines), target)
    assert list(tmp_path.iterdir()) == []


def test_characters_the_font_lacks_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidReceiptError, match="U\\+4E2D"):
        render_receipt_pdf(make_receipt(payer="Hoà 中"), tmp_path / "r.pdf")


def test_rendering_is_repeatable() -> None:
    data = make_receipt(PaymentMethod.QR)
    assert receipt_pdf_bytes(data) == receipt_pdf_bytes(data)


def test_the_series_kind_is_the_printed_title_and_the_xml_document_name(tmp_path: Path) -> None:
    kind = "Biên lai thu phí, lệ phí không có mệnh giá"
    data = make_receipt(kind_name=kind)
    assert data.kind_name != DEFAULT_RECEIPT_KIND
    pdf = flat(pdftotext(render_receipt_pdf(data, tmp_path / "bien-lai.pdf")))
    docx_words = flat(docx_text(render_receipt_docx(data, tmp_path / "bien-lai.docx")))
    for words in (pdf, docx_words):
        assert "BIÊN LAI THU PHÍ, LỆ PHÍ KHÔNG CÓ MỆNH GIÁ" in words
        assert TITLE not in words
    assert message_of(data).findtext("DLBLai/TTChung/THDon") == kind


def _words_with_boxes(pdf: Path) -> list[tuple[str, float, float, float]]:
    """(word, left, right, top from the page's top) of every word pdftotext -bbox finds."""
    page = ET.fromstring(
        pdftotext(pdf, "-bbox").replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    )
    return [
        (word.text or "", float(word.get("xMin")), float(word.get("xMax")), float(word.get("yMin")))
        for word in page.iter("word")
    ]


def _line_centre(words: list[tuple[str, float, float, float]], first: str, last: str) -> float:
    """The centre across of the printed line that begins with `first` and ends with `last`."""
    for start in (w for w in words if w[0] == first):
        line = sorted(
            (w for w in words if abs(w[3] - start[3]) < 1 and w[1] >= start[1]),
            key=lambda w: w[1],
        )
        if line[-1][0] == last:
            return (start[1] + line[-1][2]) / 2
    raise AssertionError(f"no line from {first} to {last}")


def test_the_collector_block_is_centred_under_its_heading(
    issued_pdf: tuple[ReceiptData, Path],
) -> None:
    _, pdf = issued_pdf
    words = _words_with_boxes(pdf)
    box_centre = (SIGNATURE_BOX.left + SIGNATURE_BOX.right) / 2
    heading = _line_centre(words, "NGƯỜI", "TIỀN")
    hint = _line_centre(words, "(Chữ", "số)")
    name = _line_centre(words, "Trần", "Thu")
    for centre in (heading, hint, name):
        assert centre == pytest.approx(box_centre, abs=1.0)
    name_top = max(w[3] for w in words if w[0] == "Trần")
    heading_top = next(w[3] for w in words if w[0] == "NGƯỜI")
    page_height = 841.89
    # Heading above the signature box, the name below it, nothing inside it.
    assert heading_top < page_height - SIGNATURE_BOX.top < page_height - SIGNATURE_BOX.bottom
    assert name_top > page_height - SIGNATURE_BOX.bottom


def test_docx_fee_table_columns_are_the_pdfs(tmp_path: Path) -> None:
    path = render_receipt_docx(make_receipt(), tmp_path / "bien-lai.docx")
    document = docx.Document(str(path))
    (fees,) = [table for table in document.tables if table.cell(0, 0).text == "STT"]
    assert [column.width.mm for column in fees.columns] == pytest.approx(COLUMN_WIDTHS_MM, abs=0.1)
    assert sum(COLUMN_WIDTHS_MM) == pytest.approx(210 - 30 - 20)  # the text width, as in the PDF
    for row in fees.rows[:-1]:
        widths = [cell.width.mm for cell in row.cells]
        assert widths == pytest.approx(COLUMN_WIDTHS_MM, abs=0.1)
    total = fees.rows[-1]
    label, amount = total.cells[0], total.cells[3]
    assert label.width.mm == pytest.approx(sum(COLUMN_WIDTHS_MM[:3]), abs=0.1)
    assert amount.width.mm == pytest.approx(COLUMN_WIDTHS_MM[3], abs=0.1)
    assert fees.autofit is False
