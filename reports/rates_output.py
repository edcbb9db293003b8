"""Writing an export of the rates report: whole or not at all, and what can go wrong."""

from __future__ import annotations

import contextlib
from pathlib import Path

from config.errors import ExitCode, SohoaError


class RatesOutputError(SohoaError):
    """An export could not be written where it was asked for."""

    exit_code = ExitCode.file_access


class RatesFormatError(SohoaError):
    """An export was asked for in a form Sohoa does not write."""

    exit_code = ExitCode.bad_args


def write_whole(target: Path, content: bytes) -> Path:
    """Write `content` under a temporary name beside `target`, then rename it to `target`,
    so that a reader never sees half a report."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        partial.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):  # the folder may be what failed
            partial.unlink(missing_ok=True)
        raise RatesOutputError(
            f"The rates report could not be written to {target} ({error.strerror or error}): "
            "check that the folder exists, is writable and has free space."
        ) from error
    return target
