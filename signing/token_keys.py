"""What a PKCS#11 module offers: its tokens, and the signing keys on one of them.

Used when an office's key on a token or HSM is set up, so that the admin picks a token and a
key from what is there. Listing keys logs in: a wrong PIN is said without the PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pkcs11
from pkcs11 import Attribute, ObjectClass, TokenFlag
from pkcs11 import exceptions as pkcs11_errors

from signing.errors import SigningKeyUnavailableError


@dataclass(frozen=True)
class TokenKey:
    label: str
    certificate: bytes | None
    """The certificate (DER) the token keeps beside the key (same id or label), if any."""


def token_labels(module: Path) -> list[str]:
    """The labels of the initialised tokens in the module's slots (SoftHSM2, for one, always
    offers a blank token to initialise)."""
    tokens = _library(module).get_tokens()
    return sorted(
        token.label for token in tokens if token.flags & TokenFlag.TOKEN_INITIALIZED and token.label
    )


def token_keys(module: Path, token_label: str, pin: str) -> list[TokenKey]:
    """The private keys on token `token_label` (logging in with `pin`), by label."""
    token = _token(module, token_label)
    try:
        with token.open(user_pin=pin) as session:
            certificates = [
                (cert[Attribute.ID], cert[Attribute.LABEL], cert[Attribute.VALUE])
                for cert in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
            ]
            keys = [
                (key[Attribute.ID], key[Attribute.LABEL])
                for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
            ]
    except (pkcs11_errors.PinIncorrect, pkcs11_errors.PinInvalid, pkcs11_errors.PinLenRange):
        raise SigningKeyUnavailableError(
            f"The PIN of token '{token_label}' is wrong.",
            code="signing.pin_wrong",
            params={"token": token_label},
        ) from None
    except pkcs11_errors.PinLocked:
        raise SigningKeyUnavailableError(
            f"Token '{token_label}' is locked after too many wrong PINs; unlock it first.",
            code="signing.pin_locked",
            params={"token": token_label},
        ) from None
    found = [
        TokenKey(label, _certificate_of(key_id, label, certificates))
        for key_id, label in keys
        if label
    ]
    return sorted(found, key=lambda key: key.label)


def _certificate_of(
    key_id: bytes, label: str, certificates: list[tuple[bytes, str, bytes]]
) -> bytes | None:
    for cert_id, cert_label, value in certificates:
        if (key_id and cert_id == key_id) or cert_label == label:
            return bytes(value)
    return None


def _library(module: Path) -> Any:  # the module's stubs do not describe `lib`
    try:
        return pkcs11.lib(str(module))
    except (RuntimeError, OSError, pkcs11_errors.PKCS11Error) as error:
        raise SigningKeyUnavailableError(
            f"{module} cannot be loaded as a PKCS#11 module ({type(error).__name__}).",
            code="signing.module_unusable",
            params={"module": str(module)},
        ) from None


def _token(module: Path, token_label: str) -> pkcs11.Token:
    try:
        token: pkcs11.Token = _library(module).get_token(token_label=token_label)
        return token
    except pkcs11_errors.NoSuchToken:
        present = ", ".join(token_labels(module)) or "none"
        raise SigningKeyUnavailableError(
            f"Module {module} has no token '{token_label}' (present: {present}).",
            code="signing.token_not_found",
            params={"token": token_label, "present": present},
        ) from None
