"""Turn a signing profile into a ready pyHanko signer, once per process per profile.

Opening a token or decrypting a PKCS#12 file is slow and, for tokens, may count
PIN attempts, so the signer is loaded once and reused for every document.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from pkcs11 import Session
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.signers import Signer, SimpleSigner

from signing.errors import SigningKeyUnavailableError, SigningSecretMissingError
from signing.kept_key_signer import KeptKeySigner
from signing.profiles import Pkcs11Key, Pkcs12Key, SigningProfile

_signers: dict[str, Signer] = {}
_sessions: dict[tuple[Path, str], Session] = {}
"""Open token sessions by module and token label: a token admits one login per process,
so profiles using keys on the same token share its session."""
_refused_pins: dict[tuple[Path, str], bytes] = {}
"""The SHA-256 of the PIN each token refused `open_signer` (never the PIN itself)."""
# Held while loading, so that worker threads asking at once open a token only once.
_loading = threading.Lock()


def load_signer(profile: SigningProfile) -> Signer:
    """The profile's signer, loaded on first use; safe to call from several threads."""
    with _loading:
        signer = _signers.get(profile.name)
        if signer is None:
            if isinstance(profile.key, Pkcs12Key):
                signer = _load_pkcs12(profile, profile.key)
            else:
                signer = _load_pkcs11(profile, profile.key)
            _signers[profile.name] = signer
        return signer


def open_signer(profile: SigningProfile) -> Signer:
    """The profile's signer opened now, to prove that its key opens: a PKCS#12 file is read
    afresh (a cached signer would hide a file replaced since); a token's key goes through
    `load_signer`, because a token admits one login per process.

    A PIN the token refused is not offered again by this process (an admin reloading the
    system check page): a token locks itself after a few wrong PINs.
    """
    if isinstance(profile.key, Pkcs12Key):
        return _load_pkcs12(profile, profile.key)
    key = profile.key
    pin = _read_secret(profile, "token PIN", key.pin_env, key.pin_file) or ""
    offered = hashlib.sha256(pin.encode("utf-8")).digest()
    token = (key.module, key.token_label)
    if _refused_pins.get(token) == offered:
        raise SigningKeyUnavailableError(
            f"Signing profile '{profile.name}': token '{key.token_label}' refused this PIN "
            "before (PinIncorrect); it is not offered again, lest the token lock itself.",
            code="signing.pin_refused_before",
            params={"profile": profile.name, "token": key.token_label},
        )
    try:
        return load_signer(profile)
    except SigningKeyUnavailableError as error:
        if "PinIncorrect" in error.message:
            _refused_pins[token] = offered
        raise


def forget_signers() -> None:
    """Drop every cached signer and close token sessions (on shutdown, or between tests)."""
    with _loading:
        _signers.clear()
        _refused_pins.clear()
        for session in _sessions.values():
            session.close()
        _sessions.clear()


def _read_secret(
    profile: SigningProfile, what: str, env_name: str | None, file: Path | None
) -> str | None:
    """The secret from the environment variable, else from the file; None if neither is named."""
    if env_name is None and file is None:
        return None
    if env_name is not None and env_name in os.environ:
        return os.environ[env_name]
    if file is not None:
        try:
            # Secret files are usually written with a trailing newline that is not part of it.
            return file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as error:
            raise SigningSecretMissingError(
                f"Signing profile '{profile.name}': cannot read the {what} file {file} "
                f"({error.strerror}).",
                code="signing_key.secret_file_unreadable",
                params={"profile": profile.name, "file": file, "reason": error.strerror},
            ) from None
    raise SigningSecretMissingError(
        f"Signing profile '{profile.name}': the environment variable {env_name} "
        f"that should hold the {what} is not set.",
        code="signing_key.secret_variable_unset",
        params={"profile": profile.name, "variable": env_name},
    )


def _load_certs(profile: SigningProfile, paths: tuple[Path, ...]) -> list[asn1_x509.Certificate]:
    try:
        return list(load_certs_from_pemder([str(path) for path in paths]))  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise SigningKeyUnavailableError(
            f"Signing profile '{profile.name}': cannot read the certificate chain: {error}",
            code="signing_key.chain_unreadable",
            params={"profile": profile.name, "reason": error},
        ) from error


def _load_pkcs12(profile: SigningProfile, key: Pkcs12Key) -> Signer:
    passphrase = _read_secret(
        profile, "PKCS#12 passphrase", key.passphrase_env, key.passphrase_file
    )
    try:
        data = key.path.read_bytes()
    except OSError as error:
        raise SigningKeyUnavailableError(
            f"Signing profile '{profile.name}': cannot read the PKCS#12 file {key.path} "
            f"({error.strerror}).",
            code="signing_key.key_file_unreadable",
            params={"profile": profile.name, "file": key.path, "reason": error.strerror},
        ) from None
    try:
        loaded = SimpleSigner.load_pkcs12_data(
            data,
            other_certs=_load_certs(profile, profile.chain),
            passphrase=passphrase.encode("utf-8") if passphrase is not None else None,
        )
    except ValueError:
        # The cause would only say "invalid password or PKCS12 data"; never echo the secret.
        raise SigningKeyUnavailableError(
            f"Signing profile '{profile.name}': cannot open the PKCS#12 file {key.path}: "
            "wrong passphrase or damaged file.",
            code="signing_key.key_file_unopenable",
            params={"profile": profile.name, "file": key.path},
        ) from None
    return KeptKeySigner.keeping_key_of(loaded)


def _load_pkcs11(profile: SigningProfile, key: Pkcs11Key) -> Signer:
    pin = _read_secret(profile, "token PIN", key.pin_env, key.pin_file)
    signing_cert: asn1_x509.Certificate | None = None
    if key.certificate is not None:
        try:
            signing_cert = load_cert_from_pemder(str(key.certificate))  # type: ignore[no-untyped-call]
        except (OSError, ValueError) as error:
            raise SigningKeyUnavailableError(
                f"Signing profile '{profile.name}': cannot read the signer certificate "
                f"{key.certificate}: {error}",
                code="signing_key.certificate_unreadable",
                params={"profile": profile.name, "file": key.certificate, "reason": error},
            ) from error
    chain = _load_certs(profile, profile.chain)
    token = (key.module, key.token_label)
    shared = token in _sessions
    session = _sessions[token] if shared else _open_session(profile, key, pin)
    try:
        signer = PKCS11Signer(
            session,
            key_label=key.key_label,
            cert_label=None if signing_cert is not None else key.key_label,
            signing_cert=signing_cert,
            ca_chain=chain,
        )
        # Find the key now, so that a wrong label fails at load time and not mid-signing.
        signer.signing_cert  # noqa: B018
    except Exception as error:
        if not shared:
            session.close()
        raise SigningKeyUnavailableError(
            f"Signing profile '{profile.name}': token '{key.token_label}' has no usable "
            f"key '{key.key_label}': {type(error).__name__} {error}".rstrip(),
            code="signing_key.token_key_unusable",
            params={
                "profile": profile.name,
                "token": key.token_label,
                "key": key.key_label,
                "reason": f"{type(error).__name__} {error}".rstrip(),
            },
        ) from None
    _sessions[token] = session
    return signer


def _open_session(profile: SigningProfile, key: Pkcs11Key, pin: str | None) -> Session:
    try:
        return open_pkcs11_session(
            str(key.module), token_criteria=TokenCriteria(label=key.token_label), user_pin=pin
        )
    except Exception as error:
        # python-pkcs11 raises bare exception classes (PinIncorrect, …) with no message.
        raise SigningKeyUnavailableError(
            f"Signing profile '{profile.name}': cannot open token '{key.token_label}' "
            f"with module {key.module}: {type(error).__name__} {error}".rstrip(),
            code="signing_key.token_unopenable",
            params={
                "profile": profile.name,
                "token": key.token_label,
                "module": key.module,
                "reason": f"{type(error).__name__} {error}".rstrip(),
            },
        ) from None
