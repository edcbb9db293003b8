"""The `[signing]` settings: named profiles, which profile signs what, and who approves.

A profile names where its passphrase or PIN is found (an environment variable or a
secret file), never the secret itself, so a settings file can be shared and committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator

from config.section import Section


class AppearanceSettings(Section):
    kind: Literal["personal", "agency"] = Field(
        description="'personal': the clerk's stamp at the top-left of page 1 (name, scan "
        "time); 'agency': the agency's stamp at the top-right (copy type, name, signing time)."
    )
    name: str | None = Field(
        None, description="Name shown in the stamp; unset: the certificate's common name."
    )
    copy_type: Literal["SAO Y", "SAO LỤC", "TRÍCH SAO"] | None = Field(
        None,
        description="Agency stamps: the form of copy of Decree 30/2020 (Appendix I, Part II): "
        "'SAO Y' (unset), 'SAO LỤC' or 'TRÍCH SAO'.",
    )
    label: str | None = Field(
        None,
        description="Agency stamps: a line above the form of copy, e.g. 'Bản sao điện tử'; "
        "unset: none (the rule prints none).",
    )
    seal: Path | None = Field(
        None, description="Agency stamps: a red seal image (PNG), drawn only with show_seal."
    )
    show_seal: bool = Field(
        False,
        description="Agency stamps: draw the seal. Off: Decree 30/2020 shows no image on an "
        "electronic copy.",
    )
    seal_width_mm: float | None = Field(
        None, gt=0, description="The seal's real width; unset: from the PNG's resolution."
    )
    font: Path | None = Field(
        None, description="A font with 1000 units per em; unset: FreeSerif (Debian)."
    )
    margin_mm: float = Field(10.0, ge=0, le=50, description="Distance from the page edges.")

    @model_validator(mode="after")
    def _seal_to_show(self) -> Self:
        if self.show_seal and self.seal is None:
            raise ValueError("'show_seal' asks for the seal, but no 'seal' image is given")
        return self


class ProfileSettings(Section):
    pkcs12: Path | None = Field(None, description="A PKCS#12 (.p12/.pfx) file holding the key.")
    passphrase_env: str | None = Field(
        None, description="Environment variable holding the PKCS#12 passphrase."
    )
    passphrase_file: Path | None = Field(None, description="File holding the PKCS#12 passphrase.")
    pkcs11_module: Path | None = Field(None, description="PKCS#11 library of a token.")
    token_label: str | None = Field(None, description="Label of the token.")
    key_label: str | None = Field(None, description="Label of the key on the token.")
    pin_env: str | None = Field(None, description="Environment variable holding the PIN.")
    pin_file: Path | None = Field(None, description="File holding the token PIN.")
    certificate: Path | None = Field(
        None, description="Signer certificate, when the token holds only the key."
    )
    chain: list[Path] = Field(
        default_factory=list, description="Intermediate certificates to embed (PEM or DER)."
    )
    trust_roots: list[Path] = Field(
        default_factory=list, description="Roots that signatures of this profile chain to."
    )
    timestamp_url: str | None = Field(
        None, description="RFC 3161 timestamp service; set: PAdES B-T, unset: B-B."
    )
    approvers: list[str] = Field(
        default_factory=list, description="Users allowed to approve batches for this profile."
    )
    appearance: AppearanceSettings | None = Field(
        None, description="The visible stamp; unset: an invisible signature."
    )

    @model_validator(mode="after")
    def _one_key_source(self) -> Self:
        if (self.pkcs12 is None) == (self.pkcs11_module is None):
            raise ValueError("give either 'pkcs12' or 'pkcs11_module' (exactly one)")
        if self.pkcs11_module is not None and (self.token_label is None or self.key_label is None):
            raise ValueError("a PKCS#11 profile needs 'token_label' and 'key_label'")
        return self


class UnitSigning(Section):
    intake: str | None = Field(None, description="Profile signing this unit's intake scans.")
    result: str | None = Field(None, description="Profile signing this unit's results.")


class SigningSettings(Section):
    profiles: dict[str, ProfileSettings] = Field(
        default_factory=dict, description="Named signing profiles."
    )
    intake: str | None = Field(
        None, description="Profile signing intake scans (a clerk's personal key)."
    )
    result: str | None = Field(None, description="Profile signing results (the agency's key).")
    units: dict[str, UnitSigning] = Field(
        default_factory=dict, description="Per unit (inbox folder), other profiles."
    )
    trust_roots: list[Path] = Field(
        default_factory=list,
        description="Roots `sohoa verify` trusts besides those of the profiles.",
    )
    ltv_hours: float = Field(
        24.0, gt=0, description="Hours between passes that add long-term validation data."
    )

    @model_validator(mode="after")
    def _named_profiles_exist(self) -> Self:
        named = [("signing.intake", self.intake), ("signing.result", self.result)]
        for unit, choice in self.units.items():
            named += [(f"signing.units.{unit}.intake", choice.intake)]
            named += [(f"signing.units.{unit}.result", choice.result)]
        for key, profile in named:
            if profile is not None and profile not in self.profiles:
                raise ValueError(f"'{key}' names profile '{profile}', which is not defined")
        return self

    def profile_for(self, unit: str, kind: str) -> str | None:
        """The profile that signs documents of this unit and kind (intake or result)."""
        choice = self.units.get(unit)
        chosen = getattr(choice, kind, None) if choice is not None else None
        return chosen if chosen is not None else getattr(self, kind, None)
