"""Changes after signing that verification must catch, each beside the untouched file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from asn1crypto import cms  # type: ignore[import-untyped]
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from signing.verify import verify_pdf
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import (
    PAGE_TEXT,
    SignedFile,
    make_unsigned_pdf,
    pkcs12_profile,
    sign_level,
)
from tests.support.tsa import TrustServices

pytest_plugins = ("tests.support.signing_fixtures",)


def copy_of(signed: SignedFile, folder: Path) -> Path:
    return Path(shutil.copy(signed.path, folder / f"copy-{signed.path.name}"))


@pytest.mark.parametrize("level", ["B-B", "B-LTA"])
def test_flipped_byte_in_signed_range_fails(
    level: str, signed_files: dict[str, SignedFile], pki: ThrowawayPki, tmp_path: Path
) -> None:
    original = signed_files[level].path
    assert verify_pdf(original, [pki.root_cert]).all_valid
    data = original.read_bytes()
    assert data.count(PAGE_TEXT) == 1
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(data.replace(PAGE_TEXT, PAGE_TEXT.replace(b"Giay", b"Gixy")))

    report = verify_pdf(tampered, [pki.root_cert])

    [check] = report.signatures
    assert not check.intact
    assert not check.bottom_line
    assert check.problem == "the signature does not match the bytes it covers"
    assert len(report.document_timestamps) == (1 if level == "B-LTA" else 0)
    for stamp in report.document_timestamps:
        assert not stamp.intact and not stamp.bottom_line
    assert not report.all_valid


@pytest.mark.parametrize("level", ["B-B", "B-LTA"])
def test_unsigned_drawing_on_page_after_signing_fails(
    level: str, signed_files: dict[str, SignedFile], pki: ThrowawayPki, tmp_path: Path
) -> None:
    path = copy_of(signed_files[level], tmp_path)
    assert verify_pdf(path, [pki.root_cert]).all_valid
    with path.open("r+b") as document:
        writer = IncrementalPdfFileWriter(document, strict=False)
        drawing = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (Da sua) Tj ET")
        writer.add_stream_to_page(0, writer.add_object(drawing))  # type: ignore[no-untyped-call]
        writer.write_in_place()  # type: ignore[no-untyped-call]

    report = verify_pdf(path, [pki.root_cert])

    [check] = report.signatures
    assert check.intact and check.valid and check.trusted
    assert check.modified_after_signing
    assert check.modification_level == "other"
    assert not check.changes_allowed
    assert not check.bottom_line
    assert len(report.document_timestamps) == (1 if level == "B-LTA" else 0)
    for stamp in report.document_timestamps:
        assert stamp.intact and not stamp.changes_allowed and not stamp.bottom_line
    assert not report.all_valid


def document_timestamp_gap(path: Path) -> tuple[int, int, bytes]:
    """Where the last document timestamp's /Contents hex string lies, and its token."""
    with path.open("rb") as document:
        [stamp] = PdfFileReader(document, strict=False).embedded_timestamp_signatures
        start, length, after, _ = stamp.byte_range
        token = cms.ContentInfo.load(stamp.pkcs7_content, strict=False).dump()
    return start + length, after, token


def test_document_timestamp_from_another_file_fails(
    signed_files: dict[str, SignedFile],
    trust_services: TrustServices,
    pki: ThrowawayPki,
    tmp_path: Path,
) -> None:
    other = make_unsigned_pdf(tmp_path / "other.pdf", b"Mot van ban khac")
    donor = sign_level(
        other,
        tmp_path / "donor.pdf",
        pkcs12_profile(pki, tmp_path, timestamp_url=trust_services.tsa_url),
        "B-LTA",
        trust_services,
    ).path
    assert verify_pdf(donor, [pki.root_cert]).all_valid
    path = copy_of(signed_files["B-LTA"], tmp_path)
    assert verify_pdf(path, [pki.root_cert]).all_valid
    start, end, _ = document_timestamp_gap(path)
    _, _, foreign_token = document_timestamp_gap(donor)
    room = end - start - 2  # inside < and >
    assert len(foreign_token) * 2 <= room
    data = bytearray(path.read_bytes())
    data[start + 1 : end - 1] = foreign_token.hex().encode().ljust(room, b"0")
    path.write_bytes(bytes(data))

    report = verify_pdf(path, [pki.root_cert])

    [stamp] = report.document_timestamps
    assert stamp.valid  # a genuine token of our TSA…
    assert not stamp.intact  # …but over another document
    assert not stamp.bottom_line
    assert not report.all_valid
