"""One Tesseract run per page, asking for the hOCR alone: words, boxes, confidences.

The plain text and the invisible text layer are both drawn from it (see `hocr_layer`):
each further renderer (text, PDF) would walk Tesseract's results again, 2 to 8 % more time
a page. pytesseract's `run_and_get_multiple_output` takes no configuration, and this run
needs some (page segmentation mode, resolution), so its building block `run_tesseract` is
called and the file read back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytesseract

from config.errors import MissingDependencyError
from digitizer.errors import LimitExceededError, OcrEngineError, OcrInterruptedError

# Pages run in parallel, one process each; Tesseract's own threads would only fight them.
os.environ["OMP_THREAD_LIMIT"] = "1"

_AUTO_SEGMENTATION = 3
_AUTO_SEGMENTATION_WITH_ORIENTATION = 1
_MIN_DPI, _MAX_DPI = 70, 2400
_SAUVOLA = 2  # Tesseract's local thresholding, instead of one Otsu threshold for the page


def run_ocr(
    image: Path,
    *,
    source: Path,
    page: int,
    language: str,
    dpi: int,
    detect_orientation: bool,
    timeout: float,
    local_thresholds: bool = False,
) -> str:
    """OCR one page image into hOCR; `source` and `page` only name the page in errors."""
    mode = _AUTO_SEGMENTATION_WITH_ORIENTATION if detect_orientation else _AUTO_SEGMENTATION
    config = f"--psm {mode}"
    if _MIN_DPI <= dpi <= _MAX_DPI:
        config += f" --dpi {dpi}"
    if local_thresholds:
        config += f" -c thresholding_method={_SAUVOLA}"
    with tempfile.TemporaryDirectory(prefix="sohoa-tess-") as workdir:
        base = Path(workdir) / "page"
        try:
            pytesseract.pytesseract.run_tesseract(
                str(image), str(base), "hocr", language, config, timeout=timeout
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise _no_tesseract() from exc
        except pytesseract.TesseractError as exc:
            raise _engine_error(source, page, exc) from exc
        except RuntimeError as exc:  # pytesseract's way of saying the timeout struck
            raise LimitExceededError(
                source,
                f"page {page} took longer than {timeout:g} s to OCR (the time limit)",
                code="digitize.ocr_timeout",
                params={"page": page, "seconds": f"{timeout:g}"},
            ) from exc
        return base.with_suffix(".hocr").read_text(encoding="utf-8")


def _engine_error(source: Path, page: int, error: pytesseract.TesseractError) -> OcrEngineError:
    if error.status < 0:  # killed by a signal: not the page's fault
        return OcrInterruptedError(
            source,
            f"Tesseract was stopped by {_signal_name(-error.status)} while reading page {page} "
            "(killed, or out of memory)",
            code="digitize.ocr_interrupted",
            params={"page": page, "signal": _signal_name(-error.status)},
        )
    said = error.message or f"exit status {error.status}"
    return OcrEngineError(
        source,
        f"Tesseract failed on page {page}: {said}",
        code="digitize.ocr_failed",
        params={"page": page, "reason": said},
    )


def _no_tesseract() -> MissingDependencyError:
    return MissingDependencyError(
        "tesseract is not installed; run 'make setup' or apt-get install tesseract-ocr",
        code="dependency.tesseract_missing",
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@cache
def installed_languages() -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, subprocess.SubprocessError, OSError) as exc:
        raise _no_tesseract() from exc


def check_language(language: str) -> None:
    missing = [code for code in language.split("+") if code not in installed_languages()]
    if missing:
        raise MissingDependencyError(
            f"Tesseract has no language data for {', '.join(missing)}; install "
            + " ".join(f"tesseract-ocr-{code}" for code in missing),
            code="dependency.tesseract_language_missing",
            params={
                "languages": ", ".join(missing),
                "packages": " ".join(f"tesseract-ocr-{code}" for code in missing),
            },
        )
