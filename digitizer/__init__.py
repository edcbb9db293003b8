"""Scans become searchable PDF/A: page images, OCR, text layer, barcodes."""

from digitizer.errors import (
    CorruptFileError,
    DigitizeError,
    EncryptedPdfError,
    FileAccessError,
    LimitExceededError,
    OcrEngineError,
    OutputError,
    UnsupportedFileError,
)
from digitizer.extract import write_pages
from digitizer.image_guard import guard_images
from digitizer.options import DigitizeOptions, Limits
from digitizer.page_reads import (
    PageRead,
    discard_page_read,
    load_page_read,
    save_page_read,
    saved_page_numbers,
)
from digitizer.pipeline import Digitizer, Progress, count_pages, digitize, digitize_many
from digitizer.results import Barcode, DigitizeResult, OutputKind, PageResult, PageSource

guard_images(Limits().max_page_pixels)

__all__ = [
    "Barcode",
    "CorruptFileError",
    "DigitizeError",
    "DigitizeOptions",
    "DigitizeResult",
    "Digitizer",
    "EncryptedPdfError",
    "FileAccessError",
    "LimitExceededError",
    "Limits",
    "OcrEngineError",
    "OutputError",
    "OutputKind",
    "PageRead",
    "PageResult",
    "PageSource",
    "Progress",
    "UnsupportedFileError",
    "count_pages",
    "digitize",
    "digitize_many",
    "discard_page_read",
    "load_page_read",
    "save_page_read",
    "saved_page_numbers",
    "write_pages",
]
