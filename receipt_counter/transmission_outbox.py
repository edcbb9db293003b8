"""The built-in provider: each summary becomes a file in an outbox folder, where a licensed
provider's connector picks it up (`BTH-*.xml`; files being written are hidden, named
`.BTH-….partial`).

A file is written whole or not at all: to a hidden name beside it (mode 0600, forced to
disk), then hard-linked to its name, which fails if a file of that name is there (a
delivered summary is never overwritten), then the hidden name removed and the folder
forced to disk.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from config.daily_data_settings import DailyDataSettings
from config.file_modes import FOLDER_MODE
from receipt_counter.transmission import DailySummaryFile, DeliveryError, DeliveryReceipt

DEFAULT_FOLDER = Path("outbox") / "tax-authority"
FILE_MODE = 0o600


@dataclass(frozen=True)
class OutboxProvider:
    folder: Path
    name: str = "outbox"

    @classmethod
    def from_settings(cls, settings: DailyDataSettings, data_dir: Path) -> OutboxProvider:
        return cls(data_dir / (settings.outbox_folder or DEFAULT_FOLDER))

    def deliver(self, summary: DailySummaryFile) -> DeliveryReceipt:
        target = self.folder / summary.name
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            _write_new(target, summary.content)
        except FileExistsError:
            raise DeliveryError(
                f"{target} is already in the outbox: a delivered summary is never "
                "overwritten. If it was not recorded as delivered, move it aside and deliver "
                "the day again.",
                code="receipt_daily.outbox_file_exists",
                params={"file": str(target)},
            ) from None
        except OSError as error:
            raise DeliveryError(
                f"The summary could not be written into {self.folder}: {error.strerror or error}",
                code="receipt_daily.outbox_unwritable",
                params={"folder": str(self.folder), "reason": error.strerror or str(error)},
            ) from error
        return DeliveryReceipt(self.name, str(target))


def _write_new(target: Path, content: bytes) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as writing:
            os.fchmod(writing.fileno(), FILE_MODE)  # whatever the umask
            writing.write(content)
            writing.flush()
            os.fsync(writing.fileno())
        os.link(partial, target)  # FileExistsError: never replaces a file
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
