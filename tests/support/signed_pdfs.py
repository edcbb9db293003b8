"""Helpers of the signing tests: test PDFs, profiles, files at each PAdES level, checkers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from signing.appearance import Appearance
from signing.ltv import add_validation_data
from signing.page_geometry import Box
from signing.profiles import Pkcs12Key, SigningProfile
from signing.sign import SignResult, sign_pdf
from signing.verify import verify_pdf
from tests.conftest import pdftotext, qpdf_check
from tests.support.nss import pdfsig
from tests.support.pki import ThrowawayPki
from tests.support.tsa import TrustServices

PAGE_TEXT = b"Giay tiep nhan ho so"
CLERK = "Nguyễn Thị Hoà"
"""The signer of the clerk's test key (personal stamps)."""
AGENCY = "UBND xã An Bình"
"""The signer of the agency's test key (agency stamps)."""
SIGNER_DAYS = 365
"""The signer certificate expires before the CAs and the TSA (two years), as in life."""
TOKEN_PIN = "2468"


def require_tool(present: bool, what: str) -> None:
    """Skip where a tool is missing, but fail in CI, which must have every tool."""
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have {what}")
    pytest.skip(f"{what} is not installed")


def make_unsigned_pdf(path: Path, text: bytes) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica))
    page.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET")
    # Uncompressed, so a test can find the page text in the signed bytes and alter it.
    pdf.save(path, compress_streams=False)
    return path


def stamp_rects(path: Path) -> dict[str, Box]:
    """The rectangles of page 1's signature widgets, by field name."""
    with pikepdf.open(path) as pdf:
        return {
            str(annotation.T): Box.spanning(*(float(n) for n in annotation.Rect))
            for annotation in pdf.pages[0].Annots
            if annotation.get("/FT") == pikepdf.Name.Sig
        }


def pkcs12_profile(
    pki: ThrowawayPki,
    folder: Path,
    name: str = "xa-an-binh",
    timestamp_url: str | None = None,
    appearance: Appearance | None = None,
) -> SigningProfile:
    secret = folder / f"{name}.passphrase"
    secret.write_text(pki.passphrase + "\n", encoding="utf-8")
    return SigningProfile(
        name=name,
        key=Pkcs12Key(pki.signer_pkcs12, passphrase_file=secret),
        chain=(pki.intermediate_cert,),
        trust_roots=(pki.root_cert,),
        timestamp_url=timestamp_url,
        appearance=appearance,
    )


@dataclass(frozen=True)
class SignedFile:
    path: Path
    level: str
    signed: SignResult


def sign_level(
    source: Path, target: Path, profile: SigningProfile, level: str, services: TrustServices
) -> SignedFile:
    """Sign `source` into `target` and bring it to `level` with the LTV pass if need be."""
    signed = sign_pdf(source, target, profile, field_name="ChuKyCoQuan", reason="Bản sao điện tử")
    if level in ("B-LT", "B-LTA"):
        # The CA publishes its next CRL only now, after the signature.
        services.publish_crls()
        add_validation_data(
            target,
            profile.trust_roots,
            timestamp_url=services.tsa_url if level == "B-LTA" else None,
        )
    return SignedFile(target, level, signed)


def assert_passes_every_checker(
    path: Path, pki: ThrowawayPki, nss_database: str, *, level: str, signatures: int = 1
) -> None:
    """pyHanko (offline), poppler's pdfsig trusting the test root, qpdf, and pdftotext agree."""
    report = verify_pdf(path, [pki.root_cert])
    assert report.all_valid, report
    assert [check.level for check in report.signatures] == [level] * signatures

    said = pdfsig(path, nss_database)
    assert said.returncode == 0, said.stderr
    # Document timestamps are listed too, but poppler cannot verify them (type "unknown").
    assert said.stdout.count("Signature Validation: Signature is Valid.") == signatures, said
    assert said.stdout.count("Certificate Validation: Certificate is Trusted.") == signatures, said
    assert said.stdout.count("Signature Type: ETSI.CAdES.detached") == signatures, said

    checked = qpdf_check(path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert PAGE_TEXT.decode() in pdftotext(path)
