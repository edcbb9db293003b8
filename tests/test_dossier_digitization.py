"""One meaning of "digitized" for a dossier: what the API's `GET /api/dossiers/{code}` says of
a dossier is what the auditor's rates report counts of it, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user
from queries.rates import compute_rates
from service.compose import JobProcess
from store.migrate import upgrade
from store.states import Role
from tests.support.databases import postgres_database
from tests.support.rates_register import (
    component_row,
    document_row,
    dossier_row,
    procedure_row,
    write_register,
)
from tests.support.web import PASSWORD, web_client, web_services

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STRICT, LENIENT = 1, 2
COMPONENTS = ("Tờ khai", "Giấy khai sinh")


@dataclass(frozen=True)
class Case:
    """A dossier received (and maybe resolved) on a day of its own, so that a report of
    that day counts it alone."""

    dossier: dict[str, Any]
    documents: tuple[dict[str, Any], ...]

    @property
    def code(self) -> str:
        return str(self.dossier["code"])

    @property
    def day(self) -> date:
        received: datetime = self.dossier["received_at"]
        return received.astimezone(VIETNAM).date()


def at(day: int) -> datetime:
    return datetime(2026, 3, day, 9, 30, tzinfo=VIETNAM)


def intake(
    document_id: int, dossier: dict[str, Any], component: str | None = None
) -> dict[str, Any]:
    row = document_row(document_id, dossier["id"], component=component)
    return {**row, "dossier_code": dossier["code"]}


def result(document_id: int, dossier: dict[str, Any]) -> dict[str, Any]:
    return {
        **document_row(document_id, dossier["id"], kind="result"),
        "dossier_code": dossier["code"],
    }


def cases() -> dict[str, Case]:
    some = dossier_row(1, at(2), procedure_id=STRICT)
    every = dossier_row(2, at(3), procedure_id=STRICT, resolved_at=at(3))
    online = dossier_row(3, at(4), procedure_id=LENIENT, channel="online")
    counter = dossier_row(4, at(5), procedure_id=LENIENT)
    return {
        "all required, only some components digitized": Case(
            some, (intake(1, some, COMPONENTS[0]),)
        ),
        "all required, every component digitized, result too": Case(
            every,
            (
                intake(2, every, COMPONENTS[0]),
                intake(3, every, COMPONENTS[1]),
                result(4, every),
            ),
        ),
        "filed online, nothing scanned": Case(online, ()),
        "at the counter, nothing scanned": Case(counter, ()),
    }


@dataclass(frozen=True)
class Office:
    services: JobProcess
    token: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def office(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Office]:
    with ExitStack() as stack:
        overrides = {}
        if request.param == "postgresql":
            overrides["database_url"] = stack.enter_context(postgres_database())
        folder = tmp_path_factory.mktemp("digitization") / "var"
        services = stack.enter_context(web_services(folder, **overrides))
        upgrade(services.store)
        write_register(
            services.store,
            procedures=[
                procedure_row(STRICT, "1.001612", intake_rule="all_required"),
                procedure_row(LENIENT, "2.000815"),
            ],
            components=[
                component_row(number, STRICT, name) for number, name in enumerate(COMPONENTS, 1)
            ],
            dossiers=[case.dossier for case in cases().values()],
            documents=[document for case in cases().values() for document in case.documents],
        )
        add_user(services.store, UserSpec("kiem", frozenset({Role.AUDITOR}), PASSWORD), "test")
        yield Office(services, create_api_token(services.store, "kiem", "một cửa", "test"))


@pytest.mark.parametrize("name", list(cases()))
def test_the_api_says_of_a_dossier_what_the_rates_count(office: Office, name: str) -> None:
    case = cases()[name]
    with web_client(office.services) as client:
        answer = client.get(
            f"/api/dossiers/{case.code}", headers={"Authorization": f"Bearer {office.token}"}
        )
    assert answer.status_code == 200, answer.text
    status = answer.json()
    settings = office.services.settings.rates
    report = compute_rates(office.services.store, settings, case.day, case.day)
    intake_rate, result_rate = report.total.intake, report.total.result
    assert intake_rate.denominator == 1, "the day's report counts this dossier alone"
    assert status["intake_digitized"] == (intake_rate.numerator == 1)
    if case.dossier["resolved_at"] is not None:
        assert result_rate.denominator == 1
        assert status["result_digitized"] == (result_rate.numerator == 1)


def test_the_cases_cover_both_answers(office: Office) -> None:
    """Against a test that passes by saying "no" to everything."""
    settings = office.services.settings.rates
    counted = {
        name: compute_rates(office.services.store, settings, case.day, case.day).total.intake
        for name, case in cases().items()
    }
    assert {name: rate.numerator for name, rate in counted.items()} == {
        "all required, only some components digitized": 0,
        "all required, every component digitized, result too": 1,
        "filed online, nothing scanned": 1,
        "at the counter, nothing scanned": 0,
    }
