"""Open an input PDF, or refuse it with the reason in plain words."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Name

from digitizer.errors import CorruptFileError, EncryptedPdfError, LimitExceededError
from digitizer.options import Limits


def open_pdf(source: Path, limits: Limits, *, path: Path | None = None) -> pikepdf.Pdf:
    """Open `source`; errors name `path`, the file the user gave, when it differs."""
    path = path or source
    try:
        pdf = pikepdf.open(source)
    except pikepdf.PasswordError as exc:
        raise EncryptedPdfError(
            path,
            "the PDF needs a password to open; ask the sender for an unprotected copy",
            code="digitize.pdf_encrypted",
        ) from exc
    except (pikepdf.PdfError, OSError, ValueError, RecursionError) as exc:
        detail = str(exc).replace(f"{source}: ", "")
        raise CorruptFileError(
            path,
            f"the PDF is damaged and cannot be read ({detail})",
            code="digitize.pdf_damaged",
            params={"reason": detail},
        ) from exc
    try:
        page_count = len(pdf.pages)
    except (pikepdf.PdfError, RecursionError) as exc:
        pdf.close()
        raise CorruptFileError(
            path,
            f"the PDF's page list is damaged ({exc})",
            code="digitize.pdf_pages_damaged",
            params={"reason": exc},
        ) from exc
    if page_count == 0:
        pdf.close()
        raise CorruptFileError(path, "the PDF has no pages", code="digitize.pdf_no_pages")
    try:
        limits.check_pages(path, page_count)
    except LimitExceededError:
        pdf.close()
        raise
    return pdf


def has_owner_restrictions(pdf: pikepdf.Pdf) -> bool:
    return bool(pdf.is_encrypted)


def is_signed(pdf: pikepdf.Pdf) -> bool:
    """A signed PDF carries a signature field with a value, or a certification."""
    root = pdf.Root
    if Name.Perms in root:
        return True
    form = root.get(Name.AcroForm)
    if not isinstance(form, pikepdf.Dictionary):
        return False
    pending = list(form.get(Name.Fields, pikepdf.Array()))
    seen: set[tuple[int, int]] = set()
    while pending:
        field = pending.pop()
        if not isinstance(field, pikepdf.Dictionary):
            continue
        if field.is_indirect:
            if field.objgen in seen:
                continue
            seen.add(field.objgen)
        if field.get(Name.FT) == Name.Sig and Name.V in field:
            return True
        pending.extend(field.get(Name.Kids, pikepdf.Array()))
    return False
