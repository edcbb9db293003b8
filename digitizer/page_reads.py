"""Pages read apart from their document, kept on disk until the document is assembled.

A long document's pages may be OCR'd by other workers (page tasks); each page read is
saved in a folder they share and loaded by the one that assembles the document. Per page
there are two files: its text layer as a small PDF, named by the hash of its content, and
a JSON file with the rest, naming that PDF and its hash. Each is written under a temporary
name, forced to disk and renamed into place, the JSON last: a reader sees a page whole or
not at all, and two writers of the same page cannot mix their files. A page whose files
do not check out (a damaged disk, a hand-edited file) is treated as not read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf

from config.file_modes import FILE_MODE
from digitizer.hocr import HocrSummary
from digitizer.page_ocr import PageOcr
from digitizer.results import Barcode

_FORMAT = "sohoa-page-read/1"


@dataclass(frozen=True)
class PageRead:
    """One page as the whole document's digitization reads it, done on its own."""

    number: int  # 1-based
    ocr: PageOcr | None  # None: the page is kept as it is (it carries text or draws nothing)
    notes: tuple[str, ...] = ()  # what the reading noted about this page


def save_page_read(folder: Path, read: PageRead) -> None:
    """Write `read` into `folder`, replacing an earlier read of the same page."""
    folder.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {
        "format": _FORMAT,
        "page": read.number,
        "notes": list(read.notes),
        "ocr": None,
    }
    if read.ocr is not None:
        layer = _layer_bytes(read.ocr.layer)
        digest = hashlib.sha256(layer).hexdigest()
        layer_name = f"{_stem(read.number)}-{digest[:16]}.pdf"
        _write_atomically(folder / layer_name, layer)
        record["ocr"] = {
            "layer": layer_name,
            "layer_sha256": digest,
            "text": read.ocr.text,
            "summary": asdict(read.ocr.summary),
            "barcodes": [asdict(code) for code in read.ocr.barcodes],
            "reading": list(read.ocr.reading),
        }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
    _write_atomically(folder / f"{_stem(read.number)}.json", text.encode("utf-8"))


def saved_page_numbers(folder: Path) -> frozenset[int]:
    """The pages with a saved read in `folder`, from the names alone (not checked)."""
    try:
        names = [path.name for path in folder.iterdir()]
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        int(name[5:-5])
        for name in names
        if name.startswith("page-") and name.endswith(".json") and name[5:-5].isdigit()
    )


def discard_page_read(folder: Path, number: int) -> None:
    """Forget the read of page `number` (its layer goes with the folder)."""
    (folder / f"{_stem(number)}.json").unlink(missing_ok=True)


def load_page_read(folder: Path, number: int) -> PageRead | None:
    """The saved read of page `number`; None when it is missing or does not check out."""
    try:
        record = json.loads((folder / f"{_stem(number)}.json").read_bytes())
        return _page_read(folder, number, record)
    except (OSError, ValueError, TypeError, KeyError, pikepdf.PdfError):
        return None


def _page_read(folder: Path, number: int, record: dict[str, Any]) -> PageRead | None:
    if record["format"] != _FORMAT or record["page"] != number:
        return None
    notes = tuple(_str(note) for note in record["notes"])
    saved = record["ocr"]
    if saved is None:
        return PageRead(number, None, notes)
    layer_name = _str(saved["layer"])
    if Path(layer_name).name != layer_name:
        return None
    layer = (folder / layer_name).read_bytes()
    if hashlib.sha256(layer).hexdigest() != saved["layer_sha256"]:
        return None
    pdf = pikepdf.open(BytesIO(layer))
    if len(pdf.pages) != 1:
        pdf.close()
        return None
    summary = saved["summary"]
    ocr = PageOcr(
        layer=pdf,
        text=_str(saved["text"]),
        summary=HocrSummary(
            words=_int(summary["words"]),
            mean_confidence=_number_or_none(summary["mean_confidence"]),
            textangle=_int(summary["textangle"]),
            skew_degrees=_number_or_none(summary["skew_degrees"]),
        ),
        barcodes=tuple(
            Barcode(page=_int(code["page"]), format=_str(code["format"]), text=_str(code["text"]))
            for code in saved["barcodes"]
        ),
        reading=tuple(_str(step) for step in saved.get("reading", ())),  # older reads: none
    )
    return PageRead(number, ocr, notes)


def _layer_bytes(layer: pikepdf.Pdf) -> bytes:
    """The layer as it is: streams kept as made, so that grafting it after loading puts the
    same bytes in the output as grafting it fresh; a fixed /ID, so the bytes depend only on
    the content."""
    buffer = BytesIO()
    layer.save(buffer, compress_streams=False, deterministic_id=True)
    return buffer.getvalue()


def _write_atomically(target: Path, content: bytes) -> None:
    descriptor, partial_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    os.fchmod(descriptor, FILE_MODE)
    partial = Path(partial_name)
    try:
        with os.fdopen(descriptor, "wb") as writing:
            writing.write(content)
            writing.flush()
            os.fsync(writing.fileno())
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _stem(number: int) -> str:
    return f"page-{number:05d}"


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a whole number, found {type(value).__name__}")
    return value


def _number_or_none(value: object) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"expected a number, found {type(value).__name__}")
    return float(value)
