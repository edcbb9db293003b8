"""`sohoa backup DEST` while the service works, and `sohoa restore SRC` into an empty data
directory: the same documents, outputs, receipts and audit entries, and `sohoa check` passes.

One office is backed up once per module, during a 50-file drop (`backed_up`); each test
works on copies of what it needs.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import shutil
import signal
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from config import load_settings
from safekeeping.backup import BackupResult, CheckpointFiles, make_backup
from safekeeping.snapshot_folder import BackupError
from store.database import Store
from store.migrate import upgrade
from store.record import open_record
from store.schema import AuditRecord, DocumentRecord
from tests.support.databases import postgres_database
from tests.support.drops import UNIT
from tests.support.pages import corpus_text, font
from tests.support.pki import ThrowawayPki
from tests.support.service import SOHOA, Service, drop, environment, jobs_finished, sohoa, wait_for
from tests.support.web import person_at_the_terminal

pytest_plugins = ("tests.support.signing_fixtures",)

OFFICER = "hung"
SERIES = "BI-26T"
DROP = 50  # scans in the drop that is worked while the backup is taken
EARLIER = 3  # two results signed before it, and a broken file set aside
QUICK = {"SOHOA_WATCH__SETTLE_SECONDS": "0.3"}  # files arrive whole (renamed in)


@dataclass(frozen=True)
class BackedUp:
    data_dir: Path  # the office's, once the drop was finished and the service stopped
    destination: Path  # what `sohoa backup` wrote to
    snapshot: Path  # the one snapshot in it, taken while the drop was worked
    said: str  # what `sohoa backup` printed


def small_scan(path: Path, words: list[str], seed: int) -> None:
    """A one-page scan of three short lines: quick to OCR."""
    picture = Image.new("L", (1240, 480), 255)
    draw = ImageDraw.Draw(picture)
    for line in range(3):
        start = (seed * 7 + line * 5) % (len(words) - 6)
        draw.text((80, 70 + line * 110), " ".join(words[start : start + 6]), font=font(40))
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, dpi=(300, 300))


def settings_text(pki: ThrowawayPki, folder: Path) -> str:
    """Results and receipts signed with profile `xa`, which also signs audit checkpoints."""
    secret = folder / "xa.passphrase"
    secret.write_text(pki.passphrase + "\n", encoding="utf-8")
    return (
        '[signing]\nresult = "xa"\n[signing.profiles.xa]\n'
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{secret}"\n'
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
        f'approvers = ["{OFFICER}"]\n'
    )


def run(data_dir: Path, *arguments: str, **settings: str) -> str:
    done = sohoa(data_dir, *arguments, **settings)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def issue_a_receipt(data_dir: Path) -> None:
    run(
        data_dir, "receipts", "series", "add", "--form", "01BLP0-001", "--series", SERIES,
        "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
        "--address", "Thôn Phú Lộc", "--profile", "xa", "--unit", UNIT,
    )  # fmt: skip
    person_at_the_terminal(data_dir, "thu", "clerk", units=(UNIT,))
    run(data_dir, "receipts", "issue", "--series", SERIES, "--payer", "Nguyễn Văn An",
        "--item", "Lệ phí chứng thực=8.000")  # fmt: skip


def sign_the_results(data_dir: Path) -> None:
    person_at_the_terminal(data_dir, OFFICER, "officer")
    batches = json.loads(run(data_dir, "batches", "list", "--json"))
    (batch,) = [str(batch["id"]) for batch in batches if batch["kind"] == "result"]
    run(data_dir, "batches", "submit", batch)
    assert "2 of 2 signed" in run(data_dir, "batches", "approve", batch)


def digitized(data_dir: Path) -> int:
    record = sqlite3.connect(data_dir / "sohoa.db")
    try:
        (count,) = record.execute(
            "SELECT count(*) FROM documents WHERE status = 'digitized'"
        ).fetchone()
    finally:
        record.close()
    return int(count)


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki) -> BackedUp:
    """An office that issued a receipt, signed two results, set a broken file aside and made
    an audit checkpoint, then took a drop of 50 scans, backed up while it was worked."""
    office = tmp_path_factory.mktemp("backup") / "office"
    office.mkdir()
    (office / "sohoa.toml").write_text(settings_text(pki, office), encoding="utf-8")
    data_dir, destination = office / "var", office.parent / "backups"
    results, drop_of_the_day = office / "results-drop", office / "drop"
    words = corpus_text().split()
    for number in range(2):
        small_scan(results / UNIT / "results" / f"ket-qua-{number}.png", words, number)
    for number in range(2, 2 + DROP):
        small_scan(drop_of_the_day / UNIT / "intake" / f"giay-{number:02d}.png", words, number)
    (results / UNIT / "intake").mkdir()
    (results / UNIT / "intake" / "hong.pdf").write_bytes(b"not a scan at all")
    issue_a_receipt(data_dir)
    service = Service(data_dir, **QUICK)
    try:
        drop(results, data_dir / "inbox")
        wait_for(lambda: jobs_finished(data_dir, EARLIER), 60, service.log)
        sign_the_results(data_dir)
        run(data_dir, "audit", "checkpoint")
        drop(drop_of_the_day, data_dir / "inbox")
        wait_for(lambda: digitized(data_dir) >= 6, 60, service.log)
        said = backup_mid_drop(service, destination)
        wait_for(lambda: jobs_finished(data_dir, EARLIER + DROP), 240, service.log)
    finally:
        service.stop()
    (snapshot,) = (destination / "snapshots").iterdir()
    return BackedUp(data_dir, destination, snapshot, said)


def backup_mid_drop(service: Service, destination: Path) -> str:
    """`sohoa backup`, the service paused until the database is copied (so that the copy
    is surely taken mid-drop, however fast the machine), then working on while the files
    are copied."""
    service.process.send_signal(signal.SIGSTOP)
    try:
        backup = subprocess.Popen(
            [str(SOHOA), "backup", str(destination)], cwd=service.data_dir.parent,
            env=environment(service.data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        copied = destination / "snapshots"
        wait_for(lambda: any(copied.glob("*/database.sqlite")), 60)
    finally:
        service.process.send_signal(signal.SIGCONT)
    said, errors = backup.communicate(timeout=120)
    assert backup.returncode == 0, said + errors
    return said


def manifest_of(snapshot: Path) -> dict[str, object]:
    content: dict[str, object] = json.loads((snapshot / "manifest.json").read_bytes())
    return content


def listed(manifest: dict[str, object], key: str) -> list[dict[str, object]]:
    items = manifest[key]
    assert isinstance(items, list)
    return items


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Rows:
    documents: list[tuple[object, ...]]
    receipts: list[tuple[object, ...]]
    audit: list[tuple[object, ...]]


def rows(database: Path) -> Rows:
    """What a SQLite record holds (a plain connection that only reads changes nothing)."""
    record = sqlite3.connect(database)
    try:
        return Rows(
            record.execute(
                "SELECT id, sha256, status, archive_path, output_path, output_sha256, "
                "signed_at IS NOT NULL FROM documents ORDER BY id"
            ).fetchall(),
            record.execute(
                "SELECT id, number, state, pdf_path, docx_path, xml_path, record_sha256 "
                "FROM receipts ORDER BY id"
            ).fetchall(),
            record.execute(
                "SELECT id, actor, action, hash FROM audit_entries ORDER BY id"
            ).fetchall(),
        )
    finally:
        record.close()


def digitized_in(record: Rows) -> int:
    return sum(1 for document in record.documents if document[2] == "digitized")


def office_beside(folder: Path, settings_from: Path) -> Path:
    """An empty data directory's path in `folder`, with the office's settings beside it."""
    folder.mkdir(parents=True)
    shutil.copyfile(settings_from / "sohoa.toml", folder / "sohoa.toml")
    return folder / "var"


def check(data_dir: Path, **settings: str) -> dict[str, object]:
    done = sohoa(data_dir, "check", "--json", **settings)
    report: dict[str, object] = json.loads(done.stdout)
    assert done.returncode == 0 and report["ok"] is True, report
    return report


@pytest.mark.slow
def test_a_backup_taken_during_a_drop_restores_whole_and_passes_the_check(
    backed_up: BackedUp, tmp_path: Path
) -> None:
    snapshot, manifest = backed_up.snapshot, manifest_of(backed_up.snapshot)
    held, live = rows(snapshot / "database.sqlite"), rows(backed_up.data_dir / "sohoa.db")
    assert digitized_in(held) < digitized_in(live)  # taken while the drop was worked
    assert live.audit[: len(held.audit)] == held.audit  # the trail went on from the snapshot
    assert sum(1 for document in held.documents if document[6]) == 2  # the signed results
    assert [receipt[2] for receipt in held.receipts] == ["issued"]
    counts = manifest["counts"]
    assert isinstance(counts, dict)
    assert counts == {
        "documents": len(held.documents),
        "receipts": 1,
        "audit_entries": len(held.audit),
    }
    made = [entry for entry in live.audit if entry[2] == "backup.made"]
    assert [entry[1] for entry in made] == [f"os:{getpass.getuser()}"]
    assert f"manifest sha256 {sha256(snapshot / 'manifest.json')}" in backed_up.said

    restored = office_beside(tmp_path / "restored", backed_up.data_dir.parent)
    said = run(restored, "restore", str(backed_up.destination))
    assert f"Restored snapshot {snapshot.name}" in said
    assert rows(restored / "sohoa.db") == held  # nothing added, nothing lost
    files = listed(manifest, "files")
    assert any(str(item["path"]).startswith("quarantine/") for item in files)
    assert any(str(item["path"]).startswith("archive/checkpoints/") for item in files)
    for item in files:
        path = str(item["path"])
        assert sha256(restored / path) == item["sha256"] == sha256(snapshot / path), path
        assert (restored / path).stat().st_mode & 0o777 == 0o640
    for item in listed(manifest, "archive"):
        path = str(item["path"])
        assert sha256(restored / path) == item["sha256"] == sha256(backed_up.destination / path)
        assert (restored / path).stat().st_mode & 0o777 == 0o440  # originals never change
    for path in backed_up.destination.rglob("*"):  # the backup is as private as the office
        assert path.stat().st_mode & 0o027 == 0, path
    for _, _, status, original, output, output_sha256, _ in held.documents:
        assert sha256(restored / str(original)) == Path(str(original)).name
        if status == "digitized":
            assert sha256(restored / str(output)) == output_sha256
    for receipt in held.receipts:
        for path in receipt[3:6]:
            assert (restored / str(path)).is_file()

    checked = check(restored)["checked"]
    assert isinstance(checked, dict)
    assert checked["documents"] == counts["documents"]
    assert checked["signed files"] == 3  # two results and the receipt
    assert checked["receipts"] == 1 and checked["checkpoints"] >= 1


@pytest.mark.slow
def test_a_second_backup_copies_no_archived_original_again(
    backed_up: BackedUp, tmp_path: Path
) -> None:
    destination = tmp_path / "backups"
    shutil.copytree(backed_up.destination, destination)
    office = tmp_path / "office"
    shutil.copytree(backed_up.data_dir.parent, office)
    first = destination / "snapshots" / backed_up.snapshot.name
    kept = [destination / str(item["path"]) for item in listed(manifest_of(first), "archive")]
    before = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in kept}
    archived = {row[3] for row in rows(office / "var" / "sohoa.db").documents}

    said = run(office / "var", "backup", str(destination))
    assert (
        f"Archived originals: {len(archived) - len(kept)} copied, {len(kept)} already there" in said
    )
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in kept} == before
    (second,) = set((destination / "snapshots").iterdir()) - {first}
    signed = [row[4] for row in rows(first / "database.sqlite").documents if row[6]]
    for output in signed:  # unchanged since the first snapshot: one file for both
        assert (second / str(output)).stat().st_ino == (first / str(output)).stat().st_ino


@pytest.mark.slow
def test_a_damaged_backup_or_a_target_in_use_is_refused_and_nothing_is_written(
    backed_up: BackedUp, tmp_path: Path
) -> None:
    destination = tmp_path / "backups"
    shutil.copytree(backed_up.destination, destination)
    snapshot = destination / "snapshots" / backed_up.snapshot.name
    manifest = manifest_of(snapshot)
    output = next(
        snapshot / str(item["path"])
        for item in listed(manifest, "files")
        if str(item["path"]).startswith("outputs/")
    )
    original = destination / str(listed(manifest, "archive")[0]["path"])
    target = office_beside(tmp_path / "restored", backed_up.data_dir.parent)

    content = output.read_bytes()
    output.chmod(0o640)
    output.write_bytes(content[:100] + bytes([content[100] ^ 1]) + content[101:])
    refused = sohoa(target, "restore", str(destination))
    assert refused.returncode == 2 and str(output) in refused.stderr, refused.stderr
    assert not target.exists()
    output.write_bytes(content)

    original.chmod(0o640)
    original.unlink()
    refused = sohoa(target, "restore", str(destination), "--snapshot", snapshot.name)
    assert refused.returncode == 2 and f"{original} is missing" in refused.stderr
    assert not target.exists()

    in_use = backed_up.data_dir
    before = sorted((path, path.stat().st_mtime_ns) for path in in_use.rglob("*"))
    refused = sohoa(in_use, "restore", str(backed_up.destination))
    assert refused.returncode == 1, refused.stderr
    assert "sohoa.db holds a record: documents" in refused.stderr
    assert "archive/ holds" in refused.stderr and "outputs/ holds" in refused.stderr
    assert sorted((path, path.stat().st_mtime_ns) for path in in_use.rglob("*")) == before


def changed_output(data_dir: Path) -> tuple[int, Path]:
    """A digitized document's id and its output, in an office about to be backed up."""
    record = sqlite3.connect(data_dir / "sohoa.db")
    try:
        document_id, output = record.execute(
            "SELECT id, output_path FROM documents WHERE status = 'digitized' "
            "AND signed_at IS NULL ORDER BY id"
        ).fetchone()
    finally:
        record.close()
    return int(document_id), data_dir / str(output)


def rewritten(output: Path) -> str:
    """The output rewritten as signing does (an incremental update appended); its hash."""
    output.write_bytes(output.read_bytes() + b"%% signed meanwhile\n")
    return sha256(output)


def recorded(data_dir: Path, document_id: int, output_sha256: str) -> None:
    record = sqlite3.connect(data_dir / "sohoa.db")
    try:
        with record:
            record.execute(
                "UPDATE documents SET output_sha256 = ? WHERE id = ?", (output_sha256, document_id)
            )
    finally:
        record.close()


def backup_in_process(
    data_dir: Path, destination: Path, meanwhile: CheckpointFiles
) -> BackupResult:
    """`make_backup` as the command calls it; `meanwhile` runs once the database is copied
    and before the files are, as the audit checkpoints are listed: the moment a service
    changing an output would catch the backup out."""
    record = open_record(load_settings(data_dir=data_dir))
    try:
        return make_backup(record, destination, "os:test", meanwhile)
    finally:
        record.close()


@pytest.mark.slow  # the shared office
def test_an_output_signed_after_the_database_copy_makes_another_round(
    backed_up: BackedUp, tmp_path: Path
) -> None:
    shutil.copytree(backed_up.data_dir, tmp_path / "var")
    data_dir = tmp_path / "var"
    document_id, output = changed_output(data_dir)
    signed: list[str] = []

    def sign_once(_entries: int) -> list[Path]:
        if not signed:
            signed.append(rewritten(output))
            recorded(data_dir, document_id, signed[0])  # the file first, then the record
        return []

    made = backup_in_process(data_dir, tmp_path / "backups", sign_once)
    assert made.rounds == 2
    where = output.relative_to(data_dir).as_posix()
    assert {item.path: item.sha256 for item in made.manifest.files}[where] == signed[0]
    assert sha256(made.snapshot / where) == signed[0]
    in_the_copy = rows(made.snapshot / "database.sqlite").documents
    assert [row[5] for row in in_the_copy if row[0] == document_id] == signed


@pytest.mark.slow  # the shared office
def test_an_output_that_never_hashes_as_recorded_fails_the_backup_naming_it(
    backed_up: BackedUp, tmp_path: Path
) -> None:
    shutil.copytree(backed_up.data_dir, tmp_path / "var")
    data_dir, destination = tmp_path / "var", tmp_path / "backups"
    _, output = changed_output(data_dir)
    trail = rows(data_dir / "sohoa.db").audit

    def change_every_time(_entries: int) -> list[Path]:
        rewritten(output)
        return []

    with pytest.raises(BackupError) as failed:
        backup_in_process(data_dir, destination, change_every_time)
    assert "did not settle in 5 rounds" in str(failed.value)
    assert output.relative_to(data_dir).as_posix() in str(failed.value)
    assert list((destination / "snapshots").iterdir()) == []  # no unfinished snapshot left
    assert rows(data_dir / "sohoa.db").audit == trail  # no backup recorded


@pytest.mark.slow
def test_a_record_on_postgresql_is_restored_into_another_database(tmp_path: Path) -> None:
    words = corpus_text().split()
    with postgres_database() as first, postgres_database() as second:
        data_dir = tmp_path / "office" / "var"
        small_scan(data_dir / "inbox" / UNIT / "intake" / "giay.png", words, 0)
        migrated(first)
        run(data_dir, "run", "--once", SOHOA_DATABASE_URL=first)
        destination = tmp_path / "backups"
        run(data_dir, "backup", str(destination), SOHOA_DATABASE_URL=first)
        (snapshot,) = (destination / "snapshots").iterdir()
        assert (snapshot / "database.pgdump").is_file()

        restored = tmp_path / "restored" / "var"
        restored.parent.mkdir()
        run(restored, "restore", str(destination), SOHOA_DATABASE_URL=second)
        documents, entries = record_of(first)
        restored_documents, restored_entries = record_of(second)
        assert restored_documents == documents and len(documents) == 1
        assert entries[-1][1] == "backup.made"  # recorded after the copy was made
        assert restored_entries == entries[:-1]
        check(restored, SOHOA_DATABASE_URL=second)

        again = sohoa(restored.with_name("other"), "restore", str(destination),
                      SOHOA_DATABASE_URL=second)  # fmt: skip
        assert again.returncode == 1 and "tables (public." in again.stderr, again.stderr


def migrated(url: str) -> None:
    store = Store(url)
    try:
        upgrade(store)
    finally:
        store.dispose()


def record_of(url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    store = Store(url)
    try:
        with store.reading() as session:
            documents = session.execute(
                select(DocumentRecord.sha256, DocumentRecord.output_sha256).order_by(
                    DocumentRecord.id
                )
            ).all()
            entries = session.execute(
                select(AuditRecord.id, AuditRecord.action, AuditRecord.hash).order_by(
                    AuditRecord.id
                )
            ).all()
    finally:
        store.dispose()
    return [tuple(row) for row in documents], [tuple(row) for row in entries]
