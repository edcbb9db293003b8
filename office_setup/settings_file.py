"""The `sohoa.toml` an office is set up with: written whole, never over another silently.

A settings file already there is refused unless the admin says `--force`; then it is kept
beside the new one as `sohoa.toml.<UTC time>.bak` before the new one takes its place.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from office_setup.errors import SetupError

_MODE = 0o640  # the settings name where secrets are, never a secret itself


def refuse_overwrite(config_file: Path, force: bool) -> None:
    if config_file.exists() and not force:
        raise SetupError(
            f"{config_file} exists already; nothing was changed. Run `sohoa init --force` to "
            "replace it (a copy of the old file is kept).",
            code="setup.config_exists",
            params={"file": str(config_file)},
        )


def write_settings(config_file: Path, text: str) -> Path | None:
    """Write `text` into `config_file`; the file it replaces is kept, and its copy returned."""
    backup = None
    if config_file.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = config_file.with_name(f"{config_file.name}.{stamp}.bak")
        shutil.copy2(config_file, backup)
    config_file.parent.mkdir(parents=True, exist_ok=True)
    unfinished = config_file.with_name(f".{config_file.name}.new")
    descriptor = os.open(unfinished, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    unfinished.replace(config_file)
    return backup


def settings_text(
    data_dir: Path, profile: str, entries: dict[str, object], approver: str, written_by: str
) -> str:
    """The settings: the data directory, and the profile signing intake scans and results."""
    lines = [
        f"# Written by `{written_by}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "# Every key is explained in config/sohoa.example.toml.",
        "",
        f"data_dir = {_value(str(data_dir))}",
        "",
        "[signing]",
        f"intake = {_value(profile)}",
        f"result = {_value(profile)}",
        "",
        f"[signing.profiles.{_value(profile)}]",
        *(f"{key} = {_value(value)}" for key, value in entries.items()),
        f"approvers = {_value([approver])}",
        "",
    ]
    return "\n".join(lines)


def _value(value: object) -> str:
    # A JSON string or list of strings is a valid TOML value (the escapes are the same).
    return json.dumps(value, ensure_ascii=False)
