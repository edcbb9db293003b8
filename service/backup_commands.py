"""`sohoa backup DEST` and `sohoa restore SRC`: the record's safekeeping copies."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.formats import vn_count, vn_time
from service.i18n import _

console = Console(highlight=False, markup=False, soft_wrap=True)


def backup(
    destination: Annotated[
        Path, typer.Argument(help=_("The backup folder, on another disk or machine."))
    ],
) -> None:
    from audit_trail.checkpoints import checkpoint_files
    from safekeeping.backup import make_backup
    from service.record_access import cli_actor, opened_record

    with opened_record() as record:
        made = make_backup(record, destination, cli_actor(), partial(checkpoint_files, record))
    held, tally = made.manifest, made.tally
    console.print(
        _(
            "Backup snapshot {snapshot}: {documents} documents, {receipts} receipts, {entries} "
            "audit entries (manifest sha256 {sha256})."
        ).format(
            snapshot=made.snapshot,
            documents=vn_count(held.documents),
            receipts=vn_count(held.receipts),
            entries=vn_count(held.audit.entries),
            sha256=made.manifest_sha256,
        )
    )
    said = _(
        "Archived originals: {copied} copied, {there} already there. Other files: "
        "{files_copied} copied, {linked} linked to the previous snapshot. {size} copied in "
        "{seconds} s"
    ).format(
        copied=vn_count(tally.originals_copied),
        there=vn_count(tally.originals_there),
        files_copied=vn_count(tally.files_copied),
        linked=vn_count(tally.files_linked),
        size=_size(tally.bytes_copied),
        seconds=f"{made.seconds:.1f}".replace(".", ","),
    )
    if made.rounds > 1:
        said += " " + _("({rounds} rounds: files changed while it ran).").format(rounds=made.rounds)
    else:
        said += "."
    console.print(said)


def restore(
    source: Annotated[Path, typer.Argument(help=_("A folder `sohoa backup` wrote to."))],
    snapshot: Annotated[
        str | None,
        typer.Option("--snapshot", help=_("The snapshot's name; default: the newest complete.")),
    ] = None,
) -> None:
    from config import load_settings
    from safekeeping.restore import restore_backup

    settings = load_settings()
    restored = restore_backup(settings, source, snapshot)
    held = restored.manifest
    console.print(
        _(
            "Restored snapshot {snapshot} (made {made}) into {data_dir}: {documents} documents, "
            "{receipts} receipts, {entries} audit entries; {files} files and the database, "
            "{size}."
        ).format(
            snapshot=restored.snapshot.name,
            made=_made(held.made_at),
            data_dir=settings.data_dir,
            documents=vn_count(held.documents),
            receipts=vn_count(held.receipts),
            entries=vn_count(held.audit.entries),
            files=vn_count(restored.files),
            size=_size(restored.bytes_restored),
        )
    )
    console.print(_("Run `sohoa check` to see that the restored record holds."))


def _made(moment: object) -> str:
    from datetime import datetime

    if isinstance(moment, datetime):
        return vn_time(moment)
    try:
        return vn_time(datetime.fromisoformat(str(moment)))
    except ValueError:
        return str(moment)


def _size(count: int) -> str:
    if count >= 100_000:
        return _("{megabytes} MB").format(megabytes=f"{count / 1_000_000:.1f}".replace(".", ","))
    return _("{count} bytes").format(count=vn_count(count))
