"""Check every signature and document timestamp of a PDF against configured trust roots.

Verification is offline, so that it gives the same answer years later: trust roots
come from configuration only (never the OS store), validation data only from the
file's document security store (DSS, added by signing.ltv), and nothing is fetched.

Each certificate is judged at the earliest time its use is proven, which is what
keeps a timestamped file verifiable after its certificates expire:

- A document timestamp is checked at the time of the next valid document timestamp
  after it (which proves it existed then); the last one at the present time.
- A signature's certificate is checked at the time of its own signature timestamp,
  else of the first valid document timestamp after it, else at the present time. Its
  signature timestamp is checked like a document timestamp: at the time of the first
  valid document timestamp after it, else at the present time.

Revocation:

- At a proven past time, checking is hard-fail when the file carries revocation
  data: a file with long-term validation data must hold the status of every
  certificate that says where its status is published, as of that time.
- At the present time, and in files without revocation data (PAdES B-B, B-T),
  checking is soft-fail: data that is missing or no longer fresh is not held against
  a signature, since offline it cannot be had (and B-B files from a CA whose CRLs are
  unreachable must still verify); data that says "revoked" still fails it.
- Revocation data is accepted retroactively: the LTV pass fetches it after signing on
  purpose, and a later CRL that does not list a certificate says it was not revoked
  at the signing time. (The price: a certificate on hold, then released, passes.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl  # type: ignore[import-untyped]
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import (
    ModificationInfo,
    SignatureCoverageLevel,
    SignatureStatus,
)
from pyhanko_certvalidator import ValidationContext

from signing.errors import VerificationError
from signing.timestamps import signature_timestamp_time

# What may follow a document timestamp without touching what it vouches for: DSS
# updates, further timestamps, and signatures filling in fields.
_HARMLESS_AFTER_TIMESTAMP = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)
_UNREADABLE = (PdfError, ValueError, TypeError, KeyError)


@dataclass(frozen=True)
class TimestampCheck:
    """The RFC 3161 timestamp token in a signature, over the signature's value."""

    tsa_name: str
    time: dt.datetime
    intact: bool
    """The token is over this signature's value."""
    valid: bool
    trusted: bool
    """The TSA certificate chains to a trust root and was good when checked."""


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
    """The certificate chains to one of the given trust roots, unrevoked, when checked."""
    coverage: str
    """What the signature covers: entire_file, entire_revision, … (pyHanko's levels)."""
    modification_level: str | None
    """What changed after signing: none, lta_updates, form_filling, annotations, other."""
    modified_after_signing: bool
    bottom_line: bool
    """Everything holds: intact, valid, trusted, later changes allowed, timestamp good."""
    problem: str | None = None
    """Why the signature fails, when it does."""
    changes_allowed: bool = True
    """Whatever changed after signing is allowed (only validation data, timestamps, fields)."""
    revoked: bool = False
    timestamp: TimestampCheck | None = None
    """The signature timestamp (PAdES B-T and up), None if the signature has none."""
    checked_at: dt.datetime | None = None
    """The time the signer's certificate was judged at (see the module's docstring)."""
    level: str = "B-B"
    """The PAdES baseline level the signature verifies to: B-B, B-T, B-LT or B-LTA."""


@dataclass(frozen=True)
class DocumentTimestampCheck:
    field_name: str
    tsa_name: str
    time: dt.datetime | None
    intact: bool
    """The token is over this file's bytes up to the timestamp (not copied from another)."""
    valid: bool
    trusted: bool
    coverage: str
    modification_level: str | None
    changes_allowed: bool
    bottom_line: bool
    problem: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    signatures: tuple[SignatureCheck, ...]
    document_timestamps: tuple[DocumentTimestampCheck, ...] = field(default=())
    revocation_data_embedded: bool = False
    """The file carries CRLs or OCSP responses in its DSS (the LTV pass ran)."""

    @property
    def all_valid(self) -> bool:
        return (
            bool(self.signatures)
            and all(check.bottom_line for check in self.signatures)
            and all(stamp.bottom_line for stamp in self.document_timestamps)
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values (text, numbers, booleans, ISO 8601 times)."""
        shown: dict[str, Any] = _json_ready(asdict(self))
        shown["all_valid"] = self.all_valid
        return shown


def verify_pdf(
    path: Path, trust_roots: Sequence[Path], *, at: dt.datetime | None = None
) -> VerifyReport:
    """Verify every signature and document timestamp of `path`.

    `at` is the present time of the check (default: now), to see how a file will
    verify later, e.g. after its signer certificate has expired.
    """
    roots = load_trust_roots(trust_roots)
    try:
        with path.open("rb") as document:
            reader = PdfFileReader(document, strict=False)
            evidence = _Evidence.read(reader, roots)
            stamps = _check_document_timestamps(reader.embedded_timestamp_signatures, evidence, at)
            proofs = [
                (signature.signed_revision, check.time)
                for signature, check in stamps
                if check.bottom_line and check.time is not None
            ]
            checks = tuple(
                _check_signature(signature, evidence, at, proofs)
                for signature in reader.embedded_regular_signatures
            )
    except (OSError, PdfError) as error:
        raise VerificationError(
            f"Cannot read {path} to verify its signatures: {error}",
            code="signing.verify_unreadable",
            params={"file": path, "reason": error},
        ) from error
    return VerifyReport(
        path=path,
        signatures=checks,
        document_timestamps=tuple(check for _, check in stamps),
        revocation_data_embedded=evidence.has_revocation_data,
    )


@dataclass(frozen=True)
class _Evidence:
    """The trust roots and the validation data embedded in the file."""

    roots: list[object]
    certs: list[asn1_x509.Certificate]
    crls: list[asn1_crl.CertificateList]
    ocsps: list[asn1_ocsp.OCSPResponse]

    @classmethod
    def read(cls, reader: PdfFileReader, roots: list[object]) -> _Evidence:
        try:
            store = DocumentSecurityStore.read_dss(reader)
            context = store.as_validation_context({"trust_roots": roots})
        except NoDSSFoundError:
            return cls(roots, [], [], [])
        except _UNREADABLE:
            # A damaged DSS helps no one; the checks then fail or pass on their own.
            return cls(roots, [], [], [])
        return cls(roots, list(store.load_certs()), list(context.crls), list(context.ocsps))

    @property
    def has_revocation_data(self) -> bool:
        return bool(self.crls or self.ocsps)

    def context(self, moment: dt.datetime | None, *, proven: bool) -> ValidationContext:
        """A context judging at `moment` (None: now); `proven`: a time a timestamp proves."""
        hard = proven and self.has_revocation_data
        crls, ocsps = self.crls, self.ocsps
        if not proven:
            # Soft-fail still fails on stale data, and offline, data only grows stale.
            now = moment or dt.datetime.now(dt.UTC)
            crls = [crl for crl in crls if _usable_at(_crl_next_update(crl), now)]
            ocsps = [ocsp for ocsp in ocsps if _usable_at(_ocsp_next_update(ocsp), now)]
        return ValidationContext(
            trust_roots=self.roots,
            other_certs=self.certs,
            crls=crls,
            ocsps=ocsps,
            moment=moment,
            allow_fetching=False,
            revocation_mode="hard-fail" if hard else "soft-fail",
            retroactive_revinfo=True,
        )


def _usable_at(next_update: dt.datetime | None, moment: dt.datetime) -> bool:
    return next_update is None or next_update >= moment


def _crl_next_update(crl: asn1_crl.CertificateList) -> dt.datetime | None:
    next_update: dt.datetime | None = crl["tbs_cert_list"]["next_update"].native
    return next_update


def _ocsp_next_update(response: asn1_ocsp.OCSPResponse) -> dt.datetime | None:
    """The earliest nextUpdate of the response's answers (None: no limit or unreadable)."""
    try:
        basic = response["response_bytes"]["response"].parsed
        answers = basic["tbs_response_data"]["responses"]
        limits = [answer["next_update"].native for answer in answers]
    except _UNREADABLE:
        return None
    dated = [limit for limit in limits if limit is not None]
    return min(dated) if dated else None


def _check_document_timestamps(
    stamps: Sequence[EmbeddedPdfSignature], evidence: _Evidence, at: dt.datetime | None
) -> list[tuple[EmbeddedPdfSignature, DocumentTimestampCheck]]:
    """Check from the last to the first, each at the time the next good one proves."""
    checked: list[tuple[EmbeddedPdfSignature, DocumentTimestampCheck]] = []
    proven_at: dt.datetime | None = None
    for stamp in reversed(stamps):
        check = _check_document_timestamp(stamp, evidence, proven_at or at, proven_at is not None)
        checked.append((stamp, check))
        if check.bottom_line and check.time is not None:
            proven_at = check.time
    return checked[::-1]


def _check_document_timestamp(
    stamp: EmbeddedPdfSignature, evidence: _Evidence, moment: dt.datetime | None, proven: bool
) -> DocumentTimestampCheck:
    field_name = str(stamp.field_name)
    try:
        status = validate_pdf_timestamp(stamp, evidence.context(moment, proven=proven))
        tsa_name = _common_name(status.signing_cert)
    except _UNREADABLE as error:
        return DocumentTimestampCheck(
            field_name=field_name,
            tsa_name="",
            time=None,
            intact=False,
            valid=False,
            trusted=False,
            coverage="unclear",
            modification_level=None,
            changes_allowed=False,
            bottom_line=False,
            problem=f"unreadable document timestamp: {error}",
        )
    allowed = status.modification_level in _HARMLESS_AFTER_TIMESTAMP
    ok = status.intact and status.valid and status.trusted and allowed
    return DocumentTimestampCheck(
        field_name=field_name,
        tsa_name=tsa_name,
        time=status.timestamp,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage=_coverage(status),
        modification_level=_level(status),
        changes_allowed=allowed,
        bottom_line=ok,
        problem=None if ok else _problem(status, allowed, "timestamp"),
    )


def _check_signature(
    signature: EmbeddedPdfSignature,
    evidence: _Evidence,
    at: dt.datetime | None,
    proofs: Sequence[tuple[int, dt.datetime]],
) -> SignatureCheck:
    field_name = str(signature.field_name)
    later_proof = next(
        (time for revision, time in proofs if revision > signature.signed_revision), None
    )
    try:
        stamped_at = signature_timestamp_time(signature)
        signer_moment = stamped_at or later_proof
        status = validate_pdf_signature(
            signature,
            signer_validation_context=evidence.context(
                signer_moment or at, proven=signer_moment is not None
            ),
            ts_validation_context=evidence.context(
                later_proof or at, proven=later_proof is not None
            ),
        )
        signer_name = _common_name(signature.signer_cert)
    except _UNREADABLE as error:
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
            problem=f"unreadable signature: {error}",
            changes_allowed=False,
        )
    timestamp = None
    if status.timestamp_validity is not None:
        token = status.timestamp_validity
        timestamp = TimestampCheck(
            tsa_name=_common_name(token.signing_cert),
            time=token.timestamp,
            intact=token.intact,
            valid=token.valid,
            trusted=token.trusted,
        )
    allowed = bool(status.docmdp_ok) or status.modification_level is None
    coverage = _coverage(status)
    return SignatureCheck(
        field_name=field_name,
        signer_name=signer_name,
        signed_at=signature.self_reported_timestamp,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage=coverage,
        modification_level=_level(status),
        modified_after_signing=coverage != "entire_file",
        bottom_line=status.bottom_line,
        problem=None if status.bottom_line else _problem(status, allowed, "signature"),
        changes_allowed=allowed,
        revoked=status.revoked,
        timestamp=timestamp,
        checked_at=signer_moment or at,
        level=_pades_level(timestamp, evidence, later_proof),
    )


def _pades_level(
    timestamp: TimestampCheck | None, evidence: _Evidence, later_proof: dt.datetime | None
) -> str:
    if timestamp is None or not (timestamp.intact and timestamp.valid and timestamp.trusted):
        return "B-B"
    if not evidence.has_revocation_data:
        return "B-T"
    return "B-LTA" if later_proof is not None else "B-LT"


def _problem(status: SignatureStatus, changes_allowed: bool, what: str) -> str:
    if not status.intact:
        return f"the {what} does not match the bytes it covers"
    if not status.valid:
        return f"the {what}'s cryptographic signature is invalid"
    if status.revocation_details is not None:
        return "the certificate was revoked"
    if status.trust_problem_indic is not None or status.validation_path is None:
        indication = status.trust_problem_indic
        reason = indication.name.lower() if isinstance(indication, Enum) else "no path"
        return f"the certificate does not validate against the trust roots ({reason})"
    if not changes_allowed:
        return f"the file was changed after the {what} in a way that is not allowed"
    return f"the {what}'s timestamp does not validate"


def _coverage(status: ModificationInfo) -> str:
    coverage = status.coverage
    return coverage.name.lower() if isinstance(coverage, SignatureCoverageLevel) else "unclear"


def _level(status: ModificationInfo) -> str | None:
    level = status.modification_level
    return level.name.lower() if level is not None else None


def _common_name(certificate: asn1_x509.Certificate) -> str:
    return str(certificate.subject.native.get("common_name", ""))


def load_trust_roots(paths: Sequence[Path]) -> list[object]:
    try:
        return list(load_certs_from_pemder([str(path) for path in paths]))  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise VerificationError(
            f"Cannot read the trust roots: {error}",
            code="signing.trust_roots_unreadable",
            params={"reason": error},
        ) from error


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value
