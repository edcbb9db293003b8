"""`sohoa backup DEST` and `sohoa restore SRC`: the record's safekeeping copies."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False, markup=False, soft_wrap=True)


def backup(
    destination: Annotated[
        Path, typer.Argument(help="The backup folder, on another disk or machine.")
    ],
) -> None:
    """A consistent copy of the record (database, archive, outputs, receipts, checkpoints)
    with a manifest of hashes, taken while the service runs; originals already in DEST are
    not copied again."""
    from audit_trail.checkpoints import checkpoint_files
    from safekeeping.backup import make_backup
    from service.record_access import cli_actor, opened_record

    with opened_record() as record:
        made = make_backup(record, destination, cli_actor(), partial(checkpoint_files, record))
    held, tally = made.manifest, made.tally
    console.print(
        f"Backup snapshot {made.snapshot}: {held.documents} documents, {held.receipts} "
        f"receipts, {held.audit.entries} audit entries (manifest sha256 {made.manifest_sha256})."
    )
    console.print(
        f"Archived originals: {tally.originals_copied} copied, {tally.originals_there} already "
        f"there. Other files: {tally.files_copied} copied, {tally.files_linked} linked to the "
        f"previous snapshot. {_size(tally.bytes_copied)} copied in {made.seconds:.1f} s"
        + (f" ({made.rounds} rounds: files changed while it ran)." if made.rounds > 1 else ".")
    )


def restore(
    source: Annotated[Path, typer.Argument(help="A folder `sohoa backup` wrote to.")],
    snapshot: Annotated[
        str | None,
        typer.Option("--snapshot", help="The snapshot's name; default: the newest complete."),
    ] = None,
) -> None:
    """Put a backup snapshot back into the empty data directory (and database) of the
    settings, after checking every file's hash; then run `sohoa check`."""
    from config import load_settings
    from safekeeping.restore import restore_backup

    settings = load_settings()
    restored = restore_backup(settings, source, snapshot)
    held = restored.manifest
    console.print(
        f"Restored snapshot {restored.snapshot.name} (made {held.made_at}) into "
        f"{settings.data_dir}: {held.documents} documents, {held.receipts} receipts, "
        f"{held.audit.entries} audit entries; {restored.files} files and the database, "
        f"{_size(restored.bytes_restored)}."
    )
    console.print("Run `sohoa check` to see that the restored record holds.")


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count} bytes"
