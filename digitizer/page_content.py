"""What a page draws: text, images and where they land, other painting, CMYK colour.

One walk over the content stream (and the forms it draws, to a small depth) gives the
facts that planning and the PDF/A preflight need.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Matrix, Name

TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
PAINTING = frozenset({"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "INLINE IMAGE"})
CMYK_COLOUR = frozenset({"k", "K"})
_MAX_FORM_DEPTH = 4


@dataclass(frozen=True)
class DrawnImage:
    image: pikepdf.Stream
    matrix: Matrix  # maps the image's unit square to user space


@dataclass
class PageContent:
    has_text: bool = False
    other_painting: bool = False
    uses_device_cmyk: bool = False
    images: list[DrawnImage] = field(default_factory=list)
    forms: int = 0


def read_page_content(page: pikepdf.Page) -> PageContent:
    content = PageContent()
    _walk(page.obj, Matrix(), content, depth=0, seen=set())
    return content


def _walk(
    holder: pikepdf.Object,
    start: Matrix,
    content: PageContent,
    depth: int,
    seen: set[tuple[int, int]],
) -> None:
    resources = holder.get(Name.Resources, pikepdf.Dictionary())
    xobjects = resources.get(Name.XObject, pikepdf.Dictionary())
    stack: list[Matrix] = []
    ctm = start
    for instruction in pikepdf.parse_content_stream(holder):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else start
        elif op == "cm" and len(operands) == 6:
            ctm = Matrix(*[float(value) for value in operands]) @ ctm
        elif op in TEXT_SHOWING:
            content.has_text = True
        elif op in PAINTING:
            content.other_painting = True
        elif op in CMYK_COLOUR or (op in ("cs", "CS") and operands[0] == Name.DeviceCMYK):
            content.uses_device_cmyk = True
        elif op == "Do":
            _draw_xobject(xobjects.get(str(operands[0])), ctm, content, depth, seen)


def _draw_xobject(
    xobject: pikepdf.Object | None,
    ctm: Matrix,
    content: PageContent,
    depth: int,
    seen: set[tuple[int, int]],
) -> None:
    if not isinstance(xobject, pikepdf.Stream):
        return
    subtype = xobject.get(Name.Subtype)
    if subtype == Name.Image:
        content.images.append(DrawnImage(xobject, ctm))
        return
    if subtype != Name.Form:
        return
    content.forms += 1
    key = xobject.objgen
    if depth >= _MAX_FORM_DEPTH or key in seen:
        content.other_painting = True
        return
    seen.add(key)
    form_matrix = Matrix(*[float(v) for v in xobject.get(Name.Matrix, [1, 0, 0, 1, 0, 0])])
    _walk(xobject, form_matrix @ ctm, content, depth + 1, seen)
