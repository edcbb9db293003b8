"""A document's signature status as its page shows it: verified when the page is opened, and
remembered by the output file's SHA-256, so that the same bytes are verified once.

The verdict is kept in the work folder (`signature-status/<sha256>.json`) with the trust
roots it was reached under; other roots, or other bytes, mean a new verification.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from fastapi import HTTPException

from config.settings import Settings
from queries.documents import DocumentView
from service.web.auditor_signatures import problem_in_vietnamese
from service.web.files import data_file
from signing.configured import configured_trust_roots
from signing.errors import VerificationError
from signing.verify import VerifyReport, verify_pdf
from store.archive import Layout, sha256_of
from store.files import durable_write_text

log = logging.getLogger(__name__)

CACHE_FOLDER = "signature-status"


class SignatureState(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNSIGNED = "unsigned"
    UNCHECKED = "unchecked"  # no trust roots configured: nothing to check against


@dataclass(frozen=True)
class SignatureStatus:
    state: SignatureState
    signer: str | None = None
    signed_at: datetime | None = None
    problem: str | None = None  # in Vietnamese, when invalid or unchecked
    sha256: str | None = None


NO_TRUST_ROOTS = "chưa cấu hình chứng thư gốc tin cậy (signing.trust_roots)"
NO_OUTPUT_FILE = "không thấy tệp kết quả trong thư mục dữ liệu (hãy chạy kiểm tra toàn vẹn)"


def document_signature(
    settings: Settings, layout: Layout, document: DocumentView
) -> SignatureStatus:
    """The status of the document's output; a missing file is said, not a failed page."""
    if not document.output_path:
        return SignatureStatus(SignatureState.UNSIGNED)
    try:
        output = data_file(layout, document.output_path)
    except HTTPException:
        return SignatureStatus(SignatureState.UNCHECKED, problem=NO_OUTPUT_FILE)
    return signature_status(
        settings, layout, output, recorded_signed=document.signed_at is not None
    )


def signature_status(
    settings: Settings, layout: Layout, output: Path | None, *, recorded_signed: bool
) -> SignatureStatus:
    """The status of `output` (None: no output yet, so unsigned). Without trust roots to
    check against, what the record says: unsigned, or signed but not checkable."""
    if output is None:
        return SignatureStatus(SignatureState.UNSIGNED)
    roots = [str(root) for root in configured_trust_roots(settings)]
    if not roots:
        if not recorded_signed:
            return SignatureStatus(SignatureState.UNSIGNED)
        return SignatureStatus(SignatureState.UNCHECKED, problem=NO_TRUST_ROOTS)
    sha256 = sha256_of(output)
    cache = cache_path(layout, sha256)
    kept = _read(cache, roots)
    if kept is not None:
        return kept
    status = _verified(output, roots, sha256)
    durable_write_text(cache, json.dumps({"roots": roots, "status": _json(status)}))
    return status


def cache_path(layout: Layout, sha256: str) -> Path:
    return layout.work / CACHE_FOLDER / f"{sha256}.json"


def _verified(output: Path, roots: list[str], sha256: str) -> SignatureStatus:
    try:
        report = verify_pdf(output, [Path(root) for root in roots])
    except VerificationError:
        return SignatureStatus(
            SignatureState.INVALID, problem="không đọc được tệp để kiểm tra", sha256=sha256
        )
    return _from_report(report, sha256)


def _from_report(report: VerifyReport, sha256: str) -> SignatureStatus:
    if not report.signatures:
        return SignatureStatus(SignatureState.UNSIGNED, sha256=sha256)
    last = report.signatures[-1]
    when = last.timestamp.time if last.timestamp else last.signed_at
    if report.all_valid:
        return SignatureStatus(SignatureState.VALID, last.signer_name, when, sha256=sha256)
    failing = next((check for check in report.signatures if not check.bottom_line), None)
    stamp = next((check for check in report.document_timestamps if not check.bottom_line), None)
    problem = failing.problem if failing else stamp.problem if stamp else None
    return SignatureStatus(
        SignatureState.INVALID,
        last.signer_name,
        when,
        problem_in_vietnamese(problem) or "chữ ký không đạt khi kiểm tra",
        sha256,
    )


def _json(status: SignatureStatus) -> dict[str, object]:
    shown = asdict(status)
    shown["signed_at"] = status.signed_at.isoformat() if status.signed_at else None
    return shown


def _read(cache: Path, roots: list[str]) -> SignatureStatus | None:
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept["roots"] != roots:
            return None
        status = kept["status"]
        when = status["signed_at"]
        return SignatureStatus(
            state=SignatureState(status["state"]),
            signer=status["signer"],
            signed_at=datetime.fromisoformat(when) if when else None,
            problem=status["problem"],
            sha256=status["sha256"],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("the kept signature status %s is unreadable; verifying again", cache.name)
        return None
