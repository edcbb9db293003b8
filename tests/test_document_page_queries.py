"""What the document page reads and the retag rules, on SQLite and PostgreSQL: the unit's
name, the stage and batch, a page's text, the history oldest first, the place in a batch; a
retag refused for a signed document and for one whose batch an officer holds (the batch row
is locked while it is looked at)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake.manual_tag import TagRefusedError, tag_by_hand
from queries.document_page import (
    PageReading,
    batch_position,
    document_history,
    document_place,
    page_reading,
)
from queries.document_stage import DocumentStage
from queries.documents import find_document
from store import audit
from store.archive import Layout
from store.database import Store
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord, PageRecord, UnitRecord
from store.states import BatchItemState, BatchState, DocumentStatus
from tests.support.databases import migrated_store

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
CODE = "H57.132-261008-0975"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def add_documents(store: Store, count: int, batch_state: BatchState) -> tuple[int, list[int]]:
    """`count` digitized documents of one unit, all in one batch; the batch and their ids."""
    with store.writing() as session:
        unit = UnitRecord(code="xa-an-binh", name="UBND xã An Bình")
        batch = BatchRecord(
            profile="thu-phi", by_hand=True, state=batch_state, created_at=NOW, created_by="t"
        )
        session.add_all([unit, batch])
        session.flush()
        ids = []
        for number in range(count):
            document = DocumentRecord(
                sha256=f"{number:064x}",
                kind="intake",
                status=DocumentStatus.DIGITIZED,
                unit_id=unit.id,
                original_name=f"{number}.png",
                inbox_path=f"xa-an-binh/intake/{number}.png",
                archive_path=f"archive/{number}",
                output_path=f"outputs/xa-an-binh/{CODE}/{number}.pdf",
                dossier_code=CODE,
                tag_source="clerk",
                notes="",
                received_at=NOW,
                page_count=2,
                batch_id=batch.id,
            )
            session.add(document)
            session.flush()
            session.add(
                BatchItemRecord(
                    batch_id=batch.id, document_id=document.id, state=BatchItemState.WAITING
                )
            )
            ids.append(document.id)
        return batch.id, ids


def test_the_page_reads_place_text_history_and_position(store: Store) -> None:
    batch, (first, second, third) = add_documents(store, 3, BatchState.SUBMITTED)
    with store.writing() as session:
        session.add(
            PageRecord(
                document_id=second,
                number=2,
                text="Trang hai",
                folded="trang hai",
                reading="colour_ink_dropped,thresholded",
            )
        )
        audit.record(session, "document.received", f"document:{second}", "system")
        audit.record(session, "document.tagged", f"document:{second}", "web:lan", dossier=CODE)
        audit.record(session, "document.tagged", f"document:{third}", "web:lan", dossier=CODE)
    document = find_document(store, second)
    assert document is not None

    place = document_place(store, document)

    assert (place.unit_name, place.stage) == ("UBND xã An Bình", DocumentStage.SUBMITTED)
    assert (place.batch_id, place.batch_state, place.batch_profile) == (
        batch,
        "submitted",
        "thu-phi",
    )
    assert page_reading(store, second, 2) == PageReading(
        "Trang hai", ("colour_ink_dropped", "thresholded")
    )
    assert page_reading(store, second, 1) == PageReading("", ())
    history = document_history(store, second)
    assert [entry.action for entry in history] == ["document.received", "document.tagged"]
    assert history[1].details == {"dossier": CODE} and history[1].actor == "web:lan"
    position = batch_position(store, batch, second)
    assert position is not None
    assert (position.position, position.total) == (2, 3)
    assert (position.previous_id, position.next_id) == (first, third)
    assert batch_position(store, batch + 1, second) is None


@pytest.mark.parametrize("state", [BatchState.SUBMITTED, BatchState.APPROVED, BatchState.SIGNING])
def test_a_document_whose_batch_an_officer_holds_is_not_retagged(
    store: Store, tmp_path: Path, state: BatchState
) -> None:
    batch, (document_id,) = add_documents(store, 1, state)

    with pytest.raises(TagRefusedError) as refused:
        tag_by_hand(
            store, Layout(tmp_path), document_id, "H57.132-261009-0001", "web:lan", reason="Sai"
        )

    assert refused.value.code == "tag.in_submitted_batch"
    assert refused.value.params == {"document": document_id, "batch": batch}
    with store.reading() as session:
        assert session.get_one(DocumentRecord, document_id).dossier_code == CODE


def test_a_signed_document_is_not_retagged_and_a_reason_is_required(
    store: Store, tmp_path: Path
) -> None:
    _, (document_id,) = add_documents(store, 1, BatchState.SIGNED)
    with store.writing() as session:
        session.get_one(DocumentRecord, document_id).signed_at = NOW
    layout = Layout(tmp_path)

    with pytest.raises(TagRefusedError) as signed:
        tag_by_hand(store, layout, document_id, "H57.132-261009-0001", "web:lan", reason="Sai")
    with pytest.raises(TagRefusedError) as blank:
        tag_by_hand(store, layout, document_id, "H57.132-261009-0001", "web:lan", reason="  ")
    with pytest.raises(TagRefusedError) as long:
        tag_by_hand(store, layout, document_id, "H57.132-261009-0001", "web:lan", reason="x" * 501)

    assert (signed.value.code, blank.value.code, long.value.code) == (
        "tag.signed",
        "tag.reason_missing",
        "tag.reason_too_long",
    )
    with store.reading() as session:
        assert session.get_one(DocumentRecord, document_id).dossier_code == CODE
