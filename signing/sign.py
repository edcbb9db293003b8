"""Sign a PDF with a profile's key: PAdES baseline B-B, appended as an incremental update.

The update is appended so that the original bytes stay untouched (and any earlier
signature stays valid); it is written beside the target and renamed into place so a
crash never leaves a half-written signed file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError

from signing.errors import SignatureFailedError
from signing.keys import load_signer
from signing.profiles import SigningProfile


@dataclass(frozen=True)
class SignResult:
    path: Path
    field_name: str
    signer_name: str
    signed_at: dt.datetime | None
    """The signing time the signer put in the signature (not a trusted timestamp)."""


def sign_pdf(
    source: Path,
    target: Path,
    profile: SigningProfile,
    *,
    field_name: str,
    reason: str | None = None,
) -> SignResult:
    if profile.timestamp_url is not None:
        # Refuse rather than silently downgrade a B-T profile to B-B.
        raise SignatureFailedError(
            f"Signing profile '{profile.name}' names a timestamp service, "
            "but timestamped (PAdES B-T) signing is not available yet."
        )
    signer = load_signer(profile)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    temporary = Path(temporary_name)
    try:
        with source.open("rb") as original, os.fdopen(descriptor, "wb") as output:
            writer = IncrementalPdfFileWriter(original, strict=False)
            if writer.prev.encrypted:
                raise SignatureFailedError(f"Cannot sign {source}: the PDF is encrypted.")
            pdf_signer.sign_pdf(writer, output=output)
        signed_at = _signing_time(temporary, field_name)
        temporary.replace(target)
    except (PdfError, PyHankoSigningError, OSError) as error:
        raise SignatureFailedError(
            f"Cannot sign {source} with profile '{profile.name}': {error}"
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    return SignResult(
        path=target,
        field_name=field_name,
        signer_name=_common_name(signer),
        signed_at=signed_at,
    )


def _signing_time(path: Path, field_name: str) -> dt.datetime | None:
    with path.open("rb") as signed:
        for signature in PdfFileReader(signed, strict=False).embedded_signatures:
            if signature.field_name == field_name:
                signed_at: dt.datetime | None = signature.self_reported_timestamp
                return signed_at
    return None


def _common_name(signer: signers.Signer) -> str:
    certificate = signer.signing_cert
    if certificate is None:
        return ""
    return str(certificate.subject.native.get("common_name", ""))
