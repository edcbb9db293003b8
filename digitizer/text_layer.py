"""Tesseract's invisible text layer: mended, then laid over the original page.

Tesseract writes each word as UTF-16 code units through an identity ToUnicode map,
squeezed to the word's width with `Tz`. Mending a word (NFC, look-alike letters) may
change its length, so its `Tz` is rescaled to keep the word over its picture.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from io import BytesIO

import pikepdf
from pikepdf import Matrix, Name, Operator

from digitizer.text import normalize_text

_SHOW_ARRAY = Operator("TJ")
_SHOW = Operator("Tj")
_SCALE = Operator("Tz")


def load_text_layer(text_pdf: bytes) -> pikepdf.Pdf:
    layer = pikepdf.open(BytesIO(text_pdf))
    page = layer.pages[0]
    instructions = list(pikepdf.parse_content_stream(page))
    if _mend_words(instructions):
        page.obj.Contents = layer.make_stream(pikepdf.unparse_content_stream(instructions))
    return layer


def _mend_words(
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage],
) -> bool:
    changed = False
    last_scale: int | None = None
    for index, instruction in enumerate(instructions):
        operands, operator = instruction.operands, instruction.operator
        if operator == _SCALE:
            last_scale = index
        elif operator in (_SHOW, _SHOW_ARRAY):
            old, new = _mend_operands(list(operands))
            if old == new:
                continue
            changed = True
            instructions[index] = pikepdf.ContentStreamInstruction(
                _replace_strings(list(operands), new), operator
            )
            if last_scale is not None and len(new) and len(old) != len(new):
                previous = float(instructions[last_scale].operands[0])
                rescaled = previous * len(old) / len(new)
                instructions[last_scale] = pikepdf.ContentStreamInstruction([rescaled], _SCALE)
    return changed


def _mend_operands(operands: Sequence[pikepdf.Object]) -> tuple[str, str]:
    text = "".join(_decode(item) for item in _strings(operands))
    return text, normalize_text(text)


def _strings(operands: Sequence[pikepdf.Object]) -> list[pikepdf.String]:
    found: list[pikepdf.String] = []
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            found.append(operand)
        elif isinstance(operand, pikepdf.Array):
            found.extend(item for item in operand if isinstance(item, pikepdf.String))
    return found


def _decode(string: pikepdf.String) -> str:
    return bytes(string).decode("utf-16-be", errors="surrogatepass")


def _replace_strings(operands: Sequence[pikepdf.Object], text: str) -> list[pikepdf.Object]:
    encoded = pikepdf.String(text.encode("utf-16-be", errors="surrogatepass"))
    if operands and isinstance(operands[0], pikepdf.Array):
        return [pikepdf.Array([encoded])]
    return [encoded]


class TextLayerGrafter:
    """Lays text layers onto the pages of one PDF, sharing one copy of the font."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self._pdf = pdf
        self._fonts: dict[str, pikepdf.Object] = {}

    def graft(
        self,
        page: pikepdf.Page,
        layer: pikepdf.Pdf,
        placement: Matrix,
        deskew: Matrix | None = None,
    ) -> None:
        """Draw `layer`'s page through `placement` (layer space to user space)."""
        form = self._pdf.copy_foreign(layer.pages[0].as_form_xobject())
        self._share_fonts(form.get(Name.Resources))
        name = page.add_resource(form, Name.XObject, prefix="SohoaOCR")
        draw = b"q %s cm %s Do Q\n" % (_cm(placement), name.unparse())
        if deskew is None:
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"\nQ\n" + draw)
        else:
            page.contents_add(b"q %s cm q\n" % _cm(deskew), prepend=True)
            page.contents_add(b"\nQ\n" + draw + b"Q\n")

    def _share_fonts(self, resources: pikepdf.Object | None) -> None:
        fonts = resources.get(Name.Font) if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(fonts, pikepdf.Dictionary):
            return
        for key in list(fonts.keys()):
            fingerprint = _font_fingerprint(fonts[key])
            shared = self._fonts.setdefault(fingerprint, fonts[key])
            fonts[key] = shared


def _font_fingerprint(font: pikepdf.Object) -> str:
    digest = hashlib.sha256(repr(sorted(font.keys())).encode())
    for descendant in font.get(Name.DescendantFonts, pikepdf.Array()):
        descriptor = descendant.get(Name.FontDescriptor, pikepdf.Dictionary())
        for key in (Name.FontFile2, Name.FontFile, Name.FontFile3):
            if key in descriptor:
                digest.update(descriptor[key].read_raw_bytes())
        gid_map = descendant.get(Name.CIDToGIDMap)
        if isinstance(gid_map, pikepdf.Stream):
            digest.update(gid_map.read_raw_bytes())
    return digest.hexdigest()


def _cm(matrix: Matrix) -> bytes:
    values = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    return " ".join(f"{value:.6f}".rstrip("0").rstrip(".") or "0" for value in values).encode()
