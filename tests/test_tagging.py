"""Which dossier a scan belongs to, and where separator sheets cut a stack of scans."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dossiers import StackPart, Tag, TagSource, choose_tag, parse_dossier_code, split_stack
from dossiers.tagging import SEPARATOR_MAX_OTHER_CHARACTERS, separator_code

FOLDER = "H57.132-260804-0581"
NAMED = "H57.132-260804-0582"
PRINTED = "H57.132-260804-0583"
READ = "H57.132-260804-0584"
QR_PAYLOAD = f"https://dichvucong.x.gov.vn/tra-cuu?ma={PRINTED}&tthc=1.001612"


def tag(code: str, source: TagSource) -> Tag:
    return Tag(parse_dossier_code(code), source)


def test_a_folder_named_as_a_code_beats_everything() -> None:
    chosen = choose_tag(
        folder_name=FOLDER,
        file_name=f"{NAMED}_don.pdf",
        barcode_texts=[QR_PAYLOAD],
        page_texts=[f"Mã hồ sơ: {READ}"],
    )

    assert chosen == tag(FOLDER, TagSource.folder)


@pytest.mark.parametrize("folder_name", [None, "ket-qua", f"{FOLDER} bo sung", f"{FOLDER}_2"])
def test_a_code_at_the_start_of_the_file_name_comes_next(folder_name: str | None) -> None:
    chosen = choose_tag(
        folder_name=folder_name,
        file_name=f"{NAMED}-KQ1.pdf",
        barcode_texts=[QR_PAYLOAD],
        page_texts=[f"Mã hồ sơ: {READ}"],
    )

    assert chosen == tag(f"{NAMED}-KQ1", TagSource.file_name)


def test_then_the_first_code_in_any_barcode() -> None:
    chosen = choose_tag(
        folder_name="intake",
        file_name="scan_0001.pdf",
        barcode_texts=["8935049500018", QR_PAYLOAD, f'{{"ma":"{READ}"}}'],
        page_texts=[f"Mã hồ sơ: {READ}"],
    )

    assert chosen == tag(PRINTED, TagSource.barcode)


def test_then_a_code_in_the_ocr_text() -> None:
    chosen = choose_tag(
        folder_name="intake",
        file_name="scan_0001.pdf",
        barcode_texts=["8935049500018"],
        page_texts=["ĐƠN ĐĂNG KÝ KHAI SINH", f"Mã hồ sơ: {READ}.", f"Hồ sơ {READ} – trang 3"],
    )

    assert chosen == tag(READ, TagSource.text)


def test_the_text_may_name_a_dossier_and_its_results() -> None:
    chosen = choose_tag(
        folder_name=None,
        file_name="ket_qua.pdf",
        barcode_texts=[],
        page_texts=[f"Kết quả {READ}-KQ(1) của hồ sơ {READ}"],
    )

    assert chosen == tag(f"{READ}-KQ1", TagSource.text)


def test_text_naming_two_dossiers_gives_no_tag() -> None:
    chosen = choose_tag(
        folder_name=None,
        file_name="scan_0001.pdf",
        barcode_texts=[],
        page_texts=[f"Mã hồ sơ: {READ}", f"Thay thế hồ sơ {PRINTED}"],
    )

    assert chosen is None


def test_nothing_to_go_on_gives_no_tag() -> None:
    chosen = choose_tag(
        folder_name="inbox",
        file_name="scan_0001.pdf",
        barcode_texts=["8935049500018"],
        page_texts=["Số: 12/UBND ngày 04/08/2026", ""],
    )

    assert chosen is None


def test_a_separator_carries_the_code_and_a_short_label() -> None:
    page_text = f"PHIẾU TÁCH HỒ SƠ\nMã hồ sơ: {PRINTED.lower().replace('-', '–')}\n"

    assert separator_code([QR_PAYLOAD], page_text) == parse_dossier_code(PRINTED)


def test_a_page_with_nothing_but_the_barcode_is_a_separator() -> None:
    assert separator_code(["8935049500018", PRINTED], "") == parse_dossier_code(PRINTED)


def test_the_label_allowance_is_exact() -> None:
    just_enough = "X" * SEPARATOR_MAX_OTHER_CHARACTERS

    assert separator_code([PRINTED], f"{PRINTED} {just_enough}") is not None
    assert separator_code([PRINTED], f"{PRINTED} {just_enough}Y") is None


@pytest.mark.parametrize(
    ("barcode_texts", "page_text"),
    [
        (
            [QR_PAYLOAD],
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\n"
            f"Mã hồ sơ: {PRINTED}\nTiếp nhận hồ sơ của: Nguyễn Văn An\n"
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        ),
        ([], f"Mã hồ sơ: {PRINTED}"),
        (["8935049500018"], f"Mã hồ sơ: {PRINTED}"),
    ],
)
def test_other_pages_are_not_separators(barcode_texts: Sequence[str], page_text: str) -> None:
    assert separator_code(barcode_texts, page_text) is None


def separator(code: str) -> tuple[list[str], str]:
    return [code], f"PHIẾU TÁCH HỒ SƠ {code}"


def paper(text: str = "Đơn đề nghị ... nội dung trang giấy") -> tuple[list[str], str]:
    return [], text


def test_a_stack_is_cut_at_its_separators() -> None:
    pages = [
        paper(),
        separator(NAMED),
        paper(),
        paper(),
        separator(PRINTED),
        separator(READ),
        paper(f"Mã hồ sơ: {PRINTED}"),
        separator(READ),
    ]

    assert split_stack(pages) == [
        StackPart(None, (1,)),
        StackPart(parse_dossier_code(NAMED), (3, 4)),
        StackPart(parse_dossier_code(READ), (7,)),
    ]


def test_a_stack_without_separators_is_one_untagged_part() -> None:
    pages = [paper(), ([QR_PAYLOAD], "GIẤY TIẾP NHẬN HỒ SƠ " * 10), paper()]

    assert split_stack(pages) == [StackPart(None, (1, 2, 3))]


def test_an_empty_stack_has_no_parts() -> None:
    assert split_stack([]) == []
