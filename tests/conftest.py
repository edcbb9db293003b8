from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.pages import CORPUS, corpus_text

# The browser fixtures (module-scoped) for the web journeys; importing them costs nothing
# until a test asks for a page.
pytest_plugins = ("tests.support.browser",)


def pdftotext(path: Path, *extra: str) -> str:
    completed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"],
        capture_output=True,
        check=True,
    )
    return completed.stdout.decode("utf-8")


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


@pytest.fixture(scope="session")
def words() -> list[str]:
    return corpus_text().split()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have the shared test corpus at {CORPUS}")
        pytest.skip("the shared test corpus is not beside the project")
    return CORPUS
