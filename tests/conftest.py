from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support.drops import Drops
from tests.support.pages import CORPUS, corpus_text

# Every `sohoa` a test starts runs this checkout's code, whichever checkout the installed
# command was made from.
_CHECKOUT = str(Path(__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_CHECKOUT, os.environ.get("PYTHONPATH")]))

# SoftHSM2 reads SOFTHSM2_CONF once, when a process first loads it, so one token folder per
# test process is set before any test can load the module: a token a fixture makes later is
# then always found, whichever test happened to load the module first.
_SOFTHSM = Path(tempfile.mkdtemp(prefix="sohoa-softhsm-"))
(_SOFTHSM / "tokens").mkdir()
(_SOFTHSM / "softhsm2.conf").write_text(
    f"directories.tokendir = {_SOFTHSM / 'tokens'}\nobjectstore.backend = file\n"
)
os.environ["SOFTHSM2_CONF"] = str(_SOFTHSM / "softhsm2.conf")
atexit.register(shutil.rmtree, _SOFTHSM, True)

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
def drops(tmp_path_factory: pytest.TempPathFactory, words: list[str]) -> Drops:
    """Day's drops for the inbox, each generated file drawn once a session."""
    return Drops(words, tmp_path_factory.mktemp("drawn"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have the shared test corpus at {CORPUS}")
        pytest.skip("the shared test corpus is not beside the project")
    return CORPUS
