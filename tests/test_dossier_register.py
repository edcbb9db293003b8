"""The dossier register as the one-stop system exports it: CSV, XLSX or JSON, good and bad rows."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from config.errors import ExitCode
from dossiers import (
    Channel,
    ProcedureCode,
    RegisterError,
    RegisterImport,
    RowProblem,
    read_register,
)

DATA = Path(__file__).parent / "data" / "register"

ENGLISH_HEADER = (
    "code,procedure_code,procedure_name,field,unit,channel,received_at,due_at,resolved_at,"
    "result_required"
)


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def codes(register: RegisterImport) -> list[str]:
    return [str(row.code) for row in register.rows]


def write_csv(tmp_path: Path, *lines: str, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_semicolon_csv_with_bom_and_vietnamese_headers() -> None:
    register = read_register(DATA / "so-dang-ky.csv")

    assert codes(register) == [
        "H57.132-260804-0583",
        "H57.132-260804-0584",
        "H57.132-260805-0001",
    ]
    first, second, third = register.rows
    assert first.row == 2
    assert first.procedure == ProcedureCode("1.001612")
    assert first.procedure_name == "Đăng ký khai sinh"
    assert first.field == "Hộ tịch"
    assert first.unit == "UBND xã Tân Phú"
    assert first.channel is Channel.counter
    assert first.received_at == utc(2026, 8, 4, 1, 30)  # 08:30 in Vietnam
    assert first.received_at.tzinfo is UTC
    assert first.due_at == utc(2026, 8, 6, 10, 0)
    assert first.resolved_at == utc(2026, 8, 5, 3, 15)
    assert first.result_required is True
    assert second.channel is Channel.online
    assert second.received_at == utc(2026, 8, 3, 17, 0)  # midnight in Vietnam
    assert second.resolved_at is None
    assert second.result_required is False
    assert third.row == 7
    assert third.channel is Channel.postal
    assert third.procedure_name == "Đăng ký khai sinh; có yếu tố nước ngoài"
    assert third.received_at == utc(2026, 8, 5, 0, 45, 30)


def test_bad_csv_rows_are_reported_by_the_row_number_the_user_sees() -> None:
    register = read_register(DATA / "so-dang-ky.csv")

    assert [problem.row for problem in register.problems] == [4, 5, 6]
    bad_code, bad_date, bad_channel = (problem.reason for problem in register.problems)
    assert bad_code.startswith('column "Mã hồ sơ": "H57.132-260231-0585" is not a dossier code')
    assert "'260231' is not a real date" in bad_code
    assert bad_date.startswith('column "Ngày tiếp nhận": "31/02/2026 09:00" is not a real date')
    assert bad_channel.startswith('column "Kênh": "qua điện thoại" is not a channel')


def test_english_csv_with_iso_dates_optional_columns_and_quoted_commas(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        ENGLISH_HEADER,
        'H57.132-260804-0583,1.001612,"Khai sinh, kết hợp",Hộ tịch,Xã A,online,'
        "2026-08-04T08:30:00+07:00,2026-08-06T17:00,,yes",
        "H57.132-260804-0584,1.001612,,,Xã A,counter,2026-08-04T02:00:00Z,,,no",
        "H57.132-260804-0585,1.001612,,,Xã A,Postal,2026-08-04 09:00,,,TRUE",
    )

    register = read_register(path)

    assert register.problems == ()
    first, second, third = register.rows
    assert first.procedure_name == "Khai sinh, kết hợp"
    assert first.received_at == utc(2026, 8, 4, 1, 30)
    assert first.due_at == utc(2026, 8, 6, 10, 0)
    assert second.received_at == utc(2026, 8, 4, 2, 0)
    assert (second.procedure_name, second.field, second.due_at) == ("", "", None)
    assert third.received_at == utc(2026, 8, 4, 2, 0)
    assert third.channel is Channel.postal
    assert third.result_required is True


def test_optional_columns_may_be_left_out_of_the_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "STT,code,procedure_code,unit,channel,received_at,result_required",
        "1,H57.132-260804-0583,1.001612,Xã A,counter,04/08/2026,0",
    )

    (row,) = read_register(path).rows

    assert (row.procedure_name, row.field, row.due_at, row.resolved_at) == ("", "", None, None)
    assert row.result_required is False


def test_a_duplicate_code_keeps_the_later_row_and_reports_the_earlier(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        ENGLISH_HEADER,
        "H57.132-260804-0583,1.001612,,,Xã A,counter,04/08/2026 08:00,,,có",
        "H57.132-260804-0584,1.001612,,,Xã A,counter,04/08/2026 08:10,,,có",
        "h57.132-260804-0583,1.001612,,,Xã B,counter,04/08/2026 08:20,,,có",
    )

    register = read_register(path)

    assert codes(register) == ["H57.132-260804-0584", "H57.132-260804-0583"]
    assert register.rows[1].unit == "Xã B"
    assert register.problems == (
        RowProblem(
            2, "dossier code H57.132-260804-0583 appears again in row 4, which is used instead"
        ),
    )


def test_blank_lines_count_but_are_not_problems_and_stray_values_are(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        ENGLISH_HEADER,
        "",
        "H57.132-260804-0583,1.001612,Khai sinh, kết hợp,Hộ tịch,Xã A,counter,04/08/2026,,,có",
        "H57.132-260804-0584,1.001612,,,Xã A,counter,04/08/2026,,,có",
    )

    register = read_register(path)

    assert [row.row for row in register.rows] == [4]
    assert [problem.row for problem in register.problems] == [3]
    assert "11 values but the header has 10 columns" in register.problems[0].reason


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("H57.132-260804-0583-KQ1,1.001612,Xã A,counter,04/08/2026,có", "code of a result"),
        (",1.001612,Xã A,counter,04/08/2026,có", 'column "code" is empty'),
        ("H57.132-260804-0583,1.00161,Xã A,counter,04/08/2026,có", "not a procedure code"),
        ("H57.132-260804-0583,1.001612,,counter,04/08/2026,có", 'column "unit" is empty'),
        ("H57.132-260804-0583,1.001612,Xã A,fax,04/08/2026,có", '"fax" is not a channel'),
        ("H57.132-260804-0583,1.001612,Xã A,counter,hôm qua,có", '"hôm qua" is not a date-time'),
        ("H57.132-260804-0583,1.001612,Xã A,counter,2026-02-30,có", '"2026-02-30" is not a'),
        ("H57.132-260804-0583,1.001612,Xã A,counter,04/08/2026,2", '"2" is not yes or no'),
    ],
)
def test_each_bad_cell_is_named_with_its_column_and_value(
    tmp_path: Path, cells: str, reason: str
) -> None:
    path = write_csv(
        tmp_path, "code,procedure_code,unit,channel,received_at,result_required", cells
    )

    register = read_register(path)

    assert register.rows == ()
    (problem,) = register.problems
    assert problem.row == 2
    assert reason in problem.reason


def test_xlsx_with_datetime_cells_is_decided_by_content_not_name(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = [
        "Mã hồ sơ",
        "Mã TTHC",
        "Đơn vị",
        "Kênh",
        "Ngày tiếp nhận",
        "Hạn xử lý",
        "Yêu cầu kết quả",
    ]
    morning, afternoon = datetime(2026, 8, 4, 8, 30), datetime(2026, 8, 5, 17, 0)
    for row in [
        header,
        ["H57.132-260804-0583", "1.001612", "Xã A", "Trực tiếp", morning, None, True],
        ["H57.132-260804-0584", "1.001612", "Xã A", "Trực tuyến", "04/08/2026 09:00", None, 0],
        [],
        ["H57.132-260804-0585", "1.001612", "Xã A", "Trực tuyến", 45873, None, 1],
        ["H57.132-260804-0586", "1.001612", "Xã A", "Bưu chính", morning, afternoon, "Có"],
    ]:
        sheet.append(row)
    path = tmp_path / "export.csv"  # a misleading name
    workbook.save(path)

    register = read_register(path)

    assert [(str(row.code), row.row) for row in register.rows] == [
        ("H57.132-260804-0583", 2),
        ("H57.132-260804-0584", 3),
        ("H57.132-260804-0586", 6),
    ]
    first, second, fourth = register.rows
    assert first.received_at == utc(2026, 8, 4, 1, 30)
    assert first.received_at.tzinfo is UTC
    assert first.result_required is True
    assert second.received_at == utc(2026, 8, 4, 2, 0)
    assert second.result_required is False
    assert fourth.received_at == utc(2026, 8, 4, 1, 30)
    assert fourth.due_at == utc(2026, 8, 5, 10, 0)
    (problem,) = register.problems
    assert problem.row == 5
    assert problem.reason.startswith('column "Ngày tiếp nhận": 45873 is a number, not a date-time')


def test_json_list_counts_objects_from_one(tmp_path: Path) -> None:
    path = tmp_path / "register.txt"
    path.write_text(
        json.dumps(
            [
                {
                    "Mã hồ sơ": "H57.132-260804-0583",
                    "Mã thủ tục": "1.001612",
                    "Đơn vị": "Xã A",
                    "Kênh": "truc tiep",
                    "Ngày tiếp nhận": "04/08/2026 08:30",
                    "Yêu cầu kết quả": 1,
                },
                {
                    "Mã hồ sơ": "H57.132-260804-0584",
                    "Mã thủ tục": "1.001612",
                    "Đơn vị": "Xã A",
                    "Kênh": "counter",
                    "Ngày tiếp nhận": ["04/08/2026"],
                    "Yêu cầu kết quả": 1,
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    register = read_register(path)

    assert [(str(row.code), row.row) for row in register.rows] == [("H57.132-260804-0583", 1)]
    assert register.rows[0].received_at == utc(2026, 8, 4, 1, 30)
    assert register.problems == (
        RowProblem(
            2,
            'column "Ngày tiếp nhận": "["04/08/2026"]" is not a date-time'
            " (ISO 8601 or dd/mm/yyyy[ HH:MM[:SS]])",
        ),
    )


def test_json_object_with_a_dossiers_list() -> None:
    register = read_register(DATA / "register.json")

    assert [(str(row.code), row.row) for row in register.rows] == [
        ("H15.50.05.13-261008-0975", 1),
        ("000.00.19.H12-210915-0001", 4),
    ]
    online, legacy = register.rows
    assert online.received_at == utc(2026, 10, 8, 7, 5)
    assert online.resolved_at is None
    assert online.result_required is True
    assert legacy.channel is Channel.postal
    assert legacy.received_at == utc(2021, 9, 15, 9, 20)
    assert legacy.resolved_at == utc(2021, 9, 20, 3, 0)
    assert legacy.result_required is False
    assert [problem.row for problem in register.problems] == [2, 3]
    assert '"maybe" is not yes or no' in register.problems[0].reason
    assert register.problems[1].reason == "it is not a JSON object"


def test_an_empty_json_list_is_an_empty_register(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text("[]", encoding="utf-8")

    assert read_register(path) == RegisterImport(rows=(), problems=())


def write_bytes(tmp_path: Path, data: bytes, name: str = "register.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def not_an_xlsx_zip(tmp_path: Path) -> Path:
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("make_file", "reason"),
    [
        (lambda tmp: write_bytes(tmp, b"PK\x03\x04" + b"\x00damaged" * 20), "not a readable XLSX"),
        (not_an_xlsx_zip, "not a readable XLSX workbook"),
        (lambda tmp: write_bytes(tmp, b"%PDF-1.7\n\x00\xff\xfe", "r.pdf"), "neither an XLSX"),
        (lambda tmp: write_bytes(tmp, b"M\xe3 h\xf4 s\xf4;code\n", "r.csv"), "neither an XLSX"),
        (lambda tmp: write_bytes(tmp, b"\xef\xbb\xbf \n", "r.csv"), "is empty"),
        (lambda tmp: write_bytes(tmp, b'[{"code": "H57', "r.json"), "is not valid JSON"),
        (lambda tmp: write_bytes(tmp, b'{"rows": []}', "r.json"), 'list under "dossiers"'),
        (lambda tmp: tmp / "missing.csv", "cannot be read"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_is_an_input_file_error(
    tmp_path: Path, make_file: Callable[[Path], Path], reason: str
) -> None:
    path = make_file(tmp_path)

    with pytest.raises(RegisterError) as raised:
        read_register(path)

    # A file that is there and damaged is a bad input (2); one that cannot be read, 5.
    unreadable = reason == "cannot be read"
    assert raised.value.exit_code is (ExitCode.file_access if unreadable else ExitCode.input_file)
    assert str(raised.value).startswith(f"{path}: ")
    assert reason in raised.value.reason


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Mã hồ sơ;Mã thủ tục;Đơn vị;Ngày tiếp nhận;Yêu cầu kết quả",
        "H57.132-260804-0583;1.001612;Xã A;04/08/2026;có",
    )

    with pytest.raises(RegisterError) as raised:
        read_register(path)

    assert raised.value.reason.startswith('required columns are missing: channel ("Kênh")')


def test_two_headers_for_one_column_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ENGLISH_HEADER + ",Mã hồ sơ")

    with pytest.raises(RegisterError, match='"code" and "Mã hồ sơ" both name the code column'):
        read_register(path)
