"""`sohoa doctor` and the admin's page «Kiểm tra hệ thống»: is this machine ready to run
Sohoa? Every check reads, none changes anything; each says ok, warns, or names a problem
with its fix. Read this first; the checks are in the modules beside it."""

from __future__ import annotations

from collections.abc import Callable

from config import Settings
from health_checks.broker import check_broker
from health_checks.data_directory import check_data_directory, check_secret_files
from health_checks.database import check_database
from health_checks.findings import DoctorReport, Finding
from health_checks.programs import check_fonts, check_poppler, check_qpdf, check_tesseract
from health_checks.signing_profiles import check_signing_profiles
from health_checks.web_port import check_web_port

CHECKS: tuple[Callable[[Settings], list[Finding]], ...] = (
    check_tesseract,
    check_poppler,
    check_qpdf,
    check_fonts,
    check_data_directory,
    check_secret_files,
    check_database,
    check_broker,
    check_web_port,
    check_signing_profiles,
)


def examine(settings: Settings) -> DoctorReport:
    """Every check, in the order an operator mends things: programs, disk, record, profiles."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings += check(settings)
    return DoctorReport(tuple(findings))
