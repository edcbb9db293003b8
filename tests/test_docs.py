"""Every `sohoa` command a user can type is explained in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from service.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: str) -> list[str]:
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group of subcommands
            found.extend(_commands(command, f"{prefix} {name}"))
        else:
            found.append(f"{prefix} {name}")
    return found


def test_every_command_is_in_the_readme() -> None:
    root = typer.main.get_command(app)
    commands = _commands(root, "sohoa")
    assert "sohoa dossiers import" in commands
    missing = [command for command in commands if command not in README]
    assert missing == []
