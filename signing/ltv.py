"""The long-term validation pass: PAdES B-LT, and B-LTA when a timestamp service is set.

Run some time after signing, it fetches what a verifier will need years from now
(the certificates of every chain, the CRLs or OCSP responses valid today, so that
they postdate the signatures) and stores it in the document security store (DSS), as
one incremental update written beside the file and renamed into place. With a
timestamp service it also appends a document timestamp over all of that, which is
what lets the validation data itself be trusted once the certificates have expired.

This is the only place where Sohoa fetches from the network for signatures, each
fetch with a timeout. Running the pass again adds only what is new: with nothing
new and the file already ending in a document timestamp, it leaves the file alone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.signers import PdfTimeStamper
from pyhanko.sign.signers.pdf_signer import TimestampDSSContentSettings
from pyhanko.sign.validation import DocumentSecurityStore, collect_validation_info
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import (
    InsufficientRevinfoError,
    PathBuildingError,
    ValidationError,
)
from pyhanko_certvalidator.fetchers import OwnedFetcherBackend
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.path import ValidationPath

from config.file_modes import FILE_MODE
from signing.errors import UntrustedSignatureError, ValidationDataError, VerificationError
from signing.timestamps import TIMEOUT_SECONDS, timestamper_at
from signing.verify import load_trust_roots

DOCUMENT_TIMESTAMP_FIELD = "DauThoiGian"


@dataclass(frozen=True)
class LtvResult:
    path: Path
    signatures: int
    """How many signatures and document timestamps the validation data covers."""
    validation_data_added: bool
    """False when the DSS already held everything fetched (a repeated pass)."""
    document_timestamp_field: str | None
    """The field of the document timestamp added (B-LTA), None if none was added."""


def add_validation_data(
    path: Path,
    trust_roots: Sequence[Path],
    *,
    timestamp_url: str | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> LtvResult:
    """Add validation data for every signature of `path` in place, then a document timestamp.

    Raises ValidationDataError (retryable) when revocation data cannot be fetched,
    TimestampServiceError (retryable) when the timestamp service fails,
    UntrustedSignatureError when a signature does not chain to `trust_roots` or its
    certificate is revoked (there is nothing worth preserving then), and
    VerificationError when the file cannot be read or has no signature.
    """
    roots = load_trust_roots(trust_roots)
    descriptor, temporary_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    os.fchmod(descriptor, FILE_MODE)
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "w+b") as working:
            with path.open("rb") as original:
                shutil.copyfileobj(original, working)
            working.seek(0)
            result = asyncio.run(_add(working, path, roots, timestamp_url, timeout))
        if result.validation_data_added or result.document_timestamp_field is not None:
            temporary.replace(path)
    except (OSError, PdfError) as error:
        raise VerificationError(
            f"Cannot add validation data to {path}: {error}",
            code="signing_ltv.unwritable",
            params={"file": path, "reason": error},
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    return result


async def _add(
    working: IO[bytes],
    path: Path,
    roots: list[object],
    timestamp_url: str | None,
    timeout: float,
) -> LtvResult:
    writer = IncrementalPdfFileWriter(working, strict=False)
    signatures = writer.prev.embedded_signatures
    if not signatures:
        raise VerificationError(
            f"Cannot add validation data to {path}: it has no signature.",
            code="signing_ltv.unsigned",
            params={"file": path},
        )
    context = ValidationContext(
        trust_roots=roots,
        allow_fetching=True,
        # Fail when a certificate names where its revocation status is published but
        # the status cannot be had: a B-LT file without it would fail years later.
        revocation_mode="hard-fail",
        fetcher_backend=OwnedFetcherBackend(AIOHttpFetcherBackend(per_request_timeout=timeout)),
    )
    try:
        paths: list[ValidationPath] = []
        for signature in signatures:
            paths.extend(await _collect(signature, context, path, timeout))
        dss = DocumentSecurityStore.supply_dss_in_writer(
            writer, None, paths=paths, validation_context=context
        )
        timestamp_field = None
        if timestamp_url is not None and (dss.modified or not _ends_in_timestamp(signatures)):
            timestamp_field = _new_field_name(signatures)
            await PdfTimeStamper(
                timestamper_at(timestamp_url, timeout=timeout), field_name=timestamp_field
            ).async_timestamp_pdf(
                writer,
                "sha256",
                validation_context=context,
                in_place=True,
                # The TSA's own validation data goes in before the timestamp, under it.
                dss_settings=TimestampDSSContentSettings(include_vri=False, update_before_ts=True),
            )
        elif dss.modified:
            writer.write_in_place()  # type: ignore[no-untyped-call]
    except (PathBuildingError, ValidationError) as error:
        # Fetching the TSA's chain for the document timestamp may fail just the same.
        raise _validation_failure(path, error, timeout) from None
    finally:
        await context.aclose()  # type: ignore[no-untyped-call]
    return LtvResult(
        path=path,
        signatures=len(signatures),
        validation_data_added=dss.modified,
        document_timestamp_field=timestamp_field,
    )


async def _collect(
    signature: EmbeddedPdfSignature, context: ValidationContext, path: Path, timeout: float
) -> list[ValidationPath]:
    try:
        paths: list[ValidationPath] = await collect_validation_info(signature, context)
    except (PathBuildingError, ValidationError) as error:
        raise _validation_failure(path, error, timeout, signature.field_name) from None
    return paths


def _validation_failure(
    path: Path, error: Exception, timeout: float, field_name: str | None = None
) -> ValidationDataError | UntrustedSignatureError:
    where = f"signature '{field_name}' of {path}" if field_name else str(path)
    if isinstance(error, InsufficientRevinfoError):
        return ValidationDataError(
            f"Cannot add validation data for {where}: revocation data could not be fetched "
            f"(within {timeout:g} s each): {error}",
            code="signing_ltv.revocation_unavailable",
            params={"file": path, "seconds": f"{timeout:g}", "reason": error},
        )
    return UntrustedSignatureError(
        f"Cannot add validation data for {where}: its certificate does not "
        f"validate against the trust roots: {error}",
        code="signing_ltv.untrusted",
        params={"file": path, "reason": error},
    )


def _ends_in_timestamp(signatures: Sequence[EmbeddedPdfSignature]) -> bool:
    last = signatures[-1]
    return (
        last.sig_object_type == "/DocTimeStamp"
        and last.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
    )


def _new_field_name(signatures: Sequence[EmbeddedPdfSignature]) -> str:
    taken = {signature.field_name for signature in signatures}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name, number = f"{DOCUMENT_TIMESTAMP_FIELD}-{stamp}", 1
    while name in taken:
        number += 1
        name = f"{DOCUMENT_TIMESTAMP_FIELD}-{stamp}-{number}"
    return name
