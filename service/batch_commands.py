"""`sohoa batches`: outputs waiting for a signing officer, and the officer's decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from config import ExitCode, load_settings
from service.cli_table import key, moment, number, print_json, table
from service.cli_words import word
from service.errors import command
from service.formats import vn_date, vn_time
from service.i18n import _
from service.record_access import cli_actor, opened_record

if TYPE_CHECKING:
    from queries.batches import BatchItem, BatchLine
    from runtime.queue import JobQueue
    from store.database import Store

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("Signing batches: submit, approve, reject."), no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help=_("JSON instead of a table."))]
BatchArgument = Annotated[int, typer.Argument(help=_("Batch id."))]


@app.command(
    "list",
    help=_("Batches with their state and progress (waiting outputs are collected first)."),
)
@command
def list_command(
    state: Annotated[
        list[str] | None,
        typer.Option("--state", help=_("Only batches in this state (repeatable).")),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    from queries.batches import batch_lines
    from signing_batches.collect import collect_waiting

    with opened_record() as record:
        collect_waiting(record)
        batches = batch_lines(record.store, state or None)
    if json_out:
        print_json([_batch_json(batch) for batch in batches])
        return
    headings = (key(_("id")), key(_("profile")), key(_("unit")), _("kind"), moment(_("day")),
                _("state"),
                number(_("documents")), number(_("signed")), number(_("failed")))  # fmt: skip
    rows = [
        (batch.id, batch.profile, batch.unit_code, word(batch.kind),
         vn_date(batch.day) or (_("by hand") if batch.by_hand else "-"), word(batch.state),
         batch.documents, batch.signed, batch.failed)
        for batch in batches
    ]  # fmt: skip
    console.print(table(headings, rows))


@app.command(
    "show", help=_("One batch: who submitted and decided it, and every output with its state.")
)
@command
def show(batch: BatchArgument, json_out: JsonOption = False) -> None:
    with opened_record() as record:
        summary, items = _batch_with_outputs(record.store, batch)
    if json_out:
        shape = {**_batch_json(summary), "items": [_item_json(item) for item in items]}
        print_json(shape)
        return
    said = _(
        "Batch {batch} ({profile}): {state}; {signed} of {documents} signed, {failed} not "
        "signed; created {created}, submitted by {submitted_by}, decided by {decided_by}"
    ).format(
        batch=summary.id,
        profile=summary.profile,
        state=word(summary.state),
        signed=summary.signed,
        documents=summary.documents,
        failed=summary.failed,
        created=vn_time(summary.created_at),
        submitted_by=summary.submitted_by or "-",
        decided_by=summary.decided_by or "-",
    )
    if summary.reason:
        said += "; " + _("reason: {reason}").format(reason=summary.reason)
    console.print(said)
    headings = (key(_("document")), key(_("dossier")), number(_("pages")), _("state"),
                key(_("output")), _("problem"))  # fmt: skip
    rows = [
        (item.document.id, item.document.dossier_code, item.document.page_count,
         word(item.state), item.document.output_path, item.error or "")
        for item in items
    ]  # fmt: skip
    console.print(table(headings, rows))


@app.command(
    "make",
    help=_("Make a batch by hand from digitized documents (they leave their open batches)."),
)
@command
def make(
    profile: Annotated[str, typer.Option("--profile", help=_("Signing profile of the batch."))],
    documents: Annotated[list[int], typer.Argument(help=_("Document ids."))],
) -> None:
    from signing_batches.flow import make_batch

    with opened_record() as record:
        made = make_batch(record, profile, documents, cli_actor())
    console.print(
        _("Batch {batch} made with {count} documents; submit it when ready.").format(
            batch=made, count=len(documents)
        )
    )


@app.command(
    "submit",
    help=_("Send an open batch to the signing officers; its outputs' hashes are taken now."),
)
@command
def submit(batch: BatchArgument) -> None:
    from signing_batches.flow import submit as submit_batch

    with opened_record() as record:
        submit_batch(record, batch, cli_actor())
    console.print(_("Batch {batch} submitted for approval.").format(batch=batch))


@app.command(
    "approve",
    help=_(
        "Approve a submitted batch as the officer logged in (`sohoa login`), and sign every "
        "output in it. On the local queue the outputs are signed here, one line per "
        'document; with Celery workers (queue = "celery") the signing jobs go to them and '
        "the command returns."
    ),
)
@command
def approve(batch: BatchArgument) -> None:
    import os

    from service.cli_identity import acting_user
    from service.compose import open_job_process, queue_kind_for
    from service.run_display import event_line
    from signing_batches.flow import approve as approve_batch
    from store.states import Role

    settings = load_settings()
    queue_kind = queue_kind_for(settings)
    process = open_job_process(
        settings,
        queue_kind,
        emit=lambda event: console.print(event_line(event)),
        digitize=False,
        local_workers=settings.jobs.documents_at_once or (os.cpu_count() or 1),
    )
    try:
        officer = acting_user(settings, process.store, Role.OFFICER)
        jobs = approve_batch(process.context, process.queue, batch, officer.name, "cli")
        if queue_kind == "celery":
            console.print(
                _("Batch {batch} approved; {count} signing jobs sent to the workers.").format(
                    batch=batch, count=len(jobs)
                )
            )
            return
        console.print(
            _("Batch {batch} approved; signing {count} documents.").format(
                batch=batch, count=len(jobs)
            )
        )
        _wait_until_idle(process.queue)
        summary, items = _batch_with_outputs(process.store, batch)
    finally:
        process.close()
    console.print(
        _("Batch {batch}: {state}; {signed} of {documents} signed.").format(
            batch=batch,
            state=word(summary.state),
            signed=summary.signed,
            documents=summary.documents,
        )
    )
    for item in items:
        if item.error:
            console.print(
                "  "
                + _("document {document}: {problem}").format(
                    document=item.document.id, problem=item.error
                )
            )
    if summary.failed:
        raise typer.Exit(int(ExitCode.invalid_output))


@app.command(
    "reject",
    help=_(
        "Reject a submitted batch as the officer logged in: nothing in it is signed; its "
        "outputs can be batched again."
    ),
)
@command
def reject(
    batch: BatchArgument,
    reason: Annotated[str, typer.Option("--reason", help=_("Why (required; the clerk reads it)."))],
) -> None:
    from service.cli_identity import acting_user
    from signing_batches.flow import reject as reject_batch
    from store.states import Role

    with opened_record() as record:
        officer = acting_user(record.settings, record.store, Role.OFFICER)
        reject_batch(record, batch, officer.name, "cli", reason)
    console.print(_("Batch {batch} rejected.").format(batch=batch))


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
