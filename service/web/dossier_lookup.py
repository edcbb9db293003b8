"""A dossier code as the auditor types it, made into the code the register keeps."""

from __future__ import annotations

from dossiers import InvalidDossierCodeError, parse_dossier_code


def normalized_code(text: str) -> str:
    """A typed code as the register keeps it: capitals, no spaces; a full code without its
    result suffix (-KQ1)."""
    code = "".join(text.split()).upper()
    try:
        return str(parse_dossier_code(code).dossier)
    except InvalidDossierCodeError:
        return code
