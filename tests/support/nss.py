"""An NSS database that trusts the test root, so that poppler's pdfsig can judge trust."""

from __future__ import annotations

import subprocess
from pathlib import Path

CERTUTIL = Path("/usr/bin/certutil")


def make_nss_database(folder: Path, root_cert: Path, *more_roots: Path) -> str:
    """A new database in `folder` trusting `root_cert` (and `more_roots`) for signatures;
    the -nssdir value."""
    folder.mkdir(parents=True, exist_ok=True)
    database = f"sql:{folder}"
    _certutil("-N", "-d", database, "--empty-password")
    # Trust flags are "TLS,e-mail,code": poppler checks signers for the e-mail (S/MIME)
    # signing usage, so the root must be a trusted CA in the second field.
    for number, root in enumerate((root_cert, *more_roots)):
        name = "root" if number == 0 else f"root-{number}"
        _certutil("-A", "-d", database, "-n", name, "-t", ",C,", "-i", str(root))
    return database


def pdfsig(path: Path, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pdfsig", "-nssdir", database, str(path)], capture_output=True, text=True, timeout=60
    )


def _certutil(*arguments: str) -> None:
    subprocess.run([str(CERTUTIL), *arguments], check=True, capture_output=True, timeout=60)
