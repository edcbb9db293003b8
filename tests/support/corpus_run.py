"""Every file of the shared corpus through one `sohoa run --once`, shared by the tests that
check what became of each file (the corpus is the slowest thing the suite reads)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from store.schema import DocumentRecord
from store.states import DocumentStatus
from tests.support.drops import UNIT
from tests.support.service import open_record, sohoa


@dataclass(frozen=True)
class CorpusOutcome:
    source: Path  # the corpus file (the first, when several have the same content)
    status: DocumentStatus
    output: Path | None
    reason: str | None  # the reason file's text, for a file set aside


@dataclass(frozen=True)
class CorpusRun:
    data_dir: Path
    files: list[Path]  # every corpus file, in the order dropped
    outcomes: list[CorpusOutcome]  # one per distinct content

    def of(self, name: str) -> CorpusOutcome:
        return next(outcome for outcome in self.outcomes if outcome.source.name == name)


def run_the_corpus(corpus: Path, data_dir: Path) -> CorpusRun:
    intake = data_dir / "inbox" / UNIT / "intake"
    intake.mkdir(parents=True)
    files = sorted(path for path in corpus.rglob("*") if path.is_file())
    for number, path in enumerate(files):
        shutil.copyfile(path, intake / f"{number:03d}-{path.name}")
    completed = sohoa(data_dir, "run", "--once", timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return CorpusRun(data_dir, files, _outcomes(data_dir, files))


def _outcomes(data_dir: Path, files: list[Path]) -> list[CorpusOutcome]:
    store = open_record(data_dir)
    try:
        with store.reading() as session:
            documents = session.scalars(
                select(DocumentRecord).where(DocumentRecord.parent_id.is_(None))
            ).all()
    finally:
        store.dispose()
    return [_outcome(data_dir, document, files) for document in documents]


def _outcome(data_dir: Path, document: DocumentRecord, files: list[Path]) -> CorpusOutcome:
    number = int(document.original_name.split("-", 1)[0])
    reason = data_dir / "quarantine" / UNIT / f"{document.original_name}.reason.txt"
    return CorpusOutcome(
        files[number],
        DocumentStatus(document.status),
        data_dir / document.output_path if document.output_path else None,
        reason.read_text(encoding="utf-8") if reason.exists() else None,
    )
