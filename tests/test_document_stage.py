"""Where a document stands: the SQL form of the rule (lists filter and sort by it) gives the
same word as the Python form for every status, signature and batch state."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from queries.document_stage import DocumentStage, in_stage, stage_expression, stage_of
from store.database import Store
from store.schema import BatchRecord, DocumentRecord, UnitRecord
from store.states import BatchState, DocumentStatus
from tests.support.databases import migrated_store

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def test_every_combination_has_the_same_stage_in_sql_and_python(store: Store) -> None:
    combinations = list(itertools.product(DocumentStatus, (None, NOW), (None, *BatchState)))
    expected: dict[int, DocumentStage] = {}
    with store.writing() as session:
        unit = UnitRecord(code="u1", name="Bộ phận một cửa")
        session.add(unit)
        session.flush()
        for number, (status, signed_at, batch_state) in enumerate(combinations):
            batch_id = None
            if batch_state is not None:
                batch = BatchRecord(
                    profile="p", by_hand=False, state=batch_state, created_at=NOW, created_by="t"
                )
                session.add(batch)
                session.flush()
                batch_id = batch.id
            document = DocumentRecord(
                sha256=f"{number:064x}",
                kind="intake",
                status=status,
                unit_id=unit.id,
                original_name=f"{number}.pdf",
                inbox_path=f"u1/intake/{number}.pdf",
                archive_path=f"archive/{number}",
                notes="",
                received_at=NOW,
                signed_at=signed_at,
                batch_id=batch_id,
            )
            session.add(document)
            session.flush()
            expected[document.id] = stage_of(status, signed_at, batch_state)
    joined = select(DocumentRecord.id, stage_expression()).outerjoin(
        BatchRecord, BatchRecord.id == DocumentRecord.batch_id
    )
    with store.reading() as session:
        assert dict(session.execute(joined).tuples().all()) == expected
        for stage in DocumentStage:
            chosen = joined.where(in_stage(stage))
            found = {row[0] for row in session.execute(chosen)}
            assert found == {key for key, value in expected.items() if value == stage}, stage
    assert set(expected.values()) == set(DocumentStage)
