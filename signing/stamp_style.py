"""A pyHanko text stamp that shows the signing time in Vietnam time and reads upright.

pyHanko fills the stamp's %(ts)s from the very datetime it puts in the signature (the
CMS signing-time attribute and /M), but in the machine's local zone and through
strftime, which on Python 3.11 cannot write "+07:00". The style therefore asks for a
complete, parseable format and converts the result to an ISO 8601 string in
Asia/Ho_Chi_Minh, so that the stamp and the signature agree to the second whatever the
machine's zone. A receipt's stamp says the same moment in words instead:
"22:55:56 ngày 03/12/2026".

On a page with /Rotate, a viewer turns annotations with the page. The appearance is laid
out in the reader's orientation and given a /Matrix that turns it back, so that it reads
upright (ISO 32000-1 § 12.5.5 fits the transformed bounding box to the widget's /Rect).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import TextStamp, TextStampStyle

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_PARSEABLE_TIME = "%Y-%m-%dT%H:%M:%S%z"


def vietnam_time(moment: dt.datetime) -> str:
    """ISO 8601 to the second in Vietnam time; a naive time is taken as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def vietnam_time_in_words(moment: dt.datetime) -> str:
    """'22:55:56 ngày 03/12/2026': the time to the second, then the date, in Vietnam time, as
    a receipt prints when it was signed; a naive time is taken as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(VIETNAM)
    return f"{local:%H:%M:%S} ngày {local:%d/%m/%Y}"


@dataclass(frozen=True)
class VietnameseStampStyle(TextStampStyle):
    timestamp_format: str = _PARSEABLE_TIME
    page_rotation: int = 0
    """The page's /Rotate (0, 90, 180 or 270): the stamp is turned back by as much."""
    time_in_words: bool = False
    """Show the signing time as '22:55:56 ngày 03/12/2026' instead of ISO 8601."""

    def create_stamp(
        self,
        writer: BasePdfFileWriter,
        box: layout.BoxConstraints,
        text_params: dict[str, object],
    ) -> TextStamp:
        params = dict(text_params)
        shown_time = params.get("ts")
        if isinstance(shown_time, str):
            moment = dt.datetime.strptime(shown_time, self.timestamp_format)
            shown = vietnam_time_in_words if self.time_in_words else vietnam_time
            params["ts"] = shown(moment)
        if self.page_rotation in (90, 270):
            box = layout.BoxConstraints(width=box.height, height=box.width)
        return _UprightTextStamp(writer, self, params, box)


class _UprightTextStamp(TextStamp):
    def __init__(
        self,
        writer: BasePdfFileWriter,
        style: VietnameseStampStyle,
        text_params: dict[str, object],
        box: layout.BoxConstraints,
    ) -> None:
        super().__init__(writer=writer, style=style, text_params=text_params, box=box)
        self._rotation = style.page_rotation

    def as_form_xobject(self) -> generic.StreamObject:
        form = super().as_form_xobject()
        if self._rotation:
            matrix = _turn_back(self._rotation, self.box.width, self.box.height)
            numbers = [generic.NumberObject(n) for n in matrix]  # type: ignore[no-untyped-call]
            form["/Matrix"] = generic.ArrayObject(numbers)
        return form


def _turn_back(rotation: int, width: int, height: int) -> tuple[int, ...]:
    # Counter-clockwise by `rotation`, translated so that the turned box starts at (0, 0).
    return {
        90: (0, 1, -1, 0, height, 0),
        180: (-1, 0, 0, -1, width, height),
        270: (0, -1, 1, 0, 0, width),
    }[rotation]
