"""The long-term validation pass (PAdES B-LT, B-LTA) and offline verification years later."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from asn1crypto import crl as asn1_crl  # type: ignore[import-untyped]
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import DocumentSecurityStore

from signing.errors import TimestampServiceError, UntrustedSignatureError, ValidationDataError
from signing.ltv import add_validation_data
from signing.sign import sign_pdf
from signing.verify import verify_pdf
from tests.support.pki import ThrowawayPki, make_test_pki, serial_number
from tests.support.signed_pdfs import SIGNER_DAYS, SignedFile, pkcs12_profile
from tests.support.tsa import TrustServices, unused_url

pytest_plugins = ("tests.support.signing_fixtures",)


def embedded_crls(path: Path) -> list[asn1_crl.CertificateList]:
    with path.open("rb") as document:
        store = DocumentSecurityStore.read_dss(PdfFileReader(document, strict=False))
        return [
            asn1_crl.CertificateList.load(reference.get_object().data) for reference in store.crls
        ]


def test_ltv_pass_embeds_revocation_data_fetched_after_signing(
    signed_files: dict[str, SignedFile],
) -> None:
    signed = signed_files["B-LT"]
    assert signed.signed.timestamped_at is not None

    crls = embedded_crls(signed.path)

    assert len(crls) == 2  # the intermediate's (for the signer and the TSA) and the root's
    signed_second = signed.signed.timestamped_at.replace(microsecond=0)
    for crl in crls:
        assert crl["tbs_cert_list"]["this_update"].native >= signed_second


def test_ltv_pass_adds_one_revision_and_keeps_the_signed_bytes(
    signed_files: dict[str, SignedFile],
) -> None:
    timestamped = signed_files["B-T"].path.read_bytes()
    for level, revisions in (("B-LT", 1), ("B-LTA", 1)):
        extended = signed_files[level].path.read_bytes()
        assert extended.count(b"%%EOF") == timestamped.count(b"%%EOF") + revisions
    assert not list(signed_files["B-LTA"].path.parent.glob(".*.part"))


def test_archival_timestamp_is_reported(
    signed_files: dict[str, SignedFile], pki: ThrowawayPki
) -> None:
    report = verify_pdf(signed_files["B-LTA"].path, [pki.root_cert])

    [stamp] = report.document_timestamps
    assert (stamp.intact, stamp.valid, stamp.trusted) == (True, True, True)
    assert stamp.coverage == "entire_file"
    assert stamp.field_name.startswith("DauThoiGian-")
    [check] = report.signatures
    assert check.timestamp is not None and stamp.time is not None
    assert stamp.time >= check.timestamp.time
    assert check.modified_after_signing
    assert check.modification_level == "lta_updates"
    assert check.changes_allowed
    assert report.revocation_data_embedded
    assert report.all_valid


@pytest.mark.parametrize("level", ["B-LT", "B-LTA"])
def test_running_the_pass_again_changes_nothing(
    level: str,
    signed_files: dict[str, SignedFile],
    trust_services: TrustServices,
    pki: ThrowawayPki,
    tmp_path: Path,
) -> None:
    path = Path(shutil.copy(signed_files[level].path, tmp_path / "again.pdf"))
    timestamp_url = trust_services.tsa_url if level == "B-LTA" else None
    # Other tests may have turned the CRL period since the file was made: catch up first.
    add_validation_data(path, [pki.root_cert], timestamp_url=timestamp_url)
    before = path.read_bytes()
    fetches = trust_services.crl_fetches

    result = add_validation_data(path, [pki.root_cert], timestamp_url=timestamp_url)

    assert trust_services.crl_fetches > fetches  # it did look again
    assert not result.validation_data_added
    assert result.document_timestamp_field is None
    assert path.read_bytes() == before


def test_pass_after_new_crls_were_published_stays_valid(
    signed_files: dict[str, SignedFile],
    trust_services: TrustServices,
    pki: ThrowawayPki,
    tmp_path: Path,
) -> None:
    path = Path(shutil.copy(signed_files["B-LTA"].path, tmp_path / "renewed.pdf"))
    trust_services.publish_crls()

    result = add_validation_data(path, [pki.root_cert], timestamp_url=trust_services.tsa_url)

    assert result.validation_data_added
    assert result.document_timestamp_field is not None
    report = verify_pdf(path, [pki.root_cert])
    assert len(report.document_timestamps) == 2
    assert report.all_valid


def test_years_later_only_timestamped_signatures_still_verify(
    signed_files: dict[str, SignedFile], pki: ThrowawayPki
) -> None:
    # After the signer's certificate expired, before the CAs' and the TSA's did.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=SIGNER_DAYS + 100)

    untimestamped = verify_pdf(signed_files["B-B"].path, [pki.root_cert], at=later)
    assert not untimestamped.all_valid
    assert "trust roots" in str(untimestamped.signatures[0].problem)
    for level in ("B-T", "B-LT", "B-LTA"):
        report = verify_pdf(signed_files[level].path, [pki.root_cert], at=later)
        assert report.all_valid, (level, report)
        [check] = report.signatures
        assert check.checked_at == check.timestamp.time if check.timestamp else False


def test_unreachable_revocation_data_fails_the_pass_retryably(
    tmp_path: Path, unsigned_pdf: Path
) -> None:
    pki = make_test_pki(tmp_path / "pki", service_url=unused_url(""))
    signed = tmp_path / "signed.pdf"
    sign_pdf(unsigned_pdf, signed, pkcs12_profile(pki, tmp_path), field_name="ChuKy")
    before = signed.read_bytes()

    with pytest.raises(ValidationDataError) as raised:
        add_validation_data(signed, [pki.root_cert], timeout=2)

    assert raised.value.retryable
    assert "ChuKy" in str(raised.value)
    assert signed.read_bytes() == before
    # Offline verification of the plain B-B file does not need the CRL.
    assert verify_pdf(signed, [pki.root_cert]).all_valid


def test_pass_refuses_a_revoked_signer(tmp_path: Path, unsigned_pdf: Path) -> None:
    services = TrustServices(tmp_path / "pki")
    try:
        services.revoke(serial_number(services.pki.signer_cert))
        signed = tmp_path / "signed.pdf"
        profile = pkcs12_profile(services.pki, tmp_path)
        sign_pdf(unsigned_pdf, signed, profile, field_name="ChuKy")

        with pytest.raises(UntrustedSignatureError, match="revoked") as raised:
            add_validation_data(signed, [services.pki.root_cert])
    finally:
        services.stop()
    assert not raised.value.retryable


def test_timestamp_service_down_fails_the_pass_and_leaves_the_file(
    signed_files: dict[str, SignedFile], pki: ThrowawayPki, tmp_path: Path
) -> None:
    path = Path(shutil.copy(signed_files["B-T"].path, tmp_path / "b-t.pdf"))
    before = path.read_bytes()
    url = unused_url()

    with pytest.raises(TimestampServiceError) as raised:
        add_validation_data(path, [pki.root_cert], timestamp_url=url, timeout=2)

    assert raised.value.retryable
    assert url in str(raised.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.part"))
