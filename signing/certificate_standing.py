"""Where a signer's certificate stands: its validity period, and whether it chains to the
roots a profile trusts. What `sohoa doctor` reports before a signature fails on it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from signing.verify import load_trust_roots


@dataclass(frozen=True)
class CertificateStanding:
    subject: str
    not_before: dt.datetime
    not_after: dt.datetime
    chain_problem: str | None
    """Why the certificate does not chain to the trust roots; None when it does."""

    def days_left(self, now: dt.datetime) -> int:
        """Whole days to the end of validity, to the nearest: 9 days 23 hours are 10."""
        return (self.not_after - now + dt.timedelta(hours=12)) // dt.timedelta(days=1)


def certificate_standing(
    certificate: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate],
    trust_roots: Sequence[Path],
) -> CertificateStanding:
    """Raises VerificationError when a trust root cannot be read.

    The chain is checked at a moment inside the certificate's own validity, so that an
    expired certificate is reported as expired and not as untrusted; revocation is not
    looked up (no network), `sohoa verify` does that for signed files.
    """
    validity = certificate["tbs_certificate"]["validity"]
    not_before: dt.datetime = validity["not_before"].native
    not_after: dt.datetime = validity["not_after"].native
    inside = min(max(dt.datetime.now(dt.UTC), not_before), not_after)
    context = ValidationContext(
        trust_roots=load_trust_roots(trust_roots),
        other_certs=list(chain),
        moment=inside,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(
        certificate, intermediate_certs=list(chain), validation_context=context
    )
    try:
        asyncio.run(validator.async_validate_path())
        problem = None
    except (PathBuildingError, PathValidationError) as error:
        problem = str(error)
    subject = str(certificate.subject.native.get("common_name", ""))
    return CertificateStanding(subject, not_before, not_after, problem)
