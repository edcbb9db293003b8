"""Dossier and procedure codes as clerks type them, QR codes carry them and OCR reads them."""

from __future__ import annotations

from datetime import date

import pytest

from config.errors import ExitCode, SohoaError
from dossiers import (
    CodeGeneration,
    DossierCode,
    InvalidDossierCodeError,
    InvalidProcedureCodeError,
    ProcedureCode,
    code_at_start,
    find_dossier_codes,
    parse_dossier_code,
    parse_procedure_code,
)


@pytest.mark.parametrize(
    ("text", "agency", "received", "sequence", "generation"),
    [
        ("000.00.19.H12-210915-0001", "000.00.19.H12", date(2021, 9, 15), "0001", "legacy"),
        ("H57.132-260804-0583", "H57.132", date(2026, 8, 4), "0583", "agency_id"),
        ("H15.50.05.13-261008-0975", "H15.50.05.13", date(2026, 10, 8), "0975", "agency_id"),
        ("G22.001.05-250801-010583", "G22.001.05", date(2025, 8, 1), "010583", "national_service"),
        ("G22.001.05-250801-0583", "G22.001.05", date(2025, 8, 1), "0583", "agency_id"),
    ],
)
def test_codes_of_every_generation_parse(
    text: str, agency: str, received: date, sequence: str, generation: str
) -> None:
    code = parse_dossier_code(text)

    assert code == DossierCode(agency, received, sequence, CodeGeneration(generation))
    assert str(code) == text


@pytest.mark.parametrize(
    ("text", "canonical", "number"),
    [
        ("H57.132-260804-0583-KQ1", "H57.132-260804-0583-KQ1", 1),
        ("H57.132-260804-0583-KQ(2)", "H57.132-260804-0583-KQ2", 2),
        ("000.00.19.H12-210915-0001-KQ12", "000.00.19.H12-210915-0001-KQ12", 12),
    ],
)
def test_a_result_suffix_names_the_nth_result_of_the_dossier(
    text: str, canonical: str, number: int
) -> None:
    code = parse_dossier_code(text)

    assert code.result_number == number
    assert str(code) == canonical
    assert str(code.dossier) == canonical.rsplit("-KQ", 1)[0]
    assert code.dossier.result_number is None


def test_input_is_read_tolerantly_and_written_canonically() -> None:
    code = parse_dossier_code("  h57.132\u2013260804\u20140583-kq(3)\n")

    assert str(code) == "H57.132-260804-0583-KQ3"


LONG_AGENCY = "H15.50.05.13.01.02.03.04.05.06.07.08.09"  # 39 characters


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("000.00.19.H12-210231-0001", "the date part '210231' is not a real date"),
        ("H57.132-261304-0583", "the date part '261304' is not a real date"),
        ("H57.132-2608-0583", "the date part '2608' must be six digits YYMMDD"),
        (f"{LONG_AGENCY}-261008-0975", f"'{LONG_AGENCY}' is 39 characters long, at most 35"),
        ("H57 .132-260804-0583", "the agency part 'H57 .132' contains ' '"),
        ("H57_132-260804-0583", "the agency part 'H57_132' contains '_'"),
        ("H57..132-260804-0583", "the agency part 'H57..132' has an empty group"),
        ("Z57.132-260804-0583", "'Z57.132' must start with a letter A-Y and two digits"),
        ("57.132-260804-0583", "'57.132' must start with a letter A-Y and two digits"),
        ("-260804-0583", "the agency part is empty"),
        ("H57.132-260804", "the sequence is missing"),
        ("H57.132", "the date and the sequence are missing"),
        ("H57.132-260804-", "the sequence after the date is empty"),
        ("H57.132-260804-583", "the sequence '583' is too short: it needs at least 4 digits"),
        ("H57.132-260804-05B3", "the sequence '05B3' must be digits only"),
        ("000.00.19.H12-210915-00012", "'00012' of a legacy code must be exactly 4 digits"),
        ("H57.132-260804-0583-0584", "it has 4 parts between dashes"),
        ("H57.132-260804-0583-KQ", "the result suffix must be -KQ<n> or -KQ(n)"),
        ("H57.132-260804-0583-KQ0", "the result number 0 must be 1 or more"),
        ("   ", "it is empty"),
    ],
)
def test_an_invalid_code_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidDossierCodeError) as raised:
        parse_dossier_code(text)

    assert reason in raised.value.reason
    assert str(raised.value) == f"{text!r} is not a dossier code: {raised.value.reason}"


def test_an_invalid_code_is_a_bad_argument_for_the_cli() -> None:
    with pytest.raises(SohoaError) as raised:
        parse_dossier_code("H57.132-260231-0583")

    assert raised.value.exit_code is ExitCode.bad_args
    assert not raised.value.retryable


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            "https://dichvucong.x.gov.vn/tra-cuu?ma=H57.132-260804-0583&tthc=1.001612",
            ["H57.132-260804-0583"],
        ),
        (
            '{"maHoSo":"h15.50.05.13-261008-0975","maTTHC":"1.001612","ngay":"08/10/2026"}',
            ["H15.50.05.13-261008-0975"],
        ),
        (
            "MHS:000.00.19.H12-210915-0001|TTHC:1.011442.000.00.00.H38",
            ["000.00.19.H12-210915-0001"],
        ),
        ("Mã hồ sơ: H57.132–260804–0583.", ["H57.132-260804-0583"]),
        ("(Mã hồ sơ: H57.132-260804-0583-KQ(1)), ngày 05/08/2026", ["H57.132-260804-0583-KQ1"]),
        ("Số: 12/UBND-VP ngày 04/08/2026; ĐT 0236-3822-123", []),
    ],
)
def test_codes_are_found_in_qr_payloads_and_ocr_lines(payload: str, expected: list[str]) -> None:
    assert [str(code) for code in find_dossier_codes(payload)] == expected


def test_codes_are_found_in_order_of_first_appearance_once_each() -> None:
    page = (
        "Mã hồ sơ: H57.132-260804-0584\n"
        "Kèm theo hồ sơ 000.00.19.H12-210915-0001 và H57.132-260804-0584;\n"
        "Kết quả: H57.132-260804-0584-KQ1"
    )

    assert [str(code) for code in find_dossier_codes(page)] == [
        "H57.132-260804-0584",
        "000.00.19.H12-210915-0001",
        "H57.132-260804-0584-KQ1",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "XH57.132-260804-0583",  # glued to a longer word
        "H57.132-260804-0583A",
        "H57.132-260804-05831X",
        "1000.00.19.H12-210915-0001",  # not a legacy agency part, nor is its tail a code
        "A.H57.132-260804-0583",
        "ĐĐ.H57.132-260804-0583",
        "H57.132-260231-0583",  # 31 February
        "H57.132-261300-0583",
    ],
)
def test_nothing_is_found_inside_longer_tokens_or_with_an_unreal_date(text: str) -> None:
    assert find_dossier_codes(f"xem {text} nhé") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("H57.132-260804-0583_don.pdf", "H57.132-260804-0583"),
        ("000.00.19.H12-210915-0001 giay to.jpg", "000.00.19.H12-210915-0001"),
        ("H57.132-260804-0583-KQ1.pdf", "H57.132-260804-0583-KQ1"),
        ("H57.132-260804-0583-trang2.tif", "H57.132-260804-0583"),
        ("h57.132-260804-0583.PDF", "H57.132-260804-0583"),
        ("H57.132-260804-0583", "H57.132-260804-0583"),
    ],
)
def test_a_file_name_may_start_with_the_dossier_code(name: str, expected: str) -> None:
    code = code_at_start(name)

    assert code is not None
    assert str(code) == expected


@pytest.mark.parametrize(
    "name",
    [
        "scan_0001.pdf",
        "don H57.132-260804-0583.pdf",
        "H57.132-260804-0583x.pdf",
        "H57.132-260804-05830(1).pdf",
        "H57.132-260231-0583_don.pdf",
    ],
)
def test_other_file_names_give_no_code(name: str) -> None:
    assert code_at_start(name) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.001612", ProcedureCode("1.001612")),
        ("1.011442.000.00.00.H38", ProcedureCode("1.011442", "000.00.00.H38")),
        ("2.000815.000.00.00.H55.02", ProcedureCode("2.000815", "000.00.00.H55", "02")),
        (" 2.000815.000.00.00.h55.02 ", ProcedureCode("2.000815", "000.00.00.H55", "02")),
    ],
)
def test_procedure_codes_parse(text: str, expected: ProcedureCode) -> None:
    code = parse_procedure_code(text)

    assert code == expected
    assert str(code) == text.strip().upper()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.00161", "must start with a digit, a dot and six digits"),
        ("H57.132-260804-0583", "must start with a digit, a dot and six digits"),
        ("1.011442.000.00.H38", "1.011442 is followed by 3 groups"),
        ("1.011442.000.00.00.38", "the agency part '000.00.00.38' must look like 000.00.00.H38"),
        ("2.000815.000.00.00.H55.2", "the online-variant suffix '2' must be two digits"),
        ("", "it is empty"),
    ],
)
def test_an_invalid_procedure_code_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidProcedureCodeError) as raised:
        parse_procedure_code(text)

    assert reason in raised.value.reason
    assert raised.value.exit_code is ExitCode.bad_args
