"""`sohoa audit export`: a period of the trail as JSON Lines that an auditor can re-hash."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from store.audit import record
from store.database import Store
from store.migrate import upgrade
from store.schema import AuditRecord
from tests.support.service import sohoa

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def rehash(line: dict[str, object]) -> str:
    """The entry's hash, recomputed from the export alone (as the README explains)."""
    fields = {key: line[key] for key in ("id", "at", "actor", "action", "subject")}
    fields["details"] = canonical(line["details"])
    return hashlib.sha256(f"{line['prev_hash']}\n{canonical(fields)}".encode()).hexdigest()


def test_an_export_holds_the_period_rehashes_and_is_itself_audited(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    store = Store(f"sqlite:///{data_dir / 'sohoa.db'}")
    upgrade(store)
    with store.writing() as session:
        for number in range(3):
            record(session, "document.tagged", f"document:{number}", "cli:lan", code="Hồ sơ 1")
    today = datetime.now(UTC).astimezone(VIETNAM).date()
    target = tmp_path / "trail.jsonl"
    done = sohoa(
        data_dir, "audit", "export", "--from", str(today), "--to", str(today), "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["subject"] for line in lines] == ["document:0", "document:1", "document:2"]
    assert lines[0]["details"] == {"code": "Hồ sơ 1"}
    for previous, line in itertools.pairwise(lines):
        assert line["prev_hash"] == previous["hash"]
    assert all(rehash(line) == line["hash"] for line in lines)

    with store.reading() as session:
        last = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert last is not None and last.action == "audit.exported"
    details = json.loads(last.details)
    assert details["entries"] == 3
    assert details["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()

    yesterday = today - timedelta(days=1)
    earlier = sohoa(data_dir, "audit", "export", "--from", str(yesterday), "--to", str(yesterday))
    assert earlier.returncode == 0 and earlier.stdout == ""
    assert sohoa(data_dir, "audit", "verify").returncode == 0
    store.dispose()
