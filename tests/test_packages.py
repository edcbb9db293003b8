"""Sohoa's packages share names with projects on PyPI: they must come from this repo."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "package",
    [
        "accounts",
        "audit_trail",
        "config",
        "digitizer",
        "dossier_register",
        "dossiers",
        "health_checks",
        "intake",
        "office_setup",
        "queries",
        "receipt_counter",
        "receipts",
        "reports",
        "runtime",
        "safekeeping",
        "service",
        "signing",
        "signing_batches",
        "store",
        "watch_folders",
    ],
)
def test_package_is_imported_from_the_repository(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == REPO / package
