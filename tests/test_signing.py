from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from signing.errors import SigningKeyUnavailableError, SigningSecretMissingError
from signing.keys import forget_signers, load_signer
from signing.profiles import Pkcs11Key, Pkcs12Key, SigningProfile
from signing.sign import sign_pdf
from signing.verify import verify_pdf
from tests.conftest import qpdf_check
from tests.support.pki import ThrowawayPki, make_test_pki

PAGE_TEXT = b"Giay tiep nhan ho so"
SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    return make_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def foreign_pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    return make_test_pki(tmp_path_factory.mktemp("foreign-pki"), signer_name="Người lạ")


@pytest.fixture(autouse=True)
def fresh_signers() -> Iterator[None]:
    forget_signers()
    yield
    forget_signers()


@pytest.fixture(scope="session")
def unsigned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "unsigned.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica))
    page.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 720 Td (" + PAGE_TEXT + b") Tj ET")
    # Uncompressed, so a test can find the page text in the signed bytes and alter it.
    pdf.save(path, compress_streams=False)
    return path


def pkcs12_profile(pki: ThrowawayPki, tmp_path: Path, name: str = "xa-an-binh") -> SigningProfile:
    secret = tmp_path / f"{name}.passphrase"
    secret.write_text(pki.passphrase + "\n", encoding="utf-8")
    return SigningProfile(
        name=name,
        key=Pkcs12Key(pki.signer_pkcs12, passphrase_file=secret),
        chain=(pki.intermediate_cert,),
        trust_roots=(pki.root_cert,),
    )


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
    assert check.bottom_line
    assert report.all_valid


def test_signing_appends_an_incremental_update(signed_pdf: Path, unsigned_pdf: Path) -> None:
    original = unsigned_pdf.read_bytes()
    assert signed_pdf.read_bytes().startswith(original)
    assert not list(signed_pdf.parent.glob(".*.part"))


def test_signed_pdf_passes_qpdf_check(signed_pdf: Path) -> None:
    assert qpdf_check(signed_pdf).returncode == 0


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_pdfsig_finds_a_valid_pades_signature(signed_pdf: Path) -> None:
    completed = subprocess.run(["pdfsig", str(signed_pdf)], capture_output=True, text=True)

    # Without an NSS database poppler cannot trust our throwaway root; validity suffices.
    assert completed.returncode == 0, completed.stderr
    assert "Signature Field Name: ChuKyCoQuan" in completed.stdout
    assert "Signature Type: ETSI.CAdES.detached" in completed.stdout
    assert "Total document signed" in completed.stdout
    assert "Signature Validation: Signature is Valid." in completed.stdout


def test_signature_from_another_root_is_untrusted(
    signed_pdf: Path, foreign_pki: ThrowawayPki
) -> None:
    [check] = verify_pdf(signed_pdf, [foreign_pki.root_cert]).signatures

    assert check.intact and check.valid
    assert not check.trusted
    assert not check.bottom_line


def test_flipped_byte_in_signed_range_breaks_integrity(
    signed_pdf: Path, pki: ThrowawayPki, tmp_path: Path
) -> None:
    data = signed_pdf.read_bytes()
    assert data.count(PAGE_TEXT) == 1
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(data.replace(PAGE_TEXT, PAGE_TEXT.replace(b"Giay", b"Gixy")))

    [check] = verify_pdf(tampered, [pki.root_cert]).signatures

    assert not check.intact
    assert not check.bottom_line


def test_unsigned_update_after_signing_is_a_modification(
    signed_pdf: Path, pki: ThrowawayPki
) -> None:
    with signed_pdf.open("r+b") as document:
        writer = IncrementalPdfFileWriter(document, strict=False)
        drawing = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (Da sua) Tj ET")
        writer.add_stream_to_page(0, writer.add_object(drawing))  # type: ignore[no-untyped-call]
        writer.write_in_place()  # type: ignore[no-untyped-call]

    [check] = verify_pdf(signed_pdf, [pki.root_cert]).signatures

    assert check.intact and check.valid and check.trusted
    assert check.modified_after_signing
    assert check.modification_level == "other"
    assert not check.bottom_line


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


def softhsm_module() -> Path | None:
    return next((path for path in SOFTHSM_MODULES if path.exists()), None)


@pytest.mark.skipif(
    softhsm_module() is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed",
)
def test_sign_with_key_on_pkcs11_token(
    pki: ThrowawayPki, unsigned_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = softhsm_module()
    assert module is not None
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    # The module reads this when the process first initialises it, so set it in-process too.
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))

    def softhsm(*args: str) -> None:
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)

    softhsm("--init-token", "--free", "--label", "sohoa-test", "--pin", "1234", "--so-pin", "5678")
    softhsm(
        "--import", str(pki.signer_key), "--token", "sohoa-test",
        "--label", "signer", "--id", "01", "--pin", "1234",
    )  # fmt: skip
    monkeypatch.setenv("SOHOA_TEST_TOKEN_PIN", "1234")
    profile = SigningProfile(
        name="token",
        key=Pkcs11Key(
            module=module,
            token_label="sohoa-test",
            key_label="signer",
            pin_env="SOHOA_TEST_TOKEN_PIN",
            certificate=pki.signer_cert,
        ),
        chain=(pki.intermediate_cert,),
    )

    sign_pdf(unsigned_pdf, tmp_path / "signed.pdf", profile, field_name="Token")

    [check] = verify_pdf(tmp_path / "signed.pdf", [pki.root_cert]).signatures
    assert check.signer_name == pki.signer_name
    assert check.bottom_line
