"""The database: reachable, and migrated to the schema this Sohoa expects."""

from __future__ import annotations

from config import Settings
from health_checks.findings import Finding, ok, problem, warning
from store.database import StoreUnavailableError
from store.schema_state import read_schema_state


def check_database(settings: Settings) -> list[Finding]:
    try:
        state = read_schema_state(settings.store_url)
    except StoreUnavailableError as error:
        return [
            problem(
                "database", "doctor.database.unreachable", error.message,
                "start the database server, or correct database_url (SOHOA_DATABASE_URL); "
                "check that this host may reach it",
                reason=error.message,
            )
        ]  # fmt: skip
    where = state.shown_url
    if not state.exists:
        return [
            warning(
                "database", "doctor.database.not_made",
                f"the embedded database {where} is not made yet; the first start makes it",
                None, url=where,
            )
        ]  # fmt: skip
    reached = ok("database", "doctor.database.reachable", f"{where} answers", url=where)
    if state.is_current:
        return [reached, ok("database.schema", "doctor.database.current",
                            f"the schema is at the newest migration, {state.head}",
                            revision=state.head)]  # fmt: skip
    found = state.revision or "none"
    return [
        reached,
        problem(
            "database.schema", "doctor.database.behind",
            f"the schema is at migration {found}, this Sohoa needs {state.head}",
            "run: sohoa db upgrade (after a backup)",
            revision=found, head=state.head,
        ),
    ]  # fmt: skip
