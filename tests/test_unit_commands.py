"""`sohoa units add|list|rename`: units by code (their inbox folder) and name, audited."""

from __future__ import annotations

import getpass
import json
import stat
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from accounts.unit_names import UnitError, check_unit_code
from tests.support.service import sohoa

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.slow  # each test starts `sohoa` a few times


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("units") / "var"


def units_listed(data_dir: Path) -> list[dict[str, str]]:
    listed = sohoa(data_dir, "units", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows: list[dict[str, str]] = json.loads(listed.stdout)
    return rows


def test_a_unit_added_has_its_name_and_its_inbox_folders(data_dir: Path) -> None:
    added = sohoa(data_dir, "units", "add", "ubnd-xa-an-binh", "--name", " UBND  xã An Bình ")

    assert added.returncode == 0, added.stderr
    assert "Unit ubnd-xa-an-binh added: UBND xã An Bình" in added.stdout
    for kind in ("intake", "results"):
        folder = data_dir / "inbox" / "ubnd-xa-an-binh" / kind
        assert stat.S_IMODE(folder.stat().st_mode) == 0o770  # the scanners' group drops here
    assert {"code": "ubnd-xa-an-binh", "name": "UBND xã An Bình"} in units_listed(data_dir)

    again = sohoa(data_dir, "units", "add", "ubnd-xa-an-binh", "--name", "Khác")
    assert again.returncode == 1
    assert "There is a unit 'ubnd-xa-an-binh' already" in again.stderr


@pytest.mark.parametrize("code", ["xã-an-bình", ".an", "_refused", "a b", "a/b", "scan.tmp", ""])
def test_a_code_that_cannot_be_an_inbox_folder_is_refused(code: str) -> None:
    with pytest.raises(UnitError) as refused:
        check_unit_code(code)
    assert refused.value.code == "unit.code_invalid"


def test_the_command_says_why_a_code_is_refused(data_dir: Path) -> None:
    refused = sohoa(data_dir, "units", "add", "xã-an-bình", "--name", "Xã An Bình", SOHOA_LANG="vi")

    assert refused.returncode == 1
    assert "«xã-an-bình» không dùng được làm mã đơn vị" in refused.stderr
    assert "xã-an-bình" not in [unit["code"] for unit in units_listed(data_dir)]


def test_renaming_a_unit_keeps_its_code_and_is_in_the_audit_trail(data_dir: Path) -> None:
    assert sohoa(data_dir, "units", "add", "phuong-1", "--name", "Phường 1").returncode == 0

    renamed = sohoa(data_dir, "units", "rename", "phuong-1", "--name", "UBND phường Bến Thành")
    same = sohoa(data_dir, "units", "rename", "phuong-1", "--name", "UBND phường Bến Thành")
    unknown = sohoa(data_dir, "units", "rename", "phuong-9", "--name", "Không có", SOHOA_LANG="vi")

    assert renamed.returncode == 0 and "Unit phuong-1 renamed." in renamed.stdout
    assert same.returncode == 0 and "had that name already" in same.stdout
    assert unknown.returncode == 1 and "Không có đơn vị phuong-9." in unknown.stderr
    assert {"code": "phuong-1", "name": "UBND phường Bến Thành"} in units_listed(data_dir)
    today = datetime.now(VIETNAM).date().isoformat()  # the export's days are Vietnam's
    trail = sohoa(data_dir, "audit", "export", "--from", today, "--to", today).stdout
    entries = [json.loads(line) for line in trail.splitlines() if line.startswith("{")]
    renames = [entry for entry in entries if entry["action"] == "unit.renamed"]
    assert [entry["details"] for entry in renames][-1:] == [
        {"code": "phuong-1", "old": "Phường 1", "new": "UBND phường Bến Thành"}
    ]
    assert renames[-1]["actor"] == f"os:{getpass.getuser()}"
    created = [entry for entry in entries if entry["action"] == "unit.created"]
    assert {"code": "phuong-1", "name": "Phường 1"} in [entry["details"] for entry in created]


def test_a_unit_seen_first_in_the_inbox_is_listed_without_a_name_until_named(
    data_dir: Path,
) -> None:
    # A clerk's unit (as a file dropped in a new inbox folder does) makes the unit by its code.
    made = sohoa(
        data_dir, "users", "add", "lan", "--role", "clerk", "--unit", "xa-moi",
        "--password-env", "PASSWORD", PASSWORD="Một câu dài để thử đăng nhập 2026",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    assert {"code": "xa-moi", "name": ""} in units_listed(data_dir)
    table = sohoa(data_dir, "units", "list")
    assert "xa-moi" in table.stdout and "(no name yet)" in table.stdout
    assert sohoa(data_dir, "units", "rename", "xa-moi", "--name", "Xã Mới").returncode == 0
    assert {"code": "xa-moi", "name": "Xã Mới"} in units_listed(data_dir)
