"""Reserving output paths in the record, then recording what was written there."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from digitizer import DigitizeResult, PageResult
from dossiers import Tag
from dossiers.folding import fold
from intake.claims import Claim
from intake.context import IntakeContext
from intake.output_plan import PlannedOutput
from runtime.events import Event
from runtime.leases import finish_job
from signing.page_one import read_page_one
from store import audit
from store.archive import Layout, sha256_of
from store.database import Session
from store.documents import find_document_by_sha256, output_path_is_held
from store.files import free_name
from store.register import find_dossier
from store.schema import DocumentRecord, JobRecord, PageRecord
from store.states import DocumentStatus, JobStatus


@dataclass(frozen=True)
class Reserved:
    document_id: int
    output_path: Path
    plan: PlannedOutput


def reserve_outputs(
    context: IntakeContext, claimed: Claim, plans: list[PlannedOutput]
) -> list[Reserved]:
    """Give every output its document row and a path no other document holds."""
    with context.store.writing() as session:
        stack = session.get_one(DocumentRecord, claimed.document_id)
        reserved = []
        for plan in plans:
            document = stack if plan.whole else _part(session, stack, plan)
            if document.output_path is None:
                folder = context.layout.output_folder(claimed.unit, _code(plan.tag))
                document.output_path = context.layout.relative(
                    free_output_path(session, context.layout, folder, plan.name)
                )
            reserved.append(
                Reserved(document.id, context.layout.absolute(document.output_path), plan)
            )
        return reserved


def _part(session: Session, stack: DocumentRecord, plan: PlannedOutput) -> DocumentRecord:
    sha256 = _part_sha256(stack.sha256, plan.pages)
    part = find_document_by_sha256(session, sha256)
    if part is not None:
        return part
    part = DocumentRecord(
        sha256=sha256,
        kind=stack.kind,
        status=DocumentStatus.RECEIVED,
        unit_id=stack.unit_id,
        parent_id=stack.id,
        parent_pages=",".join(str(number) for number in plan.pages),
        original_name=plan.name,
        inbox_path=stack.inbox_path,
        folder_name=stack.folder_name,
        archive_path=stack.archive_path,
        notes="",
        received_at=stack.received_at,
    )
    session.add(part)
    session.flush()
    return part


def _part_sha256(stack_sha256: str, pages: tuple[int, ...]) -> str:
    """A part of a stack is identified by the stack's content and its pages."""
    listed = ",".join(str(number) for number in pages)
    return hashlib.sha256(f"{stack_sha256}:{listed}".encode()).hexdigest()


def free_output_path(session: Session, layout: Layout, folder: Path, name: str) -> Path:
    """`folder/name`, numbered when another document holds it or a file is there."""
    return free_name(
        folder, name, lambda candidate: output_path_is_held(session, layout.relative(candidate))
    )


def record_outputs(
    context: IntakeContext,
    claimed: Claim,
    result: DigitizeResult,
    reserved: list[Reserved],
    seconds: float,
) -> None:
    now = datetime.now(UTC)
    written = {item.document_id: sha256_of(item.output_path) for item in reserved}
    # Read now, beside the OCR's seconds, rather than at every signature (`signing.page_one`).
    page_one = {item.document_id: _page_one(item.output_path) for item in reserved}
    with context.store.writing() as session:
        stack = session.get_one(DocumentRecord, claimed.document_id)
        stack.page_count = len(result.pages)
        stack.notes = "; ".join(result.notes)
        for item in reserved:
            document = session.get_one(DocumentRecord, item.document_id)
            pages = _pages_of(result, item.plan)
            document.output_sha256 = written[item.document_id]
            document.page_one = page_one[item.document_id]
            _record_document(session, document, result, pages, item.plan.tag, now)
            context.on_recorded(session, document)
        if len(reserved) > 1 or not reserved[0].plan.whole:
            stack.status = DocumentStatus.SPLIT
            stack.digitized_at = now
            audit.record(
                session,
                "document.split",
                f"document:{stack.id}",
                parts=[item.document_id for item in reserved],
            )
        finish_job(session, session.get_one(JobRecord, claimed.job_id), JobStatus.DONE)
    context.counters.bump("digitized", len(reserved))
    for item in reserved:
        where = context.layout.relative(item.output_path)
        tag = item.plan.tag
        tagged = f"tagged {tag.code} ({tag.source})" if tag else "untagged"
        context.emit(
            Event(
                "document.digitized",
                f"{claimed.original_name} -> {where}: {tagged}, {seconds:.1f} s",
                {
                    "document": item.document_id,
                    "output": where,
                    "seconds": round(seconds, 2),
                    "file": claimed.original_name,
                    "dossier": tag.code if tag else None,
                },
            )
        )


def _page_one(output: Path) -> str | None:
    return read_page_one(output) if output.suffix.lower() == ".pdf" else None


def _pages_of(result: DigitizeResult, plan: PlannedOutput) -> list[PageResult]:
    if plan.whole:
        return list(result.pages)
    return [result.pages[number - 1] for number in plan.pages]


def _record_document(
    session: Session,
    document: DocumentRecord,
    result: DigitizeResult,
    pages: list[PageResult],
    tag: Tag | None,
    now: datetime,
) -> None:
    document.status = DocumentStatus.DIGITIZED
    document.page_count = len(pages)
    document.output_kind = result.output_kind
    document.digitized_at = now
    for number, page in enumerate(pages, start=1):
        session.add(
            PageRecord(
                document_id=document.id,
                number=number,
                text=page.text,
                folded=fold(page.text),
                barcodes="\n".join(code.text for code in page.barcodes),
                reading=",".join(page.reading),
            )
        )
    audit.record(
        session,
        "document.digitized",
        f"document:{document.id}",
        pages=len(pages),
        output=document.output_path,
        output_sha256=document.output_sha256,
        output_kind=result.output_kind,
        characters=sum(page.characters for page in pages),
    )
    if tag is not None:
        apply_tag(session, document, tag)


def apply_tag(
    session: Session,
    document: DocumentRecord,
    tag: Tag,
    actor: str = audit.SYSTEM,
    *,
    reason: str | None = None,
) -> None:
    """Link the document to the dossier the tag names; the dossier may be registered later.

    A retag (`reason` given) also records the code it replaces and why."""
    code = str(tag.code.dossier)
    dossier = find_dossier(session, code)
    change = {} if reason is None else {"previous": document.dossier_code, "reason": reason}
    document.dossier_code = code
    document.dossier_id = dossier.id if dossier else None
    document.tag_source = tag.source
    document.result_number = tag.code.result_number
    audit.record(
        session,
        "document.tagged",
        f"document:{document.id}",
        actor=actor,
        dossier=code,
        source=tag.source,
        result_number=tag.code.result_number,
        registered=dossier is not None,
        **change,
    )


def _code(tag: Tag | None) -> str | None:
    return str(tag.code.dossier) if tag else None
