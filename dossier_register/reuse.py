"""Reuse (tái sử dụng): a clerk attaches an already-digitized document to another dossier
that takes it as one of its components, without rescanning it and without a copy.

Decision 766/QĐ-TTg's indicators of digitization count dossiers whose components were taken
from results and papers already digitized instead of being submitted again (the reuse rate
of `queries.rates`). Here:

- the document must be digitized (status 'digitized', with its output), tagged to its own
  dossier, and seen by the clerk (the faces find it through the document list, search,
  dossier or citizen reference, limited to the clerk's units as the web's
  `WebUser.sees_unit` is; reuse across the units of one office is the point);
- the dossier it is reused for is given by its code, registered or not yet; it may not be
  the document's own dossier, nor one it is linked to already, nor a registered dossier of
  a unit the clerk does not serve;
- the link records the receiving unit (the registered dossier's, else the clerk's), who,
  when and an optional note; the audit entry is written in the same transaction;
- a link can be removed with a reason, audited too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from config import ExitCode, SohoaError
from dossiers import parse_dossier_code
from store import audit
from store.database import Session, Store
from store.register import find_dossier
from store.reuses import find_reuse
from store.schema import DocumentRecord, DocumentReuseRecord
from store.states import DocumentStatus

NOTE_MAX_LENGTH = 500


class ReuseRefusedError(SohoaError):
    exit_code = ExitCode.bad_args


@dataclass(frozen=True)
class Reused:
    """A reuse link as recorded."""

    id: int
    document_id: int
    dossier_code: str
    registered: bool
    unit_id: int | None


def reuse_document(
    store: Store,
    document_id: int,
    code_text: str,
    actor: str,
    *,
    note: str = "",
    unit_ids: Collection[int] | None = None,
    unit_id: int | None = None,
) -> Reused:
    """Link the digitized document to the dossier `code_text` names.

    `unit_ids`: the units the clerk serves (None: every unit, as for officers and the
    operator); `unit_id`: the receiving unit when the dossier is not registered yet."""
    code = str(parse_dossier_code(code_text).dossier)
    note = _checked_text(note, "reuse.note_too_long")
    with store.writing() as session:
        document = _visible_document(session, document_id, unit_ids)
        if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
            raise ReuseRefusedError(
                f"document {document_id} is {document.status}: only a digitized document can "
                "be reused",
                code="reuse.not_digitized",
                params={"document": document_id, "status": document.status},
            )
        if document.dossier_code is None:
            raise ReuseRefusedError(
                f"document {document_id} is not tagged to a dossier yet: tag it to its own "
                "dossier first",
                code="reuse.untagged",
                params={"document": document_id},
            )
        if document.dossier_code == code:
            raise ReuseRefusedError(
                f"document {document_id} is of dossier {code} already: reuse is for another "
                "dossier",
                code="reuse.own_dossier",
                params={"document": document_id, "dossier": code},
            )
        if find_reuse(session, document_id, code) is not None:
            raise ReuseRefusedError(
                f"document {document_id} is reused for dossier {code} already",
                code="reuse.already_linked",
                params={"document": document_id, "dossier": code},
            )
        dossier = find_dossier(session, code)
        if dossier is not None and unit_ids is not None and dossier.unit_id not in unit_ids:
            raise ReuseRefusedError(
                f"dossier {code} is registered under a unit you do not serve",
                code="reuse.dossier_elsewhere",
                params={"dossier": code},
            )
        receiving = dossier.unit_id if dossier is not None else unit_id
        link = DocumentReuseRecord(
            document_id=document_id,
            dossier_code=code,
            dossier_id=dossier.id if dossier else None,
            unit_id=receiving,
            reused_by=actor,
            reused_at=datetime.now(UTC),
            note=note,
        )
        session.add(link)
        session.flush()
        audit.record(
            session,
            "document.reused",
            f"document:{document_id}",
            actor=actor,
            dossier=code,
            from_dossier=document.dossier_code,
            registered=dossier is not None,
            unit_id=receiving,
            note=note or None,
        )
        return Reused(link.id, document_id, code, dossier is not None, receiving)


def remove_reuse(
    store: Store,
    document_id: int,
    code_text: str,
    actor: str,
    *,
    reason: str,
    unit_ids: Collection[int] | None = None,
) -> None:
    """Remove the link of the document to the dossier `code_text` names, saying why."""
    code = str(parse_dossier_code(code_text).dossier)
    reason = _checked_text(reason, "reuse.reason_too_long")
    if not reason:
        raise ReuseRefusedError("removing a reuse needs its reason", code="reuse.reason_missing")
    with store.writing() as session:
        _visible_document(session, document_id, unit_ids)
        link = find_reuse(session, document_id, code)
        if link is None:
            raise ReuseRefusedError(
                f"document {document_id} is not reused for dossier {code}",
                code="reuse.not_linked",
                params={"document": document_id, "dossier": code},
            )
        if unit_ids is not None and link.unit_id is not None and link.unit_id not in unit_ids:
            raise ReuseRefusedError(
                f"dossier {code} is registered under a unit you do not serve",
                code="reuse.dossier_elsewhere",
                params={"dossier": code},
            )
        session.delete(link)
        audit.record(
            session,
            "document.reuse_removed",
            f"document:{document_id}",
            actor=actor,
            dossier=code,
            reason=reason,
            reused_by=link.reused_by,
            reused_at=link.reused_at,
        )


def _visible_document(
    session: Session, document_id: int, unit_ids: Collection[int] | None
) -> DocumentRecord:
    """The document, when the clerk may see it; another unit's is as if it did not exist."""
    document = session.get(DocumentRecord, document_id)
    if document is None or (unit_ids is not None and document.unit_id not in unit_ids):
        raise ReuseRefusedError(
            f"there is no document {document_id}",
            code="reuse.document_not_found",
            params={"document": document_id},
        )
    return document


def _checked_text(text: str, too_long: str) -> str:
    text = text.strip()
    if "\x00" in text:
        raise ReuseRefusedError("the text holds a NUL character", code="reuse.text_invalid")
    if len(text) <= NOTE_MAX_LENGTH:
        return text
    if too_long == "reuse.note_too_long":
        raise ReuseRefusedError(
            f"the note is longer than {NOTE_MAX_LENGTH} characters",
            code="reuse.note_too_long",
            params={"max_length": NOTE_MAX_LENGTH},
        )
    raise ReuseRefusedError(
        f"the reason is longer than {NOTE_MAX_LENGTH} characters",
        code="reuse.reason_too_long",
        params={"max_length": NOTE_MAX_LENGTH},
    )
