"""Checkpoints of the audit trail: what the chain alone cannot show — its newest entries
removed, or the chain rewritten and sealed again — is named by `sohoa audit verify`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from store import audit
from store.schema import AuditRecord
from tests.support.pki import ThrowawayPki
from tests.support.service import open_record, sohoa

pytest_plugins = ("tests.support.signing_fixtures",)


@pytest.fixture
def office(tmp_path: Path, pki: ThrowawayPki) -> Path:
    """A record of ten entries and the agency's signing profile, which signs checkpoints."""
    profile = pki.profile_settings(tmp_path, "ubnd-xa")
    chain, roots = profile["chain"], profile["trust_roots"]
    assert isinstance(chain, list) and isinstance(roots, list)
    (tmp_path / "sohoa.toml").write_text(
        '[signing]\nresult = "ubnd-xa"\n[signing.profiles.ubnd-xa]\n'
        f'pkcs12 = "{profile["pkcs12"]}"\npassphrase_file = "{profile["passphrase_file"]}"\n'
        f'chain = ["{chain[0]}"]\ntrust_roots = ["{roots[0]}"]\n',
        encoding="utf-8",
    )
    data_dir = tmp_path / "var"
    assert sohoa(data_dir, "db", "upgrade").returncode == 0
    append(data_dir, 10)
    return data_dir


def append(data_dir: Path, count: int) -> None:
    store = open_record(data_dir)
    try:
        with store.writing() as session:
            for number in range(count):
                audit.record(session, "document.tagged", f"document:{number}", "web:lan")
    finally:
        store.dispose()


def checkpoint(data_dir: Path) -> dict[str, object]:
    made = sohoa(data_dir, "audit", "checkpoint")
    assert made.returncode == 0, made.stderr
    newest = sorted((data_dir / "archive" / "checkpoints").glob("*.json"))[-1]
    content: dict[str, object] = json.loads(newest.read_text(encoding="utf-8"))
    return content


def without_guards(data_dir: Path) -> sqlite3.Connection:
    """The database file opened as an intruder would, the append-only triggers dropped."""
    database = sqlite3.connect(data_dir / "sohoa.db")
    for verb in ("update", "delete"):
        database.execute(f"DROP TRIGGER audit_entries_no_{verb}")
    return database


def test_a_checkpoint_signs_the_head_and_verify_holds_the_chain_to_it(office: Path) -> None:
    made = checkpoint(office)
    assert (made["entries"], made["head_id"]) == (10, 10)
    signature = sorted((office / "archive" / "checkpoints").glob("*.json.p7s"))
    assert len(signature) == 1 and signature[0].stat().st_size > 500
    append(office, 3)  # the trail goes on after a checkpoint
    verified = sohoa(office, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "14 entries verified, 1 checkpoints hold" in verified.stdout  # 13 + the making


def test_removing_the_newest_entries_is_named_a_cut(office: Path) -> None:
    checkpoint(office)  # entries 1–10 signed; entry 11 records the making
    with without_guards(office) as database:
        database.execute("DELETE FROM audit_entries WHERE id > 8")
    verified = sohoa(office, "audit", "verify")
    assert verified.returncode == 4
    assert "the trail was cut" in verified.stdout and "counted 10 entries" in verified.stdout
    in_vietnamese = sohoa(office, "audit", "verify", SOHOA_LANG="vi").stdout
    assert "nhật ký đã bị cắt: mốc lập lúc" in in_vietnamese
    assert "đếm 10 mục, đến mục số 10; nay nhật ký chỉ còn 8 mục" in in_vietnamese
    checked = sohoa(office, "check", SOHOA_LANG="vi")
    assert checked.returncode == 4 and "nhật ký đã bị cắt" in checked.stdout


def test_a_rewritten_and_resealed_chain_is_named(office: Path) -> None:
    checkpoint(office)
    fields = ("id", "at", "actor", "action", "subject", "details", "prev_hash", "hash")
    with without_guards(office) as database:  # change entry 4, then seal every later one again
        rows = database.execute(f"SELECT {', '.join(fields)} FROM audit_entries ORDER BY id")
        entries = [AuditRecord(**dict(zip(fields, row, strict=True))) for row in rows.fetchall()]
        previous = None
        for entry in entries:
            if entry.id == 4:
                entry.actor = "web:someone-else"
            if entry.id >= 4:
                entry.prev_hash = previous
                entry.hash = audit.seal(entry)
                database.execute(
                    "UPDATE audit_entries SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?",
                    (entry.actor, entry.prev_hash, entry.hash, entry.id),
                )
            previous = entry.hash
    verified = sohoa(office, "audit", "verify")
    assert verified.returncode == 4
    assert "the trail was rewritten: entry 10" in verified.stdout
    in_vietnamese = sohoa(office, "audit", "verify", SOHOA_LANG="vi").stdout
    assert "nhật ký đã bị viết lại: mục số 10 không còn là mục mà mốc lập lúc" in in_vietnamese
    assert "broken at entry" not in verified.stdout  # the chain itself verifies


def test_a_changed_checkpoint_file_is_named(office: Path) -> None:
    checkpoint(office)
    (made,) = (office / "archive" / "checkpoints").glob("*.json")
    made.write_text(made.read_text(encoding="utf-8").replace('"entries": 10', '"entries": 9'))
    verified = sohoa(office, "audit", "verify")
    assert verified.returncode == 4 and "changed after it was signed" in verified.stdout
    in_vietnamese = sohoa(office, "audit", "verify", SOHOA_LANG="vi").stdout
    assert "mốc đã bị sửa sau khi ký" in in_vietnamese
