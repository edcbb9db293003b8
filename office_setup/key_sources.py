"""The signing key of the office's profile, made ready in `<data_dir>/secrets/<profile>/`.

Each source is checked before anything is written: a PKCS#12 file is opened with its
passphrase, a token is logged in to with its PIN and the key looked for, so that a wrong
secret leaves nothing behind. Secrets are never repeated in a message. The folder is the
owner's alone (0700) and every file in it too (0600): keys, passphrases, PINs, and the
certificates the profile trusts.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from office_setup.errors import SetupError
from office_setup.request import DemoSource, KeySource, Pkcs11Source, Pkcs12Source
from signing.demo_keys import make_demo_keys
from signing.key_files import common_name, read_certificate, read_pkcs12
from signing.token_keys import TokenKey, token_keys

SECRETS_FOLDER = "secrets"
_OWNER_ONLY_FOLDER = 0o700
_OWNER_ONLY_FILE = 0o600


@dataclass(frozen=True)
class ReadyProfile:
    entries: dict[str, object]
    """The profile's key source, chain and trust roots, as `[signing.profiles.<name>]` says."""
    signer_name: str
    trust_roots: tuple[Path, ...]


def ready_profile(source: KeySource, data_dir: Path, profile: str, office: str) -> ReadyProfile:
    if isinstance(source, Pkcs12Source):
        return _pkcs12(source, data_dir, profile)
    if isinstance(source, Pkcs11Source):
        return _pkcs11(source, data_dir, profile)
    assert isinstance(source, DemoSource)
    return _demo(data_dir, profile, office)


def _pkcs12(source: Pkcs12Source, data_dir: Path, profile: str) -> ReadyProfile:
    contents = read_pkcs12(source.file, source.passphrase)
    roots_given = [read_certificate(path) for path in source.trust_roots]
    chain_given = [read_certificate(path) for path in source.chain]
    if not roots_given and not contents.roots:
        raise _no_trust_root(source.file)
    folder = _profile_folder(data_dir, profile)
    key_file = folder / "key.p12"
    _write_private(key_file, source.file.read_bytes())
    entries: dict[str, object] = {"pkcs12": str(key_file)}
    entries |= _secret_entries(folder, "passphrase", source.passphrase, source.passphrase_env)
    chain = _write_certificates(folder, "chain", [*contents.chain, *map(_pem, chain_given)])
    roots = _write_certificates(
        folder, "root", [_pem(cert) for cert in roots_given] or list(contents.roots)
    )
    entries |= {"chain": [str(path) for path in chain], "trust_roots": [str(p) for p in roots]}
    return ReadyProfile(entries, contents.signer_name, roots)


def _pkcs11(source: Pkcs11Source, data_dir: Path, profile: str) -> ReadyProfile:
    key = _key_on_token(source)
    certificate = (
        _pem(read_certificate(source.certificate))
        if source.certificate is not None
        else _token_certificate(key, source)
    )
    roots_given = [_pem(read_certificate(path)) for path in source.trust_roots]
    chain_given = [_pem(read_certificate(path)) for path in source.chain]
    if not roots_given:
        raise _no_trust_root(source.module)
    folder = _profile_folder(data_dir, profile)
    signer_file = _write_private(folder / "signer.pem", certificate)
    entries: dict[str, object] = {
        "pkcs11_module": str(source.module),
        "token_label": source.token_label,
        "key_label": source.key_label,
        "certificate": str(signer_file),
    }
    entries |= _secret_entries(folder, "pin", source.pin, source.pin_env)
    chain = _write_certificates(folder, "chain", chain_given)
    roots = _write_certificates(folder, "root", roots_given)
    entries |= {"chain": [str(path) for path in chain], "trust_roots": [str(p) for p in roots]}
    signer_name = common_name(x509.load_pem_x509_certificate(certificate))
    return ReadyProfile(entries, signer_name, roots)


def _demo(data_dir: Path, profile: str, office: str) -> ReadyProfile:
    folder = _profile_folder(data_dir, profile)
    passphrase = secrets.token_urlsafe(24)
    keys = make_demo_keys(folder, office, passphrase)
    entries: dict[str, object] = {"pkcs12": str(keys.signer_pkcs12)}
    entries |= _secret_entries(folder, "passphrase", passphrase, None)
    entries |= {"chain": [], "trust_roots": [str(keys.root_cert)]}
    return ReadyProfile(entries, keys.signer_name, (keys.root_cert,))


def _key_on_token(source: Pkcs11Source) -> TokenKey:
    keys = token_keys(source.module, source.token_label, source.pin)
    for key in keys:
        if key.label == source.key_label:
            return key
    present = ", ".join(key.label for key in keys) or "none"
    raise SetupError(
        f"Token '{source.token_label}' has no key '{source.key_label}' (keys: {present}).",
        code="setup.key_not_on_token",
        params={"token": source.token_label, "key": source.key_label, "present": present},
    )


def _token_certificate(key: TokenKey, source: Pkcs11Source) -> bytes:
    if key.certificate is None:
        raise SetupError(
            f"Token '{source.token_label}' keeps no certificate beside key '{key.label}': "
            "give the signer's certificate with --certificate FILE.",
            code="setup.token_certificate_missing",
            params={"token": source.token_label, "key": key.label},
        )
    return _pem(x509.load_der_x509_certificate(key.certificate))


def _no_trust_root(where: Path) -> SetupError:
    return SetupError(
        f"No trust root for the key of {where}: give the root certificate of the office's CA "
        "with --trust-root FILE, so that signatures can be verified.",
        code="setup.trust_root_missing",
        params={"file": str(where)},
    )


def _secret_entries(
    folder: Path, what: str, secret: str, env_name: str | None
) -> dict[str, object]:
    """Where the service finds the secret: the variable named, else a file only the owner
    reads (`passphrase_env` or `passphrase_file`, `pin_env` or `pin_file`)."""
    if env_name is not None:
        return {f"{what}_env": env_name}
    secret_file = _write_private(folder / what, secret.encode("utf-8"))
    return {f"{what}_file": str(secret_file)}


def _write_certificates(folder: Path, stem: str, pems: list[bytes]) -> tuple[Path, ...]:
    return tuple(
        _write_private(folder / f"{stem}-{number}.pem", pem)
        for number, pem in enumerate(pems, start=1)
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _profile_folder(data_dir: Path, profile: str) -> Path:
    """An empty folder for the profile's files. One left by an earlier set-up (`--force`) is
    kept aside, named with the time, not deleted: outputs signed with its key still chain
    to its roots."""
    secrets_folder = data_dir / SECRETS_FOLDER
    folder = secrets_folder / profile
    secrets_folder.mkdir(parents=True, exist_ok=True)
    secrets_folder.chmod(_OWNER_ONLY_FOLDER)
    if folder.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        folder.rename(secrets_folder / f"{profile}.{stamp}.replaced")
    folder.mkdir(mode=_OWNER_ONLY_FOLDER)
    folder.chmod(_OWNER_ONLY_FOLDER)
    return folder


def _write_private(path: Path, data: bytes) -> Path:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _OWNER_ONLY_FILE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    path.chmod(_OWNER_ONLY_FILE)
    return path
