"""Keys an office brings to `sohoa init`: a PKCS#12 file from a throwaway CA, and the same key
on a fresh SoftHSM2 token that also keeps the certificate, as a CA's token does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import require_tool

SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
)
TOKEN_LABEL = "van-thu"
KEY_LABEL = "ky-ket-qua"
TOKEN_PIN = "864213"

# Run in a process of its own: a PKCS#11 module is initialised once per process, with the
# SOFTHSM2_CONF of that moment, and the test process may hold other tokens.
_STORE_CERTIFICATE = """
import sys
import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pkcs11 import Attribute, CertificateType, ObjectClass

module, label, pin, key_label, pem = sys.argv[1:]
cert = x509.load_pem_x509_certificate(open(pem, "rb").read())
token = pkcs11.lib(module).get_token(token_label=label)
with token.open(user_pin=pin, rw=True) as session:
    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True,
        Attribute.LABEL: key_label,
        Attribute.ID: b"\\x01",
        Attribute.SUBJECT: cert.subject.public_bytes(),
        Attribute.VALUE: cert.public_bytes(Encoding.DER),
    })
"""


@dataclass(frozen=True)
class SoftToken:
    module: Path
    conf: Path


def make_soft_token(folder: Path, pki: ThrowawayPki) -> SoftToken:
    """A SoftHSM2 token with the signer's key and certificate under KEY_LABEL."""
    module = next((path for path in SOFTHSM_MODULES if path.exists()), None)
    require_tool(
        module is not None and shutil.which("softhsm2-util") is not None, "SoftHSM2 (softhsm2)"
    )
    assert module is not None
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    env = {"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"}

    def run(*command: str) -> None:
        subprocess.run(command, check=True, capture_output=True, env=env, timeout=60)

    run(
        "softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
        "--pin", TOKEN_PIN, "--so-pin", "13579024",
    )  # fmt: skip
    run(
        "softhsm2-util", "--import", str(pki.signer_key), "--token", TOKEN_LABEL,
        "--label", KEY_LABEL, "--id", "01", "--pin", TOKEN_PIN,
    )  # fmt: skip
    run(
        sys.executable, "-c", _STORE_CERTIFICATE,
        str(module), TOKEN_LABEL, TOKEN_PIN, KEY_LABEL, str(pki.signer_cert),
    )  # fmt: skip
    return SoftToken(module, conf)
