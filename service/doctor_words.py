"""A doctor's finding in words: Vietnamese from `service.messages.DOCTOR_WORDS` for the web
and the command line, or the finding's own English (`--lang en`)."""

from __future__ import annotations

import logging

from health_checks.findings import Finding
from service.messages import DOCTOR_WORDS

log = logging.getLogger(__name__)

ENGLISH_LABELS = {
    "tesseract": "Tesseract (OCR)",
    "tesseract.language": "Tesseract language data '{language}'",
    "pdftoppm": "poppler: pdftoppm",
    "pdftotext": "poppler: pdftotext",
    "qpdf": "qpdf",
    "font": "font",
    "data.exists": "data directory",
    "data.writable": "data directory writable",
    "disk.free": "free disk space",
    "data.owner": "data directory owner",
    "data.modes": "data directory modes",
    "secret.file": "secret file",
    "database": "database",
    "database.schema": "database schema",
    "broker": "broker (Celery)",
    "web.port": "web port",
    "profile.key": "signing key",
    "profile.certificate": "certificate validity",
    "profile.chain": "certificate chain",
    "profile.timestamp": "timestamp service",
}


def label(finding: Finding, language: str) -> str:
    """What was checked: "Khóa ký", "Tesseract language data 'vie'"."""
    check = "tesseract.language" if finding.check.startswith("tesseract.") else finding.check
    if language == "en":
        template = ENGLISH_LABELS.get(check, finding.check)
    else:
        template = DOCTOR_WORDS.get(f"doctor.check.{check}", finding.check)
    return template.format(language=finding.check.removeprefix("tesseract."))


def message(finding: Finding, language: str) -> str:
    if language == "en":
        return finding.message
    return _vietnamese(finding.code, finding) or finding.message


def fix(finding: Finding, language: str) -> str | None:
    if finding.fix is None or language == "en":
        return finding.fix
    return _vietnamese(f"{finding.code}.fix", finding) or finding.fix


def _vietnamese(code: str, finding: Finding) -> str | None:
    template = DOCTOR_WORDS.get(code)
    if template is None:
        log.warning("doctor: no Vietnamese for %s", code)
        return None
    values = {key: _shown(value) for key, value in finding.params.items()}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        log.warning("doctor: the params of %s do not fill its Vietnamese", code)
        return None


def _shown(value: object) -> object:
    """Fractions as the office writes them: 2,5 GiB, 1.024,5 GiB."""
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return value
