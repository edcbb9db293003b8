"""The systemd units of deploy/: valid for systemd (`systemd-analyze verify`), run as the
service user, confined to writing the data directory, restarted on failure.

`verify` refuses a unit whose ExecStart program does not exist, and the units name where an
install puts Sohoa (/srv/sohoa/.venv/bin/sohoa). So each unit is verified as a copy whose
programs are this machine's installed `sohoa`; everything else is verified as shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.service import SOHOA

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
INSTALLED = "/srv/sohoa/.venv/bin/sohoa"
UNITS = ("sohoa.service", "sohoa-worker@.service")


def directives(unit: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / unit).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.fixture(scope="module")
def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have systemd-analyze (package systemd) to check deploy/")
        pytest.skip("systemd-analyze is not installed here (package systemd)")
    return found


@pytest.mark.parametrize(("unit", "verified_as"), [
    ("sohoa.service", "sohoa.service"),
    ("sohoa-worker@.service", "sohoa-worker@1.service"),
])  # fmt: skip
def test_systemd_analyze_verify_finds_nothing_to_say(
    systemd_analyze: str, unit: str, verified_as: str, tmp_path: Path
) -> None:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    assert INSTALLED in text
    (tmp_path / unit).write_text(text.replace(INSTALLED, str(SOHOA)), encoding="utf-8")
    verified = subprocess.run(
        [systemd_analyze, "verify", str(tmp_path / verified_as)],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    # A directive systemd cannot parse is only a warning (exit 0): any word about the unit is
    # a fault.
    said = (verified.stdout + verified.stderr).strip()
    assert verified.returncode == 0, said
    assert said == ""


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_runs_as_the_service_user_confined_to_the_data_directory(unit: str) -> None:
    found = directives(unit)
    assert found["User"] == ["sohoa"] and found["Group"] == ["sohoa"]
    data_dir = next(
        value.removeprefix("SOHOA_DATA_DIR=")
        for value in found["Environment"]
        if value.startswith("SOHOA_DATA_DIR=")
    )
    assert found["ReadWritePaths"] == [data_dir]
    assert found["ProtectSystem"] == ["strict"]
    assert found["PrivateTmp"] == ["true"]
    assert found["NoNewPrivileges"] == ["true"]
    assert found["Restart"] == ["on-failure"]
    assert found["EnvironmentFile"] == ["/etc/sohoa/sohoa.env"]
    assert found["ExecStart"][0].startswith(INSTALLED + (" run" if unit == "sohoa.service"
                                                          else " worker"))  # fmt: skip
