"""Writing a rates export or chart where the command line was told to: whole or not at all."""

from __future__ import annotations

from pathlib import Path

from config.errors import ExitCode, SohoaError
from store.files import durable_write_bytes


class RatesOutputError(SohoaError):
    """An export could not be written where it was asked for."""

    exit_code = ExitCode.file_access


def write_rates_file(target: Path, content: bytes) -> Path:
    """Write `content` under a temporary name beside `target`, then rename it to `target`,
    so that a reader never sees half a report."""
    try:
        durable_write_bytes(target, content)
    except OSError as error:
        raise RatesOutputError(
            f"The rates report could not be written to {target} ({error.strerror or error}): "
            "check that the folder exists, is writable and has free space.",
            code="rates.file_unwritable",
            params={"file": target, "reason": error.strerror or error},
        ) from error
    return target
