"""Word files converted to PDF by LibreOffice, as an office prints them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest


def convert_to_pdf(documents: Sequence[Path], folder: Path) -> None:
    """Each document's PDF beside it in `folder`; skips where LibreOffice is missing (CI
    must have it)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        reason = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must convert the DOCX report: {reason}")
        pytest.skip(reason)
    # A profile of its own: a LibreOffice the user has open would otherwise take the job.
    profile = (folder / "profile").as_uri()
    converted = subprocess.run(
        [
            *(office, f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(folder), *map(str, documents)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    for path in documents:
        pdf = folder / path.with_suffix(".pdf").name
        assert pdf.is_file(), f"LibreOffice made no PDF: {converted}"
