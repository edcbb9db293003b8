from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageDraw
from pydantic import ValidationError

from config import Settings
from config.errors import ConfigError, MissingDependencyError
from signing.appearance import Appearance, AppearanceKind
from signing.configured import configured_profile
from signing.page_geometry import Box, PageView
from signing.profiles import SigningProfile
from signing.sign import SignResult, sign_pdf
from signing.stamp_font import DEFAULT_STAMP_FONT_PACKAGE
from signing.stamp_style import vietnam_time
from signing.verify import verify_pdf
from tests.conftest import pdftotext, qpdf_check
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import AGENCY, CLERK, pkcs12_profile, stamp_rects

SCANNED_AT = dt.datetime(2025, 6, 1, 2, 30, 5, tzinfo=dt.UTC)
SCANNED_AT_SHOWN = "2025-06-01T09:30:05+07:00"
A4 = (0, 0, 595, 842)
LIBERATION_SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DPI = 50


pytest_plugins = ("tests.support.signing_fixtures",)


def make_page(
    path: Path,
    *,
    media_box: tuple[float, float, float, float] = A4,
    crop_box: tuple[float, float, float, float] | None = None,
    rotate: int = 0,
) -> Path:
    """A one-page PDF with a line of text in the middle of the page, away from the corners."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.MediaBox = pikepdf.Array(media_box)
    if crop_box is not None:
        page.CropBox = pikepdf.Array(crop_box)
    if rotate:
        page.Rotate = rotate
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica))
    x = (media_box[0] + media_box[2]) / 2 - 100
    y = (media_box[1] + media_box[3]) / 2
    page.Contents = pdf.make_stream(b"BT /F1 18 Tf %g %g Td (Giay tiep nhan) Tj ET" % (x, y))
    pdf.save(path)
    return path


def profile(pki: ThrowawayPki, folder: Path, appearance: Appearance) -> SigningProfile:
    # Signers are cached by profile name: one name per key.
    return pkcs12_profile(pki, folder, pki.root_cert.parent.name, appearance=appearance)


def sign(
    source: Path,
    target: Path,
    pki: ThrowawayPki,
    appearance: Appearance,
    *,
    field_name: str,
    scanned_at: dt.datetime | None = None,
) -> SignResult:
    result = sign_pdf(
        source,
        target,
        profile(pki, target.parent, appearance),
        field_name=field_name,
        scanned_at=scanned_at,
    )
    checked = qpdf_check(target)
    assert checked.returncode == 0, checked.stdout
    return result


def render(path: Path, dpi: int = DPI) -> NDArray[np.uint8]:
    """Page 1 as the reader sees it (crop box, /Rotate applied), RGB."""
    root = path.with_name(f"{path.stem}-{dpi}dpi")
    command = ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png"]
    subprocess.run([*command, str(path), str(root)], check=True)
    with Image.open(root.with_suffix(".png")) as image:
        return np.asarray(image.convert("RGB"))


def ink(pixels: NDArray[np.uint8]) -> NDArray[np.bool_]:
    return np.asarray(pixels.min(axis=2) < 160)


def red(pixels: NDArray[np.uint8]) -> NDArray[np.bool_]:
    r, g, b = (pixels[:, :, channel].astype(int) for channel in range(3))
    return np.asarray((r > 180) & (g < 80) & (b < 80))


def new_ink(signed: Path, unsigned: Path, dpi: int = DPI) -> NDArray[np.bool_]:
    before, after = render(unsigned, dpi), render(signed, dpi)
    assert before.shape == after.shape
    return ink(after) & ~ink(before)


def corner_ink(added: NDArray[np.bool_]) -> dict[str, int]:
    """New ink pixels in the top fifth of the page, left and right half, and elsewhere."""
    height, width = added.shape
    top = added[: height // 5]
    return {
        "top-left": int(top[:, : width // 2].sum()),
        "top-right": int(top[:, width // 2 :].sum()),
        "elsewhere": int(added[height // 5 :].sum()),
    }


def test_agency_stamp_shows_copy_type_agency_and_signing_time_at_top_right(
    agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    unsigned = make_page(tmp_path / "ket-qua.pdf")
    signed = tmp_path / "ket-qua-ky.pdf"
    result = sign(
        unsigned, signed, agency_pki, Appearance(AppearanceKind.AGENCY), field_name="CoQuan"
    )

    text = pdftotext(signed, "-f", "1", "-l", "1")
    # Decree 30/2020 Appendix I Part II: the form of copy, the agency, the time; no label.
    assert text.split("\n")[:2] == ["SAO Y", AGENCY]
    assert "Bản sao điện tử" not in text
    assert result.signed_at is not None
    # The stamp shows, in Vietnam time, the very signing time inside the signature.
    shown = vietnam_time(result.signed_at)
    assert shown.endswith("+07:00")
    assert shown in text
    found = corner_ink(new_ink(signed, unsigned))
    assert found["top-right"] > 100
    assert found["top-left"] == found["elsewhere"] == 0
    fonts = subprocess.run(["pdffonts", str(signed)], capture_output=True, text=True).stdout
    assert "FreeSerif" in fonts
    [check] = verify_pdf(signed, [agency_pki.root_cert]).signatures
    assert check.bottom_line


def test_personal_stamp_shows_clerk_and_scan_time_at_top_left(
    clerk_pki: ThrowawayPki, tmp_path: Path
) -> None:
    unsigned = make_page(tmp_path / "ho-so.pdf")
    signed = tmp_path / "ho-so-ky.pdf"
    sign(
        unsigned,
        signed,
        clerk_pki,
        Appearance(AppearanceKind.PERSONAL),
        field_name="CaNhan",
        scanned_at=SCANNED_AT,
    )

    text = pdftotext(signed, "-f", "1", "-l", "1")
    assert CLERK in text
    assert SCANNED_AT_SHOWN in text
    found = corner_ink(new_ink(signed, unsigned))
    assert found["top-left"] > 100
    assert found["top-right"] == found["elsewhere"] == 0


def test_personal_stamp_without_scan_time_shows_the_signing_time(
    clerk_pki: ThrowawayPki, tmp_path: Path
) -> None:
    signed = tmp_path / "ho-so-ky.pdf"
    result = sign(
        make_page(tmp_path / "ho-so.pdf"),
        signed,
        clerk_pki,
        Appearance(AppearanceKind.PERSONAL, name="Trần Văn Đức"),
        field_name="CaNhan",
    )

    text = pdftotext(signed, "-f", "1", "-l", "1")
    assert "Trần Văn Đức" in text
    assert result.signed_at is not None
    assert vietnam_time(result.signed_at) in text


def test_personal_then_agency_signatures_stack_and_both_stay_valid(
    clerk_pki: ThrowawayPki, agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    scanned = tmp_path / "scan-ky.pdf"
    sign(
        make_page(tmp_path / "scan.pdf"),
        scanned,
        clerk_pki,
        Appearance(AppearanceKind.PERSONAL),
        field_name="CaNhan",
        scanned_at=SCANNED_AT,
    )
    both = tmp_path / "scan-ky-ky.pdf"
    sign(scanned, both, agency_pki, Appearance(AppearanceKind.AGENCY), field_name="CoQuan")

    report = verify_pdf(both, [clerk_pki.root_cert, agency_pki.root_cert])
    assert [check.field_name for check in report.signatures] == ["CaNhan", "CoQuan"]
    assert all(check.bottom_line for check in report.signatures)
    rects = stamp_rects(both)
    assert not rects["CaNhan"].overlaps(rects["CoQuan"])
    assert rects["CaNhan"].right < rects["CoQuan"].left
    text = pdftotext(both, "-f", "1", "-l", "1")
    assert CLERK in text
    assert AGENCY in text


def test_a_second_agency_signature_goes_below_the_first(
    agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    first = tmp_path / "ket-qua-ky.pdf"
    sign(
        make_page(tmp_path / "ket-qua.pdf"),
        first,
        agency_pki,
        Appearance(AppearanceKind.AGENCY),
        field_name="CoQuan",
    )
    second = tmp_path / "ket-qua-ky-lai.pdf"
    sign(
        first,
        second,
        agency_pki,
        Appearance(AppearanceKind.AGENCY, copy_type="SAO LỤC"),
        field_name="CoQuan2",
    )

    report = verify_pdf(second, [agency_pki.root_cert])
    assert len(report.signatures) == 2
    assert report.all_valid
    rects = stamp_rects(second)
    assert rects["CoQuan2"].top < rects["CoQuan"].bottom
    assert abs(rects["CoQuan2"].right - rects["CoQuan"].right) <= 1  # same right margin
    found = corner_ink(new_ink(second, first))
    assert found["top-right"] > 100
    assert found["top-left"] == 0


def red_seal(path: Path, diameter_mm: float) -> Path:
    pixels = round(diameter_mm / 25.4 * 300)
    image = Image.new("RGBA", (pixels, pixels), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((0, 0, pixels - 1, pixels - 1), fill=(220, 0, 0, 255))
    image.save(path, dpi=(300, 300))
    return path


def test_an_electronic_copy_shows_no_seal_unless_the_profile_asks(
    agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    unsigned = make_page(tmp_path / "ket-qua.pdf")
    signed = tmp_path / "ket-qua-ky.pdf"
    seal = red_seal(tmp_path / "con-dau.png", 36)
    sign(
        unsigned,
        signed,
        agency_pki,
        Appearance(AppearanceKind.AGENCY, seal=seal, label="Bản sao điện tử"),
        field_name="CoQuan",
    )

    assert not red(render(signed)).any()
    # The office's label comes first, above what the rule asks for.
    lines = pdftotext(signed, "-f", "1", "-l", "1").split("\n")
    assert lines[:3] == ["Bản sao điện tử", "SAO Y", AGENCY]
    assert corner_ink(new_ink(signed, unsigned))["top-right"] > 100


def test_seal_is_drawn_red_at_real_size_left_of_the_agency_text(
    agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    diameter_mm = 36
    seal = red_seal(tmp_path / "con-dau.png", diameter_mm)
    unsigned = make_page(tmp_path / "ket-qua.pdf")
    signed = tmp_path / "ket-qua-ky.pdf"
    sign(
        unsigned,
        signed,
        agency_pki,
        Appearance(AppearanceKind.AGENCY, seal=seal, show_seal=True),
        field_name="CoQuan",
    )

    assert not red(render(unsigned)).any()
    seal_pixels = red(render(signed))
    rows, columns = np.nonzero(seal_pixels)
    assert rows.size > 0
    height, width = seal_pixels.shape
    assert rows.max() < height // 4 and columns.min() > width // 2
    expected = diameter_mm / 25.4 * DPI
    assert abs((columns.max() - columns.min() + 1) - expected) <= 3
    assert abs((rows.max() - rows.min() + 1) - expected) <= 3
    # Text to the right of the seal: the seal covers only the left part of the stamp.
    text_columns = np.nonzero(ink(render(signed)) & ~seal_pixels)[1]
    assert text_columns.max() > columns.max() + 10
    assert AGENCY in pdftotext(signed, "-f", "1", "-l", "1")


def ink_crop(added: NDArray[np.bool_]) -> NDArray[np.bool_]:
    rows, columns = np.nonzero(added)
    return added[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_stamp_on_a_rotated_page_is_upright_in_the_corner_the_reader_sees(
    rotate: int, clerk_pki: ThrowawayPki, tmp_path: Path
) -> None:
    appearance = Appearance(AppearanceKind.PERSONAL)
    upright_unsigned = make_page(tmp_path / "dung.pdf")
    upright = tmp_path / "dung-ky.pdf"
    sign(upright_unsigned, upright, clerk_pki, appearance, field_name="A", scanned_at=SCANNED_AT)
    turned_unsigned = make_page(tmp_path / "xoay.pdf", rotate=rotate)
    turned = tmp_path / "xoay-ky.pdf"
    sign(turned_unsigned, turned, clerk_pki, appearance, field_name="A", scanned_at=SCANNED_AT)

    added = new_ink(turned, turned_unsigned, dpi=100)
    found = corner_ink(added)
    assert found["top-left"] > 100
    assert found["top-right"] == found["elsewhere"] == 0
    # The stamp looks as it does on an unrotated page, not turned or upside down.
    expected = ink_crop(new_ink(upright, upright_unsigned, dpi=100))
    actual = ink_crop(added)
    assert actual.shape == pytest.approx(expected.shape, abs=2)
    rows, columns = min(actual.shape[0], expected.shape[0]), min(actual.shape[1], expected.shape[1])
    mismatch = (actual[:rows, :columns] != expected[:rows, :columns]).mean()
    upside_down = (actual[::-1, ::-1][:rows, :columns] != expected[:rows, :columns]).mean()
    assert mismatch < 0.05 < upside_down
    assert CLERK in pdftotext(turned, "-f", "1", "-l", "1")
    [check] = verify_pdf(turned, [clerk_pki.root_cert]).signatures
    assert check.bottom_line


def test_stamp_respects_the_crop_box_of_a_page_not_at_the_origin(
    agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    unsigned = make_page(
        tmp_path / "lech.pdf", media_box=(200, 300, 795, 1142), crop_box=(250, 350, 745, 1092)
    )
    signed = tmp_path / "lech-ky.pdf"
    sign(unsigned, signed, agency_pki, Appearance(AppearanceKind.AGENCY), field_name="CoQuan")

    rect = stamp_rects(signed)["CoQuan"]
    margin = 10 / 25.4 * 72
    assert rect.right == pytest.approx(745 - margin, abs=1.5)
    assert rect.top == pytest.approx(1092 - margin, abs=1.5)
    found = corner_ink(new_ink(signed, unsigned))
    assert found["top-right"] > 100
    assert found["top-left"] == found["elsewhere"] == 0


def test_missing_font_names_the_file_and_the_debian_package(
    agency_pki: ThrowawayPki, tmp_path: Path
) -> None:
    missing = tmp_path / "khong-co" / "FreeSerif.ttf"
    target = tmp_path / "ket-qua-ky.pdf"

    with pytest.raises(MissingDependencyError) as raised:
        sign_pdf(
            make_page(tmp_path / "ket-qua.pdf"),
            target,
            profile(agency_pki, tmp_path, Appearance(AppearanceKind.AGENCY, font=missing)),
            field_name="CoQuan",
        )
    assert str(missing) in raised.value.message
    assert DEFAULT_STAMP_FONT_PACKAGE in raised.value.message
    assert not target.exists()
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.skipif(not LIBERATION_SERIF.exists(), reason="fonts-liberation2 is not installed")
def test_font_with_2048_units_per_em_is_refused(agency_pki: ThrowawayPki, tmp_path: Path) -> None:
    appearance = Appearance(AppearanceKind.AGENCY, font=LIBERATION_SERIF)

    with pytest.raises(ConfigError, match="2048 units per em"):
        sign_pdf(
            make_page(tmp_path / "ket-qua.pdf"),
            tmp_path / "ket-qua-ky.pdf",
            profile(agency_pki, tmp_path, appearance),
            field_name="CoQuan",
        )


def test_seal_without_resolution_needs_a_width(agency_pki: ThrowawayPki, tmp_path: Path) -> None:
    seal = tmp_path / "con-dau.png"
    Image.new("RGBA", (100, 100), (220, 0, 0, 255)).save(seal)

    with pytest.raises(ConfigError, match="seal_width_mm"):
        sign_pdf(
            make_page(tmp_path / "ket-qua.pdf"),
            tmp_path / "ket-qua-ky.pdf",
            profile(
                agency_pki,
                tmp_path,
                Appearance(AppearanceKind.AGENCY, seal=seal, show_seal=True),
            ),
            field_name="CoQuan",
        )


@pytest.mark.parametrize("given", ["seal", "copy_type", "label", "show_seal"])
def test_personal_appearance_refuses_what_only_an_agency_shows(given: str, tmp_path: Path) -> None:
    values = {
        "seal": tmp_path / "con-dau.png",
        "copy_type": "SAO Y",
        "label": "Bản sao điện tử",
        "show_seal": True,
    }
    with pytest.raises(ConfigError, match="personal"):
        Appearance(AppearanceKind.PERSONAL, **{given: values[given]})  # type: ignore[arg-type]


def test_showing_a_seal_needs_a_seal_image() -> None:
    with pytest.raises(ConfigError, match="names no seal image"):
        Appearance(AppearanceKind.AGENCY, show_seal=True)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_view_and_user_space_map_back_and_forth(rotation: int) -> None:
    view = PageView(visible=Box(10, 20, 605, 862), rotation=rotation)
    top_left_in_view = Box(0, view.height - 5, 5, view.height)

    user = view.to_user(top_left_in_view)

    assert view.to_view(user) == top_left_in_view
    corner_seen_top_left = {
        0: (10, 862),  # the page's own top-left
        90: (10, 20),  # turned clockwise, the bottom-left comes to the top-left
        180: (605, 20),
        270: (605, 862),
    }[rotation]
    corners = {(user.left, user.bottom), (user.left, user.top)}
    corners |= {(user.right, user.bottom), (user.right, user.top)}
    assert corner_seen_top_left in corners


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (unicodedata.normalize("NFD", "Trần Thị Hoà"), "Trần Thị Hoà"),  # combining accents
        ("Đoàn Müller Ærø", "Đoàn Müller Ærø"),  # letters outside the cut-down font
    ],
)
def test_names_in_any_normal_form_or_script_are_drawn(
    clerk_pki: ThrowawayPki, tmp_path: Path, given: str, shown: str
) -> None:
    unsigned = make_page(tmp_path / "ho-so.pdf")
    signed = tmp_path / "ho-so-ky.pdf"
    sign(
        unsigned,
        signed,
        clerk_pki,
        Appearance(AppearanceKind.PERSONAL, name=given),
        field_name="CaNhan",
    )
    assert shown in pdftotext(signed, "-f", "1", "-l", "1")
    assert missing_glyphs(signed) == 0


def missing_glyphs(path: Path) -> int:
    """Glyph id 0 (.notdef, drawn as an empty box) shown in the stamps' appearance streams."""
    missing = 0
    with pikepdf.open(path) as pdf:
        for annotation in pdf.pages[0].get("/Annots", []):
            stamp = annotation.AP.N
            for form in [stamp, *stamp.Resources.get("/XObject", {}).values()]:
                for operands, operator in pikepdf.parse_content_stream(form):
                    if str(operator) in ("Tj", "TJ"):
                        missing += _notdef_count(operands)
    return missing


def _notdef_count(operands: list[object]) -> int:
    count = 0
    for operand in operands:
        if isinstance(operand, pikepdf.Array):
            count += _notdef_count(list(operand))
        elif isinstance(operand, pikepdf.String):
            glyphs = bytes(operand)
            count += sum(glyphs[i : i + 2] == b"\0\0" for i in range(0, len(glyphs), 2))
    return count


def test_the_settings_take_a_decree_copy_type_a_label_and_a_seal_only_on_request(
    tmp_path: Path,
) -> None:
    def settings(appearance: dict[str, object]) -> Settings:
        profile = {"pkcs12": str(tmp_path / "co-quan.p12"), "appearance": appearance}
        return Settings.model_validate({"signing": {"profiles": {"co-quan": profile}}})

    described = settings(
        {"kind": "agency", "copy_type": "TRÍCH SAO", "label": "Bản sao điện tử", "seal": "d.png"}
    )
    appearance = configured_profile(described, "co-quan").appearance
    assert appearance is not None
    assert (appearance.copy_type, appearance.label) == ("TRÍCH SAO", "Bản sao điện tử")
    assert appearance.seal == Path("d.png") and not appearance.show_seal

    with pytest.raises(ValidationError, match="SAO LỤC"):
        settings({"kind": "agency", "copy_type": "Bản sao điện tử"})
    with pytest.raises(ValidationError, match="no 'seal' image"):
        settings({"kind": "agency", "show_seal": True})
