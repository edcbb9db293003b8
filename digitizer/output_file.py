"""Writing an output PDF: whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from digitizer.errors import OutputError


def save_pdf(pdf: pikepdf.Pdf, target: Path, *, source: Path) -> None:
    """Save under a temporary name, then rename; errors name `source`, the user's file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        pdf.save(
            partial,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            recompress_flate=False,
        )
        partial.replace(target)
    except (pikepdf.PdfError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise OutputError(
            source,
            f"the output could not be written ({exc})",
            code="digitize.output_unwritable",
            params={"reason": exc},
        ) from exc
