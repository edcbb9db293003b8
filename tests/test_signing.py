from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from signing.errors import SigningKeyUnavailableError, SigningSecretMissingError
from signing.keys import load_signer
from signing.ltv import add_validation_data
from signing.profiles import Pkcs11Key, Pkcs12Key, SigningProfile
from signing.sign import sign_pdf
from signing.verify import verify_pdf
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import (
    TOKEN_PIN,
    SignedFile,
    assert_passes_every_checker,
    pkcs12_profile,
)
from tests.support.tsa import TrustServices

pytest_plugins = ("tests.support.signing_fixtures",)


@pytest.fixture
def signed_pdf(pki: ThrowawayPki, unsigned_pdf: Path, tmp_path: Path) -> Path:
    target = tmp_path / "signed.pdf"
    result = sign_pdf(
        unsigned_pdf,
        target,
        pkcs12_profile(pki, tmp_path),
        field_name="ChuKyCoQuan",
        reason="Bản sao điện tử",
    )
    assert result.path == target
    assert result.signer_name == pki.signer_name
    assert result.signed_at is not None
    assert result.timestamped_at is None
    return target


def test_signed_pdf_is_intact_valid_and_trusted(signed_pdf: Path, pki: ThrowawayPki) -> None:
    report = verify_pdf(signed_pdf, [pki.root_cert])

    [check] = report.signatures
    assert check.field_name == "ChuKyCoQuan"
    assert check.signer_name == pki.signer_name
    assert check.signed_at is not None
    assert (check.intact, check.valid, check.trusted) == (True, True, True)
    assert check.coverage == "entire_file"
    assert not check.modified_after_signing
    assert check.timestamp is None
    assert check.level == "B-B"
    assert check.bottom_line
    assert report.document_timestamps == ()
    assert not report.revocation_data_embedded
    assert report.all_valid


def test_signing_appends_an_incremental_update(signed_pdf: Path, unsigned_pdf: Path) -> None:
    original = unsigned_pdf.read_bytes()
    assert signed_pdf.read_bytes().startswith(original)
    assert not list(signed_pdf.parent.glob(".*.part"))


@pytest.mark.parametrize("level", ["B-B", "B-T", "B-LT", "B-LTA"])
def test_every_level_passes_every_checker(
    level: str, signed_files: dict[str, SignedFile], pki: ThrowawayPki, nss_database: str
) -> None:
    assert_passes_every_checker(signed_files[level].path, pki, nss_database, level=level)


def test_token_signature_at_every_level_passes_every_checker(
    token_profile: SigningProfile,
    trust_services: TrustServices,
    unsigned_pdf: Path,
    tmp_path: Path,
    nss_database: str,
) -> None:
    pki = trust_services.pki
    plain = tmp_path / "token-b-b.pdf"
    archived = tmp_path / "token-b-lta.pdf"
    sign_pdf(unsigned_pdf, plain, token_profile, field_name="Token")
    # Another profile on the same token (one login per process): it shares the session.
    timestamped = replace(token_profile, name="token-tsa", timestamp_url=trust_services.tsa_url)
    sign_pdf(unsigned_pdf, archived, timestamped, field_name="Token")

    assert_passes_every_checker(plain, pki, nss_database, level="B-B")
    assert_passes_every_checker(archived, pki, nss_database, level="B-T")
    add_validation_data(archived, [pki.root_cert], timestamp_url=trust_services.tsa_url)
    assert_passes_every_checker(archived, pki, nss_database, level="B-LTA")
    [check] = verify_pdf(archived, [pki.root_cert]).signatures
    assert check.signer_name == pki.signer_name


def test_wrong_token_pin_never_appears_in_the_error(
    token_profile: SigningProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(token_profile.key, Pkcs11Key)
    wrong_pin = "86420"
    assert wrong_pin != TOKEN_PIN
    monkeypatch.setenv("SOHOA_TEST_WRONG_PIN", wrong_pin)
    profile = SigningProfile(
        name="sai-ma-pin",
        key=Pkcs11Key(
            module=token_profile.key.module,
            token_label=token_profile.key.token_label,
            key_label=token_profile.key.key_label,
            pin_env="SOHOA_TEST_WRONG_PIN",
            certificate=token_profile.key.certificate,
        ),
    )

    with pytest.raises(SigningKeyUnavailableError) as raised:
        load_signer(profile)

    assert "sai-ma-pin" in str(raised.value)
    assert "PinIncorrect" in str(raised.value)
    assert wrong_pin not in str(raised.value)


def test_signature_from_another_root_is_untrusted(
    signed_pdf: Path, foreign_pki: ThrowawayPki
) -> None:
    [check] = verify_pdf(signed_pdf, [foreign_pki.root_cert]).signatures

    assert check.intact and check.valid
    assert not check.trusted
    assert not check.bottom_line
    assert check.problem is not None and "trust roots" in check.problem


def test_report_dumps_as_json(signed_files: dict[str, SignedFile], pki: ThrowawayPki) -> None:
    report = verify_pdf(signed_files["B-LTA"].path, [pki.root_cert])

    shown = json.loads(json.dumps(report.to_dict()))

    assert shown["all_valid"] is True
    [signature] = shown["signatures"]
    assert signature["level"] == "B-LTA"
    assert signature["timestamp"]["trusted"] is True
    [stamp] = shown["document_timestamps"]
    assert stamp["bottom_line"] is True
    assert dt.datetime.fromisoformat(stamp["time"]) >= dt.datetime.fromisoformat(
        signature["timestamp"]["time"]
    )


def test_passphrase_from_environment(
    pki: ThrowawayPki, unsigned_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_TEST_P12_PASSPHRASE", pki.passphrase)
    profile = SigningProfile(
        name="env-profile",
        key=Pkcs12Key(pki.signer_pkcs12, passphrase_env="SOHOA_TEST_P12_PASSPHRASE"),
    )

    sign_pdf(unsigned_pdf, tmp_path / "signed.pdf", profile, field_name="Sig")

    assert verify_pdf(tmp_path / "signed.pdf", [pki.root_cert]).all_valid


def test_signer_is_loaded_once_per_profile(pki: ThrowawayPki, tmp_path: Path) -> None:
    profile = pkcs12_profile(pki, tmp_path)
    assert load_signer(profile) is load_signer(profile)


def test_threads_asking_at_once_share_one_loaded_signer(pki: ThrowawayPki, tmp_path: Path) -> None:
    profile = pkcs12_profile(pki, tmp_path)
    start = threading.Barrier(8)
    loaded: list[object] = []

    def load() -> None:
        start.wait()
        loaded.append(load_signer(profile))

    workers = [threading.Thread(target=load) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert len(loaded) == 8
    assert all(signer is loaded[0] for signer in loaded)


def test_unset_passphrase_variable_names_profile_and_variable(
    pki: ThrowawayPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOHOA_TEST_UNSET", raising=False)
    profile = SigningProfile(
        name="thieu-mat-khau", key=Pkcs12Key(pki.signer_pkcs12, passphrase_env="SOHOA_TEST_UNSET")
    )

    with pytest.raises(SigningSecretMissingError, match=r"thieu-mat-khau.*SOHOA_TEST_UNSET"):
        load_signer(profile)


def test_wrong_passphrase_never_appears_in_the_error(
    pki: ThrowawayPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_TEST_WRONG", "sai-mat-khau-bi-mat")
    profile = SigningProfile(
        name="sai-mat-khau", key=Pkcs12Key(pki.signer_pkcs12, passphrase_env="SOHOA_TEST_WRONG")
    )

    with pytest.raises(SigningKeyUnavailableError) as raised:
        load_signer(profile)

    assert "sai-mat-khau'" in str(raised.value)
    assert "sai-mat-khau-bi-mat" not in str(raised.value)
