"""Usage of receipt numbers per series and period, as the auditor's report shows it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SeriesUsage:
    form_symbol: str
    series_symbol: str
    first_number: int | None
    last_number: int | None
    used: int
    """Numbers used in the period, whatever became of them."""
    issued: int
    """Still valid: issued and neither cancelled nor replaced."""
    cancelled: int
    replaced: int
    failed: int
    """Allocated, then not made (the reason is in the record)."""
    total: int
    """Đồng collected on the valid receipts."""
    by_fee: dict[str, int] = field(default_factory=dict)
    numbers_not_valid: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Which numbers were cancelled, replaced or failed."""
