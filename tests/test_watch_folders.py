"""The folder watcher on real folders, with real inotify and real polling."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from watch_folders import Arrival, FolderKind, FolderWatcher, Refusal

pytestmark = pytest.mark.filterwarnings(
    # watchdog notes, harmlessly, a folder it began watching twice while `mkdir -p` ran.
    "ignore:Callback with id:RuntimeWarning"
)

REPO = Path(__file__).resolve().parents[1]
DOSSIER = "H57.132-260804-0583"
SETTLE = 0.3
# Full rescans are rare by default, so that a test passes only if watchdog's events work;
# tests about rescans make them frequent.
RARE_RESCAN = 60.0
FREQUENT_RESCAN = 0.3
DEADLINE = 10.0  # generous: the machine may be busy; a pass is usually well under a second
QUIET = 0.6  # how long to watch for a duplicate or a stray delivery
# Long enough for a rescan to find a file and for it to settle, with time to spare.
QUIET_ACROSS_RESCANS = 1.2


class Inbox:
    """Collects what the watcher hands over, and waits for it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.arrivals: list[Arrival] = []
        self.refusals: list[Refusal] = []
        self._condition = threading.Condition()

    def arrived(self, arrival: Arrival) -> None:
        with self._condition:
            self.arrivals.append(arrival)
            self._condition.notify_all()

    def refused(self, refusal: Refusal) -> None:
        with self._condition:
            self.refusals.append(refusal)
            self._condition.notify_all()

    def wait_for(self, condition: Callable[[], bool], timeout: float = DEADLINE) -> bool:
        with self._condition:
            return self._condition.wait_for(condition, timeout)

    def wait_for_arrivals(self, count: int) -> list[Arrival]:
        assert self.wait_for(lambda: len(self.arrivals) >= count), self.arrivals
        return list(self.arrivals)

    def names_arrived(self) -> list[str]:
        return sorted(arrival.path.name for arrival in self.arrivals)

    def drop(self, relative: str, content: bytes = b"%PDF-1.7\n") -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path


WatchStarter = Callable[..., FolderWatcher]


@pytest.fixture
def inbox(tmp_path: Path) -> Inbox:
    return Inbox(tmp_path / "inbox")


@pytest.fixture
def start_watcher(inbox: Inbox) -> Iterator[WatchStarter]:
    started: list[FolderWatcher] = []

    def start(
        *,
        settle_seconds: float = SETTLE,
        rescan_seconds: float = RARE_RESCAN,
        polling: bool = False,
        poll_interval: float = 0.2,
    ) -> FolderWatcher:
        watcher = FolderWatcher(
            inbox.root,
            inbox.arrived,
            inbox.refused,
            settle_seconds=settle_seconds,
            rescan_seconds=rescan_seconds,
            polling=polling,
            poll_interval=poll_interval,
        )
        watcher.start()
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop()


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_a_dropped_file_arrives_once_with_its_routing(
    inbox: Inbox, start_watcher: WatchStarter, polling: bool
) -> None:
    start_watcher(polling=polling)
    path = inbox.drop(f"ubnd-phuong-1/intake/{DOSSIER}/scan.pdf", b"12345")
    [arrival] = inbox.wait_for_arrivals(1)
    assert arrival.path == path
    assert (arrival.unit, arrival.kind, arrival.folder_name) == (
        "ubnd-phuong-1",
        FolderKind.intake,
        DOSSIER,
    )
    assert arrival.size == 5
    time.sleep(QUIET)
    assert len(inbox.arrivals) == 1
    assert inbox.refusals == []


def test_a_file_written_slowly_arrives_once_complete(
    inbox: Inbox, start_watcher: WatchStarter
) -> None:
    start_watcher(settle_seconds=0.6)
    path = inbox.root / "xa-an-binh" / "intake" / "scan.pdf"
    path.parent.mkdir(parents=True)
    chunk = b"x" * 4096
    with path.open("wb") as file:
        for _ in range(15):  # about 3 s, each pause well under the settle time
            file.write(chunk)
            file.flush()
            time.sleep(0.2)
            assert inbox.arrivals == [], "taken while still being written"
    [arrival] = inbox.wait_for_arrivals(1)
    assert arrival.size == 15 * len(chunk)
    time.sleep(QUIET)
    assert len(inbox.arrivals) == 1


def test_files_waiting_before_start_are_picked_up(
    inbox: Inbox, start_watcher: WatchStarter
) -> None:
    inbox.drop("u1/intake/before.pdf")
    inbox.drop(f"u1/results/{DOSSIER}/ket-qua.pdf")
    start_watcher()
    inbox.wait_for_arrivals(2)
    assert inbox.names_arrived() == ["before.pdf", "ket-qua.pdf"]
    assert {arrival.kind for arrival in inbox.arrivals} == {FolderKind.intake, FolderKind.results}
    time.sleep(QUIET)
    assert len(inbox.arrivals) == 2


def test_a_file_taken_then_removed_is_taken_again_when_dropped_again(
    inbox: Inbox, start_watcher: WatchStarter
) -> None:
    # The same scan copied twice with its times kept must not be mistaken for the first copy.
    start_watcher()
    path = inbox.drop("u1/intake/scan.pdf")
    inbox.wait_for_arrivals(1)
    first = path.stat()
    path.unlink()
    inbox.drop("u1/intake/scan.pdf")
    os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))
    [_, again] = inbox.wait_for_arrivals(2)
    assert (again.path, again.mtime_ns) == (path, first.st_mtime_ns)


def test_a_file_still_being_copied_at_start_is_not_taken_early(
    inbox: Inbox, start_watcher: WatchStarter
) -> None:
    path = inbox.root / "u1" / "intake" / "copying.pdf"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        file.write(b"first half ")
        file.flush()
        start_watcher(settle_seconds=0.6)
        for _ in range(5):
            time.sleep(0.2)
            file.write(b"more ")
            file.flush()
            assert inbox.arrivals == []
    [arrival] = inbox.wait_for_arrivals(1)
    assert arrival.size == len(b"first half ") + 5 * len(b"more ")


def test_hidden_and_temporary_files_are_ignored(inbox: Inbox, start_watcher: WatchStarter) -> None:
    start_watcher(rescan_seconds=FREQUENT_RESCAN)
    for relative in [
        "u1/intake/.hidden.pdf",
        "u1/intake/.staging/scan.pdf",
        "u1/intake/scan.pdf.part",
        "u1/intake/~$don.docx",
        "u1/intake/Thumbs.db",
        "desktop.ini",
        ".DS_Store",
    ]:
        inbox.drop(relative)
    inbox.drop("u1/intake/real.pdf")
    inbox.wait_for_arrivals(1)
    time.sleep(QUIET_ACROSS_RESCANS)
    assert inbox.names_arrived() == ["real.pdf"]
    assert inbox.refusals == []


def test_links_and_misplaced_files_are_refused_once_each(
    inbox: Inbox, start_watcher: WatchStarter, tmp_path: Path
) -> None:
    start_watcher(rescan_seconds=FREQUENT_RESCAN)
    target_inside = inbox.drop("u1/intake/real.pdf")
    target_outside = tmp_path / "elsewhere.pdf"
    target_outside.write_bytes(b"not in the inbox")
    (inbox.root / "u1/intake/link-inside.pdf").symlink_to(target_inside)
    (inbox.root / "u1/intake/link-outside.pdf").symlink_to(target_outside)
    inbox.drop("u1/x.pdf")
    inbox.drop("x.pdf")
    assert inbox.wait_for(lambda: len(inbox.refusals) >= 4), inbox.refusals
    # Touched files are new versions to the stability check, but the same refused paths.
    os.utime(inbox.root / "x.pdf")
    os.utime(inbox.root / "u1/intake/link-outside.pdf", follow_symlinks=False)
    time.sleep(QUIET_ACROSS_RESCANS)
    reasons = {
        refusal.path.relative_to(inbox.root).as_posix(): refusal.reason
        for refusal in inbox.refusals
    }
    assert len(inbox.refusals) == len(reasons) == 4
    assert "symbolic link" in reasons["u1/intake/link-inside.pdf"]
    assert "symbolic link" in reasons["u1/intake/link-outside.pdf"]
    assert "<unit>/intake/" in reasons["u1/x.pdf"]
    assert "<unit>/intake/" in reasons["x.pdf"]
    assert inbox.names_arrived() == ["real.pdf"]


def test_files_moved_in_arrive(inbox: Inbox, start_watcher: WatchStarter, tmp_path: Path) -> None:
    start_watcher()
    intake = inbox.root / "u1" / "intake"
    intake.mkdir(parents=True)
    outside = tmp_path / "scanned.pdf"
    outside.write_bytes(b"from the scanner")
    outside.rename(intake / "scanned.pdf")
    (intake / "download.pdf.part").write_bytes(b"downloaded")
    (intake / "download.pdf.part").rename(intake / "download.pdf")
    inbox.wait_for_arrivals(2)
    time.sleep(QUIET)
    assert inbox.names_arrived() == ["download.pdf", "scanned.pdf"]


def test_a_failing_callback_neither_stops_the_watcher_nor_loses_the_file(
    inbox: Inbox, caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[str] = []

    def fail_the_first_time(arrival: Arrival) -> None:
        attempts.append(arrival.path.name)
        if attempts == ["first.pdf"]:
            raise RuntimeError("the database is busy")
        inbox.arrived(arrival)

    caplog.set_level(logging.ERROR, logger="sohoa.watch")
    # No rescan comes to its rescue: the failed file is offered again a second later.
    watcher = FolderWatcher(
        inbox.root,
        fail_the_first_time,
        inbox.refused,
        settle_seconds=SETTLE,
        rescan_seconds=RARE_RESCAN,
    )
    with watcher:
        inbox.drop("u1/intake/first.pdf")
        assert inbox.wait_for(lambda: "first.pdf" in attempts)
        inbox.drop("u1/intake/second.pdf")
        inbox.wait_for_arrivals(2)
    assert inbox.names_arrived() == ["first.pdf", "second.pdf"]
    assert attempts.count("first.pdf") == 2
    assert "the database is busy" in caplog.text
    assert "first.pdf" in caplog.text and "stays in the inbox" in caplog.text


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_stop_returns_promptly_and_nothing_arrives_after_it(inbox: Inbox, polling: bool) -> None:
    watcher = FolderWatcher(
        inbox.root, inbox.arrived, inbox.refused, settle_seconds=SETTLE, polling=polling
    )
    watcher.start()
    assert inbox.root.is_dir(), "the root is created when missing"
    began = time.monotonic()
    watcher.stop()
    assert time.monotonic() - began < 2.0
    watcher.stop()
    inbox.drop("u1/intake/late.pdf")
    time.sleep(QUIET)
    assert inbox.arrivals == []
    assert all(thread.name != "sohoa-watch-checker" for thread in threading.enumerate())


IDLE_PROBE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from watch_folders import FolderWatcher

    root, mode = Path(sys.argv[1]), sys.argv[2]
    for unit in range(5):
        for number in range(10):
            path = root / f"unit-{unit}" / "intake" / f"H{number}" / "scan.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.7")
    taken = []
    watcher = FolderWatcher(
        root, taken.append, print, settle_seconds=0.2, polling=mode == "polling",
    )
    with watcher:
        deadline = time.monotonic() + 10
        while len(taken) < 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = time.process_time()
        time.sleep(3.0)
        used = time.process_time() - before
    print(len(taken), used)
    """
)


# inotify sleeps until something happens; polling (for network shares) must look at the
# whole tree every interval, which costs a few percent of a core on a small inbox.
IDLE_LIMITS = {"inotify": 0.02, "polling": 0.05}


def test_an_idle_watcher_uses_well_under_two_percent_of_a_core(tmp_path: Path) -> None:
    # Measured in its own process, one mode after the other, so that nothing of pytest
    # is counted. The inbox holds fifty files already taken; settings as shipped.
    for mode in ("inotify", "polling"):
        probe = subprocess.Popen(
            [sys.executable, "-c", IDLE_PROBE, str(tmp_path / mode), mode],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = probe.communicate(timeout=60)
        assert probe.returncode == 0, err
        taken, used = out.split()
        assert taken == "50", f"{mode}: {out}"
        share = float(used) / 3.0
        assert share < IDLE_LIMITS[mode], f"{mode} used {share:.1%} of a core"
