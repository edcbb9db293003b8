"""A throwaway PKI for signing tests: root CA, intermediate CA, one signer and a TSA.

Every file lands in a folder the caller owns (a pytest tmp folder), so nothing
outlives the test session and no key is ever shared between runs. Given the URL of
the test services (tests/support/tsa.py), the certificates below the root name a
CRL there, so that revocation data can be fetched as from a real CA.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNER_NAME = "UBND xã An Bình"
TSA_NAME = "Dịch vụ cấp dấu thời gian thử nghiệm"
ROOT_CRL, INTERMEDIATE_CRL = "root.crl", "intermediate.crl"
CRL_VALIDITY = dt.timedelta(days=7)


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
    root_key: Path
    intermediate_key: Path
    tsa_cert: Path
    tsa_key: Path
    service_url: str | None = None
    """Where the CRLs named by the certificates are served; None: no CRL is named."""

    def profile_settings(self, folder: Path, name: str) -> dict[str, object]:
        """Settings of a signing profile `name` with this signer, its passphrase in a file."""
        secret = folder / f"{name}.passphrase"
        secret.write_text(self.passphrase, encoding="utf-8")
        return {
            "pkcs12": str(self.signer_pkcs12),
            "passphrase_file": str(secret),
            "chain": [str(self.intermediate_cert)],
            "trust_roots": [str(self.root_cert)],
        }


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
    crl_url: str | None = None,
    time_stamping: bool = False,
    days: int = 730,
    days_ago: int = 1,
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
        .not_valid_before(now - dt.timedelta(days=days_ago))
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
    )
    if crl_url is not None:
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(crl_url)],
            relative_name=None,
            reasons=None,
            crl_issuer=None,
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    if time_stamping:
        # RFC 3161 § 2.3: a TSA certificate has exactly this one, critical, usage.
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def make_test_pki(
    folder: Path,
    *,
    signer_name: str = SIGNER_NAME,
    passphrase: str = "mật-khẩu-thử",
    service_url: str | None = None,
    signer_days: int = 730,
    signer_days_ago: int = 1,
) -> ThrowawayPki:
    """Root, intermediate and TSA certificates last two years; the signer's is valid from
    `signer_days_ago` days ago to `signer_days` days from now (negative: expired)."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key, intermediate_key, signer_key, tsa_key = (_new_key() for _ in range(4))
    root_crl = f"{service_url}/crl/{ROOT_CRL}" if service_url else None
    leaf_crl = f"{service_url}/crl/{INTERMEDIATE_CRL}" if service_url else None
    ca_days_ago = max(1, signer_days_ago)  # the CAs were there before the signer
    root = _certificate(
        "Root CA thử nghiệm", root_key, None, root_key, is_ca=True, days_ago=ca_days_ago
    )
    intermediate = _certificate(
        "CA trung gian thử nghiệm", intermediate_key, root, root_key, is_ca=True,
        crl_url=root_crl, days_ago=ca_days_ago,
    )  # fmt: skip
    signer = _certificate(
        signer_name,
        signer_key,
        intermediate,
        intermediate_key,
        is_ca=False,
        crl_url=leaf_crl,
        days=signer_days,
        days_ago=signer_days_ago,
    )
    tsa = _certificate(
        TSA_NAME,
        tsa_key,
        intermediate,
        intermediate_key,
        is_ca=False,
        crl_url=leaf_crl,
        time_stamping=True,
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
        signer_key=_write_key(folder / "signer-key.pem", signer_key),
        signer_pkcs12=pkcs12_path,
        passphrase=passphrase,
        signer_name=signer_name,
        root_key=_write_key(folder / "root-key.pem", root_key),
        intermediate_key=_write_key(folder / "intermediate-key.pem", intermediate_key),
        tsa_cert=_write_pem(folder / "tsa.pem", tsa),
        tsa_key=_write_key(folder / "tsa-key.pem", tsa_key),
        service_url=service_url,
    )


def issue_crl(pki: ThrowawayPki, name: str, revoked_serials: Iterable[int] = ()) -> bytes:
    """A DER CRL from the root (ROOT_CRL) or the intermediate (INTERMEDIATE_CRL), valid now."""
    cert_path, key_path = {
        ROOT_CRL: (pki.root_cert, pki.root_key),
        INTERMEDIATE_CRL: (pki.intermediate_cert, pki.intermediate_key),
    }[name]
    issuer = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now)
        .next_update(now + CRL_VALIDITY)
        .add_extension(x509.CRLNumber(int(now.timestamp() * 1000)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(now - dt.timedelta(seconds=1))
            .build()
        )
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def serial_number(cert_path: Path) -> int:
    return x509.load_pem_x509_certificate(cert_path.read_bytes()).serial_number
