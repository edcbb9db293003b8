"""PAdES B-T: a signature timestamp from a real RFC 3161 server, and its failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from signing.errors import TimestampServiceError
from signing.sign import sign_pdf
from signing.verify import verify_pdf
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import pkcs12_profile
from tests.support.tsa import TrustServices, unused_url

pytest_plugins = ("tests.support.signing_fixtures",)


def test_timestamped_signature_carries_a_trusted_timestamp(
    trust_services: TrustServices, unsigned_pdf: Path, tmp_path: Path
) -> None:
    pki = trust_services.pki
    profile = pkcs12_profile(pki, tmp_path, timestamp_url=trust_services.tsa_url)
    issued = trust_services.timestamps_issued
    before = dt.datetime.now(dt.UTC)

    result = sign_pdf(unsigned_pdf, tmp_path / "b-t.pdf", profile, field_name="ChuKy")

    assert trust_services.timestamps_issued > issued
    assert result.timestamped_at is not None
    assert before - dt.timedelta(seconds=1) <= result.timestamped_at <= dt.datetime.now(dt.UTC)
    [check] = verify_pdf(result.path, [pki.root_cert]).signatures
    assert check.timestamp is not None
    assert (check.timestamp.intact, check.timestamp.valid, check.timestamp.trusted) == (
        True,
        True,
        True,
    )
    assert check.timestamp.time == result.timestamped_at
    assert check.timestamp.tsa_name == "Dịch vụ cấp dấu thời gian thử nghiệm"
    assert check.level == "B-T"
    assert check.bottom_line


def test_timestamp_from_an_untrusted_tsa_fails_the_signature(
    pki: ThrowawayPki, unsigned_pdf: Path, tmp_path: Path
) -> None:
    strangers = TrustServices(tmp_path / "other-pki")
    try:
        profile = pkcs12_profile(pki, tmp_path, timestamp_url=strangers.tsa_url)
        signed = sign_pdf(unsigned_pdf, tmp_path / "signed.pdf", profile, field_name="ChuKy").path
    finally:
        strangers.stop()
    both_roots = [pki.root_cert, strangers.pki.root_cert]
    assert verify_pdf(signed, both_roots).all_valid

    [check] = verify_pdf(signed, [pki.root_cert]).signatures

    assert check.trusted
    assert check.timestamp is not None
    assert check.timestamp.intact and check.timestamp.valid and not check.timestamp.trusted
    assert check.level == "B-B"
    assert not check.bottom_line
    assert check.problem == "the signature's timestamp does not validate"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/tsa/unavailable", "503"),
        ("/tsa/garbage", ""),
        ("/tsa/other-digest", "another digest"),
    ],
)
def test_failing_timestamp_service_fails_the_signing(
    path: str,
    reason: str,
    trust_services: TrustServices,
    unsigned_pdf: Path,
    tmp_path: Path,
) -> None:
    url = trust_services.url + path
    profile = pkcs12_profile(trust_services.pki, tmp_path, timestamp_url=url)
    target = tmp_path / "out" / "signed.pdf"

    with pytest.raises(TimestampServiceError) as raised:
        sign_pdf(unsigned_pdf, target, profile, field_name="ChuKy")

    assert raised.value.retryable
    assert url in str(raised.value)
    assert reason in str(raised.value)
    assert not target.exists()
    assert not list(target.parent.glob(".*"))


def test_timestamp_service_that_is_down_fails_the_signing(
    pki: ThrowawayPki, unsigned_pdf: Path, tmp_path: Path
) -> None:
    url = unused_url()
    profile = pkcs12_profile(pki, tmp_path, timestamp_url=url)

    with pytest.raises(TimestampServiceError, match="Cannot connect") as raised:
        sign_pdf(unsigned_pdf, tmp_path / "signed.pdf", profile, field_name="ChuKy")

    assert raised.value.retryable
    assert url in str(raised.value)
    assert not (tmp_path / "signed.pdf").exists()


def test_timestamp_service_password_never_appears_in_the_error(
    trust_services: TrustServices, unsigned_pdf: Path, tmp_path: Path
) -> None:
    url = trust_services.url.replace("http://", "http://sohoa:mat-khau-tsa@") + "/tsa/unavailable"
    profile = pkcs12_profile(trust_services.pki, tmp_path, timestamp_url=url)

    with pytest.raises(TimestampServiceError) as raised:
        sign_pdf(unsigned_pdf, tmp_path / "signed.pdf", profile, field_name="ChuKy")

    assert "sohoa:***@127.0.0.1" in str(raised.value)
    assert "mat-khau-tsa" not in str(raised.value)
