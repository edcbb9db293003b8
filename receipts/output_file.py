"""Writing a rendered receipt: whole or not at all."""

from __future__ import annotations

import contextlib
from pathlib import Path

from receipts.render_errors import ReceiptOutputError


def write_whole(target: Path, content: bytes) -> Path:
    """Write `content` under a temporary name beside `target`, then rename it to `target`."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        partial.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):  # the folder itself may be what is missing
            partial.unlink(missing_ok=True)
        raise ReceiptOutputError(
            f"The receipt could not be written to {target} ({error.strerror or error}): "
            "check that the folder exists, is writable and has free space.",
            code="receipt_file.unwritable",
            params={"file": target, "reason": error.strerror or error},
        ) from error
    return target
