"""The stability tracker on real files with a hand-driven clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from watch_folders import StabilityTracker


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"first part ")
    return path


def grow(path: Path) -> None:
    with path.open("ab") as file:
        file.write(b"more ")


def test_a_file_is_due_once_it_held_still_for_the_settle_time(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=2.0)
    tracker.seen(scan)
    assert tracker.due(now=10.0) == []
    assert tracker.due(now=11.9) == []
    assert tracker.due(now=12.0) == [scan]
    assert tracker.due(now=30.0) == []


def test_an_event_restarts_the_wait_even_if_size_and_mtime_look_the_same(scan: Path) -> None:
    # A rewrite within one tick of the file system's clock leaves the mtime unchanged.
    tracker = StabilityTracker(settle_seconds=2.0)
    tracker.seen(scan)
    assert tracker.due(now=10.0) == []
    tracker.seen(scan)
    assert tracker.due(now=11.0) == []
    assert tracker.due(now=12.5) == []
    assert tracker.due(now=13.0) == [scan]


def test_a_file_that_keeps_growing_is_never_due(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=2.0)
    tracker.seen(scan)
    for look in range(10):
        assert tracker.due(now=10.0 + 5 * look) == []
        grow(scan)


def test_after_a_close_write_one_short_recheck_is_enough(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=2.0)
    tracker.closed(scan)
    assert tracker.due(now=0.0) == []
    assert tracker.due(now=0.1) == []
    assert tracker.due(now=0.2) == [scan]


def test_a_change_after_the_close_means_waiting_the_full_settle_time(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=2.0)
    tracker.closed(scan)
    assert tracker.due(now=10.0) == []
    grow(scan)  # the writer reopened the file
    assert tracker.due(now=10.1) == []
    assert tracker.due(now=10.5) == []
    assert tracker.due(now=12.0) == []
    assert tracker.due(now=12.1) == [scan]


def test_each_version_is_delivered_once(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=1.0)
    tracker.seen(scan)
    tracker.due(now=0.0)
    assert tracker.due(now=1.0) == [scan]
    tracker.seen(scan)
    tracker.due(now=2.0)
    assert tracker.due(now=3.0) == []
    grow(scan)
    tracker.seen(scan)
    tracker.due(now=4.0)
    assert tracker.due(now=5.0) == [scan]


def test_a_forgotten_file_is_delivered_again(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=1.0)
    tracker.seen(scan)
    tracker.due(now=0.0)
    assert tracker.due(now=1.0) == [scan]
    tracker.forget(scan)
    tracker.seen(scan)
    tracker.due(now=2.0)
    assert tracker.due(now=3.0) == [scan]


def test_a_file_that_vanished_is_forgotten(scan: Path) -> None:
    tracker = StabilityTracker(settle_seconds=1.0)
    tracker.seen(scan)
    tracker.due(now=0.0)
    scan.unlink()
    assert tracker.due(now=5.0) == []
    scan.write_bytes(b"first part ")
    assert tracker.due(now=10.0) == [], "a vanished file is no longer a candidate"


def test_a_scan_finds_only_files_not_delivered_as_they_are(scan: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"other")
    tracker = StabilityTracker(settle_seconds=1.0)
    tracker.seen(scan)
    tracker.due(now=0.0)
    assert tracker.due(now=1.0) == [scan]
    tracker.found(scan)
    tracker.found(other)
    tracker.due(now=2.0)
    assert tracker.due(now=3.0) == [other]


def test_a_file_replaced_by_an_identical_one_is_delivered_after_forget_vanished(
    scan: Path,
) -> None:
    # A clerk may copy the same scan again with its times kept (rsync -t, cp -p).
    tracker = StabilityTracker(settle_seconds=1.0)
    tracker.seen(scan)
    tracker.due(now=0.0)
    assert tracker.due(now=1.0) == [scan]
    mtime_ns = scan.stat().st_mtime_ns
    scan.unlink()
    tracker.forget_vanished()
    scan.write_bytes(b"first part ")
    os.utime(scan, ns=(mtime_ns, mtime_ns))
    tracker.found(scan)
    tracker.due(now=2.0)
    assert tracker.due(now=3.0) == [scan]


def test_due_reads_the_clock_when_not_told_the_time(scan: Path) -> None:
    now = [100.0]
    tracker = StabilityTracker(settle_seconds=2.0, clock=lambda: now[0])
    tracker.seen(scan)
    assert tracker.due() == []
    now[0] = 102.0
    assert tracker.due() == [scan]
