"""Which components (thành phần hồ sơ) a procedure requires, and which one a document is.

With the rule "all_required", a dossier's intake papers count as digitized only when a
digitized document stands for each component its procedure lists.
"""

from __future__ import annotations

from config import ExitCode, SohoaError
from config.rates_settings import IntakeRule
from store import audit
from store.database import Store
from store.register import find_procedure, remove_procedure_components
from store.schema import DocumentRecord, ProcedureComponentRecord


class ComponentError(SohoaError):
    exit_code = ExitCode.bad_args


def set_procedure_components(
    store: Store, procedure_code: str, names: list[str], rule: IntakeRule | None, actor: str
) -> None:
    """Replace the procedure's component list; `rule` None keeps the settings' default."""
    cleaned = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    with store.writing() as session:
        procedure = find_procedure(session, procedure_code)
        if procedure is None:
            raise ComponentError(
                f"No procedure {procedure_code} in the register (import the register first).",
                code="component.procedure_unknown",
                params={"procedure": procedure_code},
            )
        remove_procedure_components(session, procedure.id)
        session.add_all(
            ProcedureComponentRecord(procedure_id=procedure.id, name=name) for name in cleaned
        )
        procedure.intake_rule = rule.value if rule is not None else None
        audit.record(
            session,
            "procedure.components_set",
            f"procedure:{procedure.id}",
            actor,
            components=cleaned,
            rule=procedure.intake_rule,
        )


def set_document_component(store: Store, document_id: int, name: str, actor: str) -> None:
    with store.writing() as session:
        document = session.get(DocumentRecord, document_id)
        if document is None:
            raise ComponentError(
                f"There is no document {document_id}.",
                code="component.document_not_found",
                params={"document": document_id},
            )
        before = document.component
        document.component = name.strip() or None
        audit.record(
            session,
            "document.component_set",
            f"document:{document_id}",
            actor,
            component=document.component,
            before=before,
        )
