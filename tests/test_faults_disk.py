"""A disk that fills up under `sohoa run`: a small tmpfs mounted on the archive or on the
outputs folder (as an office keeps them on a disk or a share of their own), filled but for
a few kilobytes. The scan is never lost or half-written, and is done once there is room."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.schema import DocumentRecord
from tests.support.faults import (
    assert_each_processed_once,
    assert_nothing_lost,
    fill,
    move_into,
    need_root,
    running,
    small_disk,
    store_of,
    wait_until,
    wait_until_processed,
    write_scans,
)

pytestmark = pytest.mark.slow
ROOM = 4096  # left on the full disk: less than any scan or output


def test_a_scan_stays_in_the_inbox_while_the_archive_is_full_and_is_taken_once_there_is_room(
    tmp_path: Path,
) -> None:
    need_root()
    data_dir, staging = tmp_path / "var", tmp_path / "staging"
    (original,) = write_scans(staging, 1)
    dropped = data_dir / "inbox" / original.inbox_path
    with small_disk(data_dir / "archive", 1) as archive:
        filler = fill(archive, ROOM)
        with running(data_dir) as service:
            move_into(data_dir / "inbox", staging, original)
            wait_until(lambda: service.said("No space left on device"), 30, service)
            assert service.said(dropped.name), "the error must name the file"
            assert dropped.is_file(), "the scan must wait in the inbox"
            assert_nothing_lost(data_dir, [original])
            assert [path.name for path in archive.rglob("*") if path.is_file()] == [".filler"]
            assert _documents(data_dir) == 0
            filler.unlink()  # taken within seconds, not at the next rescan a minute on
            wait_until_processed(data_dir, {}, 1, 30, service.log)
        assert_each_processed_once(data_dir, [original], {})


def test_a_full_output_disk_leaves_no_half_written_output_and_the_scan_is_done_once_there_is_room(
    tmp_path: Path,
) -> None:
    need_root()
    data_dir, staging = tmp_path / "var", tmp_path / "staging"
    (original,) = write_scans(staging, 1)
    with small_disk(data_dir / "outputs", 1) as outputs:
        filler = fill(outputs, ROOM)
        with running(data_dir) as service:
            move_into(data_dir / "inbox", staging, original)
            wait_until(lambda: service.said("job.retry_scheduled"), 30, service)
            assert service.said("No space left on device")
            assert_nothing_lost(data_dir, [original])
            written = [path.name for path in outputs.rglob("*") if path.is_file()]
            assert written == [".filler"], "nothing half-written may stay in the outputs"
            filler.unlink()
            wait_until_processed(data_dir, {}, 1, 60, service.log)
        assert_each_processed_once(data_dir, [original], {})


def _documents(data_dir: Path) -> int:
    store = store_of(data_dir, {})
    try:
        with store.reading() as session:
            return session.scalar(select(func.count()).select_from(DocumentRecord)) or 0
    finally:
        store.dispose()
