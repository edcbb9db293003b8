"""Digitization rates for auditors, computed from the register and the documents at each
query (Decision 766/QĐ-TTg; the rules are settings, see `config.rates_settings`).

What is counted:
- the period is Vietnam days (Asia/Ho_Chi_Minh), `start` and `end` both included;
- intake rate: dossiers received in the period whose intake papers are digitized ÷ dossiers
  received in the period. Online dossiers count as digitized (a setting). Otherwise the
  procedure's rule (`procedures.intake_rule`, else the settings' default) decides:
  "at_least_one" needs one digitized intake document, "all_required" needs a digitized
  intake document for every component the procedure lists (`procedure_components`, matched
  on `documents.component`); a procedure listing none needs one document;
- result rate: dossiers resolved in the period with a digitized result document ÷ dossiers
  resolved in the period: all of them by default, as the provincial trackers of Decision
  766 count ("Đã giải quyết" split into "Đã số hóa" / "Chưa số hóa"), or only those whose
  `result_required` is set, the national formula 4.1 (`result_scope`). A dossier received
  in one period and resolved in the next counts for its intake in the first and its result
  in the second;
- full rate: dossiers received in the period (the scope) whose intake is digitized and,
  where a result is required, which have a digitized result ÷ dossiers received (formula
  4.2: "(1) … số hóa hồ sơ … và (2) cấp kết quả giải quyết điện tử đối với TTHC yêu cầu trả
  kết quả bằng văn bản giấy tờ"). A dossier still waiting for a required result is not
  (yet) fully digitized; those not resolved within the period are counted apart
  (`GroupRates.waiting`), so that a page can say why the full rate is below what the
  missing-result figures suggest;
- a digitized document is one with status 'digitized' linked to the dossier (`dossier_id`)
  now ("có file đính kèm", the national formula's test; the rule "tagged"), or, under
  `digitized_rule = "tagged_and_signed"`, also signed with a signature `sohoa verify`
  verified. Both numerators are counted whatever the rule (`Rate.tagged`, `Rate.signed`).
  The parts of a split stack count for their own dossiers, the stack's row ('split') and
  quarantined documents never; a document tagged later counts from then on, and a
  retagged one for its new dossier only. Nothing is stored: every report recounts;
- points: full at or above the threshold of the plan of the year the period ends in
  (`full_points_by_year`, else `full_points_at`, 80 % as the portal's description of the
  indicators writes "Đạt từ 80% trở lên sẽ đạt điểm tối đa"), below it in proportion;
- by month or week, a dossier's intake and full rates fall in the month (ISO week, label
  "2026-W41") it was received, its result rate in the one it was resolved, in Vietnam time;
  the first and last bucket are clipped to the period;
- reuse rate: dossiers received in the period with at least one component reused from an
  already-digitized document (a `document_reuses` link, `dossier_register.reuse`) ÷
  dossiers received in the period, each dossier counted once however many documents it
  reuses; the reused document must still be digitized under the rule in force (both counts
  kept, as for the other rates). Decision 766's indicators of reuse (as the brief of this
  feature gives them, formulas 4.1–4.3 counting dossiers whose components were taken from
  digitized results instead of being submitted again) were not at hand in their own text:
  the formula is the one the provincial trackers' wording suggests, and the points follow
  the same threshold as the other rates;
- each rate keeps its numerator and denominator; an empty denominator is N/A (None).

What "digitized" means for one dossier is `queries.digitization`, the one definition the
dossier page and the API use too. Two GROUP BY queries do the counting (`rates_counts`), in
one read transaction (REPEATABLE READ on PostgreSQL, so both see the same data); Python only
adds up the groups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from config.rates_settings import DigitizedRule, IntakeRule, RatesSettings
from queries.digitization import strict_procedures
from queries.rates_counts import Found, received_query, resolved_query
from reports.rates_definitions import describe_definitions
from reports.rates_grouping import Label, Labeller
from reports.rates_model import TIME_GROUPINGS, Grouping, GroupRates, Rate, RatesReport
from reports.rates_periods import Bucket, split_period
from reports.rates_request import check_request
from store.database import Store
from store.schema import DossierRecord, ProcedureRecord, UnitRecord

TOTAL = "Tổng cộng"
_RULES = (
    ("tagged", Found.INTAKE_TAGGED, Found.RESULT_TAGGED),
    ("signed", Found.INTAKE_SIGNED, Found.RESULT_SIGNED),
)
"""Each digitized rule's name in the tallies and its flags."""


def compute_rates(
    store: Store,
    settings: RatesSettings,
    start: date,
    end: date,
    grouping: Grouping | None = None,
    then_by: Grouping | None = None,
) -> RatesReport:
    """The rates of the period, in total and per group (and per subgroup with `then_by`)."""
    groupings = check_request(start, end, grouping, then_by)
    time_grouping = next((g for g in groupings if g in TIME_GROUPINGS), None)
    buckets = split_period(start, end, time_grouping)
    with store.reading() as session:
        if not store.is_sqlite:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        counts = _count(session, settings, buckets, groupings)
        rules = _rules_used(session, settings, buckets[0].since, buckets[-1].until)
        names = [_display_names(session, grouping) for grouping in groupings]
    signed = settings.digitized_rule is DigitizedRule.TAGGED_AND_SIGNED
    groups = tuple(
        _named(_group_rates(label, tally, signed), names)
        for label, tally in counts.items()
        if label
    )
    return RatesReport(
        start=start,
        end=end,
        grouping=grouping,
        then_by=then_by,
        groups=groups,
        total=_group_rates(
            (TOTAL,), sum(counts.values(), Counter[str]()), signed, "waiting_at_end"
        ),
        definitions=describe_definitions(settings, rules, groupings),
        # The threshold of the plan of the year the period ends in (a setting per year).
        full_points_at=Decimal(str(settings.full_points_for(end.year))),
        max_points=Decimal(str(settings.max_points)),
        signed_rule=signed,
    )


def _count(
    session: Session,
    settings: RatesSettings,
    buckets: tuple[Bucket, ...],
    groupings: tuple[Grouping, ...],
) -> dict[Label, Counter[str]]:
    """Per label, in report order, the counts under both digitized rules: received,
    intake_*, full_*, reuse_*, waiting_* (unresolved at the end of the label's bucket) and
    waiting_at_end_* (of the period), resolved (those the result rate counts), result_*.
    Without a grouping, the one label is ()."""
    width = len(groupings)
    labeller = Labeller(groupings, buckets, _group_names(session, groupings))
    counts: dict[Label, Counter[str]] = {label: Counter() for label in labeller.every_bucket()}
    for *keys, flags, dossiers in session.execute(received_query(settings, buckets, groupings)):
        found = Found(flags)
        tally = counts.setdefault(labeller.label(keys[:width]), Counter())
        tally["received"] += dossiers
        for rule, intake, result in _RULES:
            digitized = intake in found
            lacking_result = Found.NEEDS_RESULT in found and result not in found
            tally[f"intake_{rule}"] += dossiers if digitized else 0
            tally[f"full_{rule}"] += dossiers if digitized and not lacking_result else 0
            waiting = digitized and lacking_result
            tally[f"waiting_{rule}"] += dossiers if waiting and Found.OPEN in found else 0
            at_end = waiting and Found.OPEN_AT_END in found
            tally[f"waiting_at_end_{rule}"] += dossiers if at_end else 0
        tally["reuse_tagged"] += dossiers if Found.REUSED_TAGGED in found else 0
        tally["reuse_signed"] += dossiers if Found.REUSED_SIGNED in found else 0
    for *keys, flags, dossiers in session.execute(resolved_query(settings, buckets, groupings)):
        found = Found(flags)
        tally = counts.setdefault(labeller.label(keys[:width]), Counter())
        tally["resolved"] += dossiers
        for rule, _, result in _RULES:
            tally[f"result_{rule}"] += dossiers if result in found else 0
    return {label: counts[label] for label in labeller.order(counts)}


def _group_names(
    session: Session, groupings: tuple[Grouping, ...]
) -> dict[Grouping, dict[object, str]]:
    """The codes and fields of units and procedures (small tables, read whole)."""
    names: dict[Grouping, dict[object, str]] = {}
    for grouping in groupings:
        if grouping is Grouping.UNIT:
            query = select(UnitRecord.id, UnitRecord.code)
        elif grouping is Grouping.PROCEDURE:
            query = select(ProcedureRecord.id, ProcedureRecord.code)
        elif grouping is Grouping.FIELD:
            query = select(ProcedureRecord.id, ProcedureRecord.field)
        else:
            continue
        names[grouping] = {key: name for key, name in session.execute(query)}
    return names


def group_names(store: Store, grouping: Grouping) -> dict[str, str]:
    """Code → name of the units or procedures with a name when `grouping` is by them;
    nothing for other groupings."""
    with store.reading() as session:
        return _display_names(session, grouping)


def _display_names(session: Session, grouping: Grouping) -> dict[str, str]:
    """Code → name of the units or procedures (those with a name) when grouping by them."""
    if grouping is Grouping.UNIT:
        query = select(UnitRecord.code, UnitRecord.name)
    elif grouping is Grouping.PROCEDURE:
        query = select(ProcedureRecord.code, ProcedureRecord.name)
    else:
        return {}
    return {code: name for code, name in session.execute(query) if name}


def _named(group: GroupRates, names: list[dict[str, str]]) -> GroupRates:
    return replace(
        group,
        group_name=names[0].get(group.group),
        subgroup_name=names[1].get(group.subgroup or "") if len(names) > 1 else None,
    )


def _rules_used(
    session: Session, settings: RatesSettings, since: datetime, until: datetime
) -> set[IntakeRule]:
    """The intake rules the period's dossiers fell under (for the definitions)."""
    strict = strict_procedures(settings)
    if not session.execute(select(exists(strict))).scalar_one():
        return {IntakeRule.AT_LEAST_ONE}
    received = DossierRecord.received_at >= since, DossierRecord.received_at < until
    under = {
        IntakeRule.ALL_REQUIRED: DossierRecord.procedure_id.in_(strict),
        IntakeRule.AT_LEAST_ONE: or_(
            DossierRecord.procedure_id.is_(None), DossierRecord.procedure_id.not_in(strict)
        ),
    }
    return {
        rule
        for rule, condition in under.items()
        if session.execute(select(exists().where(*received, condition))).scalar_one()
    }


def _group_rates(
    label: Label, tally: Counter[str], signed: bool, waiting: str = "waiting"
) -> GroupRates:
    """The rates under the rule in force (`signed`), each keeping both numerators; the
    waiting dossiers of the bucket (a row) or of the period (`waiting_at_end`, the total)."""
    rule = "signed" if signed else "tagged"

    def rate(name: str, denominator: str) -> Rate:
        tagged, verified = tally[f"{name}_tagged"], tally[f"{name}_signed"]
        numerator = verified if signed else tagged
        return Rate(numerator, tally[denominator], tagged=tagged, signed=verified)

    return GroupRates(
        group=label[0],
        subgroup=label[1] if len(label) > 1 else None,
        intake=rate("intake", "received"),
        result=rate("result", "resolved"),
        full=rate("full", "received"),
        reuse=rate("reuse", "received"),
        waiting=tally[f"{waiting}_{rule}"],
    )
