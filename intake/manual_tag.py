"""A clerk tags a document by hand: its output moves to the dossier's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from config import SohoaError
from config.errors import ExitCode
from digitizer import OutputKind, write_pages
from dossiers import Tag, TagSource, parse_dossier_code
from intake.record_outputs import apply_tag, free_output_path
from store.archive import Layout, sha256_of
from store.database import Store
from store.files import durable_move, fsync_file
from store.schema import DocumentRecord, UnitRecord
from store.states import DocumentStatus


class TagRefusedError(SohoaError):
    exit_code = ExitCode.bad_args


def tag_by_hand(store: Store, layout: Layout, document_id: int, code_text: str, actor: str) -> Path:
    """Tag the document with `code_text`; return where its output now is."""
    code = parse_dossier_code(code_text)
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
        unit = session.get_one(UnitRecord, document.unit_id)
        old = layout.absolute(document.output_path)
        folder = layout.output_folder(unit.code, str(code.dossier))
        new = old if old.parent == folder else free_output_path(session, layout, folder, old.name)
        _rewrite(document, old, new, str(code.dossier), layout.work / f"retag-{document_id}.pdf")
        document.output_path = layout.relative(new)
        document.output_sha256 = sha256_of(new)
        apply_tag(session, document, Tag(code, TagSource.clerk), actor=actor)
        return new


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
