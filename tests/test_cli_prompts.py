"""The questions `sohoa` asks at a terminal, met at a pseudo-terminal as a person meets them:
the passwords of `users add`, `users passwd`, `login` and `init`, and the choice of a signing
key in `init`. In Vietnamese by default and in English on request: the confirmation, its
mismatch and a wrong choice in the same language, and no password ever on the screen.

Each run is a real `sohoa` process on a data directory of its own (SQLite, argon2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.service import SOHOA, environment, sohoa
from tests.support.terminal import Terminal

pytestmark = pytest.mark.slow

PASSWORD = "Một câu dài để thử mật khẩu 2026"
MISTYPED = "Một câu dài để thử mật khẩu 2062"
ADMIN = "chu"


@dataclass(frozen=True)
class Words:
    """What a person reads in one language."""

    password: str
    init_password: str
    again: str
    mismatch: str
    added: str
    changed: str
    logged_in: str
    set_up: str
    key_source: str
    pick_a_number: str


VIETNAMESE = Words(
    password="Mật khẩu:",
    init_password=f"Mật khẩu của {ADMIN}:",
    again="Nhập lại để xác nhận:",
    mismatch="Lỗi: hai lần nhập không khớp nhau, xin nhập lại.",
    added="Đã thêm người dùng",
    changed="Đã đổi mật khẩu",
    logged_in="Đã đăng nhập",
    set_up="Đã ghi cấu hình vào",
    key_source="Khóa ký số:",
    pick_a_number="Hãy gõ một số từ 1 đến 3.",
)
ENGLISH = Words(
    password="Password:",
    init_password=f"Password of {ADMIN}:",
    again="Repeat for confirmation:",
    mismatch="Error: The two entered values do not match.",
    added="User nina added",
    changed=f"Password of {ADMIN} changed",
    logged_in=f"Logged in as {ADMIN}",
    set_up="Settings written to",
    key_source="Signing key:",
    pick_a_number="Type a number from 1 to 3.",
)
LANGUAGES = {"vi": VIETNAMESE, "en": ENGLISH}


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A data directory with its first admin, whose password is `PASSWORD`."""
    data_dir = tmp_path / "var"
    done = sohoa(data_dir, "users", "add", ADMIN, "--role", "admin", "--password-env", "P",
                 P=PASSWORD)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return data_dir


def at_terminal(data_dir: Path, lang: str, *arguments: str, **env: str) -> Terminal:
    """`sohoa` at a terminal: with no language asked for at all ("vi"), or `--lang en`."""
    settings = environment(data_dir)
    for name in ("SOHOA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        settings.pop(name, None)
    prefix = ["--lang", "en"] if lang == "en" else []
    command = [str(SOHOA), *prefix, *arguments]
    return Terminal(command, cwd=data_dir.parent, env={**settings, **env})


def type_twice_after_a_mismatch(terminal: Terminal, question: str, words: Words) -> None:
    terminal.answer(PASSWORD, after=question)
    terminal.answer(MISTYPED, after=words.again)
    terminal.expect(words.mismatch)
    terminal.answer(PASSWORD, after=question)
    terminal.answer(PASSWORD, after=words.again)


def assert_said_in(lang: str, transcript: str) -> None:
    """Nothing of the other language, nor a password, on the screen."""
    other = LANGUAGES["en" if lang == "vi" else "vi"]
    for english_or_vietnamese in (other.password, other.again, other.mismatch):
        assert english_or_vietnamese not in transcript, transcript
    assert PASSWORD not in transcript and MISTYPED not in transcript, transcript


@pytest.mark.parametrize("lang", LANGUAGES)
def test_users_add_asks_the_password_twice_in_the_chosen_language(office: Path, lang: str) -> None:
    words = LANGUAGES[lang]
    terminal = at_terminal(office, lang, "users", "add", "nina", "--role", "auditor")
    type_twice_after_a_mismatch(terminal, words.password, words)
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert words.added in terminal.transcript
    assert_said_in(lang, terminal.transcript)
    logged_in = sohoa(office, "login", "nina", "--password-env", "P", P=PASSWORD)
    assert logged_in.returncode == 0, logged_in.stderr  # the password typed twice was kept


@pytest.mark.parametrize("lang", LANGUAGES)
def test_users_passwd_asks_the_new_password_twice_in_the_chosen_language(
    office: Path, lang: str
) -> None:
    words = LANGUAGES[lang]
    terminal = at_terminal(office, lang, "users", "passwd", ADMIN)
    type_twice_after_a_mismatch(terminal, words.password, words)
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert words.changed in terminal.transcript
    assert_said_in(lang, terminal.transcript)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_asks_the_password_once_in_the_chosen_language(office: Path, lang: str) -> None:
    words = LANGUAGES[lang]
    terminal = at_terminal(office, lang, "login", ADMIN)
    terminal.answer(PASSWORD, after=words.password)
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert words.logged_in in terminal.transcript
    assert words.again not in terminal.transcript
    assert_said_in(lang, terminal.transcript)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_init_asks_the_admins_password_twice_in_the_chosen_language(
    tmp_path: Path, lang: str
) -> None:
    words = LANGUAGES[lang]
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    terminal = at_terminal(
        data_dir, lang, "init", "--demo-keys", "--admin", ADMIN, "--unit", "xa-thu=Xã Thử",
        SOHOA_CONFIG=str(tmp_path / "sohoa.toml"),
    )  # fmt: skip
    type_twice_after_a_mismatch(terminal, words.init_password, words)
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert words.set_up in terminal.transcript
    assert_said_in(lang, terminal.transcript)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_init_asks_again_for_a_choice_that_is_not_one_of_its_numbers(
    tmp_path: Path, lang: str
) -> None:
    words = LANGUAGES[lang]
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    terminal = at_terminal(
        data_dir, lang, "init", "--admin", ADMIN, "--password-env", "P", "--unit", "xa-thu=Xã Thử",
        SOHOA_CONFIG=str(tmp_path / "sohoa.toml"), P=PASSWORD,
    )  # fmt: skip
    terminal.answer("ba", after=words.key_source)
    terminal.expect(words.pick_a_number)
    terminal.answer("4", after=words.key_source)
    terminal.expect(words.pick_a_number)
    terminal.answer("3", after=words.key_source)
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert words.set_up in terminal.transcript
    assert "Error" not in terminal.transcript and "Input should be" not in terminal.transcript
    assert_said_in(lang, terminal.transcript)
