"""The README's first ten minutes, run as written on a fresh data directory, so that the
README cannot drift from what Sohoa does: from `sohoa init --demo-keys` to a signed output
that `pdfsig` finds valid, a receipt its public check page calls genuine, and the rates.

Two things differ from a reader's run, and only these: `make setup` is left out (the suite
runs under it already), and the web interface listens on a free port instead of 8750, which
a `sohoa run` on this machine may hold.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from tests.conftest import pdftotext

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Mười phút đầu tiên"
DEFAULT_ADDRESS = "127.0.0.1:8750"
OUTPUTS = Path("var/outputs/ubnd-xa-an-binh/H57.132-261204-0001")

pytestmark = pytest.mark.slow


def first_run_script(readme: str) -> str:
    """Every `sh` block of the section, in order, as one script."""
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    section = readme[start : end if end != -1 else len(readme)]
    blocks = re.findall(r"^```sh\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    assert blocks, "the first ten minutes hold no sh block"
    return "".join(blocks)


def test_the_first_ten_minutes_run_as_written(tmp_path: Path) -> None:
    script = first_run_script((ROOT / "README.md").read_text(encoding="utf-8"))
    assert script.startswith("make setup\n"), "the section should start with make setup"
    script = script.removeprefix("make setup\n")
    assert DEFAULT_ADDRESS in script
    port = _free_port()
    script = script.replace(DEFAULT_ADDRESS, f"127.0.0.1:{port}")

    office = tmp_path / "office"
    office.mkdir()
    for shared in (".venv", "docs"):  # the reader is in the repository's folder
        (office / shared).symlink_to(ROOT / shared)
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")},
        "SOHOA_WEB__PORT": str(port),
        "XDG_CONFIG_HOME": str(tmp_path / "config-home"),  # where `sohoa login` keeps tokens
    }
    environment.pop("LANG", None)  # the reader's language: Vietnamese, the default
    process = subprocess.Popen(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=office,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # `sohoa run &` goes with it if a step fails
    )
    try:
        output, _ = process.communicate(timeout=600)
    finally:
        _stop_group(process)
    assert process.returncode == 0, output

    assert "Biên lai hợp lệ" in output  # the public check page's verdict
    assert re.search(r"100,00\W%\s*\(1/1\)", output), output  # the rates, in Vietnamese
    result = office / OUTPUTS / "H57.132-261204-0001-KQ1.pdf"
    intake = office / OUTPUTS / "H57.132-261204-0001_to-khai.pdf"
    for signed in (result, intake):
        checked = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True)
        assert "Signature is Valid." in checked.stdout, checked.stdout
        assert "CHỈ DÙNG THỬ" in checked.stdout  # a demo signature says what it is
    assert "CHỨNG THỰC" in pdftotext(result).upper()  # searchable: the OCR text is there


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
