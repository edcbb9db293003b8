"""Detached CMS signatures over small files that are not PDFs (the audit trail's
checkpoints): signed with a profile's key, timestamped when the profile names a timestamp
service, and checked against trust roots."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import cms  # type: ignore[import-untyped]
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from signing.errors import SignatureFailedError, VerificationError
from signing.keys import load_signer
from signing.profiles import SigningProfile
from signing.timestamps import make_timestamper
from signing.verify import load_trust_roots


@dataclass(frozen=True)
class DetachedVerdict:
    intact: bool  # the signature covers exactly these bytes
    trusted: bool  # its certificate chains to the trust roots
    signer: str
    timestamped: bool

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


def sign_detached(profile: SigningProfile, data: bytes) -> bytes:
    """A DER-encoded CMS signature of `data` (SHA-256), timestamped when the profile says."""
    signer = load_signer(profile)
    try:
        signed = asyncio.run(
            signer.async_sign_general_data(
                data, "sha256", detached=True, timestamper=make_timestamper(profile)
            )
        )
    except PyHankoSigningError as error:
        raise SignatureFailedError(
            f"Cannot sign with profile '{profile.name}': {error}",
            code="signing.detached_failed",
            params={"profile": profile.name, "reason": error},
        ) from error
    der: bytes = signed.dump()
    return der


def verify_detached(data: bytes, signature: bytes, trust_roots: Sequence[Path]) -> DetachedVerdict:
    """Whether `signature` (DER CMS) signs `data` and chains to `trust_roots`."""
    try:
        content = cms.ContentInfo.load(signature)
        signed_data = content["content"]
    except ValueError as error:
        raise VerificationError(
            f"Not a CMS signature: {error}", code="signing.not_cms", params={"reason": error}
        ) from error
    context = ValidationContext(trust_roots=load_trust_roots(trust_roots), allow_fetching=False)
    status = asyncio.run(
        async_validate_detached_cms(data, signed_data, signer_validation_context=context)
    )
    return DetachedVerdict(
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        signer=str(status.signing_cert.subject.native.get("common_name", "")),
        timestamped=status.timestamp_validity is not None,
    )
