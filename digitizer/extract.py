"""A Sohoa output, or some of its pages, re-issued under the dossier it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import pikepdf

from digitizer.output_file import save_pdf
from digitizer.pdfa import make_pdfa


def write_pages(
    source: Path,
    target: Path,
    pages: Sequence[int] | None,
    *,
    title: str,
    dossier_code: str | None,
) -> int:
    """Write `pages` (1-based, in order; all when None) of `source` to `target`.

    The page objects are copied as they are (images untouched); a PDF/A source stays
    PDF/A with its title and dossier code renewed. Returns the page count written.
    """
    with pikepdf.open(source) as pdf:
        if pages is not None:
            keep = set(pages)
            for index in reversed(range(len(pdf.pages))):
                if index + 1 not in keep:
                    del pdf.pages[index]
        if _declares_pdfa(pdf):
            make_pdfa(pdf, title=title, dossier_code=dossier_code, version=version("sohoa"))
        save_pdf(pdf, target, source=source)
        return len(pdf.pages)


def _declares_pdfa(pdf: pikepdf.Pdf) -> bool:
    with pdf.open_metadata() as meta:
        return meta.get("pdfaid:part") is not None
