"""The programs Sohoa runs and what they need: Tesseract with its language data, poppler,
qpdf, and the fonts receipts and signature stamps are drawn with."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from config import Settings
from health_checks.findings import Finding, ok, problem

_SECONDS = 20
# The fonts outputs are drawn with by default: receipts (receipts/pdf_fonts.py) and signature
# stamps (signing/stamp_font.py), from Debian's fonts-freefont-ttf.
DEFAULT_FONTS = (
    Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf"),
    Path("/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf"),
)
_POPPLER = ("pdftoppm", "pdftotext")


def check_tesseract(settings: Settings) -> list[Finding]:
    """Tesseract answers, and has the languages of `[ocr] language` and `osd` (which turns
    pages upright)."""
    if shutil.which("tesseract") is None:
        return [_missing_program("tesseract", "tesseract-ocr")]
    listed = _run("tesseract", "--list-langs")
    if listed is None:
        return [_broken_program("tesseract", "tesseract-ocr")]
    installed = set(listed.split()[1:])  # after the line "List of available languages …"
    wanted = [*settings.ocr.language.split("+"), "osd"]
    version = (_run("tesseract", "--version") or "").split("\n", 1)[0].strip()
    findings = [ok("tesseract", "doctor.program.ok", f"{version} answers", version=version)]
    for language in dict.fromkeys(wanted):
        findings.append(_language_finding(language, installed))
    return findings


def check_poppler(settings: Settings) -> list[Finding]:
    del settings  # the same programs whatever the settings
    return [_program_finding(name, "-v", "poppler-utils") for name in _POPPLER]


def check_qpdf(settings: Settings) -> list[Finding]:
    del settings
    return [_program_finding("qpdf", "--version", "qpdf")]


def check_fonts(settings: Settings) -> list[Finding]:
    """The default fonts, and each font a signing profile's stamp names."""
    fonts = {path: "fonts-freefont-ttf" for path in DEFAULT_FONTS}
    for profile in settings.signing.profiles.values():
        if profile.appearance is not None and profile.appearance.font is not None:
            fonts.setdefault(profile.appearance.font, "")
    return [_font_finding(path, package) for path, package in fonts.items()]


def _language_finding(language: str, installed: set[str]) -> Finding:
    check = f"tesseract.{language}"
    if language in installed:
        return ok(check, "doctor.tesseract.language_ok", f"language data '{language}' is "
                  "installed", language=language)  # fmt: skip
    package = f"tesseract-ocr-{language.lower().replace('_', '-')}"
    return problem(
        check,
        "doctor.tesseract.language_missing",
        f"Tesseract has no language data '{language}' ({language}.traineddata)",
        f"install it: apt-get install {package} (or put {language}.traineddata into the "
        "folder TESSDATA_PREFIX names)",
        language=language,
        package=package,
    )


def _program_finding(name: str, version_option: str, package: str) -> Finding:
    if shutil.which(name) is None:
        return _missing_program(name, package)
    answer = _run(name, version_option)
    if answer is None:
        return _broken_program(name, package)
    version = answer.strip().split("\n", 1)[0]
    return ok(name, "doctor.program.ok", f"{version} answers", version=version)


def _font_finding(path: Path, package: str) -> Finding:
    if path.is_file():
        return ok("font", "doctor.font.ok", f"{path} is there", str(path), path=path)
    message = f"the font {path} is missing: receipts and signature stamps cannot be drawn"
    if package:
        fix = f"install it: apt-get install {package}"
        return problem("font", "doctor.font.missing", message, fix, str(path), path=path,
                       package=package)  # fmt: skip
    fix = "put the font there, or name another in the profile's appearance.font"
    return problem("font", "doctor.font.named_missing", message, fix, str(path), path=path)


def _missing_program(name: str, package: str) -> Finding:
    return problem(
        name,
        "doctor.program.missing",
        f"{name} is not on the PATH",
        f"install it: apt-get install {package} (make setup does)",
        name=name,
        package=package,
    )


def _broken_program(name: str, package: str) -> Finding:
    return problem(
        name,
        "doctor.program.broken",
        f"{name} is on the PATH but does not answer",
        f"reinstall it: apt-get install --reinstall {package}",
        name=name,
        package=package,
    )


def _run(*command: str) -> str | None:
    """What the program printed (some print their version on stderr), or None if it failed."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout or done.stderr
