"""The reports' own sentences and labels as the terminal shows them, in the command line's
language: the rates report's definitions, group labels and missing-dossier details, and the
audit trail's proof under the rates and receipt-usage reports.

The reports write them in Vietnamese, the office's official wording, kept as it is in the
exports, on the web and in `--json`. The terminal shows that wording too, unless English
was asked for: then these English renderings of it. They are not messages in `_()`: their
Vietnamese is the reports' own, not the catalogue's.
"""

from __future__ import annotations

import re
import unicodedata

from queries.missing import COMPONENTS, NO_INTAKE, NO_RESULT
from queries.rates import TOTAL
from reports.rates_definitions import SENTENCES, Definition
from reports.rates_grouping import CHANNELS, UNKNOWN
from reports.rates_labels import describe_group, format_date, format_integer, in_vietnam
from reports.rates_model import Grouping
from reports.trail_proof import TrailProof, describe_trail_proof
from service.i18n import current_language

_DEFINITIONS = {
    Definition.INTAKE_ONLINE_COUNTS: (
        "Intake digitization rate = dossiers received in the period whose intake papers are "
        "digitized ÷ dossiers received in the period; dossiers submitted online count as "
        "digitized."
    ),
    Definition.INTAKE_ONLINE_NEEDS_PAPERS: (
        "Intake digitization rate = dossiers received in the period whose intake papers are "
        "digitized ÷ dossiers received in the period; dossiers submitted online count only "
        "when their intake papers are digitized too."
    ),
    Definition.AT_LEAST_ONE: (
        "A dossier's intake papers are digitized when at least one of its intake documents "
        "is digitized."
    ),
    Definition.ALL_REQUIRED: (
        "Under a procedure requiring every component, a dossier's intake papers are "
        "digitized when every required component of the procedure has a digitized document."
    ),
    Definition.RESULT: (
        "Result digitization rate = dossiers resolved in the period with a digitized result "
        "÷ dossiers resolved in the period whose procedure has a written result."
    ),
    Definition.RESULT_ALL: (
        "Result digitization rate = dossiers resolved in the period with a digitized result "
        "÷ all dossiers resolved in the period (every resolved dossier, as the province's "
        "digitization tracker counts)."
    ),
    Definition.FULL: (
        "Fully digitized rate = dossiers received in the period whose intake papers are "
        "digitized and, where the procedure has a written result, whose result is digitized "
        "÷ dossiers received in the period; a dossier needing a result that has no digitized "
        "result yet does not count as fully digitized."
    ),
    Definition.DOCUMENTS: (
        "A digitized document has a digitized copy and is linked to the dossier when the "
        "report is made, signed or not (a file attached); a split stack counts by its parts, "
        "quarantined documents not at all."
    ),
    Definition.REUSE: (
        "Reuse rate = dossiers received in the period with at least one component taken from "
        "documents or results already digitized (not submitted again, not scanned again) ÷ "
        "dossiers received in the period; each dossier counts once however many documents it "
        "reuses."
    ),
    Definition.DOCUMENTS_SIGNED: (
        "A digitized document has a digitized copy, is linked to the dossier when the report "
        "is made and is digitally signed with a signature checked valid on the very file "
        "kept; unsigned documents, invalid signatures and signatures not yet checked do not "
        "count; a split stack counts by its parts, quarantined documents not at all."
    ),
    Definition.PERIOD: (
        "The period is in Vietnam time, its first and last days included; dossiers received "
        "count by when they were received, dossiers resolved by when they were resolved."
    ),
    Definition.MONTHS: (
        "By month: received and fully digitized dossiers fall in the month they were "
        "received, results in the month they were resolved."
    ),
    Definition.WEEKS: (
        "By week (ISO weeks, Monday to Sunday): received and fully digitized dossiers fall "
        "in the week they were received, results in the week they were resolved."
    ),
}
_ENGLISH_DEFINITIONS = {
    unicodedata.normalize("NFC", SENTENCES[definition]): english
    for definition, english in _DEFINITIONS.items()
}
_LABELS = {
    TOTAL: "Total",
    UNKNOWN: "(unknown)",
    CHANNELS["counter"]: "At the counter",
    CHANNELS["online"]: "Online",
    CHANNELS["postal"]: "By post",
}
_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")
_COMPONENTS_PREFIX = COMPONENTS.split("{}", 1)[0]
_DETAILS = {
    NO_INTAKE: "No intake document is digitized yet.",
    NO_RESULT: "No result is digitized yet.",
    _COMPONENTS_PREFIX: "Components not digitized yet: ",
}


def in_english() -> bool:
    return current_language() == "en"


def definition_said(sentence: str) -> str:
    """One of the report's definitions (`RatesReport.definitions`)."""
    if not in_english():
        return sentence
    return _ENGLISH_DEFINITIONS.get(unicodedata.normalize("NFC", sentence), sentence)


def group_said(label: str, grouping: Grouping | None) -> str:
    """A row's label: a unit or procedure code, a field, a channel, a month, a week, the total."""
    if not in_english():
        return describe_group(label, grouping)
    if grouping is Grouping.WEEK and (week := _WEEK.fullmatch(label)):
        return f"Week {week['week']}/{week['year']}"
    if grouping is Grouping.CHANNEL or label in (TOTAL, UNKNOWN):
        return _LABELS.get(label, label)
    return describe_group(label, grouping)


def missing_detail_said(detail: str) -> str:
    """What a dossier lacks (`MissingDossier.detail`); the components' names as registered."""
    if not in_english():
        return detail
    for vietnamese, english in _DETAILS.items():
        detail = detail.replace(vietnamese, english)
    return detail


def trail_proof_said(proof: TrailProof) -> str:
    """The audit trail's length and what its newest signed checkpoint proves."""
    if not in_english():
        return describe_trail_proof(proof)
    trail = f"The audit trail holds {format_integer(proof.entries)} entries"
    seen = proof.checkpoint
    if seen is None:
        return f"{trail}; no checkpoint has been signed yet."
    made = in_vietnam(seen.made_at)
    said = (
        f"{trail}; the checkpoint signed at {made:%H:%M} on {format_date(made)} confirms the "
        f"first {format_integer(seen.entries)} entries, hash {seen.head_hash[:16]}"
    )
    if seen.problem is None:
        return f"{said}, which match the trail as it is now."
    return f"{said}, which do NOT match the trail as it is now: it was cut short or altered."
