"""A throwaway PKI for signing tests: root CA, intermediate CA and one signer.

Every file lands in a folder the caller owns (a pytest tmp folder), so nothing
outlives the test session and no key is ever shared between runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SIGNER_NAME = "UBND xã An Bình"


@dataclass(frozen=True)
class ThrowawayPki:
    root_cert: Path
    intermediate_cert: Path
    signer_cert: Path
    signer_key: Path
    """The signer's private key as unencrypted PKCS#8 PEM, for importing into a token."""
    signer_pkcs12: Path
    passphrase: str
    signer_name: str


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sohoa thử nghiệm"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(
    subject: str,
    subject_key: rsa.RSAPrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    *,
    is_ca: bool,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    subject_name = _name(subject)
    public_key = subject_key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject_name)
        .issuer_name(issuer.subject if issuer else subject_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=730))
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
    )
    return builder.sign(issuer_key, hashes.SHA256())


def _write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def make_test_pki(
    folder: Path, *, signer_name: str = SIGNER_NAME, passphrase: str = "mật-khẩu-thử"
) -> ThrowawayPki:
    folder.mkdir(parents=True, exist_ok=True)
    root_key, intermediate_key, signer_key = _new_key(), _new_key(), _new_key()
    root = _certificate("Root CA thử nghiệm", root_key, None, root_key, is_ca=True)
    intermediate = _certificate(
        "CA trung gian thử nghiệm", intermediate_key, root, root_key, is_ca=True
    )
    signer = _certificate(signer_name, signer_key, intermediate, intermediate_key, is_ca=False)

    key_path = folder / "signer-key.pem"
    key_path.write_bytes(
        signer_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pkcs12_path = folder / "signer.p12"
    pkcs12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=b"signer",
            key=signer_key,
            cert=signer,
            cas=[intermediate, root],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return ThrowawayPki(
        root_cert=_write_pem(folder / "root.pem", root),
        intermediate_cert=_write_pem(folder / "intermediate.pem", intermediate),
        signer_cert=_write_pem(folder / "signer.pem", signer),
        signer_key=key_path,
        signer_pkcs12=pkcs12_path,
        passphrase=passphrase,
        signer_name=signer_name,
    )
