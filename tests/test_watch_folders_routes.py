"""Where a file in the inbox belongs: arrival, refusal, or silently ignored."""

from __future__ import annotations

import os
import socket
from pathlib import Path, PurePosixPath

import pytest

from watch_folders import Arrival, FolderKind, Refusal, route

DOSSIER = "H57.132-260804-0583"


def drop(root: Path, relative: str, content: bytes = b"%PDF-1.7\n") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def refusal_reason(root: Path, path: Path) -> str:
    outcome = route(root, path)
    assert isinstance(outcome, Refusal), outcome
    assert outcome.path == path
    return outcome.reason


def test_a_file_in_a_dossier_folder_carries_unit_kind_and_folder(tmp_path: Path) -> None:
    path = drop(tmp_path, f"ubnd-phuong-1/intake/{DOSSIER}/scan.pdf", b"12345")
    arrival = route(tmp_path, path)
    status = path.stat()
    assert arrival == Arrival(
        path=path,
        relative=PurePosixPath(f"ubnd-phuong-1/intake/{DOSSIER}/scan.pdf"),
        unit="ubnd-phuong-1",
        kind=FolderKind.intake,
        folder_name=DOSSIER,
        size=5,
        mtime_ns=status.st_mtime_ns,
    )


@pytest.mark.parametrize(
    ("relative", "kind", "folder_name"),
    [
        ("xa-an-binh/results/ket-qua.pdf", FolderKind.results, None),
        ("xa-an-binh/intake/scan.pdf", FolderKind.intake, None),
        (f"xa-an-binh/intake/{DOSSIER}/trang/1.jpg", FolderKind.intake, DOSSIER),
    ],
)
def test_folder_name_is_the_first_subfolder_if_any(
    tmp_path: Path, relative: str, kind: FolderKind, folder_name: str | None
) -> None:
    arrival = route(tmp_path, drop(tmp_path, relative))
    assert isinstance(arrival, Arrival)
    assert (arrival.unit, arrival.kind, arrival.folder_name) == ("xa-an-binh", kind, folder_name)


@pytest.mark.parametrize(
    "relative",
    [
        "u/intake/.scan.pdf",
        "u/intake/.staging/scan.pdf",
        ".Trash-1000/files/scan.pdf",
        "u/intake/~$don-de-nghi.docx",
        "u/intake/scan.pdf.tmp",
        "u/intake/scan.TEMP",
        "u/intake/scan.pdf.part",
        "u/intake/scan.pdf.partial",
        "u/intake/scan.pdf.crdownload",
        "u/intake/scan.pdf.download",
        "u/intake/.scan.pdf.swp",
        "u/intake/scan.swp",
        "u/intake/Thumbs.db",
        "u/intake/THUMBS.DB",
        "desktop.ini",
        "u/.DS_Store",
    ],
)
def test_hidden_and_temporary_files_are_ignored(tmp_path: Path, relative: str) -> None:
    assert route(tmp_path, drop(tmp_path, relative)) is None


def test_a_root_inside_a_hidden_folder_still_takes_files(tmp_path: Path) -> None:
    root = tmp_path / ".local" / "inbox"
    assert isinstance(route(root, drop(root, "u/intake/scan.pdf")), Arrival)


def test_folders_and_vanished_files_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "u" / "intake" / DOSSIER
    folder.mkdir(parents=True)
    assert route(tmp_path, folder) is None
    assert route(tmp_path, folder / "gone.pdf") is None
    assert route(tmp_path, tmp_path) is None


@pytest.mark.parametrize("relative", ["x.pdf", "u/x.pdf", "u/scans/x.pdf", "u/Intake/x.pdf"])
def test_a_file_outside_intake_or_results_is_refused_saying_where_to_put_it(
    tmp_path: Path, relative: str
) -> None:
    reason = refusal_reason(tmp_path, drop(tmp_path, relative))
    assert relative in reason
    assert "<unit>/intake/" in reason and "<unit>/results/" in reason


def test_a_link_to_a_file_inside_the_root_is_refused(tmp_path: Path) -> None:
    target = drop(tmp_path, "u/intake/real.pdf")
    link = tmp_path / "u" / "intake" / "link.pdf"
    link.symlink_to(target)
    reason = refusal_reason(tmp_path, link)
    assert "u/intake/link.pdf is a symbolic link" in reason


def test_a_link_to_a_file_outside_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    outside = drop(tmp_path, "secret.pdf")
    link = root / "u" / "intake" / "link.pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    assert "symbolic link" in refusal_reason(root, link)


def test_a_file_inside_a_linked_folder_is_refused_naming_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    elsewhere = tmp_path / "elsewhere"
    drop(elsewhere, "scan.pdf")
    (root / "u" / "intake").mkdir(parents=True)
    (root / "u" / "intake" / DOSSIER).symlink_to(elsewhere, target_is_directory=True)
    reason = refusal_reason(root, root / "u" / "intake" / DOSSIER / "scan.pdf")
    assert f"inside u/intake/{DOSSIER}, which is a symbolic link" in reason


def test_a_broken_link_is_refused_not_ignored(tmp_path: Path) -> None:
    link = tmp_path / "u" / "intake" / "broken.pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(tmp_path / "nowhere.pdf")
    assert "symbolic link" in refusal_reason(tmp_path, link)


def test_paths_outside_the_root_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    outside = drop(tmp_path, "u/intake/scan.pdf")
    climbing = root / "u" / "intake" / ".." / ".." / ".." / "u" / "intake" / "scan.pdf"
    (root / "u" / "intake").mkdir(parents=True)
    assert "outside the watched folder" in refusal_reason(root, outside)
    assert "outside the watched folder" in refusal_reason(root, climbing)


def test_a_named_pipe_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "u" / "intake" / "scan.pdf"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    assert "named pipe (FIFO), not an ordinary file" in refusal_reason(tmp_path, fifo)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    # Unix socket paths are limited to about 100 bytes: keep this one short.
    path = tmp_path / "u" / "intake" / "s"
    path.parent.mkdir(parents=True)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert "socket, not an ordinary file" in refusal_reason(tmp_path, path)
