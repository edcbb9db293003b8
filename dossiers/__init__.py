"""Dossier and procedure codes, the dossier register, and the rules that tag scans to dossiers."""

from dossiers.codes import (
    CodeGeneration,
    DossierCode,
    ProcedureCode,
    code_at_start,
    find_dossier_codes,
    parse_dossier_code,
    parse_procedure_code,
)
from dossiers.errors import InvalidDossierCodeError, InvalidProcedureCodeError, RegisterError
from dossiers.register import Channel, RegisterImport, RegisterRow, RowProblem, read_register
from dossiers.tagging import (
    StackPart,
    Tag,
    TagSource,
    choose_tag,
    separator_code,
    split_stack,
)

__all__ = [
    "Channel",
    "CodeGeneration",
    "DossierCode",
    "InvalidDossierCodeError",
    "InvalidProcedureCodeError",
    "ProcedureCode",
    "RegisterError",
    "RegisterImport",
    "RegisterRow",
    "RowProblem",
    "StackPart",
    "Tag",
    "TagSource",
    "choose_tag",
    "code_at_start",
    "find_dossier_codes",
    "parse_dossier_code",
    "parse_procedure_code",
    "read_register",
    "separator_code",
    "split_stack",
]
