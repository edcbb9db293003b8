"""`sohoa batches`: outputs waiting for a signing officer, and the officer's decisions."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from config import ExitCode, load_settings
from service.errors import command
from service.record_access import cli_actor, opened_record
from service.time_format import shown

if TYPE_CHECKING:
    from queries.batches import BatchItem, BatchLine
    from runtime.queue import JobQueue
    from store.database import Store

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help="Signing batches: submit, approve, reject.", no_args_is_help=True)


@app.command("list")
@command
def list_command(
    state: Annotated[
        list[str] | None, typer.Option("--state", help="Only batches in this state (repeatable).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Batches with their state and progress (waiting outputs are collected first)."""
    from queries.batches import batch_lines
    from signing_batches.collect import collect_waiting

    with opened_record() as record:
        collect_waiting(record)
        batches = batch_lines(record.store, state or None)
    if json_out:
        print(json.dumps([_batch_json(batch) for batch in batches], ensure_ascii=False))
        return
    table = Table("id", "profile", "unit", "kind", "day", "state", "documents", "signed", "failed")
    for batch in batches:
        table.add_row(
            str(batch.id),
            batch.profile,
            batch.unit_code or "-",
            batch.kind or "-",
            str(batch.day or ("by hand" if batch.by_hand else "-")),
            batch.state,
            str(batch.documents),
            str(batch.signed),
            str(batch.failed),
        )
    console.print(table)


@app.command("show")
@command
def show(
    batch: Annotated[int, typer.Argument(help="Batch id.")],
    json_out: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """One batch: who submitted and decided it, and every output with its state."""
    with opened_record() as record:
        summary, items = _batch_with_outputs(record.store, batch)
    if json_out:
        shape = {**_batch_json(summary), "items": [_item_json(item) for item in items]}
        print(json.dumps(shape, ensure_ascii=False))
        return
    console.print(
        f"Batch {summary.id} ({summary.profile}): {summary.state}; "
        f"{summary.signed} of {summary.documents} signed, {summary.failed} not signed; "
        f"created {shown(summary.created_at)}, submitted by {summary.submitted_by or '-'}, "
        f"decided by {summary.decided_by or '-'}"
        + (f"; reason: {summary.reason}" if summary.reason else "")
    )
    table = Table("document", "dossier", "pages", "state", "output", "problem")
    for item in items:
        table.add_row(
            str(item.document.id),
            item.document.dossier_code or "-",
            str(item.document.page_count or "-"),
            item.state,
            item.document.output_path or "-",
            item.error or "",
        )
    console.print(table)


@app.command("make")
@command
def make(
    profile: Annotated[str, typer.Option("--profile", help="Signing profile of the batch.")],
    documents: Annotated[list[int], typer.Argument(help="Document ids.")],
) -> None:
    """Make a batch by hand from digitized documents (they leave their open batches)."""
    from signing_batches.flow import make_batch

    with opened_record() as record:
        made = make_batch(record, profile, documents, cli_actor())
    console.print(f"Batch {made} made with {len(documents)} documents; submit it when ready.")


@app.command("submit")
@command
def submit(batch: Annotated[int, typer.Argument(help="Batch id.")]) -> None:
    """Send an open batch to the signing officers; its outputs' hashes are taken now."""
    from signing_batches.flow import submit as submit_batch

    with opened_record() as record:
        submit_batch(record, batch, cli_actor())
    console.print(f"Batch {batch} submitted for approval.")


@app.command("approve")
@command
def approve(batch: Annotated[int, typer.Argument(help="Batch id.")]) -> None:
    """Approve a submitted batch as the officer logged in (`sohoa login`), and sign every
    output in it.

    On the local queue the outputs are signed here, one line per document; with Celery
    workers (queue = "celery") the signing jobs go to them and the command returns.
    """
    import os

    from service.cli_identity import acting_user
    from service.compose import open_job_process, queue_kind_for
    from signing_batches.flow import approve as approve_batch
    from store.states import Role

    settings = load_settings()
    queue_kind = queue_kind_for(settings)
    process = open_job_process(
        settings,
        queue_kind,
        emit=lambda event: console.print(event.message),
        digitize=False,
        local_workers=settings.jobs.documents_at_once or (os.cpu_count() or 1),
    )
    try:
        officer = acting_user(settings, process.store, Role.OFFICER)
        jobs = approve_batch(process.context, process.queue, batch, officer.name, "cli")
        if queue_kind == "celery":
            console.print(f"Batch {batch} approved; {len(jobs)} signing jobs sent to the workers.")
            return
        console.print(f"Batch {batch} approved; signing {len(jobs)} documents.")
        _wait_until_idle(process.queue)
        summary, items = _batch_with_outputs(process.store, batch)
    finally:
        process.close()
    console.print(
        f"Batch {batch}: {summary.state}; {summary.signed} of {summary.documents} signed."
    )
    for item in items:
        if item.error:
            console.print(f"  document {item.document.id}: {item.error}")
    if summary.failed:
        raise typer.Exit(int(ExitCode.invalid_output))


@app.command("reject")
@command
def reject(
    batch: Annotated[int, typer.Argument(help="Batch id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required; the clerk reads it).")],
) -> None:
    """Reject a submitted batch as the officer logged in: nothing in it is signed; its outputs
    can be batched again."""
    from service.cli_identity import acting_user
    from signing_batches.flow import reject as reject_batch
    from store.states import Role

    with opened_record() as record:
        officer = acting_user(record.settings, record.store, Role.OFFICER)
        reject_batch(record, batch, officer.name, "cli", reason)
    console.print(f"Batch {batch} rejected.")


def _wait_until_idle(queue: JobQueue) -> None:
    """Until every job handed in has settled (retries wait in the queue too)."""
    import time

    while queue.pending():
        time.sleep(0.1)


def _batch_with_outputs(store: Store, batch: int) -> tuple[BatchLine, list[BatchItem]]:
    from queries.batches import batch_items, batch_line
    from signing_batches.errors import BatchNotFoundError

    line = batch_line(store, batch)
    if line is None:
        raise BatchNotFoundError(
            f"There is no batch {batch}.", code="batch.not_found", params={"batch": batch}
        )
    return line, batch_items(store, batch)


def _batch_json(batch: BatchLine) -> dict[str, object]:
    return {
        "id": batch.id,
        "profile": batch.profile,
        "unit": batch.unit_code,
        "kind": batch.kind,
        "day": batch.day.isoformat() if batch.day else None,
        "by_hand": batch.by_hand,
        "state": batch.state,
        "documents": batch.documents,
        "signed": batch.signed,
        "failed": batch.failed,
        "created_at": batch.created_at.isoformat(),
        "submitted_by": batch.submitted_by,
        "decided_by": batch.decided_by,
        "reason": batch.reason,
    }


def _item_json(item: BatchItem) -> dict[str, object]:
    return {
        "document_id": item.document.id,
        "name": item.document.original_name,
        "dossier_code": item.document.dossier_code,
        "output_path": item.document.output_path,
        "pages": item.document.page_count,
        "state": item.state,
        "submitted_sha256": item.submitted_sha256,
        "signed_sha256": item.signed_sha256,
        "error": item.error,
    }
