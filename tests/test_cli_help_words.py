"""Every `sohoa` help, of each command and each group, says what a value is in words of the
chosen language, never as Python writes a type ("list[Path]", "str"), and its usage line
("[OPTIONS] COMMAND [ARGS]...") is in that language too: Vietnamese by default, English on
request. Each help is a real `sohoa` process; the commands are read from the Typer app, so a
command added later is checked without a line here.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import typer
from typer._click import core as click_core

from service.cli import app
from tests.support.service import SOHOA

pytestmark = pytest.mark.slow

LANGUAGES = ("vi", "en")
TYPE_WORDS = {
    "vi": {"chữ", "số", "đường dẫn", "tệp", "thư mục", "ngày", "giá trị"},
    "en": {"text", "number", "path", "file", "folder", "date", "value"},
}
USAGE = {"vi": "Cách dùng: sohoa", "en": "Usage: sohoa"}
OPTIONS = {"vi": "[TÙY CHỌN]", "en": "[OPTIONS]"}
SUBCOMMAND = {"vi": "LỆNH [THAM SỐ]...", "en": "COMMAND [ARGS]..."}
PYTHON_TYPES = ("list[", "Path]", "<str>", "<int>", "<float>", "<bool>", "<Path>", "<datetime>")


def every_path(
    command: click_core.Command, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, child in getattr(command, "commands", {}).items():
        yield from every_path(child, (*prefix, name))


TREE = typer.main.get_command(app)
PATHS = list(every_path(TREE))


def command_at(path: tuple[str, ...]) -> click_core.Command:
    command = TREE
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def is_group(path: tuple[str, ...]) -> bool:
    return hasattr(command_at(path), "commands")


def named(path: tuple[str, ...]) -> str:
    return " ".join(("sohoa", *path))


def sohoa_in(lang: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`sohoa` with no language asked for ("vi") or with `--lang en` ("en")."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")}
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        env.pop(name, None)
    env["COLUMNS"] = "200"
    prefix = ["--lang", "en"] if lang == "en" else []
    return subprocess.run(
        [str(SOHOA), *prefix, *arguments], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def helps() -> dict[tuple[tuple[str, ...], str], str]:
    jobs = [(path, lang) for path in PATHS for lang in LANGUAGES]
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(lambda job: sohoa_in(job[1], *job[0], "--help"), jobs))
    for (path, _lang), said in zip(jobs, done, strict=True):
        assert said.returncode == 0, f"{named(path)}: {said.stderr}"
    return {job: said.stdout for job, said in zip(jobs, done, strict=True)}


def test_the_tree_has_groups_commands_and_arguments_of_every_kind() -> None:
    assert () in PATHS and ("receipts", "series") in PATHS and ("verify",) in PATHS
    kinds = {argument.name for argument in command_at(("verify",)).params}
    assert "files" in kinds  # a list of paths: the type that showed as list[Path]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_help_shows_a_python_type(
    lang: str, helps: dict[tuple[tuple[str, ...], str], str]
) -> None:
    leaks = {
        named(path): [name for name in PYTHON_TYPES if name in helps[(path, lang)]]
        for path in PATHS
    }
    assert {path: found for path, found in leaks.items() if found} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_argument_says_its_type_in_words(
    lang: str, helps: dict[tuple[tuple[str, ...], str], str]
) -> None:
    checked = 0
    for path in PATHS:
        for argument in command_at(path).params:
            if argument.param_type_name != "argument":
                continue
            row = next(
                line
                for line in helps[(path, lang)].splitlines()
                if re.match(rf"│\s+(\*\s+)?{re.escape(argument.name or '')}(\.\.\.)?\s", line)
            )
            shown = re.search(r"<(?P<word>[^<>]+)>", row)
            assert shown is not None, f"{named(path)}: {row}"
            assert shown["word"] in TYPE_WORDS[lang], f"{named(path)}: {row}"
            checked += 1
    assert checked >= 20


def test_an_argument_and_an_option_of_one_type_share_their_word(
    helps: dict[tuple[tuple[str, ...], str], str],
) -> None:
    for lang, word in (("vi", "<đường dẫn>"), ("en", "<path>")):
        rows = [line for line in helps[(("verify",), lang)].splitlines() if word in line]
        assert any("files..." in row for row in rows) and any("--trust" in row for row in rows)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_usage_line_is_in_the_chosen_language(
    lang: str, helps: dict[tuple[tuple[str, ...], str], str]
) -> None:
    other = "en" if lang == "vi" else "vi"
    for path in PATHS:
        usage = next(
            line.strip() for line in helps[(path, lang)].splitlines() if USAGE[lang] in line
        )
        expected = " ".join((USAGE[lang], *path, OPTIONS[lang]))
        assert usage.startswith(expected), usage
        if is_group(path):
            assert usage == f"{expected} {SUBCOMMAND[lang]}"
        assert OPTIONS[other] not in usage and SUBCOMMAND[other] not in usage, usage


@pytest.mark.parametrize(
    ("lang", "usage"),
    [
        ("vi", "Cách dùng: sohoa receipts series [TÙY CHỌN] LỆNH [THAM SỐ]..."),
        ("en", "Usage: sohoa receipts series [OPTIONS] COMMAND [ARGS]..."),
    ],
)
def test_a_wrong_command_line_is_shown_its_usage_in_the_chosen_language(
    lang: str, usage: str
) -> None:
    said = sohoa_in(lang, "receipts", "series", "--no-such-option")
    assert said.returncode == 1
    assert usage in said.stderr, said.stderr
