"""Decide what a file is from its first bytes, never from its name."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from digitizer.errors import UnsupportedFileError


class InputKind(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tiff"


_SIGNATURES: tuple[tuple[bytes, InputKind], ...] = (
    (b"\xff\xd8\xff", InputKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", InputKind.PNG),
    (b"II*\x00", InputKind.TIFF),
    (b"MM\x00*", InputKind.TIFF),
)

# Each with its description and, for messages in other languages, its format's names.
_KNOWN_OTHERS: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive or an Office document", "ZIP, DOCX, XLSX"),
    (b"\xd0\xcf\x11\xe0", "an old Office document", "DOC, XLS"),
    (b"GIF8", "a GIF image", "GIF"),
    (b"BM", "a BMP image", "BMP"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image", "JPEG 2000"),
    (b"RIFF", "a RIFF file (WebP, WAV or AVI)", "WebP, WAV, AVI"),
)

# The PDF header may follow some junk; readers look in the first kilobyte.
_PDF_HEADER_WINDOW = 1024


def sniff(path: Path) -> InputKind:
    with path.open("rb") as handle:
        head = handle.read(_PDF_HEADER_WINDOW)
    if not head:
        raise UnsupportedFileError(path, "the file is empty", code="digitize.file_empty")
    if b"%PDF-" in head:
        return InputKind.PDF
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    for signature, description, formats in _KNOWN_OTHERS:
        if head.startswith(signature):
            raise UnsupportedFileError(
                path,
                f"this is {description}; Sohoa accepts PDF, TIFF, JPEG and PNG scans",
                code="digitize.file_kind_other",
                params={"formats": formats},
            )
    raise UnsupportedFileError(
        path,
        "not a PDF, TIFF, JPEG or PNG file (its content matches none of them)",
        code="digitize.file_kind_unknown",
    )
