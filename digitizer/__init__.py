"""Scans become searchable PDF/A: page images, OCR, text layer, barcodes."""

from PIL import Image

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
from digitizer.options import DigitizeOptions, Limits
from digitizer.pipeline import Digitizer, Progress, digitize, digitize_many
from digitizer.results import Barcode, DigitizeResult, OutputKind, PageResult, PageSource

# Sohoa checks pixel counts itself, against the configured limit, before decoding.
Image.MAX_IMAGE_PIXELS = None

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
    "PageResult",
    "PageSource",
    "Progress",
    "UnsupportedFileError",
    "digitize",
    "digitize_many",
    "write_pages",
]
