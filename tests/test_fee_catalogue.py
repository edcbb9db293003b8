"""The fee catalogue on the command line: `sohoa receipts fees import` reads the whole file
first and reports every bad row at once (row, column, value, what is accepted), importing
nothing while one is wrong; sizes are checked before reading; `fees list` shows the catalogue
with Vietnamese thousands separators, or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from receipt_counter.errors import InvalidFeeCatalogueError
from receipt_counter.fee_fields import amount_of, kind_of, procedure_code_of
from receipt_counter.fee_file import MAX_FILE_BYTES, MAX_ROWS, read_fee_file
from receipts.model import FeeKind
from tests.support.service import sohoa

GOOD = (
    "procedure_code,name,kind,amount\n"
    "1.001234,Lệ phí đăng ký khai sinh,lệ phí,8.000\n"
    '2.000815,Phí chứng thực bản sao,Phí,"2,000"\n'
    "1.011442.000.00.00.h38,Phí thẩm định hồ sơ đất đai,phí,1 500 000\n"
)
BAD = (
    "procedure_code,name,kind,amount\n"
    "1.001234,Lệ phí đăng ký kết hôn,lệ phí,10000\n"
    "một,Phí thẩm định,phi,20.5\n"
    "\n"
    "2.000815,,phí,0\n"
    "2.000815,Phí chứng thực bản sao,phí,2000\n"
    "2.000815,Phí chứng thực bản sao,phí,3000\n"
)


def listed(data_dir: Path) -> list[dict[str, object]]:
    done = sohoa(data_dir, "receipts", "fees", "list", "--json")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def test_a_file_with_bad_rows_is_refused_whole_with_every_row_named(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    (tmp_path / "phi.csv").write_text(BAD, encoding="utf-8")
    refused = sohoa(
        data_dir, "receipts", "fees", "import", str(tmp_path / "phi.csv"), SOHOA_LANG="vi"
    )
    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert lines == [
        "lỗi: Tệp phi.csv có 3 dòng sai nên chưa nhập dòng nào:",
        "  Dòng 3, cột procedure_code: «một» không phải mã thủ tục hành chính; mã thủ tục có "
        "dạng 1.001612, 1.011442.000.00.00.H38 hoặc 2.000815.000.00.00.H55.02.",
        "  Dòng 3, cột kind: «phi» không phải loại khoản thu; chỉ nhận «phí» hoặc «lệ phí».",
        "  Dòng 3, cột amount: «20.5» không phải số tiền hợp lệ; số tiền là số đồng nguyên lớn "
        "hơn 0, ví dụ 20000 hoặc 20.000.",
        "  Dòng 5, cột name: tên khoản phí không được để trống và dài tối đa 300 ký tự.",
        "  Dòng 5, cột amount: «0» không phải số tiền hợp lệ; số tiền là số đồng nguyên lớn "
        "hơn 0, ví dụ 20000 hoặc 20.000.",
        "  Dòng 7, cột name: khoản «Phí chứng thực bản sao» của thủ tục 2.000815 đã có ở dòng 6.",
    ]
    english = sohoa(data_dir, "receipts", "fees", "import", str(tmp_path / "phi.csv"))
    assert english.returncode == 2
    assert "error: phi.csv has 3 bad rows; nothing was imported:" in english.stderr
    assert "Row 3, column kind: 'phi' is not a kind of fee (one of 'phí', 'lệ phí')." in (
        english.stderr
    )
    assert listed(data_dir) == []  # not even row 2, which was good


def test_a_good_file_is_imported_and_listed_with_vietnamese_separators(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    (tmp_path / "phi.csv").write_text(GOOD, encoding="utf-8")
    imported = sohoa(data_dir, "receipts", "fees", "import", str(tmp_path / "phi.csv"))
    assert imported.returncode == 0, imported.stderr
    assert "phi.csv: 3 fees added, 0 changed, 0 unchanged." in imported.stdout
    changed = GOOD.replace('"2,000"', "2.500")
    (tmp_path / "phi.csv").write_text(changed, encoding="utf-8")
    again = sohoa(
        data_dir, "receipts", "fees", "import", str(tmp_path / "phi.csv"), SOHOA_LANG="vi"
    )
    assert "thêm mới 0 khoản, cập nhật 1 khoản, giữ nguyên 2 khoản" in again.stdout

    table = sohoa(data_dir, "receipts", "fees", "list", COLUMNS="80", SOHOA_LANG="vi")
    assert table.returncode == 0, table.stderr
    assert "số tiền (đồng)" in table.stdout
    rows = [line for line in table.stdout.splitlines() if "Phí chứng thực" in line]
    assert len(rows) == 1 and "2.000815" in rows[0] and "phí" in rows[0] and "2.500" in rows[0]
    assert "1.500.000" in table.stdout
    assert "1.011442.000.00.00.H38" in table.stdout.replace("│\n│", "")  # never cut short
    assert [(fee["procedure_code"], fee["kind"], fee["amount"]) for fee in listed(data_dir)] == [
        ("1.001234", "lệ phí", 8000),
        ("1.011442.000.00.00.H38", "phí", 1_500_000),
        ("2.000815", "phí", 2500),
    ]
    english = sohoa(data_dir, "receipts", "fees", "list")
    assert "amount in đồng" in english.stdout and "1.500.000" in english.stdout


def test_limits_are_checked_before_the_file_is_read(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    large = tmp_path / "lon.csv"
    with large.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: its size alone says too large
    refused = sohoa(data_dir, "receipts", "fees", "import", str(large))
    assert refused.returncode == 10
    assert "lon.csv is larger than 5 MB" in refused.stderr
    many = tmp_path / "nhieu.csv"
    rows = "".join(f"1.{number:06d};Phí {number};phí;1000\n" for number in range(MAX_ROWS + 1))
    many.write_text("procedure_code;name;kind;amount\n" + rows, encoding="utf-8")
    refused = sohoa(data_dir, "receipts", "fees", "import", str(many))
    assert refused.returncode == 10
    assert f"nhieu.csv has more than {MAX_ROWS} fees" in refused.stderr
    missing = sohoa(data_dir, "receipts", "fees", "import", str(tmp_path / "khong-co.csv"))
    assert missing.returncode == 5 and "khong-co.csv" in missing.stderr
    assert listed(data_dir) == []


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "fee_file.empty"),
        (b"procedure_code,name,kind,amount\n", "fee_file.empty"),
        (b"ma,ten,loai,so tien\n1.001234,A,phi,1\n", "fee_file.columns_missing"),
        ("procedure_code,name,kind,amount\n1.001234,Phí,phí,1\n".encode("utf-16"),
         "fee_file.not_unicode"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_catalogue_says_why(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "phi.csv"
    path.write_bytes(content)
    with pytest.raises(Exception) as raised:
        read_fee_file(path)
    assert getattr(raised.value, "code", None) == code
    assert not isinstance(raised.value, InvalidFeeCatalogueError)


def test_each_field_accepts_exactly_what_the_readme_says() -> None:
    assert [amount_of(text) for text in ("20000", "20.000", "20,000", "1 500 000", "2.082.000")] \
        == [20_000, 20_000, 20_000, 1_500_000, 2_082_000]  # fmt: skip
    for wrong in ("0", "-3", "20.5", "20.00", "1.5000", "20.000,5", "", "hai mươi", "1" * 13):
        assert amount_of(wrong) is None, wrong
    assert kind_of(" Lệ  Phí ") == FeeKind.CHARGE and kind_of("PHÍ") == FeeKind.FEE
    for wrong in ("phi", "le phi", "thuế", ""):
        assert kind_of(wrong) is None, wrong
    assert procedure_code_of("2.000815.000.00.00.h55.02") == "2.000815.000.00.00.H55.02"
    for wrong in ("1.00161", "abc", "1.001612.000", ""):
        assert procedure_code_of(wrong) is None, wrong
