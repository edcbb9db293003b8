"""What a PKCS#12 file holds, read with its passphrase: the signer, its chain and its roots.

Used when an office's key is set up, so that a wrong passphrase is found at once (and said
without the passphrase), and the certificates the file carries become the profile's chain
and trust roots.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from signing.errors import SigningKeyUnavailableError

MAX_KEY_FILE_BYTES = 1 << 20  # a PKCS#12 file holds a key and a few certificates


@dataclass(frozen=True)
class Pkcs12Contents:
    signer_name: str
    chain: tuple[bytes, ...]
    """Intermediate certificates (PEM) the file carries."""
    roots: tuple[bytes, ...]
    """Self-signed certificates (PEM) the file carries: candidates for the trust roots."""


def read_pkcs12(path: Path, passphrase: str) -> Pkcs12Contents:
    """Open `path` with `passphrase`; an error never repeats the passphrase."""
    data = _read_small(path)
    try:
        key, signer, others = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") or None
        )
    except ValueError:
        raise SigningKeyUnavailableError(
            f"The passphrase does not open the PKCS#12 file {path} (or the file is damaged).",
            code="signing.key_file_not_opened",
            params={"file": str(path)},
        ) from None
    if key is None or signer is None:
        raise SigningKeyUnavailableError(
            f"The PKCS#12 file {path} holds no key with its certificate.",
            code="signing.key_file_without_key",
            params={"file": str(path)},
        )
    chain = tuple(cert for cert in others if not is_self_signed(cert))
    roots = tuple(cert for cert in others if is_self_signed(cert))
    return Pkcs12Contents(common_name(signer), _pems(chain), _pems(roots))


def read_certificate(path: Path) -> x509.Certificate:
    """A certificate file, PEM or DER."""
    data = _read_small(path)
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise SigningKeyUnavailableError(
            f"{path} is not a certificate (PEM or DER).",
            code="signing.certificate_unreadable",
            params={"file": str(path)},
        ) from None


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.subject == cert.issuer


def common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _pems(certs: tuple[x509.Certificate, ...]) -> tuple[bytes, ...]:
    return tuple(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def _read_small(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_KEY_FILE_BYTES:
            raise SigningKeyUnavailableError(
                f"{path} is {size} bytes: too large for a key or certificate file.",
                code="signing.key_file_too_large",
                params={"file": str(path)},
            )
        return path.read_bytes()
    except OSError as error:
        raise SigningKeyUnavailableError(
            f"Cannot read {path} ({error.strerror}).",
            code="signing.key_file_unreadable",
            params={"file": str(path), "reason": error.strerror or ""},
        ) from None
