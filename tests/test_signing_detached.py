"""Detached CMS signatures over small files (the audit trail's checkpoints): made with a
profile's key, timestamped when it names a service, and checked independently by OpenSSL."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from signing.detached import sign_detached, verify_detached
from signing.errors import VerificationError
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import pkcs12_profile
from tests.support.tsa import TrustServices

pytest_plugins = ("tests.support.signing_fixtures",)

CONTENT = '{"entries": 41, "head_hash": "9c7b…"}\n'.encode()


def test_a_signature_covers_exactly_its_bytes_and_chains_to_the_roots(
    tmp_path: Path, pki: ThrowawayPki, foreign_pki: ThrowawayPki
) -> None:
    signature = sign_detached(pkcs12_profile(pki, tmp_path), CONTENT)
    verdict = verify_detached(CONTENT, signature, [pki.root_cert])
    assert verdict.valid and not verdict.timestamped
    assert verdict.signer  # the signer's name, as its certificate gives it
    changed = CONTENT.replace(b"41", b"40")
    assert not verify_detached(changed, signature, [pki.root_cert]).intact
    stranger = verify_detached(CONTENT, signature, [foreign_pki.root_cert])
    assert stranger.intact and not stranger.trusted
    with pytest.raises(VerificationError):
        verify_detached(CONTENT, b"not a signature", [pki.root_cert])

    # OpenSSL, independently: the same signature verifies over the same bytes.
    (tmp_path / "content").write_bytes(CONTENT)
    (tmp_path / "content.p7s").write_bytes(signature)
    checked = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
         str(tmp_path / "content.p7s"), "-content", str(tmp_path / "content"),
         "-CAfile", str(pki.root_cert), "-certfile", str(pki.intermediate_cert),
         "-purpose", "any", "-out", "/dev/null"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def test_a_profile_with_a_timestamp_service_timestamps_the_signature(
    tmp_path: Path, trust_services: TrustServices
) -> None:
    profile = replace(
        pkcs12_profile(trust_services.pki, tmp_path), timestamp_url=trust_services.tsa_url
    )
    signature = sign_detached(profile, CONTENT)
    verdict = verify_detached(CONTENT, signature, [trust_services.pki.root_cert])
    assert verdict.valid and verdict.timestamped
