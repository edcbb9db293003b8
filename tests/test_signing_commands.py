"""`sohoa sign` and `sohoa verify` on files, as an operator types them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.support.pki import ThrowawayPki
from tests.support.service import SOHOA
from tests.support.tsa import TrustServices

pytest_plugins = ("tests.support.signing_fixtures",)


def sohoa(folder: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")}
    return subprocess.run(
        [str(SOHOA), *arguments],
        cwd=folder,
        env={**clean, "SOHOA_LANG": "en", "SOHOA_DATA_DIR": str(folder / "var"), **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def sign_with_pkcs12(
    folder: Path, source: Path, pki: ThrowawayPki, *options: str, passphrase: str | None = None
) -> subprocess.CompletedProcess[str]:
    return sohoa(
        folder,
        "sign",
        str(source),
        "-o",
        str(folder / "signed"),
        "--pkcs12",
        str(pki.signer_pkcs12),
        "--passphrase-env",
        "P12_PASS",
        *options,
        P12_PASS=pki.passphrase if passphrase is None else passphrase,
    )


def test_sign_with_a_pkcs12_file_and_a_timestamp_then_verify(
    tmp_path: Path, unsigned_pdf: Path, pki: ThrowawayPki, trust_services: TrustServices
) -> None:
    source = tmp_path / "ket-qua.pdf"
    shutil.copy(unsigned_pdf, source)
    signed = sign_with_pkcs12(
        tmp_path, source, pki, "--appearance", "agency", "--tsa", trust_services.tsa_url
    )
    assert signed.returncode == 0, signed.stderr
    target = tmp_path / "signed" / "ket-qua.pdf"
    assert f"signed by {pki.signer_name}" in signed.stdout
    assert source.read_bytes() == unsigned_pdf.read_bytes()  # the original is left alone

    verified = sohoa(tmp_path, "verify", str(target), "--trust", str(pki.root_cert), "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    (report,) = json.loads(verified.stdout)
    assert report["all_valid"] is True
    (signature,) = report["signatures"]
    assert signature["level"] == "B-T" and signature["timestamp"]["trusted"] is True
    assert signature["signer_name"] == pki.signer_name

    again = sign_with_pkcs12(tmp_path, source, pki)
    assert again.returncode != 0 and "exists already" in again.stderr


def test_verify_fails_for_an_untrusted_root_and_for_a_file_without_signature(
    tmp_path: Path, unsigned_pdf: Path, pki: ThrowawayPki, foreign_pki: ThrowawayPki
) -> None:
    target = tmp_path / "signed" / unsigned_pdf.name
    signed = sign_with_pkcs12(tmp_path, unsigned_pdf, pki)
    assert signed.returncode == 0, signed.stderr
    trusted = sohoa(tmp_path, "verify", str(target), "--trust", str(pki.root_cert))
    assert trusted.returncode == 0 and "verified" in trusted.stdout
    untrusted = sohoa(tmp_path, "verify", str(target), "--trust", str(foreign_pki.root_cert))
    assert untrusted.returncode == 7
    assert "FAILED" in untrusted.stdout and "FAIL:" in untrusted.stdout
    unsigned = sohoa(tmp_path, "verify", str(unsigned_pdf), "--trust", str(pki.root_cert))
    assert unsigned.returncode == 7 and "no signature" in unsigned.stdout


def test_sign_refuses_unclear_key_choices_and_never_shows_the_passphrase(
    tmp_path: Path, unsigned_pdf: Path, pki: ThrowawayPki
) -> None:
    neither = sohoa(tmp_path, "sign", str(unsigned_pdf), "-o", str(tmp_path / "out"))
    assert neither.returncode == 9 and "--profile" in neither.stderr
    wrong = sign_with_pkcs12(tmp_path, unsigned_pdf, pki, passphrase="mật-khẩu-sai-9431")
    assert wrong.returncode == 5, wrong.stderr
    assert "wrong passphrase" in wrong.stderr and "9431" not in wrong.stderr + wrong.stdout
    assert not (tmp_path / "signed" / unsigned_pdf.name).exists()
    no_roots = sohoa(tmp_path, "verify", str(unsigned_pdf))
    assert no_roots.returncode == 9 and "--trust" in no_roots.stderr
