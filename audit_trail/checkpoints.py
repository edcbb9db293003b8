"""Checkpoints of the audit trail: proof, kept outside the database, of how long the chain
was and how it ended.

The chain alone shows an entry altered in place, but not the newest entries removed, nor
the whole chain rewritten and sealed again from some entry on. A checkpoint is a small JSON
file in the archive (`archive/checkpoints/`) naming the number of entries, the newest
entry's id and its hash, with a detached CMS signature made with a signing profile (and
timestamped when the profile names a timestamp service). `check_checkpoints` compares the
chain with every checkpoint: fewer entries than one counted is a truncation; another hash
at its head is a rewriting.

The signing modules are imported where they are used: listing checkpoints (for a backup)
must not wait for the PDF signing stack to load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from config import ConfigError, Settings
from reports.trail_proof import CheckpointSeen, TrailProof
from store import audit
from store.audit_reads import audit_entry_hash, audit_head
from store.files import durable_write_bytes
from store.record import Record

FORMAT = "sohoa-audit-checkpoint/1"
SIGNATURE_SUFFIX = ".p7s"
CHECKPOINT_MADE = "audit.checkpoint_made"


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    entries: int
    head_id: int
    head_hash: str
    made_at: str


@dataclass(frozen=True)
class CheckpointFinding:
    checkpoint: Checkpoint | None  # None when the file cannot be read at all
    path: Path
    problem: str | None  # None: the chain holds what the checkpoint proves

    @property
    def holds(self) -> bool:
        return self.problem is None


def checkpoint_folder(record: Record) -> Path:
    return record.layout.archive / "checkpoints"


def make_checkpoint(record: Record, actor: str) -> Checkpoint:
    """Sign the chain's head now and keep it in the archive; the making is audited after."""
    from signing.configured import configured_profile
    from signing.detached import sign_detached

    profile = configured_profile(record.settings, _profile_name(record))
    with record.store.reading() as session:
        head = audit_head(session)
    entries, head_id, head_hash = head if head else (0, 0, audit.GENESIS)
    made_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    content = {"entries": entries, "format": FORMAT, "head_hash": head_hash,
               "head_id": head_id, "made_at": made_at}  # fmt: skip
    data = (json.dumps(content, sort_keys=True, indent=1) + "\n").encode()
    path = checkpoint_folder(record) / f"{made_at.replace(':', '')}-{head_id}.json"
    signature = sign_detached(profile, data)
    durable_write_bytes(path.with_name(path.name + SIGNATURE_SUFFIX), signature)
    durable_write_bytes(path, data)
    with record.store.writing() as session:
        audit.record(
            session, CHECKPOINT_MADE, "audit:chain", actor,
            file=record.layout.relative(path), entries=entries, head_id=head_id,
            head_hash=head_hash, profile=profile.name,
        )  # fmt: skip
    return Checkpoint(path, entries, head_id, head_hash, made_at)


def latest_checkpoint(record: Record) -> Checkpoint | None:
    """The newest checkpoint that can be read (their names begin with the time made)."""
    for path in sorted(checkpoint_folder(record).glob("*.json"), reverse=True):
        found = _read_or_error(path, path.read_bytes())
        if isinstance(found, Checkpoint):
            return found
    return None


def trail_proof(record: Record) -> TrailProof:
    """The trail's length and what its newest checkpoint proves, checked, for a report."""
    with record.store.reading() as session:
        head = audit_head(session)
    entries = head[0] if head else 0
    latest = latest_checkpoint(record)
    if latest is None:
        return TrailProof(entries, None)
    (finding,) = check_checkpoints(record, only=latest.path)
    made_at = datetime.fromisoformat(latest.made_at.replace("Z", "+00:00"))
    seen = CheckpointSeen(made_at, latest.entries, latest.head_hash, finding.problem)
    return TrailProof(entries, seen)


def make_checkpoint_if_grown(record: Record) -> Checkpoint | None:
    """A new checkpoint when entries other than the newest checkpoint's own were added."""
    latest = latest_checkpoint(record)
    with record.store.reading() as session:
        head = audit_head(session)
    entries = head[0] if head else 0
    if latest is not None and entries <= latest.entries + 1:  # +1: its own entry
        return None
    return make_checkpoint(record, audit.SYSTEM)


def check_checkpoints(record: Record, only: Path | None = None) -> list[CheckpointFinding]:
    """Every checkpoint in the archive (or `only` that one), oldest first, against the chain
    as it is now."""
    paths = [only] if only else sorted(checkpoint_folder(record).glob("*.json"))
    files = {path: path.read_bytes() for path in paths}
    if not files:
        return []
    from signing.configured import configured_trust_roots

    roots = configured_trust_roots(record.settings)
    read = {path: _read_or_error(path, data) for path, data in files.items()}
    with record.store.reading() as session:
        head = audit_head(session)
        at_heads = {
            path: audit_entry_hash(session, found.head_id)
            for path, found in read.items()
            if isinstance(found, Checkpoint)
        }
    entries = head[0] if head else 0
    return [
        _check(path, files[path], read[path], roots, entries, at_heads.get(path)) for path in files
    ]


def _check(
    path: Path,
    data: bytes,
    found: Checkpoint | str,
    roots: tuple[Path, ...],
    entries: int,
    at_head: str | None,
) -> CheckpointFinding:
    from signing.detached import verify_detached
    from signing.errors import VerificationError

    if isinstance(found, str):
        return CheckpointFinding(None, path, f"the checkpoint cannot be read ({found})")
    signature = path.with_name(path.name + SIGNATURE_SUFFIX)
    if not signature.exists():
        return CheckpointFinding(found, path, "its signature file is missing")
    try:
        verdict = verify_detached(data, signature.read_bytes(), roots)
    except VerificationError as error:
        return CheckpointFinding(found, path, f"its signature cannot be read ({error})")
    if not verdict.intact:
        return CheckpointFinding(found, path, "it was changed after it was signed")
    if not verdict.trusted:
        return CheckpointFinding(found, path, "its signer is not trusted")
    return CheckpointFinding(found, path, _against_chain(found, entries, at_head))


def _against_chain(checkpoint: Checkpoint, entries: int, at_head: str | None) -> str | None:
    """What the chain, `entries` long and holding `at_head` at the checkpoint's head, lacks."""
    if checkpoint.entries == 0:
        return None
    if entries < checkpoint.entries or at_head is None:
        return (
            f"the trail was cut: the checkpoint of {checkpoint.made_at} counted "
            f"{checkpoint.entries} entries up to entry {checkpoint.head_id}, the trail now "
            f"has {entries}"
        )
    if at_head != checkpoint.head_hash:
        return (
            f"the trail was rewritten: entry {checkpoint.head_id} is not the one the "
            f"checkpoint of {checkpoint.made_at} signed"
        )
    return None


def _read_or_error(path: Path, data: bytes) -> Checkpoint | str:
    """The checkpoint in `data`, or why it cannot be read."""
    try:
        return _read(path, data)
    except (ValueError, KeyError) as error:
        return str(error)


def _read(path: Path, data: bytes) -> Checkpoint:
    content = json.loads(data)
    if content.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file")
    return Checkpoint(
        path,
        int(content["entries"]),
        int(content["head_id"]),
        str(content["head_hash"]),
        str(content["made_at"]),
    )


def checkpoint_profile_name(settings: Settings) -> str | None:
    """The profile that signs checkpoints, when the settings name one that exists."""
    name = settings.audit.checkpoint_profile or settings.signing.result
    return name if name and name in settings.signing.profiles else None


def _profile_name(record: Record) -> str:
    name = record.settings.audit.checkpoint_profile or record.settings.signing.result
    if not name:
        raise ConfigError(
            "No signing profile signs the audit trail's checkpoints: set [audit] "
            "checkpoint_profile (or [signing] result).",
            code="audit.checkpoint_profile_missing",
        )
    return name


def checkpoint_files(record: Record, entries: int) -> list[Path]:
    """The checkpoints counting at most `entries` entries, each with its signature: what a
    copy of the record taken at that length may hold (one counting more would make the
    copy's trail look cut)."""
    kept = []
    for path in sorted(checkpoint_folder(record).glob("*.json")):
        found = _read_or_error(path, path.read_bytes())
        if isinstance(found, Checkpoint) and found.entries <= entries:
            signature = path.with_name(path.name + SIGNATURE_SUFFIX)
            kept += [path, signature] if signature.exists() else [path]
    return kept
