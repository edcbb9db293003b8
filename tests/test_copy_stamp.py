"""The electronic-copy stamp on a real digitized result (Decree 30/2020 Appendix I Part II).

A result page is drawn as a scanner delivers it: the agency's name at the top-left, the
two-line national heading with its rule filling the top-right, a title and the body. It
goes through the digitizer (Tesseract's words become the PDF's text layer), then the
clerk's personal signature and the agency's are added as the signing batches add them.
Neither stamp may sit on a word `pdftotext -bbox` finds, nor on the heading's rule, a line
of ink that is no word; every signature must stay valid for poppler and for Sohoa.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from PIL import Image, ImageDraw

from digitizer import digitize
from signing import appearance
from signing.appearance import Appearance, AppearanceKind
from signing.page_geometry import Box, PageView
from signing.page_one import known_boxes, read_page_one
from signing.stamp_style import vietnam_time
from signing.verify import verify_pdf
from signing_batches.signing_pool import sign_if_unchanged
from store.archive import sha256_of
from tests.conftest import pdftotext, qpdf_check
from tests.support.nss import CERTUTIL, make_nss_database, pdfsig
from tests.support.pages import A4_300DPI, MARGIN_LEFT, MARGIN_RIGHT, font, save_jpeg
from tests.support.pages import scanned as as_scanned
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import AGENCY, CLERK, pkcs12_profile, require_tool, stamp_rects

pytestmark = pytest.mark.slow
pytest_plugins = ("tests.support.signing_fixtures",)

SCANNED_AT = dt.datetime(2026, 12, 4, 8, 15, 0, tzinfo=dt.UTC)  # 15:15 in Vietnam
HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
AGENCY_LINES = ("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH")
BODY = (
    "Ủy ban nhân dân xã An Bình chứng nhận ông Nguyễn Văn Đức, sinh ngày 12 tháng 3 năm",
    "1980, thường trú tại thôn Đông, xã An Bình, đã đăng ký khai sinh cho con là Nguyễn",
    "Minh Anh theo quy định của Luật Hộ tịch. Giấy này có giá trị sử dụng trong mọi giao",
    "dịch dân sự và hành chính kể từ ngày ký. Người được cấp có trách nhiệm bảo quản giấy",
    "và xuất trình khi cơ quan có thẩm quyền yêu cầu theo quy định hiện hành của pháp luật.",
)
POINTS_PER_PIXEL = 72 / 300
TOP_MARGIN = 236  # 20 mm at 300 dpi, the least Decree 30/2020 allows: both corners are written
STAMP_MARGIN = 10 / 25.4 * 72


@dataclass(frozen=True)
class ResultPage:
    pdf: Path
    rule: Box
    """The line under the motto, in PDF points (y up): ink that OCR reports as no word."""


def draw_result_page(folder: Path) -> ResultPage:
    page = Image.new("L", A4_300DPI, 255)
    draw = ImageDraw.Draw(page)
    heading, body = font(54), font(54)
    right = A4_300DPI[0] - MARGIN_RIGHT
    line_height = 80
    top = TOP_MARGIN
    widest = draw.textlength(HEADING[0], font=heading)
    centre = right - widest / 2
    for number, line in enumerate(HEADING):
        width = draw.textlength(line, font=heading)
        draw.text((centre - width / 2, top + number * line_height), line, font=heading, fill=0)
    motto = draw.textlength(HEADING[1], font=heading)
    rule_y = top + 2 * line_height + 8
    rule = (round(centre - motto / 2), rule_y, round(centre + motto / 2), rule_y + 4)
    draw.rectangle(rule, fill=0)
    for number, line in enumerate(AGENCY_LINES):
        width = draw.textlength(line, font=heading)
        draw.text(
            (MARGIN_LEFT + 260 - width / 2, top + number * line_height), line, font=heading, fill=0
        )
    title = "GIẤY XÁC NHẬN"
    width = draw.textlength(title, font=heading)
    draw.text(((A4_300DPI[0] - width) / 2, top + 420), title, font=heading, fill=0)
    for number, line in enumerate(BODY):
        draw.text((MARGIN_LEFT, top + 560 + number * line_height), line, font=body, fill=0)
    jpeg = save_jpeg(as_scanned(page, seed=18), folder / "ket-qua.jpg")
    pdf = folder / "ket-qua.pdf"
    digitize(jpeg, pdf)
    height = A4_300DPI[1]
    left, top_px, right_px, bottom_px = rule
    rule_box = Box(
        left * POINTS_PER_PIXEL,
        (height - bottom_px) * POINTS_PER_PIXEL,
        right_px * POINTS_PER_PIXEL,
        (height - top_px) * POINTS_PER_PIXEL,
    )
    return ResultPage(pdf, rule_box)


def words_of(path: Path) -> list[tuple[str, Box]]:
    """Page 1's words as `pdftotext -bbox` finds them, in PDF points (y up)."""
    completed = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
    )
    root = ElementTree.fromstring(completed.stdout)
    namespace = "{http://www.w3.org/1999/xhtml}"
    page = next(root.iter(f"{namespace}page"))
    height = float(page.get("height", 0))
    found = []
    for word in root.iter(f"{namespace}word"):
        x_min, y_min, x_max, y_max = (
            float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")
        )
        found.append((word.text or "", Box(x_min, height - y_max, x_max, height - y_min)))
    return found


def sign_as_a_batch(
    source: Path, target: Path, pki: ThrowawayPki, appearance: Appearance, field: str
) -> None:
    profile = pkcs12_profile(pki, target.parent, pki.root_cert.parent.name, appearance=appearance)
    outcome = sign_if_unchanged(source, target, profile, field, SCANNED_AT, sha256_of(source))
    assert outcome.signed_sha256 == sha256_of(target)


def test_both_stamps_sit_where_no_word_or_ink_is_and_every_signature_holds(
    clerk_pki: ThrowawayPki, agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    require_tool(shutil.which("pdfsig") is not None, "poppler's pdfsig (poppler-utils)")
    require_tool(CERTUTIL.exists(), "NSS's certutil (libnss3-tools)")
    result = draw_result_page(tmp_path)
    page_words = words_of(result.pdf)
    read = " ".join(text for text, _ in page_words)
    assert "NGHĨA" in read and "Hạnh" in read and "BÌNH" in read  # the OCR found the corners

    scanned = tmp_path / "ket-qua-ca-nhan.pdf"
    sign_as_a_batch(result.pdf, scanned, clerk_pki, Appearance(AppearanceKind.PERSONAL), "CaNhan")
    signed = tmp_path / "ket-qua-ky.pdf"
    sign_as_a_batch(scanned, signed, agency_pki, Appearance(AppearanceKind.AGENCY), "CoQuan")

    stamps = stamp_rects(signed)
    page_width = 595.2
    for field, stamp in stamps.items():
        under = [text for text, box in page_words if box.overlaps(stamp)]
        assert under == [], f"{field} covers {under}"
        assert not stamp.overlaps(result.rule), f"{field} covers the heading's rule"
        assert stamp.bottom > 842 * 2 / 3  # still at the top of the page
    clerk, agency = stamps["CaNhan"], stamps["CoQuan"]
    assert clerk.right < page_width / 2 < agency.left
    assert not clerk.overlaps(agency)
    # The agency's name and the heading fill both corners: in its plain corner place,
    # each stamp would have covered words.
    for stamp in (clerk, agency):
        at_margin = Box(
            stamp.left, 842 - STAMP_MARGIN - stamp.height, stamp.right, 842 - STAMP_MARGIN
        )
        assert stamp != at_margin
        assert any(box.overlaps(at_margin) for _, box in page_words)

    report = verify_pdf(signed, [clerk_pki.root_cert, agency_pki.root_cert])
    assert [check.field_name for check in report.signatures] == ["CaNhan", "CoQuan"]
    assert report.all_valid, report
    database = make_nss_database(tmp_path / "nss", clerk_pki.root_cert, agency_pki.root_cert)
    said = pdfsig(signed, database)
    assert said.returncode == 0, said.stderr
    assert said.stdout.count("Signature Validation: Signature is Valid.") == 2, said.stdout
    assert said.stdout.count("Certificate Validation: Certificate is Trusted.") == 2, said.stdout
    assert qpdf_check(signed).returncode == 0

    text = pdftotext(signed, "-f", "1", "-l", "1")
    lines = text.split("\n")
    signed_at = report.signatures[1].signed_at
    assert signed_at is not None
    shown = vietnam_time(signed_at)
    assert shown.endswith("+07:00")
    assert lines[lines.index("SAO Y") + 1 : lines.index("SAO Y") + 3] == [AGENCY, shown]
    assert CLERK in text and vietnam_time(SCANNED_AT) == "2026-12-04T15:15:00+07:00"
    assert "2026-12-04T15:15:00+07:00" in text
    assert "Bản sao điện tử" not in text


def test_a_stamp_placed_from_what_was_kept_at_writing_lands_where_reading_the_page_puts_it(
    clerk_pki: ThrowawayPki,
    agency_pki: ThrowawayPki,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = draw_result_page(tmp_path)
    kept = read_page_one(result.pdf)
    assert kept is not None
    read_again = tmp_path / "read-again.pdf"
    sign_as_a_batch(result.pdf, read_again, agency_pki, Appearance(AppearanceKind.AGENCY), "A")

    def not_again(*_: object) -> NoReturn:
        raise AssertionError("the page was read again although what it holds was kept")

    monkeypatch.setattr(appearance, "occupied_boxes", not_again)
    from_kept = tmp_path / "from-kept.pdf"
    profile = pkcs12_profile(
        agency_pki, tmp_path, agency_pki.root_cert.parent.name,
        appearance=Appearance(AppearanceKind.AGENCY),
    )  # fmt: skip
    outcome = sign_if_unchanged(
        result.pdf, from_kept, profile, "A", SCANNED_AT, sha256_of(result.pdf), kept
    )
    assert outcome.signed_sha256 == sha256_of(from_kept)
    assert stamp_rects(from_kept) == stamp_rects(read_again)
    assert verify_pdf(from_kept, [agency_pki.root_cert]).all_valid


def test_what_was_kept_of_another_page_is_not_used(tmp_path: Path) -> None:
    result = draw_result_page(tmp_path)
    kept = read_page_one(result.pdf)
    assert kept is not None
    view = PageView(Box(0, 0, 595.2, 841.92), rotation=0)
    assert known_boxes(kept, view, 300) is not None
    assert known_boxes(kept, PageView(Box(0, 0, 595.2, 841.92), rotation=90), 300) is None
    assert known_boxes(kept, PageView(Box(0, 0, 612, 792), rotation=0), 300) is None
    assert known_boxes(kept, view, 600) is None  # deeper than what was kept
    assert known_boxes("{not json", view, 300) is None
    assert known_boxes(None, view, 300) is None
