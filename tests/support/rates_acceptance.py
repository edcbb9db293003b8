"""The province's year (DOMAIN.md, "Where the numbers come from") as a register to count.

45,540 dossiers received in 2025, 43,581 of them with digitized intake papers; 44,840
resolved in 2025 needing a written result, 33,228 of them with a digitized result. Around
them, what must not be counted: dossiers of 2024 and 2026, a procedure with no written
result, dossiers still open, intake papers that are only received, quarantined, or a split
stack's own row, online dossiers with no papers at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from tests.support.rates_register import Row, document_row, dossier_row, unit_row

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2025, 1, 1), date(2025, 12, 31)
RECEIVED, INTAKE_DIGITIZED = 45_540, 43_581
RESOLVED, RESULT_DIGITIZED = 44_840, 33_228


@dataclass(frozen=True)
class Dossier:
    received_at: datetime
    resolved_at: datetime | None
    result_required: bool
    online: bool
    intake: str
    """'digitized', 'none', 'received', 'quarantined', 'split' (the stack row only)."""
    result: bool


@dataclass(frozen=True)
class Register:
    units: list[Row]
    dossiers: list[Row]
    documents: list[Row]
    full: int
    """Received in 2025, intake digitized and, where required, result digitized."""


def province_year() -> Register:
    plan = list(_plan())
    dossiers, documents = [], []
    document_ids = count(1)
    for number, dossier in enumerate(plan, start=1):
        dossiers.append(
            dossier_row(
                number,
                dossier.received_at,
                resolved_at=dossier.resolved_at,
                unit_id=1 + number % 3,
                channel="online" if dossier.online else "counter",
                result_required=dossier.result_required,
            )
        )
        documents.extend(_documents(dossier, number, document_ids))
    full = sum(
        1
        for dossier in plan
        if _in_2025(dossier.received_at)
        and (dossier.online or dossier.intake == "digitized")
        and (dossier.result or not dossier.result_required)
    )
    units = [unit_row(number, f"UB{number}") for number in (1, 2, 3)]
    return Register(units, dossiers, documents, full)


def _plan() -> Iterator[Dossier]:
    """The dossiers received in 2025 first (in four kinds), then those around them."""
    kinds = [(44_340, "resolved"), (400, "next year"), (300, "open"), (500, "no result")]
    assert sum(size for size, _ in kinds) == RECEIVED
    online = {number for number in range(RECEIVED) if number % 10 == 0}
    counter = [number for number in range(RECEIVED) if number not in online]
    lacking = {counter[place] for place in _spread(len(counter), RECEIVED - INTAKE_DIGITIZED)}
    # The result count is made up of 2025's own dossiers and 500 from December 2024.
    with_result = _spread(44_340, RESULT_DIGITIZED - 250)
    number = 0
    for size, kind in kinds:
        for place in range(size):
            received = _moment(date(2025, 1, 1), number, RECEIVED, days=330)
            resolved = {
                "resolved": received + timedelta(days=1 + place % 28),
                "next year": _moment(date(2026, 1, 2), place, size, days=20),
                "open": None,
                "no result": received + timedelta(days=5),
            }[kind]
            if kind == "next year":
                received = _moment(date(2025, 12, 2), place, size, days=29)
            yield Dossier(
                received_at=received,
                resolved_at=resolved,
                result_required=kind != "no result",
                online=number in online,
                intake=_lacking_kind(number) if number in lacking else "digitized",
                result=(kind == "resolved" and place in with_result)
                or (kind == "next year" and place % 2 == 0),
            )
            number += 1
    for place in range(500):  # received in December 2024, resolved in January 2025
        yield Dossier(
            _moment(date(2024, 12, 1), place, 500, days=30),
            _moment(date(2025, 1, 5), place, 500, days=15),
            True,
            False,
            "digitized",
            place < 250,
        )
    for place in range(1_000):  # all in 2024
        received = _moment(date(2024, 1, 1), place, 1_000, days=300)
        yield Dossier(received, received + timedelta(days=3), True, False, "digitized", True)
    for place in range(800):  # all in 2026
        received = _moment(date(2026, 2, 1), place, 800, days=200)
        yield Dossier(received, received + timedelta(days=3), True, False, "none", False)


def _documents(dossier: Dossier, number: int, ids: Iterator[int]) -> Iterator[Row]:
    if not dossier.online:
        if dossier.intake == "digitized":
            yield document_row(next(ids), number)
            yield document_row(next(ids), number, status="received")
        elif dossier.intake == "split":
            stack = next(ids)
            yield document_row(stack, number, status="split")
            yield document_row(next(ids), None, parent_id=stack)  # its part, not tagged yet
        elif dossier.intake != "none":
            yield document_row(next(ids), number, status=dossier.intake)
    if dossier.result:
        yield document_row(next(ids), number, kind="result")
    elif dossier.resolved_at is not None and number % 2:
        yield document_row(next(ids), number, kind="result", status="quarantined")


def _lacking_kind(number: int) -> str:
    return ("none", "received", "quarantined", "split")[number % 4]


def _spread(size: int, chosen: int) -> set[int]:
    """`chosen` places evenly spread over range(size)."""
    return {(place * size) // chosen for place in range(chosen)}


def _moment(first: date, place: int, size: int, days: int) -> datetime:
    """The place-th of `size` moments spread over `days` days from `first`, Vietnam time."""
    start = datetime(first.year, first.month, first.day, 7, 30, tzinfo=VIETNAM)
    return start + timedelta(seconds=place * days * 86_400 // size)


def _in_2025(moment: datetime) -> bool:
    return moment.astimezone(VIETNAM).year == 2025
