"""Throwaway keys for a trial: a root CA and a signer whose names say they have no legal value.

A signature with legal value needs a certificate from a licensed certification service (the
Government CA, or a public CA: Law on Electronic Transactions 2023, Art. 22–23; Decree
23/2025/NĐ-CP, which replaced Decree 130/2018/NĐ-CP); these keys only let a trial run from
a scan to a signed output. Nothing outside the data directory trusts them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEMO_NOTICE = "CHỈ DÙNG THỬ — KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
ROOT_NAME = f"Gốc {DEMO_NOTICE}"
_MAX_NAME = 64  # RFC 5280's upper bound for a common or organization name


@dataclass(frozen=True)
class DemoKeys:
    root_cert: Path
    """The throwaway root, PEM: trust it in this data directory only."""
    signer_pkcs12: Path
    """The signer's key and certificate (with the root), encrypted with the passphrase."""
    signer_name: str


def make_demo_keys(folder: Path, office: str, passphrase: str, days: int = 365) -> DemoKeys:
    """A root and a signer for `office`, written into `folder` (files readable by the owner)."""
    root_key, signer_key = _new_key(), _new_key()
    root = _certificate(_name(ROOT_NAME, office), root_key, None, root_key, days=days)
    signer = _certificate(_name(DEMO_NOTICE, office), signer_key, root, root_key, days=days)
    root_path = _write_private(folder / "demo-root.pem", root.public_bytes(_PEM))
    key_file = pkcs12.serialize_key_and_certificates(
        name=b"demo-signer",
        key=signer_key,
        cert=signer,
        cas=[root],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    return DemoKeys(root_path, _write_private(folder / "demo-signer.p12", key_file), DEMO_NOTICE)


_PEM = serialization.Encoding.PEM


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, office: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, office[:_MAX_NAME]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_NOTICE),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:_MAX_NAME]),
        ]
    )


def _certificate(
    subject: x509.Name,
    subject_key: rsa.RSAPrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    *,
    days: int,
) -> x509.Certificate:
    is_ca = issuer is None
    now = dt.datetime.now(dt.UTC)
    public_key = subject_key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=not is_ca,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def _write_private(path: Path, data: bytes) -> Path:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return path
