"""Faults injected for real into a running `sohoa run`, and what must hold after each.

After any fault, nothing is lost: every original dropped is still in the inbox or archived
under its hash. Once the fault has cleared and the service has caught up, every original is
one document, digitized once, with one output and nothing stray beside it; the audit chain
verifies and `sohoa check` passes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from store.database import Store, StoreUnavailableError
from store.schema import AuditRecord, DocumentRecord, JobRecord
from store.states import DocumentStatus, JobStatus
from tests.support.databases import postgres_database
from tests.support.drops import UNIT
from tests.support.pages import font
from tests.support.service import SOHOA, environment, sohoa, wait_for

# Quick to start and quick to recover: no web interface, short settling, retries and leases.
QUICK = {
    "SOHOA_WEB__ENABLED": "false",
    "SOHOA_WATCH__SETTLE_SECONDS": "0.2",
    "SOHOA_JOBS__RETRY_SECONDS": "0.5",
    "SOHOA_CELERY__LEASE_SECONDS": "3",
}
_SHA256_NAME = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Original:
    """A scan as the clerk dropped it."""

    inbox_path: str  # relative to the inbox
    sha256: str
    page_words: tuple[str, ...]  # one word on each page that OCR must find there


def write_scans(staging: Path, count: int, *, start: int = 0, pages: int = 1) -> list[Original]:
    """`count` small scans (two lines a page, well under a second of OCR) under
    `staging/<unit>/intake/`; several pages make a TIFF, one a JPEG."""
    folder = staging / UNIT / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    originals = []
    for number in range(start, start + count):
        words = tuple(f"HS{number:03d}TR{page}" for page in range(1, pages + 1))
        pictures = [_small_page(number, word) for word in words]
        if pages == 1:
            path = folder / f"scan-{number:03d}.jpg"
            pictures[0].save(path, quality=80, dpi=(300, 300))
        else:
            path = folder / f"scan-{number:03d}.tiff"
            pictures[0].save(
                path,
                save_all=True,
                append_images=pictures[1:],
                dpi=(300, 300),
                compression="tiff_lzw",
            )
        inbox_path = path.relative_to(staging).as_posix()
        originals.append(Original(inbox_path, _sha256(path), words))
    return originals


def _small_page(number: int, word: str) -> Image.Image:
    page = Image.new("L", (1400, 360), 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 50), f"Giấy tiếp nhận hồ sơ số {number}", font=font(44), fill=0)
    draw.text((60, 170), word, font=font(80), fill=0)
    return page


def move_into(inbox: Path, staging: Path, original: Original) -> None:
    """Drop one staged scan into the inbox whole (a rename)."""
    target = inbox / original.inbox_path
    target.parent.mkdir(parents=True, exist_ok=True)
    (staging / original.inbox_path).rename(target)


class GroupService:
    """`sohoa run --json` in a process group of its own: a kill takes its children (Tesseract,
    signing processes) with it, as a power cut would."""

    def __init__(self, data_dir: Path, **settings: str) -> None:
        self.log = data_dir.parent / f"run-{time.monotonic_ns()}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(SOHOA), "run", "--json"],
                cwd=data_dir.parent,
                env=environment(data_dir, **{**QUICK, **settings}),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def said(self, text: str) -> bool:
        return text in self.log.read_text()

    def wait_until_started(self) -> GroupService:
        wait_for(lambda: self.said("service.started"), 60, self.log)
        return self

    def kill(self) -> None:
        """SIGKILL to the whole group."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """A service manager's stop; the group killed if it does not stop."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
                raise
        with contextlib.suppress(ProcessLookupError):  # anything the service left behind
            os.killpg(self.process.pid, signal.SIGKILL)

    def children_named(self, name: str) -> list[int]:
        """Live processes of the group running `name` (by /proc, as `pgrep -g` would)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            command = stat[stat.index("(") + 1 : stat.rindex(")")]
            state, _parent, group = stat[stat.rindex(")") + 2 :].split()[:3]
            if command == name and int(group) == self.process.pid and state != "Z":
                found.append(int(entry.name))
        return found


@contextmanager
def running(data_dir: Path, **settings: str) -> Iterator[GroupService]:
    service = GroupService(data_dir, **settings).wait_until_started()
    try:
        yield service
    finally:
        service.stop()


# The record and the databases.


@contextmanager
def database(kind: str, data_dir: Path) -> Iterator[dict[str, str]]:
    """The settings of an empty, migrated record: the embedded SQLite, or PostgreSQL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        yield {}
        return
    with postgres_database() as url:
        upgraded = sohoa(data_dir, "db", "upgrade", SOHOA_DATABASE_URL=url)
        assert upgraded.returncode == 0, upgraded.stderr
        yield {"SOHOA_DATABASE_URL": url}


def store_of(data_dir: Path, settings: dict[str, str]) -> Store:
    return Store(settings.get("SOHOA_DATABASE_URL", f"sqlite:///{data_dir / 'sohoa.db'}"))


def processed(data_dir: Path, settings: dict[str, str], count: int) -> bool:
    """`count` documents received, every job finished and the inbox empty."""
    if not settings and not (data_dir / "sohoa.db").exists():
        return False
    store = store_of(data_dir, settings)
    try:
        with store.reading() as session:
            documents = session.scalars(
                select(DocumentRecord.id).where(DocumentRecord.parent_id.is_(None))
            ).all()
            statuses = session.scalars(select(JobRecord.status)).all()
    except StoreUnavailableError:  # not created yet (a cut fell in the first start-up)
        return False
    finally:
        store.dispose()
    finished = all(JobStatus(status).finished for status in statuses)
    return len(documents) >= count and finished and not _files_under(data_dir / "inbox")


def wait_until_processed(
    data_dir: Path, settings: dict[str, str], count: int, seconds: float, log: Path
) -> None:
    wait_for(lambda: processed(data_dir, settings, count), seconds, log)


# Disks.


def need_root() -> None:
    """Mounting a small disk to fill needs root; CI runs as root and must run these."""
    if os.geteuid() == 0:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the disk-full tests as root: they mount a small tmpfs")
    pytest.skip("filling a disk for real needs a small tmpfs, and mounting one needs root")


@contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of `megabytes` mounted on `folder`, unmounted afterwards whatever happened."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0750", "tmpfs", str(folder)],
        check=True,
        capture_output=True,
    )
    try:
        yield folder
    finally:
        unmounted = subprocess.run(["umount", str(folder)], capture_output=True)
        if unmounted.returncode != 0:  # still in use: detached now, freed when let go
            subprocess.run(["umount", "--lazy", str(folder)], check=True, capture_output=True)


def fill(folder: Path, leave_bytes: int) -> Path:
    """A hidden file that takes all the room on `folder`'s disk but `leave_bytes`."""
    filler = folder / ".filler"
    status = os.statvfs(folder)
    size = status.f_bavail * status.f_frsize - leave_bytes
    block = b"\0" * (1 << 20)
    with filler.open("ab", buffering=0) as writing:
        try:
            while size > 0:
                size -= writing.write(block[: min(size, len(block))])
        except OSError as error:  # the service took some room meanwhile: full all the same
            if error.errno != errno.ENOSPC:
                raise
    return filler


# What must hold.


def assert_nothing_lost(data_dir: Path, originals: list[Original]) -> None:
    """Every original is in the inbox where it was dropped or archived under its hash, and
    the archive holds no file under a final name that is not whole."""
    for original in originals:
        dropped = data_dir / "inbox" / original.inbox_path
        archived = archived_path(data_dir, original.sha256)
        kept = [path for path in (dropped, archived) if _holds(path, original.sha256)]
        assert kept, f"{original.inbox_path} is lost: neither in the inbox nor archived"
    for path in _files_under(data_dir / "archive"):
        if _SHA256_NAME.fullmatch(path.name):
            relative = path.relative_to(data_dir / "archive").as_posix()
            assert relative == f"{path.name[:2]}/{path.name[2:4]}/{path.name}", relative
            assert _sha256(path) == path.name, f"{relative} is not whole"


def assert_each_processed_once(
    data_dir: Path, originals: list[Original], settings: dict[str, str]
) -> None:
    """Each original is one document, digitized once into one output, nothing stray; the
    audit chain verifies and `sohoa check` passes."""
    assert_nothing_lost(data_dir, originals)
    assert not _files_under(data_dir / "inbox"), "files left in the inbox"
    store = store_of(data_dir, settings)
    try:
        with store.reading() as session:
            documents = session.scalars(select(DocumentRecord)).all()
            jobs = session.scalars(select(JobRecord)).all()
            actions = Counter(session.execute(select(AuditRecord.action, AuditRecord.subject)))
    finally:
        store.dispose()
    assert sorted(document.sha256 for document in documents) == sorted(
        original.sha256 for original in originals
    ), "not exactly one document per original"
    assert sorted(job.document_id for job in jobs) == sorted(document.id for document in documents)
    stuck = [(job.document_id, job.status, job.last_error) for job in jobs]
    assert all(job.status == JobStatus.DONE for job in jobs), stuck
    for document in documents:
        subject = f"document:{document.id}"
        assert document.status == DocumentStatus.DIGITIZED, (document.inbox_path, document.notes)
        assert actions["document.received", subject] == 1, document.inbox_path
        assert actions["document.digitized", subject] == 1, document.inbox_path
        assert document.output_path is not None
        output = data_dir / document.output_path
        assert _sha256(output) == document.output_sha256, document.output_path
    written = sorted(path.relative_to(data_dir).as_posix() for path in _outputs(data_dir))
    recorded = sorted(str(document.output_path) for document in documents)
    assert written == recorded, "outputs on disk are not exactly the recorded ones"
    half_made = _files_under(data_dir / "archive" / "incoming")
    assert not half_made, f"half-made archive copies left: {half_made}"
    _assert_commands_pass(data_dir, settings)


def _assert_commands_pass(data_dir: Path, settings: dict[str, str]) -> None:
    verified = sohoa(data_dir, "audit", "verify", **settings)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    checked = sohoa(data_dir, "check", "--json", **settings)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads(checked.stdout)
    assert report["ok"] and not report["problems"], report
    assert report["checked"], report


def archived_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "archive" / sha256[:2] / sha256[2:4] / sha256


def _outputs(data_dir: Path) -> list[Path]:
    """Every file in the outputs folder, hidden ones too (a staged copy left behind)."""
    return _files_under(data_dir / "outputs")


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def _holds(path: Path, sha256: str) -> bool:
    return path.is_file() and _sha256(path) == sha256


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_until(condition: Callable[[], bool], seconds: float, service: GroupService) -> None:
    wait_for(condition, seconds, service.log)
