"""Every document's archived original and output against what the record says of them.

An original is kept under its own SHA-256 (`archive/ab/cd/<sha256>`): the file must be
there, its content must still hash to its name, and a document received whole must be
recorded with that hash (a part cut from a stack shares its stack's original). An output
must exist once the document is digitized, with the hash Sohoa recorded when it last wrote
it; a signed output must still verify.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from safekeeping.findings import CheckReport, ProblemKind
from signing.errors import VerificationError
from signing.verify import verify_pdf
from store.archive import Layout, sha256_of
from store.inventory import DocumentFiles


def check_documents(
    documents: Iterable[DocumentFiles], layout: Layout, roots: tuple[Path, ...], report: CheckReport
) -> None:
    originals: dict[str, str | None] = {}  # archive path → its problem, hashed once
    for document in documents:
        report.count("documents")
        subject = f"document:{document.id}"
        if document.archive_path not in originals:
            originals[document.archive_path] = _original_problem(layout, document.archive_path)
            report.count("originals")
        _archive_problems(document, originals[document.archive_path], subject, report)
        if document.output_path is not None:
            report.count("outputs")
            _output_problems(document, document.output_path, layout, roots, subject, report)


def _original_problem(layout: Layout, archive_path: str) -> str | None:
    path = layout.absolute(archive_path)
    if not path.is_file():
        return "missing"
    found = sha256_of(path)
    return None if found == PurePosixPath(archive_path).name else found


def _archive_problems(
    document: DocumentFiles, problem: str | None, subject: str, report: CheckReport
) -> None:
    where, name = document.archive_path, document.name
    if problem == "missing":
        message = f"{name}: its archived original {where} is missing"
        report.found(ProblemKind.ARCHIVE_MISSING, subject, where, message, name=name)
    elif problem is not None:
        message = f"{name}: its archived original {where} has changed (its SHA-256 is {problem})"
        report.found(ProblemKind.ARCHIVE_CHANGED, subject, where, message, name=name, found=problem)
    if not document.is_part and PurePosixPath(where).name != document.sha256:
        message = f"{name}: the record names the original {document.sha256}, not {where}"
        recorded = document.sha256
        report.found(
            ProblemKind.ARCHIVE_NOT_RECORDED, subject, where, message, name=name, recorded=recorded
        )


def _output_problems(
    document: DocumentFiles,
    where: str,
    layout: Layout,
    roots: tuple[Path, ...],
    subject: str,
    report: CheckReport,
) -> None:
    path, name = layout.absolute(where), document.name
    if not path.is_file():
        message = f"{name}: its output {where} is missing"
        report.found(ProblemKind.OUTPUT_MISSING, subject, where, message, name=name)
        return
    if document.output_sha256 is not None and sha256_of(path) != document.output_sha256:
        message = f"{name}: its output {where} is not the file Sohoa wrote (SHA-256 differs)"
        report.found(ProblemKind.OUTPUT_CHANGED, subject, where, message, name=name)
    if document.signed:
        report.count("signed files")
        failure = signature_failure(path, roots)
        if failure is not None:
            message = f"{name}: the signature of {where} does not verify: {failure}"
            report.found(
                ProblemKind.SIGNATURE_INVALID, subject, where, message, name=name, failure=failure
            )


def signature_failure(path: Path, roots: tuple[Path, ...]) -> str | None:
    """Why the signed PDF at `path` does not verify, or None when it does."""
    try:
        verified = verify_pdf(path, roots)
    except VerificationError as error:
        return str(error)
    if verified.all_valid:
        return None
    if not verified.signatures:
        return "it carries no signature"
    failing = [check for check in verified.signatures if not check.bottom_line]
    if failing:
        return failing[0].problem or "a signature fails"
    return "a document timestamp fails"
