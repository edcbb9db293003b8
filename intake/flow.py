"""The digitize job: OCR an archived original, write its outputs, tag, record. Idempotent.

Three steps, each safe to repeat after a crash: (1) output paths are reserved in the
record, (2) the files are written there atomically, (3) one transaction records pages,
tags, status and the audit entries. A repeat reuses the reserved paths, so a crash never
leaves two outputs for one document. A long document on Celery workers is first OCR'd by
page tasks, then assembled here from their reads (`intake.page_tasks`).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from config import SohoaError
from config.errors import ExitCode
from digitizer import DigitizeResult, OutputError, OutputKind, write_pages
from intake.claims import Claim, claim
from intake.context import IntakeContext
from intake.failures import fail
from intake.output_plan import PlannedOutput, explicit_tag, plan_outputs
from intake.page_tasks import forget_pages, gather_pages
from intake.record_outputs import Reserved, record_outputs, reserve_outputs
from store.files import durable_move, fsync_file
from store.schema import JobRecord
from store.states import JobStatus


class JobLostError(SohoaError):
    """A job whose workers kept dying under it: set aside rather than tried forever."""

    exit_code = ExitCode.child_process


def run_digitize(context: IntakeContext, job_id: int) -> None:
    claimed = claim(context, job_id)
    if claimed is None:
        return
    workdir = context.layout.work / f"document-{claimed.document_id}"
    try:
        if claimed.interruptions >= context.settings.jobs.max_interruptions:
            raise JobLostError(
                f"{claimed.original_name}: its worker stopped {claimed.interruptions} times "
                "while digitizing it (killed, out of memory, or over the time limit)",
                code="intake.worker_lost",
                params={"file": claimed.original_name, "times": claimed.interruptions},
            )
        _digitize(context, claimed, workdir)
    except SohoaError as error:
        _fail(context, claimed, error, workdir)
    except Exception as error:  # a fault not foreseen: retried, then set aside, never lost
        _fail(context, claimed, error, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _fail(context: IntakeContext, claimed: Claim, error: Exception, workdir: Path) -> None:
    fail(context, claimed, error, workdir)
    with context.store.reading() as session:
        finished = JobStatus(session.get_one(JobRecord, claimed.job_id).status).finished
    if finished:  # set aside: pages read for it are of no more use
        forget_pages(context, claimed.document_id)


def _digitize(context: IntakeContext, claimed: Claim, workdir: Path) -> None:
    started = time.monotonic()
    source = _working_copy(claimed, workdir)
    done_pages = gather_pages(context, claimed, source)
    if done_pages is None:
        return  # its pages are being read by page tasks; the last one queues it again
    known = explicit_tag(claimed.folder_name, claimed.original_name)
    options = replace(
        context.options,
        title=Path(claimed.original_name).stem,
        dossier_code=str(known.code) if known else None,
    )
    made = workdir / "digitized.pdf"
    result = context.digitizer.digitize(source, made, context.counters, options, done_pages)
    plans = plan_outputs(result, folder_name=claimed.folder_name, file_name=claimed.original_name)
    reserved = reserve_outputs(context, claimed, plans)
    known_code = str(known.code) if known else None
    for item in reserved:
        try:
            _write_output(made, item, result, known_code)
        except OSError as error:  # its disk full or gone: passing trouble, tried again
            where = context.layout.relative(item.output_path)
            reason = f"its output {where} could not be written ({error.strerror or error})"
            raise OutputError(
                item.output_path,
                reason,
                code="intake.output_unwritable",
                params={"output": where, "reason": error.strerror or error},
            ) from error
    record_outputs(context, claimed, result, reserved, time.monotonic() - started)
    if done_pages:
        forget_pages(context, claimed.document_id)


def _working_copy(claimed: Claim, workdir: Path) -> Path:
    """The archived original under its own name, so that messages name the clerk's file."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    copy = workdir / claimed.original_name
    try:
        os.link(claimed.archive_path, copy)
    except OSError:
        shutil.copyfile(claimed.archive_path, copy)
    return copy


def _write_output(
    made: Path, item: Reserved, result: DigitizeResult, known_code: str | None
) -> None:
    plan: PlannedOutput = item.plan
    planned_code = str(plan.tag.code) if plan.tag else None
    if result.output_kind == OutputKind.ORIGINAL or (plan.whole and planned_code == known_code):
        # Already what the output must be (a signed input stays byte for byte): move it.
        fsync_file(made)
        durable_move(made, item.output_path)
        return
    staged = made.with_name(f"output-{item.document_id}.pdf")
    write_pages(
        made, staged, plan.pages or None, title=Path(plan.name).stem, dossier_code=planned_code
    )
    fsync_file(staged)
    durable_move(staged, item.output_path)
