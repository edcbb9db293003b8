"""The audit trail's state, as a report prints it: how many entries the trail holds, and
what its newest signed checkpoint proves (see `audit_trail.checkpoints`). A reader can
compare the figures with a later `sohoa audit verify`: a trail found shorter, or with
another hash at the checkpoint's head, was cut or rewritten after the report was made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reports.rates_labels import format_date, format_integer, in_vietnam


@dataclass(frozen=True)
class CheckpointSeen:
    made_at: dt.datetime
    entries: int
    head_hash: str
    problem: str | None  # None: it verifies and the trail holds what it proves


@dataclass(frozen=True)
class TrailProof:
    entries: int
    checkpoint: CheckpointSeen | None


def describe_trail_proof(proof: TrailProof) -> str:
    """One sentence, in Vietnamese, for the notes of a report."""
    trail = f"Nhật ký hệ thống có {format_integer(proof.entries)} mục"
    seen = proof.checkpoint
    if seen is None:
        return f"{trail}; chưa có điểm kiểm chứng nào được ký."
    made = in_vietnam(seen.made_at)
    said = (
        f"{trail}; điểm kiểm chứng ký lúc {made:%H:%M} ngày {format_date(made)} xác nhận "
        f"{format_integer(seen.entries)} mục đầu, mã băm {seen.head_hash[:16]}"
    )
    if seen.problem is None:
        return f"{said}, khớp với nhật ký hiện tại."
    return f"{said}, KHÔNG khớp với nhật ký hiện tại: nhật ký đã bị cắt bớt hoặc sửa đổi."
