"""Check every signature in a PDF against trust roots given by configuration.

Trust anchors come from configuration only (never the OS store), and nothing is
fetched from the network: revocation checking belongs to a later, explicit pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from signing.errors import VerificationError


@dataclass(frozen=True)
class SignatureCheck:
    field_name: str
    signer_name: str
    signed_at: dt.datetime | None
    """The time the signer claims; not trustworthy without a timestamp."""
    intact: bool
    """The signed bytes hash to the digest in the signature."""
    valid: bool
    """The digest is signed by the certificate's key."""
    trusted: bool
    """The certificate chains to one of the given trust roots."""
    coverage: str
    """What the signature covers: entire_file, entire_revision, … (pyHanko's levels)."""
    modification_level: str | None
    """What changed after signing: none, lta_updates, form_filling, annotations, other."""
    modified_after_signing: bool
    bottom_line: bool
    problem: str | None = None
    """Why the signature could not be checked at all, if it could not."""


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    signatures: tuple[SignatureCheck, ...]

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(check.bottom_line for check in self.signatures)


def verify_pdf(path: Path, trust_roots: Sequence[Path]) -> VerifyReport:
    roots = _load_roots(trust_roots)
    try:
        with path.open("rb") as document:
            reader = PdfFileReader(document, strict=False)
            checks = tuple(
                _check(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
                for signature in reader.embedded_signatures
            )
    except (OSError, PdfError) as error:
        raise VerificationError(f"Cannot read {path} to verify its signatures: {error}") from error
    return VerifyReport(path=path, signatures=checks)


def _load_roots(paths: Sequence[Path]) -> list[object]:
    try:
        return list(load_certs_from_pemder([str(path) for path in paths]))  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise VerificationError(f"Cannot read the trust roots: {error}") from error


def _check(signature: EmbeddedPdfSignature, context: ValidationContext) -> SignatureCheck:
    field_name = str(signature.field_name)
    try:
        signer_name = str(signature.signer_cert.subject.native.get("common_name", ""))
        status: PdfSignatureStatus = validate_pdf_signature(
            signature, signer_validation_context=context
        )
    except (PdfError, ValueError) as error:  # pyHanko validation errors are ValueErrors
        return SignatureCheck(
            field_name=field_name,
            signer_name="",
            signed_at=None,
            intact=False,
            valid=False,
            trusted=False,
            coverage="unclear",
            modification_level=None,
            modified_after_signing=True,
            bottom_line=False,
            problem=str(error),
        )
    coverage = status.coverage.name.lower() if status.coverage is not None else "unclear"
    return SignatureCheck(
        field_name=field_name,
        signer_name=signer_name,
        signed_at=signature.self_reported_timestamp,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage=coverage,
        modification_level=(
            status.modification_level.name.lower()
            if status.modification_level is not None
            else None
        ),
        modified_after_signing=coverage != "entire_file",
        bottom_line=status.bottom_line,
    )
