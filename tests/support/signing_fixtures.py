"""Session fixtures of the signing tests: the PKI and its services, signed files, tools.

A plugin (`pytest_plugins = ("tests.support.signing_fixtures",)` in a test module),
so that every signing test module shares one PKI, one server and one set of signed
files per session. Signed files are shared: a test that alters one works on a copy.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pkcs11
import pytest

from signing.keys import forget_signers
from signing.profiles import Pkcs11Key, SigningProfile
from tests.support.nss import CERTUTIL, make_nss_database
from tests.support.pki import ThrowawayPki, make_test_pki
from tests.support.signed_pdfs import (
    AGENCY,
    CLERK,
    PAGE_TEXT,
    SIGNER_DAYS,
    TOKEN_PIN,
    SignedFile,
    make_unsigned_pdf,
    pkcs12_profile,
    require_tool,
    sign_level,
)
from tests.support.tsa import TrustServices

SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
)


@pytest.fixture(autouse=True)
def fresh_signers() -> Iterator[None]:
    """Each test opens its keys afresh: signers are cached per process by profile name."""
    forget_signers()
    yield
    forget_signers()


@pytest.fixture(scope="session")
def trust_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrustServices]:
    services = TrustServices(tmp_path_factory.mktemp("pki"), signer_days=SIGNER_DAYS)
    yield services
    services.stop()


@pytest.fixture(scope="session")
def pki(trust_services: TrustServices) -> ThrowawayPki:
    return trust_services.pki


@pytest.fixture(scope="session")
def foreign_pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    return make_test_pki(tmp_path_factory.mktemp("foreign-pki"), signer_name="Người lạ")


@pytest.fixture(scope="session")
def clerk_pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    """The key of a clerk who signs scans personally."""
    return make_test_pki(tmp_path_factory.mktemp("clerk-pki"), signer_name=CLERK)


@pytest.fixture(scope="session")
def agency_pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    """The key of an agency that signs its results."""
    return make_test_pki(tmp_path_factory.mktemp("agency-pki"), signer_name=AGENCY)


@pytest.fixture(scope="session")
def nss_database(tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki) -> str:
    require_tool(shutil.which("pdfsig") is not None, "poppler's pdfsig (poppler-utils)")
    require_tool(CERTUTIL.exists(), "NSS's certutil (libnss3-tools)")
    return make_nss_database(tmp_path_factory.mktemp("nss"), pki.root_cert)


@pytest.fixture(scope="session")
def unsigned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_unsigned_pdf(tmp_path_factory.mktemp("pdf") / "unsigned.pdf", PAGE_TEXT)


@pytest.fixture(scope="session")
def signed_files(
    tmp_path_factory: pytest.TempPathFactory,
    trust_services: TrustServices,
    unsigned_pdf: Path,
) -> dict[str, SignedFile]:
    """One file per PAdES level, signed with the PKCS#12 key: B-B, B-T, B-LT and B-LTA."""
    folder = tmp_path_factory.mktemp("signed")
    pki = trust_services.pki
    plain = pkcs12_profile(pki, folder)
    timestamped = replace(plain, timestamp_url=trust_services.tsa_url)
    files = {
        "B-B": sign_level(unsigned_pdf, folder / "b-b.pdf", plain, "B-B", trust_services),
        "B-T": sign_level(unsigned_pdf, folder / "b-t.pdf", timestamped, "B-T", trust_services),
        "B-LT": sign_level(unsigned_pdf, folder / "b-lt.pdf", timestamped, "B-LT", trust_services),
        "B-LTA": sign_level(
            unsigned_pdf, folder / "b-lta.pdf", timestamped, "B-LTA", trust_services
        ),
    }
    forget_signers()
    return files


@pytest.fixture(scope="session")
def token_profile(
    tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki
) -> Iterator[SigningProfile]:
    """The signer's key imported into a fresh SoftHSM2 token, and a profile using it."""
    module = next((path for path in SOFTHSM_MODULES if path.exists()), None)
    require_tool(
        module is not None and shutil.which("softhsm2-util") is not None, "SoftHSM2 (softhsm2)"
    )
    assert module is not None
    folder = tmp_path_factory.mktemp("token")

    def softhsm(*args: str) -> None:
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)

    # The token goes into the test process's own SoftHSM2 folder (set in conftest).
    softhsm(
        "--init-token", "--free", "--label", "sohoa-test",
        "--pin", TOKEN_PIN, "--so-pin", "97531",
    )  # fmt: skip
    softhsm(
        "--import", str(pki.signer_key), "--token", "sohoa-test",
        "--label", "signer", "--id", "01", "--pin", TOKEN_PIN,
    )  # fmt: skip
    pin_file = folder / "token.pin"
    pin_file.write_text(TOKEN_PIN + "\n", encoding="utf-8")
    # A module a test loaded before this token existed does not see it until it starts again.
    forget_signers()
    pkcs11.lib(str(module)).reinitialize()
    yield SigningProfile(
        name="token",
        key=Pkcs11Key(
            module=module,
            token_label="sohoa-test",
            key_label="signer",
            pin_file=pin_file,
            certificate=pki.signer_cert,
        ),
        chain=(pki.intermediate_cert,),
        trust_roots=(pki.root_cert,),
    )
