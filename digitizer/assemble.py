"""Put one OCR'd page back together: text layer placed, page turned, skew straightened."""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Matrix

from digitizer.geometry import (
    clockwise,
    rendered_to_user,
    rotation_to_upright,
    scale,
    text_up_vector,
    turn_about_centre,
)
from digitizer.options import DigitizeOptions
from digitizer.page_ocr import PageOcr
from digitizer.page_plan import PagePlan
from digitizer.results import PageResult, PageSource
from digitizer.text_layer import TextLayerGrafter

_MIN_SKEW, _MAX_SKEW = 0.1, 10.0  # degrees; beyond this it is not a slightly skewed scan


@dataclass(frozen=True)
class _Frame:
    """How the OCR'd picture relates to the page."""

    to_user: Matrix  # the picture's unit square to user space
    to_display: Matrix  # the picture's unit square to the page as shown


def assemble_page(
    page: pikepdf.Page,
    plan: PagePlan,
    ocr: PageOcr,
    grafter: TextLayerGrafter,
    options: DigitizeOptions,
) -> PageResult:
    frame = _frame(plan)
    layer_box = ocr.layer.pages[0].mediabox
    layer_to_unit = scale(1 / float(layer_box[2]), 1 / float(layer_box[3]))
    deskew = _deskew(plan, ocr, frame) if options.deskew else None
    grafter.graft(page, ocr.layer, layer_to_unit @ frame.to_user, deskew)
    turn = 0
    if options.rotate_pages:
        turn = rotation_to_upright(text_up_vector(ocr.summary.textangle), frame.to_display)
        if turn:
            page.obj.Rotate = (plan.rotate + turn) % 360
    return PageResult(
        number=plan.number,
        source=plan.source,
        dpi=plan.dpi,
        rotation=turn,
        skew=ocr.summary.skew_degrees,
        mean_confidence=ocr.summary.mean_confidence,
        characters=sum(1 for char in ocr.text if not char.isspace()),
        barcodes=ocr.barcodes,
        text=ocr.text,
        reading=ocr.reading,
    )


def _frame(plan: PagePlan) -> _Frame:
    if plan.source == PageSource.IMAGE and plan.image_matrix is not None:
        return _Frame(plan.image_matrix, plan.image_matrix @ clockwise(plan.rotate))
    return _Frame(rendered_to_user(plan.box, plan.rotate), Matrix())


def _deskew(plan: PagePlan, ocr: PageOcr, frame: _Frame) -> Matrix | None:
    skew = ocr.summary.skew_degrees
    if skew is None or not _MIN_SKEW <= abs(skew) <= _MAX_SKEW:
        return None
    mirrored = frame.to_user.a * frame.to_user.d - frame.to_user.b * frame.to_user.c < 0
    return turn_about_centre(plan.box, -skew if mirrored else skew)
