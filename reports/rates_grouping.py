"""From the keys the rate queries group by to the labels a report shows, in report order.

The queries group by ids (unit, procedure), the channel and the calendar bucket's number;
the labeller is given the codes and fields of those ids (`names`). Dossiers of procedures
sharing a field are added together under the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reports.rates_model import Grouping
from reports.rates_periods import Bucket

UNKNOWN = "(không xác định)"
"""The label of dossiers the register gave no unit or procedure, or a procedure no field."""

CHANNELS = {"counter": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}

Label = tuple[str, ...]


@dataclass(frozen=True)
class Labeller:
    groupings: tuple[Grouping, ...]
    buckets: tuple[Bucket, ...]
    names: dict[Grouping, dict[object, str]]

    def label(self, keys: Sequence[object]) -> Label:
        return tuple(
            self._one(grouping, key) for grouping, key in zip(self.groupings, keys, strict=True)
        )

    def order(self, labels: Iterable[Label]) -> list[Label]:
        """Time buckets by date, other labels alphabetically with the unknown last."""
        places = {bucket.label: number for number, bucket in enumerate(self.buckets)}

        def place(label: Label) -> tuple[tuple[int, str], ...]:
            return tuple(
                (places[text], "")
                if grouping in (Grouping.MONTH, Grouping.WEEK)
                else (int(text == UNKNOWN), text)
                for grouping, text in zip(self.groupings, label, strict=True)
            )

        return sorted(labels, key=place)

    def every_bucket(self) -> list[Label]:
        """With one time grouping alone: every month or week, so an empty one shows N/A."""
        if self.groupings in ((Grouping.MONTH,), (Grouping.WEEK,)):
            return [(bucket.label,) for bucket in self.buckets]
        return []

    def _one(self, grouping: Grouping, key: object) -> str:
        if grouping in (Grouping.MONTH, Grouping.WEEK):
            assert isinstance(key, int)
            return self.buckets[key].label
        if grouping is Grouping.CHANNEL:
            return CHANNELS.get(str(key), str(key))
        return self.names[grouping].get(key) or UNKNOWN
