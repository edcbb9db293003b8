"""The architecture page names only packages and files that exist, and every package."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`([a-z_]+/(?:[a-z_]+/)*(?:[a-z_]+\.py)?)`", PAGE))


def test_every_package_and_file_the_page_names_exists() -> None:
    assert len(NAMED) > 20
    missing = sorted(name for name in NAMED if not (REPO / name).exists())
    assert missing == []


def test_the_page_names_every_package() -> None:
    packages = {path.parent.name for path in REPO.glob("*/__init__.py")} - {"tests", "bench"}
    unnamed = sorted(package for package in packages if f"{package}/" not in NAMED)
    assert unnamed == []
