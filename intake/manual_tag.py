"""A clerk tags a document by hand: its output moves to the dossier's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from config import SohoaError
from config.errors import ExitCode
from digitizer import OutputKind, write_pages
from dossiers import Tag, TagSource, parse_dossier_code
from intake.record_outputs import apply_tag, free_output_path
from queries.document_stage import SUBMITTED_STATES
from store.archive import Layout, sha256_of
from store.batches import find_batch_for_update
from store.database import Store
from store.files import durable_move, fsync_file
from store.schema import BatchRecord, DocumentRecord, UnitRecord
from store.states import DocumentStatus

REASON_MAX_LENGTH = 500
# A batch an officer is deciding on or signing holds its outputs as they were submitted.
HELD_BY_BATCH = SUBMITTED_STATES


class TagRefusedError(SohoaError):
    exit_code = ExitCode.bad_args


def tag_by_hand(
    store: Store,
    layout: Layout,
    document_id: int,
    code_text: str,
    actor: str,
    *,
    reason: str | None = None,
) -> Path:
    """Tag the document with `code_text`; return where its output now is.

    A retag of a tagged document gives its `reason`, which the audit entry keeps. A signed
    document is never retagged (its signature covers the old code), nor one whose batch an
    officer holds.
    """
    code = parse_dossier_code(code_text)
    reason = _checked_reason(reason)
    with store.writing() as session:
        document = session.get(DocumentRecord, document_id)
        if document is None:
            raise TagRefusedError(
                f"there is no document {document_id}",
                code="tag.document_not_found",
                params={"document": document_id},
            )
        if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
            raise TagRefusedError(
                f"document {document_id} is {document.status}: only a digitized document "
                "can be tagged",
                code="tag.not_digitized",
                params={"document": document_id, "status": document.status},
            )
        # Locked, so that the batch is not submitted while the output moves.
        batch = find_batch_for_update(session, document.batch_id) if document.batch_id else None
        _refuse_when_held(batch, document)
        if reason is not None and document.dossier_code == str(code.dossier):
            raise TagRefusedError(
                f"document {document_id} is already tagged {code.dossier}",
                code="tag.unchanged",
                params={"document": document_id, "dossier": str(code.dossier)},
            )
        unit = session.get_one(UnitRecord, document.unit_id)
        old = layout.absolute(document.output_path)
        folder = layout.output_folder(unit.code, str(code.dossier))
        new = old if old.parent == folder else free_output_path(session, layout, folder, old.name)
        _rewrite(document, old, new, str(code.dossier), layout.work / f"retag-{document_id}.pdf")
        document.output_path = layout.relative(new)
        document.output_sha256 = sha256_of(new)
        apply_tag(session, document, Tag(code, TagSource.clerk), actor=actor, reason=reason)
        return new


def _checked_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = reason.strip()
    if not reason:
        raise TagRefusedError("a retag needs its reason", code="tag.reason_missing")
    if len(reason) > REASON_MAX_LENGTH:
        raise TagRefusedError(
            f"the reason is longer than {REASON_MAX_LENGTH} characters",
            code="tag.reason_too_long",
            params={"max_length": REASON_MAX_LENGTH},
        )
    return reason


def _refuse_when_held(batch: BatchRecord | None, document: DocumentRecord) -> None:
    if document.signed_at is not None:
        raise TagRefusedError(
            f"document {document.id} is signed: its signature covers its dossier code",
            code="tag.signed",
            params={"document": document.id},
        )
    if batch is not None and batch.state in HELD_BY_BATCH:
        raise TagRefusedError(
            f"document {document.id} is in batch {batch.id}, which is {batch.state}",
            code="tag.in_submitted_batch",
            params={"document": document.id, "batch": batch.id},
        )


def _rewrite(document: DocumentRecord, old: Path, new: Path, code: str, staged: Path) -> None:
    """Move the output, renewing its dossier code inside; a signed original moves unchanged."""
    if document.output_kind == OutputKind.ORIGINAL:
        shutil.copyfile(old, staged)
    else:
        write_pages(old, staged, None, title=Path(old.name).stem, dossier_code=code)
    fsync_file(staged)
    durable_move(staged, new)
    if new != old:
        old.unlink(missing_ok=True)
