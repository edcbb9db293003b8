"""The clerk's and auditor's commands on a real record: register, search, tagging, duplicates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from dossiers.folding import fold
from store.schema import AuditRecord, DocumentRecord, DossierRecord, PageRecord
from tests.support.drops import UNIT, paper
from tests.support.pages import save_jpeg
from tests.support.service import open_record, sohoa
from tests.support.web import person_at_the_terminal

CODE = "H57.132-260804-0583"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory, words: list[str]) -> Path:
    """One run over: an untagged scan, the same scan again under another name, a tagged one."""
    data_dir = tmp_path_factory.mktemp("record") / "var"
    intake = data_dir / "inbox" / UNIT / "intake"
    (intake / CODE).mkdir(parents=True)
    save_jpeg(paper(words, 31), intake / "chua-ro.jpg")
    shutil.copyfile(intake / "chua-ro.jpg", intake / "ban-sao.jpg")
    save_jpeg(paper(words, 32), intake / CODE / "to-khai.jpg")
    completed = sohoa(data_dir, "run", "--once")
    assert completed.returncode == 0, completed.stderr
    person_at_the_terminal(data_dir, "lan", "clerk", units=(UNIT,))
    return data_dir


def test_the_same_content_twice_is_one_document_and_a_recorded_duplicate(record: Path) -> None:
    with open_record(record).reading() as session:
        names = session.scalars(select(DocumentRecord.original_name)).all()
        duplicates = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "document.duplicate_received")
        ).all()
    assert len(names) == 2 and "to-khai.jpg" in names
    assert len(duplicates) == 1
    assert json.loads(duplicates[0].details)["inbox_path"].endswith(".jpg")


def test_untagged_documents_are_listed_and_tagged_by_hand(record: Path) -> None:
    listed = sohoa(record, "documents", "untagged")
    assert "1 documents wait" in listed.stdout
    with open_record(record).reading() as session:
        waiting = session.scalars(
            select(DocumentRecord).where(DocumentRecord.dossier_code.is_(None))
        ).one()
    refused = sohoa(record, "documents", "tag", str(waiting.id), "H57.132-261399-0001")
    assert refused.returncode == 1 and "not a real date" in refused.stderr.lower()
    tagged = sohoa(record, "documents", "tag", str(waiting.id), CODE)
    assert tagged.returncode == 0, tagged.stderr
    with open_record(record).reading() as session:
        document = session.get_one(DocumentRecord, waiting.id)
    assert (document.dossier_code, document.tag_source) == (CODE, "clerk")
    assert document.output_path is not None
    assert document.output_path.startswith(f"outputs/{UNIT}/{CODE}/")
    assert (record / document.output_path).is_file()
    assert not list((record / "outputs" / UNIT / "_chua-gan-ma").glob("*.pdf"))
    assert sohoa(record, "audit", "verify").returncode == 0


def test_search_finds_pages_without_diacritics(record: Path) -> None:
    with open_record(record).reading() as session:
        page = session.scalars(select(PageRecord).order_by(PageRecord.id)).first()
    assert page is not None
    phrase = " ".join(page.text.split()[3:6])
    plain = fold(phrase)
    assert plain != phrase, "the phrase should carry diacritics"
    found = sohoa(record, "search", f'"{plain.upper()}"')
    assert found.returncode == 0
    assert "1 pages found" in found.stdout or "2 pages found" in found.stdout
    assert phrase.split()[0] in found.stdout
    narrowed = sohoa(record, "search", plain, "--dossier", "H15.50.05.13-261008-0975")
    assert "0 pages found" in narrowed.stdout


def test_the_register_imports_links_documents_and_reports_bad_rows(
    record: Path, tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "code,procedure_code,procedure_name,field,unit,channel,received_at,due_at,"
        "resolved_at,result_required\n"
        f"{CODE},1.001612,Đăng ký khai sinh,Hộ tịch,{UNIT},counter,04/08/2026 09:30,"
        "06/08/2026,,yes\n"
        "H57.132-260230-0001,1.001612,Sai ngày,Hộ tịch,u,online,2026-02-28,,,no\n",
        encoding="utf-8",
    )
    imported = sohoa(record, "dossiers", "import", str(register))
    assert imported.returncode == 0, imported.stderr
    assert "row 3" in imported.stdout and "1 dossiers added" in imported.stdout
    assert "waiting documents linked" in imported.stdout
    shown = sohoa(record, "dossiers", "show", CODE)
    assert "Đăng ký khai sinh" in shown.stdout and "04/08/2026 09:30" in shown.stdout
    with open_record(record).reading() as session:
        dossier = session.scalars(select(DossierRecord).where(DossierRecord.code == CODE)).one()
        linked = session.scalars(
            select(DocumentRecord).where(DocumentRecord.dossier_id == dossier.id)
        ).all()
    assert linked, "documents tagged before the import are linked to the dossier"
    again = sohoa(record, "dossiers", "import", str(register))
    assert "0 dossiers added, 0 updated, 1 unchanged" in again.stdout
