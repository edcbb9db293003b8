"""The store on real SQLite and real PostgreSQL: migrations, guards, audit chain, search."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from dossiers.folding import fold
from store.audit import record, verify_chain
from store.database import Store
from store.migrate import is_current, upgrade
from store.schema import AuditRecord, DocumentRecord, PageRecord, UnitRecord
from store.search import search_pages
from tests.support.databases import migrated_store, postgres_database, sqlite_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def test_migrations_create_every_table_and_run_twice_harmlessly(store: Store) -> None:
    upgrade(store)
    assert is_current(store)
    tables = set(inspect(store.engine).get_table_names())
    expected = {"units", "procedures", "dossiers", "documents", "document_pages", "jobs"}
    assert expected | {"audit_entries"} <= tables


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    opened = Store(sqlite_url(tmp_path))
    with opened.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    opened.dispose()


def test_datetimes_come_back_aware_in_utc(store: Store) -> None:
    with store.writing() as session:
        unit = UnitRecord(code="u1", name="")
        session.add(unit)
        session.flush()
        session.add(_document(unit.id, "a" * 64, "đơn đề nghị"))
    with store.reading() as session:
        document = session.scalars(select(DocumentRecord)).one()
        assert document.received_at == datetime(2026, 8, 4, 2, 30, tzinfo=UTC)


def test_the_audit_chain_verifies_and_names_an_altered_entry(store: Store) -> None:
    with store.writing() as session:
        for number in range(5):
            record(session, "document.received", f"document:{number}", name=f"tệp {number}.pdf")
    with store.reading() as session:
        report = verify_chain(session)
    assert report.intact and report.entries == 5
    _tamper(store, 'UPDATE audit_entries SET details = \'{"name":"khác.pdf"}\' WHERE id = 3')
    with store.reading() as session:
        report = verify_chain(session)
    assert report.first_bad_id == 3
    assert report.problem is not None and "content" in report.problem


def test_removed_and_reordered_entries_are_named(store: Store) -> None:
    with store.writing() as session:
        for number in range(4):
            record(session, "document.received", f"document:{number}")
    _tamper(store, "DELETE FROM audit_entries WHERE id = 2")
    with store.reading() as session:
        assert verify_chain(session).first_bad_id == 3
    _tamper(
        store,
        "UPDATE audit_entries SET id = 30 WHERE id = 3; "
        "UPDATE audit_entries SET id = 3 WHERE id = 4; "
        "UPDATE audit_entries SET id = 4 WHERE id = 30",
    )
    with store.reading() as session:
        assert verify_chain(session).first_bad_id is not None


def test_the_database_refuses_to_change_or_delete_audit_entries(store: Store) -> None:
    with store.writing() as session:
        record(session, "document.received", "document:1")
    for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"):
        with pytest.raises(DatabaseError, match="append-only"), store.writing() as session:
            session.execute(text(statement))
    with store.reading() as session:
        assert session.scalars(select(AuditRecord.actor)).all() == ["system"]


def test_search_ignores_diacritics_and_case_and_gives_page_and_snippet(store: Store) -> None:
    with store.writing() as session:
        unit = UnitRecord(code="u1", name="")
        session.add(unit)
        session.flush()
        document = _document(unit.id, "b" * 64, "giấy tờ.pdf")
        session.add(document)
        session.flush()
        for number, page_text in enumerate(
            ["Trang bìa", "Đơn xin cấp lại HỒ SƠ đất đai của ông Nguyễn Văn Đức"], start=1
        ):
            session.add(
                PageRecord(
                    document_id=document.id,
                    number=number,
                    text=page_text,
                    folded=fold(page_text),
                    barcodes="",
                )
            )
    with store.reading() as session:
        hits = search_pages(session, "ho so dat dai")
        assert [(hit.original_name, hit.page) for hit in hits] == [("giấy tờ.pdf", 2)]
        assert "[HỒ]" in hits[0].snippet
        assert search_pages(session, "nguyen van duc")
        assert search_pages(session, "Đức")
        assert search_pages(session, "so ho"), "words in any order"
        assert not search_pages(session, '"so ho"'), "a quoted phrase in its order"
        assert not search_pages(session, "ho so", dossier_code="H57.132-260804-0583")


def test_folding_keeps_every_position() -> None:
    source = "Đơn ĐỀ NGHỊ cấp lại, ưu tiên: hồ sơ số 7 ß"
    folded = fold(source)
    assert folded == "don de nghi cap lai, uu tien: ho so so 7 ß"
    assert len(folded) == len(source)


def _document(unit_id: int, sha256: str, name: str) -> DocumentRecord:
    return DocumentRecord(
        sha256=sha256,
        kind="intake",
        status="received",
        unit_id=unit_id,
        original_name=name,
        inbox_path=f"u1/intake/{name}",
        archive_path=f"archive/{sha256}",
        notes="",
        received_at=datetime(2026, 8, 4, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )


def _tamper(store: Store, statements: str) -> None:
    """Edit the database as someone with direct access would: around the guards."""
    with store.engine.begin() as connection:
        if store.is_sqlite:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entries_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entries_no_delete")
        else:
            connection.exec_driver_sql("ALTER TABLE audit_entries DISABLE TRIGGER USER")
        for statement in statements.split("; "):
            connection.exec_driver_sql(statement)


def test_the_migrations_match_the_schema_the_code_uses(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from store.schema import Base

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ignored = {"page_search", "page_search_config", "page_search_data", "page_search_docsize"}
    ignored |= {"page_search_idx", "alembic_version", "document_pages_search"}
    meaningful = [d for d in differences if not _about_table(d, ignored)]
    assert meaningful == []


def _about_table(difference: object, names: set[str]) -> bool:
    item = difference[1] if isinstance(difference, tuple) else None
    name = getattr(item, "name", None) or getattr(getattr(item, "table", None), "name", None)
    return name in names


def test_sohoa_db_upgrade_builds_the_schema_on_postgresql(tmp_path: Path) -> None:
    from tests.support.service import sohoa

    with postgres_database() as url:
        first = sohoa(tmp_path / "var", "db", "upgrade", SOHOA_DATABASE_URL=url)
        again = sohoa(tmp_path / "var", "db", "upgrade", SOHOA_DATABASE_URL=url)
        opened = Store(url)
        try:
            assert is_current(opened)
            assert "audit_entries" in inspect(opened.engine).get_table_names()
        finally:
            opened.dispose()
    assert first.returncode == 0, first.stderr
    assert again.returncode == 0 and "up to date" in again.stdout


def test_the_quick_schema_check_names_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from store import migrate

    config = Config()
    config.set_main_option("script_location", str(Path(migrate.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == migrate.HEAD_REVISION
