"""Signing profiles: which key signs, how its secret is found, and what it chains to.

A profile names where a passphrase or PIN lives (an environment variable or a secret
file), never the secret itself, so profiles can be logged and committed safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from signing.appearance import Appearance


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path
    passphrase_env: str | None = None
    passphrase_file: Path | None = None


@dataclass(frozen=True)
class Pkcs11Key:
    module: Path
    token_label: str
    key_label: str
    pin_env: str | None = None
    pin_file: Path | None = None
    certificate: Path | None = None
    """The signer certificate, when the token holds only the key; else read from the token."""


KeySource = Pkcs12Key | Pkcs11Key


@dataclass(frozen=True)
class SigningProfile:
    name: str
    key: KeySource
    chain: tuple[Path, ...] = field(default=())
    """Intermediate certificates to embed beside the signer certificate."""
    trust_roots: tuple[Path, ...] = field(default=())
    timestamp_url: str | None = None
    appearance: Appearance | None = None
    """The visible stamp; None signs invisibly."""
