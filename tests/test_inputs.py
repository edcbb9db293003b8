"""Bad and awkward inputs: a clear error naming the file, or the documented policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import img2pdf
import pikepdf
import pytest
from pikepdf import Name

from digitizer import (
    CorruptFileError,
    DigitizeOptions,
    EncryptedPdfError,
    LimitExceededError,
    Limits,
    OutputKind,
    PageSource,
    UnsupportedFileError,
    digitize,
)
from tests.conftest import pdftotext
from tests.support.pages import character_error_rate, make_page, save_jpeg, scanned


@pytest.fixture(scope="module")
def small_scan(tmp_path_factory: pytest.TempPathFactory, words: list[str]) -> Path:
    folder = tmp_path_factory.mktemp("small")
    pages = [make_page(words, lines=5, seed=seed) for seed in (1, 2)]
    jpegs = [save_jpeg(scanned(p.image, seed=i), folder / f"{i}.jpg") for i, p in enumerate(pages)]
    target = folder / "two-pages.pdf"
    target.write_bytes(img2pdf.convert([str(path) for path in jpegs]))
    return target


def test_a_user_password_pdf_is_refused(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "ocrmypdf" / "historical" / "skew-encrypted.pdf"
    with pytest.raises(EncryptedPdfError) as caught:
        digitize(source, tmp_path / "out.pdf")
    assert str(caught.value).startswith(str(source))
    assert not (tmp_path / "out.pdf").exists()


def test_owner_password_restrictions_are_dropped(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "vietnamese" / "vietsample1.pdf"
    result = digitize(source, tmp_path / "out.pdf")
    assert "restrictions were dropped" in " ".join(result.notes)
    assert {page.source for page in result.pages} == {PageSource.TEXT}
    with pikepdf.open(result.output_path) as pdf:
        assert not pdf.is_encrypted
        assert Name.StructTreeRoot in pdf.Root, "the tagged structure is kept"
    truth = (corpus / "vietnamese" / "vietsample1.pdf.gt.txt").read_text(encoding="utf-8")
    assert character_error_rate(truth, pdftotext(result.output_path)) < 0.01
    assert character_error_rate(truth, result.text) < 0.01


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest of a zip", "ZIP archive"),
        (b"Just some notes, not a scan.\n", "not a PDF, TIFF, JPEG or PNG"),
    ],
)
def test_unsupported_files_are_refused_by_content(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    source = tmp_path / "looks-like.pdf"
    source.write_bytes(content)
    with pytest.raises(UnsupportedFileError, match=reason) as caught:
        digitize(source, tmp_path / "out.pdf")
    assert str(caught.value).startswith(str(source))


def test_a_truncated_jpeg_is_refused_as_damaged(small_scan: Path, tmp_path: Path) -> None:
    with pikepdf.open(small_scan) as pdf:
        jpeg = pdf.pages[0].Resources.XObject["/Im0"].read_raw_bytes()
    source = tmp_path / "cut.jpg"
    source.write_bytes(jpeg[:4000])
    with pytest.raises(CorruptFileError, match=r"cut\.jpg"):
        digitize(source, tmp_path / "out.pdf")


def test_a_type_is_decided_by_content_not_name(small_scan: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "scan.jpg"
    shutil.copyfile(small_scan, disguised)
    result = digitize(disguised, tmp_path / "out.pdf")
    assert result.input_kind == "pdf"
    assert len(result.pages) == 2


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (Limits(max_pages=1), "more than the limit of 1"),
        (Limits(max_page_pixels=1_000_000), "pixels, more than the limit"),
        (Limits(max_file_bytes=10_000), "MiB, more than the limit"),
        (Limits(seconds_per_page=0.05), "took longer than"),
    ],
)
def test_limits_are_enforced_naming_the_file(
    small_scan: Path, tmp_path: Path, limits: Limits, reason: str
) -> None:
    with pytest.raises(LimitExceededError, match=reason) as caught:
        digitize(small_scan, tmp_path / "out.pdf", DigitizeOptions(limits=limits))
    assert str(caught.value).startswith(str(small_scan))
    assert not (tmp_path / "out.pdf").exists()


def test_a_signed_pdf_is_never_modified(small_scan: Path, tmp_path: Path) -> None:
    signed = tmp_path / "signed.pdf"
    with pikepdf.open(small_scan) as pdf:
        signature = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=Name.Sig,
                Filter=Name("/Adobe.PPKLite"),
                SubFilter=Name("/ETSI.CAdES.detached"),
                Contents=pikepdf.String(b"\x00" * 64),
                ByteRange=[0, 10, 20, 30],
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(FT=Name.Sig, T=pikepdf.String("Signature1"), V=signature)
        )
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field], SigFlags=3)
        pdf.save(signed)
    result = digitize(signed, tmp_path / "out.pdf")
    assert result.output_kind == OutputKind.ORIGINAL
    assert result.output_path.read_bytes() == signed.read_bytes()
    assert "already digital" in " ".join(result.notes)


def test_transparency_is_kept_as_a_soft_mask(corpus: Path, tmp_path: Path) -> None:
    result = digitize(corpus / "ocrmypdf" / "baiona_alpha.png", tmp_path / "out.pdf")
    assert result.output_kind == OutputKind.PDFA_2B
    with pikepdf.open(result.output_path) as pdf:
        assert Name.SMask in pdf.pages[0].Resources.XObject["/Im0"]


def test_a_form_keeps_its_fields(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "ocrmypdf" / "acroform.pdf"
    result = digitize(source, tmp_path / "out.pdf")
    with pikepdf.open(source) as before, pikepdf.open(result.output_path) as after:
        assert len(after.Root.AcroForm.Fields) == len(before.Root.AcroForm.Fields) > 0


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims `width` x `height` pixels and holds almost none: a decompression
    bomb as Pillow meets it, small on disk."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def test_a_decompression_bomb_is_refused_for_its_size_without_decoding(tmp_path: Path) -> None:
    bomb = _png_header_only(tmp_path / "bom.png", 60_000, 60_000)  # 3,600 million pixels
    with pytest.raises(LimitExceededError, match="pixels") as caught:
        digitize(bomb, tmp_path / "out.pdf")
    assert str(caught.value).startswith(str(bomb))
    assert not (tmp_path / "out.pdf").exists()


def test_pillows_bomb_guard_stays_on_for_every_other_opener() -> None:
    from PIL import Image

    assert Image.MAX_IMAGE_PIXELS is not None
    assert Limits().max_page_pixels <= Image.MAX_IMAGE_PIXELS  # pages Sohoa accepts open
