"""Each signing profile: its key opens, its certificate is valid now and for how long, it
chains to the profile's trust roots, and its timestamp service answers.

Findings name a profile and the setting to mend, never a passphrase or PIN; the Vietnamese
of a key that does not open names no path either, as the admin's pages show none.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]

from config import Settings
from health_checks.findings import Finding, ok, problem, warning
from signing.certificate_standing import CertificateStanding, certificate_standing
from signing.configured import configured_profile
from signing.errors import SigningError, SigningSecretMissingError, TimestampServiceError
from signing.keys import open_signer
from signing.profiles import Pkcs12Key, SigningProfile
from signing.timestamps import shown_url, timestamper_at

_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # dates as the office reads them
_TIMESTAMP_SECONDS = 10


def check_signing_profiles(settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    for name in sorted(settings.signing.profiles):
        findings += check_profile(settings, name)
    return findings


def check_profile(settings: Settings, name: str) -> list[Finding]:
    profile = configured_profile(settings, name)
    try:
        signer = open_signer(profile)
    except SigningError as error:
        return [_key_closed(profile, error)]
    findings = [ok("profile.key", "doctor.profile.key_opens", "its key opens", name, profile=name)]
    certificate = signer.signing_cert
    if certificate is None:  # a token key without its certificate
        return [*findings, problem(
            "profile.certificate", "doctor.profile.no_certificate",
            "no signer certificate found beside the key",
            f"name the signer certificate in signing.profiles.{name}.certificate", name,
            profile=name,
        )]  # fmt: skip
    chain = [cert for cert in signer.cert_registry if cert != certificate]
    findings += _certificate_findings(settings, profile, certificate, chain)
    if profile.timestamp_url is not None:
        findings.append(_timestamp_finding(name, profile.timestamp_url))
    return findings


def _key_closed(profile: SigningProfile, error: SigningError) -> Finding:
    name = profile.name
    is_file = isinstance(profile.key, Pkcs12Key)
    secret = "passphrase" if is_file else "PIN"
    where = "passphrase_env or passphrase_file" if is_file else "pin_env or pin_file"
    if isinstance(error, SigningSecretMissingError):
        return problem(
            "profile.key", "doctor.profile.secret_missing", error.message,
            f"put the {secret} where signing.profiles.{name}.{where} says (for the service: "
            "its environment file), readable by the service's user only",
            name, profile=name, secret=secret,
        )  # fmt: skip
    if is_file:
        return problem(
            "profile.key", "doctor.profile.pkcs12_closed", error.message,
            f"check the file signing.profiles.{name}.pkcs12 names and its passphrase",
            name, profile=name,
        )  # fmt: skip
    if "PinIncorrect" in error.message or "PinLocked" in error.message:
        return problem(
            "profile.key", "doctor.profile.pin_refused", error.message,
            f"correct the PIN kept where signing.profiles.{name}.{where} says; a token locks "
            "after a few wrong PINs", name, profile=name,
        )  # fmt: skip
    return problem(
        "profile.key", "doctor.profile.token_closed", error.message,
        f"plug the token in and check signing.profiles.{name}.pkcs11_module, token_label and "
        "key_label (pkcs11-tool --list-objects shows what the token holds)",
        name, profile=name,
    )  # fmt: skip


def _certificate_findings(
    settings: Settings,
    profile: SigningProfile,
    certificate: asn1_x509.Certificate,
    chain: list[asn1_x509.Certificate],
) -> list[Finding]:
    name = profile.name
    roots = tuple(dict.fromkeys([*profile.trust_roots, *settings.signing.trust_roots]))
    if not roots:
        return [problem(
            "profile.chain", "doctor.profile.no_trust_roots", "it names no trust roots: its "
            "signatures cannot be shown to hold", f"name the CA's root certificate in "
            f"signing.profiles.{name}.trust_roots", name, profile=name,
        )]  # fmt: skip
    try:
        standing = certificate_standing(certificate, chain, roots)
    except SigningError as error:
        return [problem(
            "profile.chain", "doctor.profile.roots_unreadable", error.message,
            f"correct signing.profiles.{name}.trust_roots (PEM or DER certificates)",
            name, profile=name,
        )]  # fmt: skip
    return [
        _validity(settings, name, standing),
        _chaining(name, standing),
    ]


def _validity(settings: Settings, name: str, standing: CertificateStanding) -> Finding:
    now = dt.datetime.now(dt.UTC)
    days = standing.days_left(now)
    until = standing.not_after.isoformat(timespec="minutes")
    params = {"profile": name, "days": days, "on": _date(standing.not_after),
              "signer": standing.subject}  # fmt: skip
    renew = (
        f"renew the certificate of «{standing.subject}» with its CA and put the new key "
        f"where signing.profiles.{name} says"
    )
    if now < standing.not_before:
        return problem(
            "profile.certificate", "doctor.profile.not_yet_valid",
            f"the certificate is valid only from {standing.not_before.isoformat()}",
            "check the machine's clock (timedatectl), or wait until then", name,
            **{**params, "on": _date(standing.not_before)},
        )  # fmt: skip
    # A signature counts only if made while its certificate is valid (Decree 130/2018/NĐ-CP,
    # Article 9(1)): an expired certificate stops every batch of this profile.
    if now >= standing.not_after:
        return problem("profile.certificate", "doctor.profile.expired",
                       f"the certificate expired on {until}", renew, name, **params)  # fmt: skip
    if days < settings.doctor.certificate_warning_days:
        return warning("profile.certificate", "doctor.profile.expires_soon",
                       f"the certificate expires in {days} days, on {until}", renew, name,
                       **params)  # fmt: skip
    return ok("profile.certificate", "doctor.profile.valid",
              f"the certificate is valid for {days} more days, until {until}", name,
              **params)  # fmt: skip


def _chaining(name: str, standing: CertificateStanding) -> Finding:
    if standing.chain_problem is None:
        return ok("profile.chain", "doctor.profile.chains",
                  "the certificate chains to the profile's trust roots", name,
                  profile=name)  # fmt: skip
    return problem(
        "profile.chain", "doctor.profile.untrusted",
        f"the certificate of «{standing.subject}» does not chain to the profile's trust "
        f"roots ({standing.chain_problem})",
        f"name the root of the CA that issued it in signing.profiles.{name}.trust_roots and "
        f"its intermediate certificates in signing.profiles.{name}.chain",
        name, profile=name, signer=standing.subject,
    )  # fmt: skip


def _timestamp_finding(name: str, url: str) -> Finding:
    shown = shown_url(url)
    stamper = timestamper_at(url, timeout=_TIMESTAMP_SECONDS)
    digest = hashlib.sha256(b"sohoa doctor").digest()
    try:
        asyncio.run(stamper.async_timestamp(digest, "sha256"))
    except TimestampServiceError as error:
        return problem(
            "profile.timestamp", "doctor.profile.timestamp_down", error.message,
            f"ask the timestamp service's provider, or correct "
            f"signing.profiles.{name}.timestamp_url; until then its batches cannot be signed",
            name, profile=name, url=shown,
        )  # fmt: skip
    return ok("profile.timestamp", "doctor.profile.timestamp_ok",
              f"the timestamp service {shown} answers", name, profile=name, url=shown)  # fmt: skip


def _date(moment: dt.datetime) -> str:
    return moment.astimezone(_VIETNAM).strftime("%d/%m/%Y")
