"""An NSS database that trusts the test root, so that poppler's pdfsig can judge trust."""

from __future__ import annotations

import subprocess
from pathlib import Path

CERTUTIL = Path("/usr/bin/certutil")


def make_nss_database(folder: Path, root_cert: Path) -> str:
    """A new database in `folder` trusting `root_cert` for signatures; the -nssdir value."""
    folder.mkdir(parents=True, exist_ok=True)
    database = f"sql:{folder}"
    _certutil("-N", "-d", database, "--empty-password")
    # Trust flags are "TLS,e-mail,code": poppler checks signers for the e-mail (S/MIME)
    # signing usage, so the root must be a trusted CA in the second field.
    _certutil("-A", "-d", database, "-n", "root", "-t", ",C,", "-i", str(root_cert))
    return database


def pdfsig(path: Path, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pdfsig", "-nssdir", database, str(path)], capture_output=True, text=True, timeout=60
    )


def _certutil(*arguments: str) -> None:
    subprocess.run([str(CERTUTIL), *arguments], check=True, capture_output=True, timeout=60)
