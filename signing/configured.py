"""Signing profiles and trust roots as the settings describe them."""

from __future__ import annotations

from pathlib import Path

from config import ConfigError, Settings
from config.signing_settings import AppearanceSettings, ProfileSettings
from signing.appearance import Appearance, AppearanceKind
from signing.profiles import KeySource, Pkcs11Key, Pkcs12Key, SigningProfile


def configured_profile(settings: Settings, name: str) -> SigningProfile:
    described = settings.signing.profiles.get(name)
    if described is None:
        known = ", ".join(sorted(settings.signing.profiles)) or "none"
        raise ConfigError(
            f"No signing profile '{name}' in the settings (defined: {known}).",
            code="signing.profile_unknown",
            params={"profile": name, "known": ", ".join(sorted(settings.signing.profiles)) or "—"},
        )
    return SigningProfile(
        name=name,
        key=_key_source(described),
        chain=tuple(described.chain),
        trust_roots=tuple(described.trust_roots),
        timestamp_url=described.timestamp_url,
        appearance=_appearance(described.appearance),
    )


def configured_trust_roots(settings: Settings) -> tuple[Path, ...]:
    """Every root the settings trust: `signing.trust_roots` and each profile's, once each."""
    roots = list(settings.signing.trust_roots)
    for profile in settings.signing.profiles.values():
        roots += profile.trust_roots
    return tuple(dict.fromkeys(roots))


def _key_source(described: ProfileSettings) -> KeySource:
    if described.pkcs12 is not None:
        return Pkcs12Key(
            path=described.pkcs12,
            passphrase_env=described.passphrase_env,
            passphrase_file=described.passphrase_file,
        )
    assert described.pkcs11_module is not None  # the settings allow no third kind
    assert described.token_label is not None and described.key_label is not None
    return Pkcs11Key(
        module=described.pkcs11_module,
        token_label=described.token_label,
        key_label=described.key_label,
        pin_env=described.pin_env,
        pin_file=described.pin_file,
        certificate=described.certificate,
    )


def _appearance(described: AppearanceSettings | None) -> Appearance | None:
    if described is None:
        return None
    return Appearance(
        kind=AppearanceKind(described.kind),
        name=described.name,
        copy_type=described.copy_type,
        label=described.label,
        seal=described.seal,
        show_seal=described.show_seal,
        seal_width_mm=described.seal_width_mm,
        font=described.font,
        margin_mm=described.margin_mm,
    )
