"""Real refusals of `sohoa`, as a person at the terminal reads them: in Vietnamese unless
English is asked for (`--lang en` or SOHOA_LANG=en), in English as the code writes them
otherwise, with the same exit code either way."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from config import ExitCode
from tests.support.service import SOHOA, environment


def sohoa(folder: Path, *arguments: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`sohoa` in `folder` with no language asked for, unless `settings` ask for one."""
    speaking = environment(folder / "var")
    for name in ("SOHOA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        speaking.pop(name, None)
    speaking.update(settings)
    return subprocess.run(
        [str(SOHOA), *arguments],
        cwd=folder,
        env=speaking,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("Biên bản họp, không phải bản quét.\n", encoding="utf-8")
    return tmp_path


def test_a_missing_scan_is_named_in_vietnamese_and_in_english_on_request(folder: Path) -> None:
    vietnamese = sohoa(folder, "ocr", "missing.pdf", "-o", "out")
    english = sohoa(folder, "--lang", "en", "ocr", "missing.pdf", "-o", "out")

    assert vietnamese.stderr.strip() == (
        "lỗi: Không có tệp «missing.pdf»: hãy kiểm tra lại tên và đường dẫn của tệp."
    )
    assert english.stderr.strip() == (
        "error: missing.pdf: cannot be read (No such file or directory)"
    )
    assert vietnamese.returncode == english.returncode == ExitCode.file_access


def test_a_file_that_is_no_scan_is_refused_in_either_language(folder: Path) -> None:
    vietnamese = sohoa(folder, "ocr", "notes.txt", "-o", "out")
    english = sohoa(folder, "ocr", "notes.txt", "-o", "out", SOHOA_LANG="en")

    assert "Tệp «notes.txt» không phải tệp PDF, TIFF, JPEG hay PNG" in vietnamese.stderr
    assert "notes.txt: not a PDF, TIFF, JPEG or PNG file" in english.stderr
    assert "không phải" not in english.stderr
    assert vietnamese.returncode == english.returncode == ExitCode.input_file


def test_every_mistake_of_a_settings_file_is_named_with_its_key(folder: Path) -> None:
    (folder / "sohoa.toml").write_text('queue = "everywhere"\nnot_a_key = 1\n', encoding="utf-8")
    wrong = {"SOHOA_CONFIG": str(folder / "sohoa.toml")}

    vietnamese = sohoa(folder, "ocr", "notes.txt", "-o", "out", **wrong)
    english = sohoa(folder, "--lang", "en", "ocr", "notes.txt", "-o", "out", **wrong)

    said = vietnamese.stderr
    assert said.startswith("lỗi: Tệp cấu hình «")
    assert "giá trị của khóa «queue» không hợp lệ" in said
    assert "có khóa «not_a_key» không dùng trong Sohoa" in said
    assert "config/sohoa.example.toml" in said
    assert english.stderr.startswith("error: invalid settings: ")
    assert "unknown key 'not_a_key'" in english.stderr
    assert vietnamese.returncode == english.returncode == ExitCode.invalid_config


def test_a_settings_file_that_is_not_toml_is_named(folder: Path) -> None:
    (folder / "sohoa.toml").write_text("queue = [\n", encoding="utf-8")
    wrong = {"SOHOA_CONFIG": str(folder / "sohoa.toml")}

    vietnamese = sohoa(folder, "ocr", "notes.txt", "-o", "out", **wrong)
    english = sohoa(folder, "--lang", "en", "ocr", "notes.txt", "-o", "out", **wrong)

    assert "không đúng cú pháp TOML" in vietnamese.stderr
    assert "sohoa.toml" in vietnamese.stderr
    assert "not valid TOML" in english.stderr
    assert vietnamese.returncode == english.returncode == ExitCode.invalid_config


def test_verifying_a_file_that_is_no_pdf_says_why(folder: Path) -> None:
    root = folder / "root.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=Goc thu", "-keyout", str(folder / "root.key"), "-out", str(root)],
        check=True, capture_output=True,
    )  # fmt: skip

    vietnamese = sohoa(folder, "verify", "notes.txt", "--trust", str(root))
    english = sohoa(folder, "--lang", "en", "verify", "notes.txt", "--trust", str(root))

    assert "lỗi: Không đọc được tệp «notes.txt» để kiểm tra chữ ký" in vietnamese.stderr
    assert "tệp PDF còn nguyên vẹn" in vietnamese.stderr
    assert "error: Cannot read notes.txt to verify its signatures" in english.stderr
    assert vietnamese.returncode == english.returncode == ExitCode.input_file


def test_the_language_variables_of_the_system_choose_english_too(folder: Path) -> None:
    english = sohoa(folder, "ocr", "missing.pdf", "-o", "out", LANG="en_US.UTF-8")
    assert english.stderr.startswith("error: missing.pdf: cannot be read")
