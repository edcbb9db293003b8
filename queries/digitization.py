"""The one definition of "intake digitized" and "result digitized", for one dossier and for
a period's counts alike (Decision 766/QĐ-TTg; the rules are settings, see
`config.rates_settings`).

- Intake digitized: the dossier was filed online (when the settings count that as
  digitized: its papers arrived digital), or it has a digitized intake document and,
  under an "all required" procedure that lists components, a digitized intake document
  for every component (matched on `documents.component`). A procedure listing none, or
  under the rule "at least one", needs one document.
- Result digitized: the dossier has a digitized result document.
- A digitized document is one with status 'digitized' linked to the registered dossier
  (`dossier_id`) now: the parts of a split stack count for their own dossiers, the
  stack's row ('split') and quarantined documents never. That is the rule "tagged", the
  national formula's "có file đính kèm" (indicators 4.1 and 4.2 of the portal's
  description of Decision 766; a signature is not tested there).
- Reused (tái sử dụng, `reuse_level`): the dossier has at least one link (`document_reuses`) to an
  already-digitized document of another dossier, taken as one of its components instead of
  being submitted again; the document must still be digitized, and under "tagged_and_signed"
  signed as below. Whatever the document's kind (a paper or an earlier result).
- Under the rule "tagged_and_signed" (a setting), the document must also be signed and
  its signature must have verified on the bytes Sohoa wrote last: `sohoa verify`
  records each signed output's verdict (`store.signature_verdicts`); a signature that
  failed, an output changed since, or one not verified yet does not count.

The conditions are SQL expressions over `DossierRecord`: the rates count them by GROUP BY
(`queries.rates_counts`), the drill-down filters on them (`queries.missing`) and
`dossier_digitization` selects them for one dossier, so the dossier page, the API and the
report cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from config.rates_settings import DigitizedRule, IntakeRule, RatesSettings, ResultScope
from store.schema import (
    DocumentRecord,
    DocumentReuseRecord,
    DossierRecord,
    ProcedureComponentRecord,
    ProcedureRecord,
)
from store.states import DocumentKind, DocumentStatus

ONLINE = "online"


@dataclass(frozen=True)
class Digitization:
    """What the rates count for one registered dossier."""

    intake: bool
    result: bool


def dossier_digitization(
    session: Session, settings: RatesSettings, dossier_id: int
) -> Digitization:
    intake, result = session.execute(
        select(intake_digitized(settings), result_digitized(settings)).where(
            DossierRecord.id == dossier_id
        )
    ).one()
    return Digitization(bool(intake), bool(result))


def intake_digitized(
    settings: RatesSettings, rule: DigitizedRule | None = None
) -> ColumnElement[bool]:
    """True for a dossier whose intake papers count as digitized under the settings (and
    under `rule` instead of the settings' one when given)."""
    rule = rule or settings.digitized_rule
    papers = and_(has_digitized(DocumentKind.INTAKE, rule), _components_digitized(settings, rule))
    if settings.online_counts_as_digitized:
        return or_(DossierRecord.channel == ONLINE, papers)
    return papers


def result_digitized(
    settings: RatesSettings, rule: DigitizedRule | None = None
) -> ColumnElement[bool]:
    """True for a dossier with a result that counts as digitized under the settings."""
    return has_digitized(DocumentKind.RESULT, rule or settings.digitized_rule)


def result_counted(settings: RatesSettings) -> ColumnElement[bool]:
    """A resolved dossier is in the result rate's denominator: every one (provincial
    trackers), or those whose procedure returns a written result (national formula 4.1)."""
    if settings.result_scope is ResultScope.WRITTEN_RESULT:
        return DossierRecord.result_required == true()
    return true()


def has_digitized(
    kind: DocumentKind, rule: DigitizedRule = DigitizedRule.TAGGED
) -> ColumnElement[bool]:
    """The dossier has a digitized document of this kind. A split stack's own row is
    'split' and quarantined rows are 'quarantined': neither counts; the parts do."""
    return exists().where(
        DocumentRecord.dossier_id == DossierRecord.id, *_digitized(kind), *_signed(rule)
    )


def reuse_level() -> ColumnElement[int]:
    """0 when the dossier reuses no document that is still digitized, 1 when it reuses one
    (the rule "tagged"), 3 when one of them is also signed with a verified signature (both
    rules); a document tagged to that dossier itself does not count. One correlated
    subquery, one seek in `ix_document_reuses_dossier` (and the documents it finds by their
    key), however many documents the dossier reuses (counted once). Measured against a
    hashed semi-join, a grouped table joined once and an EXISTS guard (README, "Reusing
    digitized documents"), this cost least on both databases."""
    verified = and_(*_signed(DigitizedRule.TAGGED_AND_SIGNED))
    level = (
        select(func.max(case((verified, 3), else_=1)))
        .where(
            DocumentReuseRecord.dossier_id == DossierRecord.id,
            DocumentRecord.id == DocumentReuseRecord.document_id,
            DocumentRecord.status == literal_column(f"'{DocumentStatus.DIGITIZED.value}'"),
            # A document retagged since to the very dossier it was reused for is that
            # dossier's own document now, not a reuse.
            or_(DocumentRecord.dossier_id.is_(None), DocumentRecord.dossier_id != DossierRecord.id),
        )
        .scalar_subquery()
    )
    return func.coalesce(level, 0)


def strict_procedures(settings: RatesSettings) -> Select[int]:
    """Procedures under "all required" that list at least one component; under any other
    rule, or listing none, one digitized intake document is enough."""
    rule = func.coalesce(ProcedureRecord.intake_rule, settings.default_intake_rule.value)
    return select(ProcedureRecord.id).where(
        rule == IntakeRule.ALL_REQUIRED.value,
        exists().where(ProcedureComponentRecord.procedure_id == ProcedureRecord.id),
    )


def components_not_digitized(
    rule: DigitizedRule = DigitizedRule.TAGGED,
) -> Select[int, str]:
    """(dossier id, component name) for each component a dossier's procedure lists and
    none of the dossier's digitized intake documents is; the caller narrows the dossiers."""
    return (
        select(DossierRecord.id, ProcedureComponentRecord.name)
        .join(
            ProcedureComponentRecord,
            ProcedureComponentRecord.procedure_id == DossierRecord.procedure_id,
        )
        .where(~_component_digitized(rule))
        .order_by(DossierRecord.id, ProcedureComponentRecord.name)
    )


def _components_digitized(settings: RatesSettings, rule: DigitizedRule) -> ColumnElement[bool]:
    missing_one = exists().where(
        ProcedureComponentRecord.procedure_id == DossierRecord.procedure_id,
        ~_component_digitized(rule),
    )
    return case(
        (DossierRecord.procedure_id.in_(strict_procedures(settings)), ~missing_one),
        else_=true(),
    )


def _component_digitized(rule: DigitizedRule) -> ColumnElement[bool]:
    return (
        exists()
        .where(
            DocumentRecord.dossier_id == DossierRecord.id,
            *_digitized(DocumentKind.INTAKE),
            *_signed(rule),
            DocumentRecord.component == ProcedureComponentRecord.name,
        )
        .correlate_except(DocumentRecord)
    )


def _digitized(kind: DocumentKind) -> tuple[ColumnElement[bool], ...]:
    """Written as constants, not parameters, so that the partial indexes
    `ix_documents_digitized_intake` and `..._result` match the query on both databases."""
    return (
        DocumentRecord.status == literal_column(f"'{DocumentStatus.DIGITIZED.value}'"),
        DocumentRecord.kind == literal_column(f"'{kind.value}'"),
    )


def _signed(rule: DigitizedRule) -> tuple[ColumnElement[bool], ...]:
    """Under "tagged_and_signed": signed, and the last verification found the signature
    valid on the bytes Sohoa wrote last (a failed or stale verdict does not count). Written
    as the partial indexes `ix_documents_signed_intake` and `..._result` write them."""
    if rule is DigitizedRule.TAGGED:
        return ()
    return (
        DocumentRecord.signed_at.is_not(None),
        DocumentRecord.signature_valid == literal_column("true"),
        DocumentRecord.signature_checked_sha256 == DocumentRecord.output_sha256,
    )
