"""What the admin chose when setting the office up: every answer, already gathered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class UnitSpec:
    code: str
    """The unit's inbox folder name."""
    name: str
    """The name people read."""


@dataclass(frozen=True)
class Pkcs12Source:
    """A PKCS#12 file from the office's CA."""

    file: Path
    passphrase: str
    passphrase_env: str | None = None
    """Set: the service reads the passphrase from this variable; unset: from a secret file."""
    chain: tuple[Path, ...] = ()
    trust_roots: tuple[Path, ...] = ()
    """Unset: the self-signed certificates the file carries."""


@dataclass(frozen=True)
class Pkcs11Source:
    """A key on a PKCS#11 token or HSM."""

    module: Path
    token_label: str
    key_label: str
    pin: str
    pin_env: str | None = None
    """Set: the service reads the PIN from this variable; unset: from a secret file."""
    certificate: Path | None = None
    """Unset: the certificate the token keeps beside the key."""
    chain: tuple[Path, ...] = ()
    trust_roots: tuple[Path, ...] = ()


@dataclass(frozen=True)
class DemoSource:
    """Throwaway keys for a trial, trusted in this data directory only."""


KeySource = Pkcs12Source | Pkcs11Source | DemoSource


@dataclass(frozen=True)
class SetupRequest:
    config_file: Path
    data_dir: Path
    admin: str
    admin_password: str
    units: tuple[UnitSpec, ...]
    key: KeySource
    profile: str
    office: str
    """The office's name, on demo certificates."""
    timestamp_url: str | None = None
    force: bool = False


@dataclass(frozen=True)
class SetupResult:
    config_file: Path
    backup: Path | None
    """The settings file replaced (with --force), kept under this name."""
    data_dir: Path
    profile: str
    signer_name: str
    trust_roots: tuple[Path, ...]
    admin_added: bool
    """False when the admin existed already (set up again with --force) and was kept."""
