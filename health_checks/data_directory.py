"""The data directory: room on its disk, writable, owned by the service's user and private
to it (the modes of `config/file_modes.py`), secrets readable by that user alone."""

from __future__ import annotations

import errno
import os
import pwd
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from config import Settings
from health_checks.findings import Finding, ok, problem, warning

_GIB = 1 << 30
# The folders a process makes under the data directory (store/archive.py's Layout) and the
# one `sohoa init` keeps secrets in. Files deeper down are each hashed by `sohoa check`;
# here the folders and their direct entries are looked at, so that a big archive is quick.
_FOLDERS = ("inbox", "archive", "outputs", "quarantine", "receipts", "work", "secrets")
_GROUP_WRITABLE = ("inbox",)  # clerks' scanners drop files there (config.file_modes.INBOX_MODE)
_SHOWN = 3  # paths named in one finding


def check_data_directory(settings: Settings) -> list[Finding]:
    data_dir = settings.data_dir.absolute()
    if not data_dir.is_dir():
        return [
            warning(
                "data.exists",
                "doctor.data.not_made",
                f"the data directory {data_dir} does not exist yet; the first start makes it",
                None,
                str(data_dir),
                path=data_dir,
            ),
            _free_space(settings, data_dir),
        ]
    owner = _service_owner(data_dir)
    entries = list(_entries(data_dir))
    return [
        _writable(data_dir, _user_name(owner)),
        _free_space(settings, data_dir),
        _ownership(data_dir, owner, entries),
        _privacy(data_dir, entries),
    ]


def check_secret_files(settings: Settings) -> list[Finding]:
    """Each signing profile's key and secret files (named by their settings key, never by
    their path) and the files in the data directory's `secrets/`: 0600, the user's own."""
    named: dict[str, Path] = {}
    for name, profile in sorted(settings.signing.profiles.items()):
        for key in ("pkcs12", "passphrase_file", "pin_file"):
            path = getattr(profile, key)
            if path is not None:
                named[f"signing.profiles.{name}.{key}"] = path
    folder = settings.data_dir.absolute() / "secrets"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.is_symlink():
                named.setdefault(f"secrets/{path.name}", path)
    return [_secret_finding(label, path) for label, path in named.items()]


def _writable(data_dir: Path, user: str) -> Finding:
    for folder in [data_dir, *(data_dir / name for name in _FOLDERS)]:
        if not folder.is_dir():
            continue
        try:
            handle, probe = tempfile.mkstemp(prefix=".doctor-", dir=folder)
            os.close(handle)
            Path(probe).unlink()
        except OSError as error:
            return _not_writable(data_dir, folder, error, user)
    return ok("data.writable", "doctor.data.writable", f"{data_dir} is writable", str(data_dir),
              path=data_dir)  # fmt: skip


def _not_writable(data_dir: Path, folder: Path, error: OSError, user: str) -> Finding:
    reason = os.strerror(error.errno) if error.errno else str(error)
    if error.errno == errno.EROFS:
        return problem(
            "data.writable",
            "doctor.data.read_only",
            f"{folder} cannot be written: its file system is mounted read-only",
            "look at the disk (dmesg, fsck) and mount it read-write again "
            f"(mount -o remount,rw on the mount holding {data_dir})",
            str(data_dir),
            path=folder,
            data_dir=data_dir,
        )
    return problem(
        "data.writable",
        "doctor.data.not_writable",
        f"{folder} cannot be written ({reason})",
        f"give the folder to the service's user: chown -R {user}: {data_dir}",
        str(data_dir),
        path=folder,
        data_dir=data_dir,
        reason=reason,
        user=user,
    )


def _free_space(settings: Settings, data_dir: Path) -> Finding:
    existing = next(folder for folder in (data_dir, *data_dir.parents) if folder.exists())
    free_gb = round(shutil.disk_usage(existing).free / _GIB, 1)
    limits = settings.doctor
    said = f"{free_gb} GiB free on the disk of {data_dir}"
    params = {"free_gb": free_gb, "path": data_dir}
    if free_gb < limits.disk_problem_gb:
        return problem(
            "disk.free", "doctor.disk.full", f"only {said}, under {limits.disk_problem_gb} GiB",
            "free room on that disk (or move the data directory to a bigger one): intake, "
            "OCR and signing stop when it is full",
            str(data_dir), limit_gb=limits.disk_problem_gb, **params,
        )  # fmt: skip
    if free_gb < limits.disk_warning_gb:
        return warning(
            "disk.free", "doctor.disk.low", f"only {said}, under {limits.disk_warning_gb} GiB",
            "free room on that disk soon", str(data_dir), limit_gb=limits.disk_warning_gb,
            **params,
        )  # fmt: skip
    return ok("disk.free", "doctor.disk.ok", said, str(data_dir), **params)


def _service_owner(data_dir: Path) -> int:
    """The service's user: whoever runs this, unless that is root, which the service must
    never be; then the data directory's owner."""
    user = os.geteuid()
    return user if user != 0 else data_dir.stat().st_uid


def _ownership(data_dir: Path, owner: int, entries: list[tuple[Path, os.stat_result]]) -> Finding:
    name = _user_name(owner)
    strangers = [path for path, status in entries if status.st_uid != owner]
    if strangers:
        shown = ", ".join(str(path) for path in strangers[:_SHOWN])
        return problem(
            "data.owner",
            "doctor.data.foreign_owner",
            f"{len(strangers)} files or folders under {data_dir} do not belong to the "
            f"service's user {name}: {shown}",
            f"chown -R {name}: {data_dir}",
            str(data_dir),
            count=len(strangers),
            user=name,
            paths=shown,
            data_dir=data_dir,
        )
    if owner == 0:
        return warning(
            "data.owner",
            "doctor.data.root_owner",
            f"{data_dir} belongs to root: the service would run as root",
            "run Sohoa as its own user (deploy/README.md): useradd --system sohoa; "
            f"chown -R sohoa: {data_dir}",
            str(data_dir),
            data_dir=data_dir,
        )
    return ok("data.owner", "doctor.data.owned", f"{data_dir} belongs to {name}", str(data_dir),
              user=name, data_dir=data_dir)  # fmt: skip


def _privacy(data_dir: Path, entries: list[tuple[Path, os.stat_result]]) -> Finding:
    inboxes = [data_dir / name for name in _GROUP_WRITABLE]
    open_to_others = [path for path, status in entries if status.st_mode & 0o007]
    group_writable = [
        path
        for path, status in entries
        if status.st_mode & stat.S_IWGRP and not any(path.is_relative_to(i) for i in inboxes)
    ]
    if open_to_others:
        shown = ", ".join(str(path) for path in open_to_others[:_SHOWN])
        return problem(
            "data.modes", "doctor.data.open_to_others",
            f"{len(open_to_others)} files or folders under {data_dir} are open to other "
            f"users: {shown}",
            f"chmod -R o-rwx {data_dir}", str(data_dir),
            count=len(open_to_others), paths=shown, data_dir=data_dir,
        )  # fmt: skip
    if group_writable:
        shown = ", ".join(str(path) for path in group_writable[:_SHOWN])
        return problem(
            "data.modes", "doctor.data.group_writable",
            f"{len(group_writable)} files or folders under {data_dir} outside the inbox are "
            f"writable by the group: {shown}",
            f"chmod g-w {shown}", str(data_dir),
            count=len(group_writable), paths=shown, data_dir=data_dir,
        )  # fmt: skip
    return ok("data.modes", "doctor.data.private", f"{data_dir} is private to the service's "
              "user and group", str(data_dir), data_dir=data_dir)  # fmt: skip


def _secret_finding(label: str, path: Path) -> Finding:
    try:
        status = path.stat()
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        return problem(
            "secret.file", "doctor.secret.unreadable", f"{label}: the file cannot be read "
            f"({reason})", "put the file where the settings say, or correct the setting",
            label, setting=label, reason=reason,
        )  # fmt: skip
    mode = stat.S_IMODE(status.st_mode)
    if mode & 0o077:
        return problem(
            "secret.file", "doctor.secret.open", f"{label}: mode {mode:04o}, others than the "
            "service's user may read it", "chmod 600 the file (and chown it to the service's "
            "user)", label, setting=label, mode=f"{mode:04o}",
        )  # fmt: skip
    return ok("secret.file", "doctor.secret.private", f"{label}: mode {mode:04o}", label,
              setting=label, mode=f"{mode:04o}")  # fmt: skip


def _entries(data_dir: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """The data directory, its direct entries and those of its folders (not links)."""
    yield data_dir, data_dir.lstat()
    for child in _listed(data_dir):
        status = child.lstat()
        if stat.S_ISLNK(status.st_mode):
            continue
        yield child, status
        if stat.S_ISDIR(status.st_mode):
            for grandchild in _listed(child):
                inner = grandchild.lstat()
                if not stat.S_ISLNK(inner.st_mode):
                    yield grandchild, inner


def _listed(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)
