"""Sign a PDF with a profile's key, appended as an incremental update.

PAdES baseline B-T when the profile names a timestamp service (the signature then
carries an RFC 3161 timestamp of its value), B-B otherwise. A timestamp service that
fails fails the signing (TimestampServiceError, retryable): never a quiet B-B.

The update is appended so that the original bytes stay untouched (and any earlier
signature stays valid); it is written beside the target, forced to disk and renamed
into place so a crash never leaves a half-written signed file.

pyHanko sizes the space for the signature by making a trial signature first, a third
of the cost of signing a page. The size it chose for a profile's first signature is
kept and reused for that profile's later ones.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from config.file_modes import FILE_MODE
from signing.appearance import plan_stamp
from signing.errors import SignatureFailedError
from signing.keys import load_signer
from signing.profiles import SigningProfile
from signing.timestamps import make_timestamper, signature_timestamp_time

_reserved_bytes: dict[tuple[str, bool], int] = {}


@dataclass(frozen=True)
class SignResult:
    path: Path
    field_name: str
    signer_name: str

    @cached_property
    def signed_at(self) -> dt.datetime | None:
        """The signing time the signer put in the signature (not a trusted timestamp).

        Read from the signed file when asked: only while it is still at `path`.
        """
        return _read_signature(self.path, self.field_name).self_reported_timestamp

    @cached_property
    def timestamped_at(self) -> dt.datetime | None:
        """The time in the signature's RFC 3161 timestamp (B-T); None for B-B."""
        return signature_timestamp_time(_read_signature(self.path, self.field_name))


def sign_pdf(
    source: Path,
    target: Path,
    profile: SigningProfile,
    *,
    field_name: str,
    reason: str | None = None,
    scanned_at: dt.datetime | None = None,
    page_one: str | None = None,
) -> SignResult:
    """Sign `source` into `target`; `scanned_at` is shown by personal appearances, and
    `page_one` is what was kept of the source's page 1 when it was written (see
    `signing.page_one`)."""
    signer = load_signer(profile)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    os.fchmod(descriptor, FILE_MODE)
    temporary = Path(temporary_name)
    try:
        with source.open("rb") as original, os.fdopen(descriptor, "wb") as output:
            writer = IncrementalPdfFileWriter(original, strict=False)
            if writer.prev.encrypted:
                raise SignatureFailedError(
                    f"Cannot sign {source}: the PDF is encrypted.",
                    code="signing.pdf_encrypted",
                    params={"file": source},
                )
            reserved_key = (profile.name, profile.timestamp_url is not None)
            _pdf_signer(profile, signer, metadata, writer, (source, page_one), scanned_at).sign_pdf(
                writer, output=output, bytes_reserved=_reserved_bytes.get(reserved_key)
            )
            output.flush()
            os.fsync(output.fileno())
        if reserved_key not in _reserved_bytes:
            contents = _read_signature(temporary, field_name).pkcs7_content
            _reserved_bytes[reserved_key] = 2 * len(contents)  # pyHanko counts hex digits
        temporary.replace(target)
    except (PdfError, PyHankoSigningError, OSError) as error:
        raise SignatureFailedError(
            f"Cannot sign {source} with profile '{profile.name}': {error}",
            code="signing.pdf_failed",
            params={"file": source, "profile": profile.name, "reason": error},
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    return SignResult(path=target, field_name=field_name, signer_name=_common_name(signer))


def _pdf_signer(
    profile: SigningProfile,
    signer: signers.Signer,
    metadata: signers.PdfSignatureMetadata,
    writer: IncrementalPdfFileWriter,
    page: tuple[Path, str | None],
    scanned_at: dt.datetime | None,
) -> signers.PdfSigner:
    timestamper = make_timestamper(profile)
    if profile.appearance is None:
        return signers.PdfSigner(metadata, signer=signer, timestamper=timestamper)
    plan = plan_stamp(
        profile.appearance,
        writer,
        source=page[0],
        page_one=page[1],
        field_name=str(metadata.field_name),
        signer_name=_common_name(signer),
        signing_time=dt.datetime.now(dt.UTC),
        scanned_at=scanned_at,
    )
    return signers.PdfSigner(
        metadata,
        signer=signer,
        timestamper=timestamper,
        stamp_style=plan.stamp_style,
        new_field_spec=plan.field_spec,
    )


def _read_signature(path: Path, field_name: str) -> EmbeddedPdfSignature:
    with path.open("rb") as signed:
        for signature in PdfFileReader(signed, strict=False).embedded_signatures:
            if signature.field_name == field_name:
                found: EmbeddedPdfSignature = signature
                return found
    raise SignatureFailedError(
        f"{path} has no signature '{field_name}'.",
        code="signing.field_missing",
        params={"file": path, "field": field_name},
    )


def _common_name(signer: signers.Signer) -> str:
    certificate = signer.signing_cert
    if certificate is None:
        return ""
    return str(certificate.subject.native.get("common_name", ""))
