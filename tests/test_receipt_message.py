"""The receipt's legal original: a signed XML data message, valid against the shipped XSD,
verified by xmlsec1 (an independent verifier) and by the public check page, signed from a
PKCS#12 file and from a SoftHSM2 token alike."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from config import load_settings
from receipt_counter.signed_message import signed_message
from receipts.qr_payload import build_payload
from receipts.receipt_message import SCHEMA
from receipts.stored_record import stored_record
from service.compose import JobProcess
from signing.configured import configured_profile
from signing.profiles import Pkcs11Key, SigningProfile
from signing.xml_signature import DSIG, verify_enveloped
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import require_tool
from tests.support.web import web_client, web_services
from tests.test_receipt_rendering import make_receipt
from tests.test_web_public_check import GENUINE, MISMATCH, PAYER, add_bi_26t, issue

pytest_plugins = ("tests.support.signing_fixtures",)

V1_RECORD = Path(__file__).parent / "data" / "receipts" / "BI-26T-0000975.v1.xml"


def profile_settings(
    kind: str, pki: ThrowawayPki, folder: Path, token: SigningProfile | None
) -> dict[str, object]:
    if kind == "pkcs12":
        return pki.profile_settings(folder, "thu-phi")
    assert token is not None and isinstance(token.key, Pkcs11Key)
    key = token.key
    return {
        "pkcs11_module": str(key.module),
        "token_label": key.token_label,
        "key_label": key.key_label,
        "pin_file": str(key.pin_file),
        "certificate": str(key.certificate),
        "chain": [str(pki.intermediate_cert)],
        "trust_roots": [str(pki.root_cert)],
    }


@pytest.fixture(params=["pkcs12", "token"])
def office(
    request: pytest.FixtureRequest, tmp_path: Path, pki: ThrowawayPki
) -> Iterator[JobProcess]:
    token = request.getfixturevalue("token_profile") if request.param == "token" else None
    profile = profile_settings(request.param, pki, tmp_path, token)
    with web_services(tmp_path / "var", signing={"profiles": {"thu-phi": profile}}) as services:
        add_bi_26t(services)
        yield services


def xmlsec1_verify(message: Path, root: Path) -> subprocess.CompletedProcess[str]:
    require_tool(shutil.which("xmlsec1") is not None, "xmlsec1")
    return subprocess.run(
        ["xmlsec1", "--verify", "--id-attr:Id", "DLBLai", "--trusted-pem", str(root),
         str(message)],
        capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.slow
def test_the_signed_message_validates_verifies_and_a_changed_payer_does_not_match(
    office: JobProcess, pki: ThrowawayPki
) -> None:
    issued = issue(office)
    message = issued.files.xml
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(message))), schema.error_log
    verified = xmlsec1_verify(message, pki.root_cert)
    assert verified.returncode == 0, verified.stderr
    assert "SignedInfo References (ok/all): 2/2" in verified.stderr
    code = build_payload(issued.data).text
    with web_client(office) as client:
        assert GENUINE in client.get("/kiem-tra", params={"ma": code}).text

        text = message.read_text(encoding="utf-8")
        assert text.count(PAYER) == 1
        message.write_text(text.replace(PAYER, "Nguyễn Thị Lân"), encoding="utf-8")
        assert xmlsec1_verify(message, pki.root_cert).returncode != 0
        page = client.get("/kiem-tra", params={"ma": code}).text
    assert MISMATCH in page and GENUINE not in page


def test_a_version_1_record_stays_checkable_from_its_content() -> None:
    def no_signature(document: bytes, signed_id: str) -> tuple[str | None, str | None]:
        raise AssertionError("a version 1 record has no signature to check")

    document = V1_RECORD.read_bytes()
    issued_hash = "3838aca70f2447fd8f349953778bc2d1eaab41bcf1be0e8380c01eeaa17b75df"
    assert stored_record(document, no_signature).sha256 == issued_hash
    changed = document.replace("Nguyễn Thị Hoà".encode(), "Nguyễn Thị Hoa".encode())
    assert stored_record(changed, no_signature).sha256 != issued_hash


def test_exclusive_c14n_and_a_zoned_signing_time_verify_as_well(
    tmp_path: Path, pki: ThrowawayPki
) -> None:
    settings = load_settings(
        data_dir=tmp_path / "var",
        signing={"profiles": {"thu-phi": pki.profile_settings(tmp_path, "thu-phi")}},
        receipts={"xml_exclusive_c14n": True, "xml_signing_time_zone": True},
    )
    data = make_receipt(collector="Trần Văn Thu")
    message = tmp_path / "BI-26T-0000975.xml"
    message.write_bytes(signed_message(data, configured_profile(settings, "thu-phi"), settings))
    root = etree.parse(str(message)).getroot()
    ds = {"ds": DSIG}
    method = root.find("DSCKS/TCThu/ds:Signature/ds:SignedInfo/ds:CanonicalizationMethod", ds)
    assert method.get("Algorithm") == "http://www.w3.org/2001/10/xml-exc-c14n#"
    assert root.findtext(".//ds:SigningTime", namespaces=ds).endswith("+07:00")
    assert xmlsec1_verify(message, pki.root_cert).returncode == 0
    check = verify_enveloped(message.read_bytes(), [pki.root_cert], "DLBLai-BI-26T-0000975")
    assert check.valid and check.signer_name == pki.signer_name
    assert check.signed_digest == build_payload(data).sha256
    assert not verify_enveloped(message.read_bytes(), [], "DLBLai-BI-26T-0000975").valid
